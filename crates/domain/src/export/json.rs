//! Pretty JSON from a [`Node`], byte for byte what `serde_json::to_string_pretty` writes.
//!
//! Writing it here instead of calling serde_json's pretty printer keeps a second copy of the
//! model's serialization code out of the WebAssembly bundle: the model is serialized once,
//! compactly, the way the API client already does it.

use super::node::Node;

/// `node` as JSON with two-space indentation.
pub(crate) fn to_pretty_json(node: &Node) -> String {
    let mut out = String::new();
    write_value(node, 0, &mut out);
    out
}

fn write_value(node: &Node, indent: usize, out: &mut String) {
    match node {
        Node::Null => out.push_str("null"),
        Node::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
        Node::Number(number) => out.push_str(&number.to_string()),
        Node::String(text) => write_string(text, out),
        Node::List(items) if items.is_empty() => out.push_str("[]"),
        Node::Map(entries) if entries.is_empty() => out.push_str("{}"),
        Node::List(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                start_element(index, indent + 2, out);
                write_value(item, indent + 2, out);
            }
            end_collection(indent, ']', out);
        }
        Node::Map(entries) => {
            out.push('{');
            for (index, (key, value)) in entries.iter().enumerate() {
                start_element(index, indent + 2, out);
                write_string(key, out);
                out.push_str(": ");
                write_value(value, indent + 2, out);
            }
            end_collection(indent, '}', out);
        }
    }
}

fn start_element(index: usize, indent: usize, out: &mut String) {
    if index > 0 {
        out.push(',');
    }
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent));
}

fn end_collection(indent: usize, close: char, out: &mut String) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent));
    out.push(close);
}

/// A JSON string literal, escaped as serde_json escapes it.
fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_serde_json_pretty_printing() {
        let text = r#"{"a":[],"b":{},"c":[1,{"d":null,"e":[true,false]}],"f":"q\"\\\n\r\t\u0008\u000c\u0001\u007f é"}"#;
        let node: Result<Node, _> = serde_json::from_str(text);
        let value: Result<serde_json::Value, _> = serde_json::from_str(text);
        let expected = value.and_then(|value| serde_json::to_string_pretty(&value));
        assert_eq!(node.ok().map(|node| to_pretty_json(&node)), expected.ok());
    }
}
