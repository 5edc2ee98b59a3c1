//! A small YAML emitter for JSON-shaped data (block style, two-space indentation).
//!
//! The app cannot afford a YAML library in its WebAssembly bundle, and it only ever writes
//! JSON-shaped data, so this covers exactly that: maps, lists, strings, numbers, booleans and
//! `null`. A string is written plain when every YAML 1.1 and 1.2 reader would read it back as
//! the same string, and double-quoted with escapes otherwise, so what a user copies into decK
//! (or any other YAML tool) means what they saw in the app.

use super::node::Node;

/// The YAML text of `node`, ending with a newline.
pub(crate) fn to_yaml(node: &Node) -> String {
    let mut out = String::new();
    match node {
        Node::List(_) | Node::Map(_) if !node.is_empty_collection() => {
            write_block(node, 0, &mut out);
        }
        _ => {
            write_inline(node, &mut out);
            out.push('\n');
        }
    }
    out
}

/// Longest key YAML allows in the implicit `key: value` form (YAML 1.2 §7.4.2, enforced by
/// libyaml); longer keys are written with the explicit `? key` form.
const MAX_IMPLICIT_KEY_CHARS: usize = 1024;

/// Writes a non-empty list or map whose first line starts at the cursor (after indentation or
/// after `- `); every following line is indented by `indent` spaces.
fn write_block(node: &Node, indent: usize, out: &mut String) {
    match node {
        Node::Map(entries) => {
            for (index, (key, value)) in entries.iter().enumerate() {
                if index > 0 {
                    push_indent(indent, out);
                }
                let key_text = scalar_string(key);
                if key_text.chars().count() > MAX_IMPLICIT_KEY_CHARS {
                    out.push_str("? ");
                    out.push_str(&key_text);
                    out.push('\n');
                    push_indent(indent, out);
                } else {
                    out.push_str(&key_text);
                }
                out.push(':');
                write_map_value(value, indent, out);
            }
        }
        Node::List(items) => {
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    push_indent(indent, out);
                }
                out.push_str("- ");
                if item.is_empty_collection() || !matches!(item, Node::List(_) | Node::Map(_)) {
                    write_inline(item, out);
                    out.push('\n');
                } else {
                    // The item's own lines line up with its first line, just after the `- `.
                    write_block(item, indent + 2, out);
                }
            }
        }
        _ => {
            write_inline(node, out);
            out.push('\n');
        }
    }
}

/// Writes what follows `key:`: a scalar on the same line, a collection on the lines below.
fn write_map_value(value: &Node, indent: usize, out: &mut String) {
    if value.is_empty_collection() || !matches!(value, Node::List(_) | Node::Map(_)) {
        out.push(' ');
        write_inline(value, out);
        out.push('\n');
    } else {
        out.push('\n');
        push_indent(indent + 2, out);
        write_block(value, indent + 2, out);
    }
}

/// Writes a scalar or an empty collection on the current line.
fn write_inline(node: &Node, out: &mut String) {
    match node {
        Node::Null => out.push_str("null"),
        Node::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
        Node::Number(number) => out.push_str(&number.to_string()),
        Node::String(text) => out.push_str(&scalar_string(text)),
        Node::List(_) => out.push_str("[]"),
        Node::Map(_) => out.push_str("{}"),
    }
}

fn push_indent(indent: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// `text` as a YAML scalar: plain when that reads back as the same string, double-quoted
/// otherwise.
pub(crate) fn scalar_string(text: &str) -> String {
    if can_be_plain(text) {
        text.to_string()
    } else {
        double_quoted(text)
    }
}

/// Characters that start something else than a plain scalar when they come first
/// (YAML 1.2 §5.3 indicators, plus `-`, `?` and `:` which are only sometimes safe).
const LEADING_INDICATORS: &str = "-?:,[]{}#&*!|>'\"%@`";

/// Plain scalars that YAML 1.1 or 1.2 readers resolve to null, a boolean or a special key
/// (`<<` merge, `=` value), compared case-insensitively.
const RESERVED_WORDS: [&str; 12] = [
    "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", "<<", "=",
];

fn can_be_plain(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false; // empty: would read as null
    };
    !LEADING_INDICATORS.contains(first)
        && !first.is_whitespace()
        && !text.ends_with(|c: char| c.is_whitespace() || c == ':')
        && !text.contains(": ")
        && !text.contains('#')
        && !text.starts_with("...")
        && text.chars().all(|c| !needs_escape(c))
        && !is_reserved_word(text)
        && !looks_like_number(text)
}

fn is_reserved_word(text: &str) -> bool {
    RESERVED_WORDS
        .iter()
        .any(|word| word.eq_ignore_ascii_case(text))
}

/// Anything a YAML 1.1 reader could take for a number, a date or a sexagesimal (`1:20`):
/// a leading digit, or a sign or dot before one, or an infinity / not-a-number spelling.
/// Quoting a few strings that did not need it (`3scale`) is the price of never changing one.
fn looks_like_number(text: &str) -> bool {
    let mut chars = text.chars();
    let first = chars.next();
    let second = chars.next();
    let digit_start = match (first, second) {
        (Some(c), _) if c.is_ascii_digit() => true,
        (Some('+' | '.'), Some(c)) => c.is_ascii_digit(),
        _ => false,
    };
    let lowered = text.to_ascii_lowercase();
    digit_start || [".inf", "+.inf", ".nan"].contains(&lowered.as_str())
}

/// Characters a plain scalar must not hold: control characters, line breaks (including
/// Unicode's NEL, LS and PS, which YAML 1.1 treats as breaks), the byte-order mark, and the
/// non-printable code points YAML forbids in a document.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(text: &str) -> Node {
        Node::String(text.to_string())
    }

    #[test]
    fn safe_strings_stay_plain() {
        for text in [
            "flights",
            "/flights",
            "~/flights/(?<id>\\d+)$",
            "a:b",
            "example.com",
            "example.*",
            "Bearer abc",
            "it's",
            "café",
            "x-version",
            "v1",
        ] {
            assert_eq!(scalar_string(text), text, "{text}");
        }
    }

    #[test]
    fn strings_yaml_would_misread_are_quoted() {
        let cases = [
            ("", r#""""#),
            (" lead", r#"" lead""#),
            ("trail ", r#""trail ""#),
            ("a: b", r#""a: b""#),
            ("ends:", r#""ends:""#),
            ("a #b", r#""a #b""#),
            ("#x", r##""#x""##),
            ("-x", r#""-x""#),
            ("? x", r#""? x""#),
            (":x", r#"":x""#),
            (",x", r#"",x""#),
            ("[x]", r#""[x]""#),
            ("{x}", r#""{x}""#),
            ("&a", r#""&a""#),
            ("*a", r#""*a""#),
            ("!tag", r#""!tag""#),
            ("|x", r#""|x""#),
            (">x", r#"">x""#),
            ("'q'", r#""'q'""#),
            ("\"q\"", r#""\"q\"""#),
            ("%x", r#""%x""#),
            ("@x", r#""@x""#),
            ("`x`", r#""`x`""#),
            ("Yes", r#""Yes""#),
            ("NO", r#""NO""#),
            ("True", r#""True""#),
            ("false", r#""false""#),
            ("Null", r#""Null""#),
            ("~", r#""~""#),
            ("on", r#""on""#),
            ("<<", r#""<<""#),
            ("42", r#""42""#),
            ("-1", r#""-1""#),
            ("+1", r#""+1""#),
            ("1.5", r#""1.5""#),
            (".5", r#"".5""#),
            ("0x1F", r#""0x1F""#),
            ("1:20", r#""1:20""#),
            ("2024-01-01", r#""2024-01-01""#),
            (".Inf", r#"".Inf""#),
            (".NaN", r#"".NaN""#),
            ("...", r#""...""#),
            ("a\nb", r#""a\nb""#),
            ("tab\there", r#""tab\there""#),
            ("cr\r", r#""cr\r""#),
            ("back\\slash\n", r#""back\\slash\n""#),
            ("nul\0", r#""nul\0""#),
            ("bell\u{7}", r#""bell\a""#),
            ("del\u{7f}", r#""del\u007F""#),
            ("nel\u{85}", r#""nel\N""#),
            ("ls\u{2028}", r#""ls\L""#),
            ("bom\u{feff}", r#""bom\uFEFF""#),
            ("\u{a0}nbsp", "\"\u{a0}nbsp\""),
        ];
        for (text, expected) in cases {
            assert_eq!(scalar_string(text), expected, "{text:?}");
        }
    }

    #[test]
    fn nested_blocks_are_indented_two_spaces() {
        let node = Node::Map(vec![
            ("name".into(), string("svc")),
            ("port".into(), Node::Number(80.into())),
            ("path".into(), Node::Null),
            ("enabled".into(), Node::Bool(true)),
            ("tags".into(), Node::List(vec![])),
            ("headers".into(), Node::Map(vec![])),
            (
                "routes".into(),
                Node::List(vec![
                    Node::Map(vec![
                        ("name".into(), string("r1")),
                        ("paths".into(), Node::List(vec![string("/a"), string("/b")])),
                    ]),
                    Node::List(vec![string("x"), string("z")]),
                ]),
            ),
        ]);
        let expected = "\
name: svc
port: 80
path: null
enabled: true
tags: []
headers: {}
routes:
  - name: r1
    paths:
      - /a
      - /b
  - - x
    - z
";
        assert_eq!(to_yaml(&node), expected);
    }

    #[test]
    fn top_level_scalars_and_empty_collections() {
        assert_eq!(to_yaml(&Node::Null), "null\n");
        assert_eq!(to_yaml(&string("yes")), "\"yes\"\n");
        assert_eq!(to_yaml(&Node::List(vec![])), "[]\n");
        assert_eq!(to_yaml(&Node::Map(vec![])), "{}\n");
    }

    #[test]
    fn very_long_keys_use_the_explicit_form() {
        let key = "k".repeat(MAX_IMPLICIT_KEY_CHARS + 1);
        let node = Node::Map(vec![(key.clone(), Node::List(vec![string("v")]))]);
        assert_eq!(to_yaml(&node), format!("? {key}\n:\n  - v\n"));
    }
}
