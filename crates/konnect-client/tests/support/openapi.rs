//! A small checker for the subset of OpenAPI 3.0 schemas the saved Konnect specs use: `type`,
//! `required`, `properties`, `additionalProperties`, `enum`, `nullable`, `$ref`, `allOf`,
//! `oneOf`, `anyOf` and `items`. Formats, patterns and lengths are not checked.

use std::path::Path;

use serde_json::{Map, Value};

/// One loaded spec file.
pub struct Spec {
    pub file: String,
    root: Value,
}

/// An operation found for a concrete request path.
pub struct Operation<'a> {
    pub template: String,
    pub path_item: &'a Value,
    pub operation: &'a Value,
}

impl Spec {
    pub fn load(dir: &Path, file: &str) -> Spec {
        let path = dir.join(file);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => panic!("cannot read {}: {error}", path.display()),
        };
        let root: Value = match serde_yaml::from_str(&text) {
            Ok(root) => root,
            Err(error) => panic!("cannot parse {}: {error}", path.display()),
        };
        Spec {
            file: file.to_owned(),
            root,
        }
    }

    /// The operation whose path template matches `path` (relative to the spec's server URL).
    pub fn operation(&self, method: &str, path: &str) -> Option<Operation<'_>> {
        let paths = self.root.get("paths")?.as_object()?;
        let wanted: Vec<&str> = path.trim_matches('/').split('/').collect();
        paths.iter().find_map(|(template, path_item)| {
            let segments: Vec<&str> = template.trim_matches('/').split('/').collect();
            let matches = segments.len() == wanted.len()
                && segments
                    .iter()
                    .zip(&wanted)
                    .all(|(pattern, actual)| pattern.starts_with('{') || pattern == actual);
            let operation = path_item.get(method.to_ascii_lowercase())?;
            matches.then(|| Operation {
                template: template.clone(),
                path_item,
                operation,
            })
        })
    }

    /// Follows `$ref`s until a non-reference.
    pub fn resolve<'a>(&'a self, mut value: &'a Value) -> &'a Value {
        for _ in 0..32 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                return value;
            };
            match reference
                .strip_prefix('#')
                .and_then(|pointer| self.root.pointer(pointer))
            {
                Some(target) => value = target,
                None => return &Value::Null,
            }
        }
        value
    }

    /// Names of the query parameters an operation declares (path-level ones included).
    pub fn query_parameters(&self, operation: &Operation<'_>) -> Vec<(String, String)> {
        let lists = [
            operation.path_item.get("parameters"),
            operation.operation.get("parameters"),
        ];
        lists
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .map(|parameter| self.resolve(parameter))
            .filter(|parameter| parameter.get("in").and_then(Value::as_str) == Some("query"))
            .filter_map(|parameter| {
                let name = parameter.get("name")?.as_str()?.to_owned();
                let style = parameter
                    .get("style")
                    .and_then(Value::as_str)
                    .unwrap_or("form")
                    .to_owned();
                Some((name, style))
            })
            .collect()
    }

    /// The JSON schema of the request body.
    pub fn request_schema<'a>(&'a self, operation: &Operation<'a>) -> Option<&'a Value> {
        let body = self.resolve(operation.operation.get("requestBody")?);
        json_content_schema(self.resolve(body).get("content")?)
    }

    /// The JSON schema of the response for `status`, or `None` when the status is not declared.
    pub fn response_schema<'a>(
        &'a self,
        operation: &Operation<'a>,
        status: u16,
    ) -> Option<Option<&'a Value>> {
        let responses = operation.operation.get("responses")?;
        let response = self.resolve(responses.get(status.to_string())?);
        Some(response.get("content").and_then(json_content_schema))
    }

    /// Every way `instance` breaks `schema`, as `$.path: problem` lines.
    pub fn violations(&self, schema: &Value, instance: &Value) -> Vec<String> {
        let mut found = Vec::new();
        self.check(schema, instance, "$", &mut found);
        found
    }

    fn check(&self, schema: &Value, instance: &Value, at: &str, found: &mut Vec<String>) {
        let schema = self.resolve(schema);
        let Some(rules) = schema.as_object() else {
            return;
        };
        if instance.is_null() && rules.get("nullable").and_then(Value::as_bool) == Some(true) {
            return;
        }
        if let Some(subschemas) = rules.get("allOf").and_then(Value::as_array) {
            for subschema in subschemas {
                self.check(subschema, instance, at, found);
            }
        }
        for (keyword, wanted) in [("oneOf", Some(1)), ("anyOf", None)] {
            if let Some(subschemas) = rules.get(keyword).and_then(Value::as_array) {
                let matching = subschemas
                    .iter()
                    .filter(|subschema| self.violations(subschema, instance).is_empty())
                    .count();
                let ok = match wanted {
                    Some(exactly) => matching == exactly,
                    None => matching > 0,
                };
                if !ok {
                    found.push(format!(
                        "{at}: matches {matching} of the {keyword} alternatives"
                    ));
                }
            }
        }
        if let Some(kind) = rules.get("type").and_then(Value::as_str)
            && !has_type(instance, kind)
        {
            found.push(format!("{at}: expected {kind}, found {}", short(instance)));
            return;
        }
        if let Some(allowed) = rules.get("enum").and_then(Value::as_array)
            && !allowed.contains(instance)
        {
            found.push(format!(
                "{at}: {} is not one of {}",
                short(instance),
                Value::from(allowed.clone())
            ));
        }
        if let Some(object) = instance.as_object() {
            self.check_object(rules, object, at, found);
        }
        if let (Some(items), Some(elements)) = (rules.get("items"), instance.as_array()) {
            for (index, element) in elements.iter().enumerate() {
                self.check(items, element, &format!("{at}[{index}]"), found);
            }
        }
    }

    fn check_object(
        &self,
        rules: &Map<String, Value>,
        object: &Map<String, Value>,
        at: &str,
        found: &mut Vec<String>,
    ) {
        let properties = rules.get("properties").and_then(Value::as_object);
        for required in rules
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(name) = required.as_str()
                && !object.contains_key(name)
            {
                found.push(format!("{at}: missing required property {name}"));
            }
        }
        for (name, value) in object {
            let here = format!("{at}.{name}");
            match properties.and_then(|properties| properties.get(name)) {
                Some(property) => self.check(property, value, &here, found),
                None => match rules.get("additionalProperties") {
                    Some(Value::Bool(false)) if !declared_in_all_of(self, rules, name) => {
                        found.push(format!("{at}: property {name} is not allowed"))
                    }
                    Some(extra @ Value::Object(_)) => self.check(extra, value, &here, found),
                    _ => {}
                },
            }
        }
    }
}

/// `additionalProperties: false` next to an `allOf` still allows the properties the `allOf`
/// parts declare (the specs use this pattern for error bodies).
fn declared_in_all_of(spec: &Spec, rules: &Map<String, Value>, name: &str) -> bool {
    rules
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|part| {
            spec.resolve(part)
                .get("properties")
                .and_then(|p| p.get(name))
                .is_some()
        })
}

fn json_content_schema(content: &Value) -> Option<&Value> {
    ["application/json", "application/problem+json"]
        .into_iter()
        .find_map(|media_type| content.get(media_type)?.get("schema"))
}

fn has_type(instance: &Value, kind: &str) -> bool {
    match kind {
        "object" => instance.is_object(),
        "array" => instance.is_array(),
        "string" => instance.is_string(),
        "boolean" => instance.is_boolean(),
        "number" => instance.is_number(),
        "integer" => {
            instance.is_i64()
                || instance.is_u64()
                || instance.as_f64().is_some_and(|n| n.fract() == 0.0)
        }
        _ => true,
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.len() > 60 {
        format!("{}…", &text[..text.floor_char_boundary(60)])
    } else {
        text
    }
}
