//! Reads the error bodies Konnect and Kong send into one message and per-field errors.
//!
//! Shapes understood (first match wins):
//! 1. problem+json (Konnect platform APIs): `{status, title, detail, invalid_parameters:[{field, reason, rule}]}`;
//! 2. core entities (koko / grpc-gateway): `{code, message, details:[{type, field, messages:[…]}]}`;
//! 3. Kong Admin API: `{code, name, message, fields:{…}}`, `fields` possibly nested;
//! 4. Konnect v1 (NestJS): `{message:[{property, constraints:{…}}]}`;
//! 5. anything with a string `message` (Kong's `{"message":"Not found"}`, `{message, status}`);
//! 6. a short plain-text body.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// Where an error that belongs to the whole entity, not one field, is filed. Kong's own key.
pub const ENTITY_KEY: &str = "@entity";

/// Plain-text bodies longer than this are an HTML error page or a stack trace: not worth showing.
const MAX_PLAIN_TEXT_MESSAGE: usize = 200;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ErrorBody {
    pub message: Option<String>,
    pub field_errors: BTreeMap<String, String>,
}

pub(crate) fn parse_error_body(body: &str) -> ErrorBody {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(object)) => parse_json_object(&object),
        Ok(_) => ErrorBody::default(),
        Err(_) => parse_plain_text(body),
    }
}

fn parse_json_object(object: &Map<String, Value>) -> ErrorBody {
    let mut field_errors = BTreeMap::new();
    if let Some(Value::Array(parameters)) = object.get("invalid_parameters") {
        collect_invalid_parameters(parameters, &mut field_errors);
    } else if let Some(Value::Array(details)) = object.get("details") {
        collect_core_entity_details(details, &mut field_errors);
    } else if let Some(fields) = object.get("fields") {
        flatten_kong_fields("", fields, &mut field_errors);
    } else if let Some(Value::Array(constraints)) = object.get("message") {
        collect_nestjs_constraints(constraints, &mut field_errors);
    }
    let message = problem_message(object);
    if field_errors.is_empty()
        && let Some(field) = message.as_deref().and_then(unknown_field_named_in)
    {
        add_field_error(&mut field_errors, field, "unknown field");
    }
    ErrorBody {
        message,
        field_errors,
    }
}

/// Konnect's core entities reject an unknown member before validating, in protobuf's words
/// (`proto: unknown field "colour"`), with no `details`: recover the field for the form.
fn unknown_field_named_in(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once("unknown field \"")?;
    let (field, _) = rest.split_once('"')?;
    (!field.is_empty()).then_some(field)
}

/// problem+json puts the specific text in `detail` and a generic one in `title`; Kong and koko
/// use `message`.
fn problem_message(object: &Map<String, Value>) -> Option<String> {
    ["detail", "message", "title"]
        .into_iter()
        .filter_map(|key| object.get(key).and_then(Value::as_str))
        .map(str::trim)
        .find(|text| !text.is_empty())
        .map(str::to_owned)
}

fn collect_invalid_parameters(parameters: &[Value], out: &mut BTreeMap<String, String>) {
    for parameter in parameters {
        let field = parameter.get("field").and_then(Value::as_str);
        let reason = parameter
            .get("reason")
            .and_then(Value::as_str)
            .or_else(|| parameter.get("rule").and_then(Value::as_str));
        if let Some(reason) = reason {
            add_field_error(out, field.unwrap_or(ENTITY_KEY), reason);
        }
    }
}

fn collect_core_entity_details(details: &[Value], out: &mut BTreeMap<String, String>) {
    for detail in details {
        let field = detail
            .get("field")
            .and_then(Value::as_str)
            .filter(|field| !field.is_empty())
            .unwrap_or(ENTITY_KEY);
        let messages = detail.get("messages").and_then(Value::as_array);
        for message in messages.into_iter().flatten().filter_map(Value::as_str) {
            add_field_error(out, field, message);
        }
    }
}

/// Kong nests errors the way the entity is nested: `{"service": {"id": "…"}}` becomes
/// `service.id`; an array field's per-element errors (`[null, "bad"]`) become `paths.2`, with
/// Kong's 1-based element numbers, as Kong writes them in its own `message`. `@entity` holds a
/// list of messages about the whole entity.
fn flatten_kong_fields(prefix: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    match value {
        Value::String(message) => add_field_error(out, key_or_entity(prefix), message),
        Value::Object(children) => {
            for (name, child) in children {
                let key = join_key(prefix, name);
                match child {
                    Value::Array(messages) if name == ENTITY_KEY => {
                        for message in messages.iter().filter_map(Value::as_str) {
                            add_field_error(out, &key, message);
                        }
                    }
                    _ => flatten_kong_fields(&key, child, out),
                }
            }
        }
        Value::Array(elements) => {
            for (position, element) in elements.iter().enumerate() {
                if !element.is_null() {
                    flatten_kong_fields(
                        &join_key(prefix, &(position + 1).to_string()),
                        element,
                        out,
                    );
                }
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn collect_nestjs_constraints(items: &[Value], out: &mut BTreeMap<String, String>) {
    for item in items {
        let field = item
            .get("property")
            .and_then(Value::as_str)
            .unwrap_or(ENTITY_KEY);
        let constraints = item.get("constraints").and_then(Value::as_object);
        for message in constraints
            .into_iter()
            .flat_map(Map::values)
            .filter_map(Value::as_str)
        {
            add_field_error(out, field, message);
        }
    }
}

fn parse_plain_text(body: &str) -> ErrorBody {
    let text = body.trim();
    let looks_readable =
        !text.is_empty() && !text.starts_with('<') && text.len() <= MAX_PLAIN_TEXT_MESSAGE;
    ErrorBody {
        message: looks_readable.then(|| text.to_owned()),
        field_errors: BTreeMap::new(),
    }
}

fn key_or_entity(key: &str) -> &str {
    if key.is_empty() { ENTITY_KEY } else { key }
}

fn join_key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// Several messages for one field are kept, joined, in the order received.
fn add_field_error(out: &mut BTreeMap<String, String>, field: &str, message: &str) {
    out.entry(field.to_owned())
        .and_modify(|existing| {
            existing.push_str("; ");
            existing.push_str(message);
        })
        .or_insert_with(|| message.to_owned());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn kong_nested_fields_and_entity_list_are_flattened() {
        let body = r#"{"code":2,"name":"schema violation","message":"3 schema violations",
            "fields":{"@entity":["must set one of 'methods', 'hosts', 'headers', 'paths'","second"],
                      "paths":[null,"should start with: / (fixed path) or ~/ (regex path)"],
                      "service":{"id":"expected a valid UUID"}}}"#;
        let parsed = parse_error_body(body);
        assert_eq!(parsed.message.as_deref(), Some("3 schema violations"));
        assert_eq!(
            parsed.field_errors,
            fields(&[
                (
                    "@entity",
                    "must set one of 'methods', 'hosts', 'headers', 'paths'; second"
                ),
                (
                    "paths.2",
                    "should start with: / (fixed path) or ~/ (regex path)"
                ),
                ("service.id", "expected a valid UUID"),
            ])
        );
    }

    #[test]
    fn sparse_kong_arrays_encoded_as_objects_keep_their_numbers() {
        let parsed = parse_error_body(
            r#"{"fields":{"sources":{"2":{"port":"value should be between 0 and 65535"}}}}"#,
        );
        assert_eq!(
            parsed.field_errors,
            fields(&[("sources.2.port", "value should be between 0 and 65535")])
        );
    }

    #[test]
    fn protobuf_unknown_field_message_names_the_field() {
        let parsed = parse_error_body(r#"{"code":3,"message":"proto: unknown field \"colour\""}"#);
        assert_eq!(parsed.field_errors, fields(&[("colour", "unknown field")]));
        assert_eq!(
            parsed.message.as_deref(),
            Some("proto: unknown field \"colour\"")
        );
    }

    #[test]
    fn plain_text_is_kept_only_when_short_and_not_html() {
        assert_eq!(
            parse_error_body("upstream connect error")
                .message
                .as_deref(),
            Some("upstream connect error")
        );
        assert_eq!(
            parse_error_body("<html><body>502</body></html>").message,
            None
        );
        assert_eq!(parse_error_body("").message, None);
    }

    #[test]
    fn nestjs_constraints_map_to_fields() {
        let parsed = parse_error_body(
            r#"{"message":[{"property":"name","children":[],"constraints":{"isLength":"name must be shorter than or equal to 100 characters"}}]}"#,
        );
        assert_eq!(parsed.message, None);
        assert_eq!(
            parsed.field_errors,
            fields(&[(
                "name",
                "name must be shorter than or equal to 100 characters"
            )])
        );
    }
}
