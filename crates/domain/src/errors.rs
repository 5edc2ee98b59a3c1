//! Validation errors keyed the way Kong keys them, and Kong's one-line summary.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::SerializeMap;

/// The key Kong uses for entity-level (cross-field) messages.
pub const ENTITY_KEY: &str = "@entity";

/// Every error Kong would report for one entity.
///
/// Kong nests errors (`{"paths": {"2": "…"}}`); here nested keys are flattened with dots,
/// exactly as Kong writes them in its summary message: `paths.2`, `service.id`,
/// `sources.1.port`, `sources.1.@entity`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors {
    /// Field errors by flattened field key.
    pub fields: BTreeMap<String, String>,
    /// `@entity` messages in the order Kong's entity checks produce them.
    pub entity: Vec<String>,
}

impl ValidationErrors {
    /// No error at all.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.entity.is_empty()
    }

    /// The message for one flattened field key (`"name"`, `"paths.2"`, `"service.id"`).
    pub fn get(&self, field: &str) -> Option<&str> {
        self.fields.get(field).map(String::as_str)
    }

    /// Kong's one-line message: `schema violation (<f>: <msg>)` for one error,
    /// `N schema violations (<a>; <b>; …)` otherwise (`kong/db/errors.lua:216-262`).
    ///
    /// As in Kong: `@entity` messages first, then top-level fields sorted by name; the errors
    /// nested under one field are sorted by sub-key (numerically for list indexes), and an error
    /// nested two levels deep is printed as a Lua table, the way Penlight's `pretty.write` does.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = self.entity.clone();
        let grouped = self.grouped();
        for (field, node) in &grouped {
            match node {
                Node::Leaf(message) => parts.push(format!("{field}: {message}")),
                Node::Branch(children) => {
                    for (sub_key, child) in sorted_children(children) {
                        let text = match child {
                            Node::Leaf(message) => message.clone(),
                            Node::Branch(_) => lua_pretty(child, 1),
                        };
                        parts.push(format!("{field}.{sub_key}: {text}"));
                    }
                }
            }
        }
        match parts.len() {
            1 => format!("schema violation ({})", parts[0]),
            count => format!("{count} schema violations ({})", parts.join("; ")),
        }
    }

    pub(crate) fn set(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.fields.insert(key.into(), message.into());
    }

    pub(crate) fn push_entity(&mut self, message: impl Into<String>) {
        self.entity.push(message.into());
    }

    pub(crate) fn has_field(&self, field: &str) -> bool {
        self.fields
            .keys()
            .any(|key| key == field || key.starts_with(&format!("{field}.")))
    }

    /// Drops every error on `field` and below it (Kong replaces a field's error table wholesale).
    pub(crate) fn clear_field(&mut self, field: &str) {
        let nested = format!("{field}.");
        self.fields
            .retain(|key, _| key != field && !key.starts_with(&nested));
    }

    /// Copies `other` under `prefix` (`service` + `id` -> `service.id`).
    pub(crate) fn merge_nested(&mut self, prefix: &str, other: ValidationErrors) {
        for (key, message) in other.fields {
            self.set(format!("{prefix}.{key}"), message);
        }
        // A nested entity's `@entity` list becomes one flattened string; in practice it holds one
        // message (the `sources`/`destinations` record check).
        if !other.entity.is_empty() {
            self.set(format!("{prefix}.{ENTITY_KEY}"), other.entity.join("; "));
        }
    }

    pub(crate) fn into_result<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    fn grouped(&self) -> BTreeMap<&str, Node> {
        let mut root: BTreeMap<&str, Node> = BTreeMap::new();
        for (key, message) in &self.fields {
            let mut segments = key.split('.');
            let head = segments.next().unwrap_or_default();
            let rest: Vec<&str> = segments.collect();
            if rest.is_empty() {
                root.insert(head, Node::Leaf(message.clone()));
            } else {
                root.entry(head)
                    .or_insert_with(|| Node::Branch(BTreeMap::new()))
                    .insert_path(&rest, message);
            }
        }
        root
    }
}

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.summary())
    }
}

impl std::error::Error for ValidationErrors {}

/// Serialized as Kong's `fields` object, flattened: `{"<field>": "<msg>", "@entity": ["…"]}`.
impl Serialize for ValidationErrors {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let has_entity = !self.entity.is_empty();
        let mut map =
            serializer.serialize_map(Some(self.fields.len() + usize::from(has_entity)))?;
        if has_entity {
            map.serialize_entry(ENTITY_KEY, &self.entity)?;
        }
        for (key, message) in &self.fields {
            map.serialize_entry(key, message)?;
        }
        map.end()
    }
}

/// A tree view of the flattened keys, used only to print Kong's summary.
enum Node {
    Leaf(String),
    Branch(BTreeMap<String, Node>),
}

impl Node {
    fn insert_path(&mut self, path: &[&str], message: &str) {
        let Node::Branch(children) = self else {
            return;
        };
        match path {
            [] => {}
            [last] => {
                children.insert((*last).to_string(), Node::Leaf(message.to_string()));
            }
            [first, rest @ ..] => children
                .entry((*first).to_string())
                .or_insert_with(|| Node::Branch(BTreeMap::new()))
                .insert_path(rest, message),
        }
    }
}

/// Lua's `table.sort` on keys: numbers numerically (list indexes), otherwise by text.
fn sorted_children(children: &BTreeMap<String, Node>) -> Vec<(&String, &Node)> {
    let mut entries: Vec<(&String, &Node)> = children.iter().collect();
    crate::short_sort::sort_by(&mut entries, |(a, _), (b, _)| {
        match (a.parse::<u64>(), b.parse::<u64>()) {
            (Ok(x), Ok(y)) => x < y,
            _ => a < b,
        }
    });
    entries
}

/// Penlight `pretty.write` of a nested error table (two-space indent, `key = value`).
fn lua_pretty(node: &Node, depth: usize) -> String {
    match node {
        Node::Leaf(message) => lua_quote(message),
        Node::Branch(children) => {
            let indent = "  ".repeat(depth);
            let closing = "  ".repeat(depth - 1);
            let is_list = children
                .keys()
                .enumerate()
                .all(|(i, key)| key.parse::<usize>().ok() == Some(i + 1));
            let lines: Vec<String> = sorted_children(children)
                .into_iter()
                .map(|(key, child)| {
                    let value = match child {
                        // `@entity` is a list of messages in Kong; it was flattened to one string.
                        Node::Leaf(message) if key == ENTITY_KEY => {
                            let inner = "  ".repeat(depth + 1);
                            format!("{{\n{inner}{}\n{indent}}}", lua_quote(message))
                        }
                        _ => lua_pretty(child, depth + 1),
                    };
                    if is_list {
                        format!("{indent}{value}")
                    } else if is_lua_identifier(key) {
                        format!("{indent}{key} = {value}")
                    } else if key.parse::<u64>().is_ok() {
                        format!("{indent}[{key}] = {value}")
                    } else {
                        format!("{indent}[{}] = {value}", lua_quote(key))
                    }
                })
                .collect();
            format!("{{\n{}\n{closing}}}", lines.join(",\n"))
        }
    }
}

fn is_lua_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn lua_quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(fields: &[(&str, &str)], entity: &[&str]) -> ValidationErrors {
        ValidationErrors {
            fields: fields
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
            entity: entity.iter().map(|m| (*m).to_string()).collect(),
        }
    }

    // errors.lua:250-256: a single error uses the singular form.
    #[test]
    fn summary_single_error() {
        let e = errors(&[("name", "length must be at least 1")], &[]);
        assert_eq!(
            e.summary(),
            "schema violation (name: length must be at least 1)"
        );
    }

    // errors.lua:223-247: @entity first, then fields sorted, nested indexes numerically.
    #[test]
    fn summary_orders_entity_then_sorted_fields() {
        let e = errors(
            &[
                ("paths.10", "b"),
                ("paths.2", "a"),
                ("host", "required field missing"),
            ],
            &["failed conditional validation given value of field 'protocol'"],
        );
        assert_eq!(
            e.summary(),
            "4 schema violations (failed conditional validation given value of field \
             'protocol'; host: required field missing; paths.2: a; paths.10: b)"
        );
    }

    // errors.lua:236-239: a table two levels down is printed with pl.pretty.write.
    #[test]
    fn summary_pretty_prints_deep_tables() {
        let e = errors(
            &[("sources.1.port", "value should be between 0 and 65535")],
            &[],
        );
        assert_eq!(
            e.summary(),
            "schema violation (sources.1: {\n  port = \"value should be between 0 and 65535\"\n})"
        );
    }

    #[test]
    fn summary_prints_nested_entity_lists() {
        let e = errors(
            &[(
                "sources.2.@entity",
                "at least one of these fields must be non-empty: 'ip', 'port'",
            )],
            &[],
        );
        assert_eq!(
            e.summary(),
            "schema violation (sources.2: {\n  [\"@entity\"] = {\n    \"at least one of these fields \
             must be non-empty: 'ip', 'port'\"\n  }\n})"
        );
    }

    #[test]
    fn serializes_as_flat_fields_object() {
        let e = errors(&[("paths.1", "x")], &["y"]);
        let json = serde_json::to_string(&e).unwrap_or_default();
        assert_eq!(json, r#"{"@entity":["y"],"paths.1":"x"}"#);
    }

    #[test]
    fn get_and_is_empty() {
        let e = errors(&[("name", "m")], &[]);
        assert_eq!(e.get("name"), Some("m"));
        assert_eq!(e.get("host"), None);
        assert!(!e.is_empty());
        assert!(ValidationErrors::default().is_empty());
    }
}
