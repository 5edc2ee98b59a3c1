//! The `traditional_compatible` router check (`routes.lua:43-138`): Kong turns the classic route
//! fields into an ATC expression (`kong/router/transform.lua:334-460`) and compiles it with
//! atc-router (a `pest` grammar plus the Rust `regex` crate). A failure becomes
//! `@entity: "Router Expression failed validation: <pest diagnostic>"`.
//!
//! This module builds the same expression text, then reproduces the failures that generated
//! expressions can hit: regexes the Rust `regex` crate rejects (regex paths, `~*` header
//! values), an empty header value list (`()`), bracketed IPs and CIDRs with host bits in
//! `sources`/`destinations`. The diagnostic is formatted the way `pest` formats it.

use serde_json::Value;

use crate::regex_check;

const PREFIX: &str = "Router Expression failed validation: ";
const LOGICAL_OR: &str = " || ";
const LOGICAL_AND: &str = " && ";

/// The classic route fields the expression is built from (normalized and already valid).
pub(crate) struct RouteFields<'a> {
    pub protocols: Vec<&'a str>,
    pub snis: &'a [Value],
    pub sources: &'a [Value],
    pub destinations: &'a [Value],
    pub methods: &'a [Value],
    pub hosts: &'a [Value],
    pub paths: &'a [Value],
    /// Header names with their value lists, in the order they are emitted.
    pub headers: Vec<(&'a str, &'a [Value])>,
}

/// Something in the expression text that fails, located by byte range.
enum Failure {
    /// The grammar does not accept the text at `start` (parse stage).
    Syntax {
        start: usize,
        expected: &'static str,
    },
    /// A literal whose value atc-router then rejects (AST stage): a regex or a CIDR.
    Value {
        start: usize,
        end: usize,
        message: String,
    },
}

#[derive(Default)]
struct Builder {
    text: String,
    syntax: Vec<Failure>,
    values: Vec<Failure>,
}

impl Builder {
    /// Appends `part` to the whole expression with ` && ` (`expression_append`).
    fn append_and(&mut self, part: impl FnOnce(&mut Builder)) {
        if !self.text.is_empty() {
            self.text.push_str(LOGICAL_AND);
        }
        part(self);
    }

    /// `escape_str` (`transform.lua:44-60`): a raw string unless the value contains `"#`.
    fn push_string(&mut self, value: &str) {
        if value.contains("\"#") {
            let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
            self.text.push('"');
            self.text.push_str(&escaped);
            self.text.push('"');
        } else {
            self.text.push_str("r#\"");
            self.text.push_str(value);
            self.text.push_str("\"#");
        }
    }

    /// A regex literal: records the Rust `regex` error, if any, against its span.
    fn push_regex(&mut self, pattern: &str) {
        let start = self.text.len();
        self.push_string(pattern);
        if let Err(message) = regex_check::check(pattern) {
            let end = self.text.len();
            self.values.push(Failure::Value {
                start,
                end,
                message,
            });
        }
    }
}

fn strings(values: &[Value]) -> impl Iterator<Item = &str> {
    values.iter().filter_map(Value::as_str)
}

fn is_stream(protocols: &[&str]) -> bool {
    matches!(
        protocols.first(),
        Some(&("tcp" | "udp" | "tls" | "tls_passthrough"))
    )
}

/// `get_expression` (`transform.lua:334-460`).
fn build(fields: &RouteFields<'_>) -> Builder {
    let mut b = Builder::default();
    let stream = is_stream(&fields.protocols);

    if !fields.snis.is_empty() {
        b.append_and(|b| {
            let protocol = if stream { "tls" } else { "https" };
            b.text
                .push_str(&format!("(net.protocol != r#\"{protocol}\"#{LOGICAL_OR}("));
            for (i, sni) in strings(fields.snis).enumerate() {
                if i > 0 {
                    b.text.push_str(LOGICAL_OR);
                }
                let (op, value) = sni_predicate(sni);
                b.text.push_str(&format!("tls.sni {op} "));
                b.push_string(value);
            }
            b.text.push_str("))");
        });
    }
    for (values, ip_field, port_field) in [
        (fields.sources, "net.src.ip", "net.src.port"),
        (fields.destinations, "net.dst.ip", "net.dst.port"),
    ] {
        if !values.is_empty() {
            b.append_and(|b| push_nets(b, values, ip_field, port_field));
        }
    }
    if stream {
        return b;
    }
    if !fields.methods.is_empty() {
        b.append_and(|b| {
            b.text.push('(');
            for (i, method) in strings(fields.methods).enumerate() {
                if i > 0 {
                    b.text.push_str(LOGICAL_OR);
                }
                b.text.push_str("http.method == ");
                b.push_string(method);
            }
            b.text.push(')');
        });
    }
    if !fields.hosts.is_empty() {
        b.append_and(|b| {
            b.text.push('(');
            for (i, host) in strings(fields.hosts).enumerate() {
                if i > 0 {
                    b.text.push_str(LOGICAL_OR);
                }
                b.text.push_str(&host_predicate(host));
            }
            b.text.push(')');
        });
    }
    if !fields.paths.is_empty() {
        b.append_and(|b| {
            b.text.push('(');
            for (i, path) in strings(fields.paths).enumerate() {
                if i > 0 {
                    b.text.push_str(LOGICAL_OR);
                }
                if path.starts_with('~') {
                    b.text.push_str("http.path ~ ");
                    b.push_regex(&regex_check::router_pattern(path));
                } else {
                    b.text.push_str("http.path ^= ");
                    b.push_string(path);
                }
            }
            b.text.push(')');
        });
    }
    if !fields.headers.is_empty() {
        b.append_and(|b| {
            for (h, (name, values)) in fields.headers.iter().enumerate() {
                if h > 0 {
                    b.text.push_str(LOGICAL_AND);
                }
                push_header(b, name, values);
            }
        });
    }
    b
}

/// `sni_op_transform` / `sni_val_transform`.
fn sni_predicate(sni: &str) -> (&'static str, &str) {
    if let Some(rest) = sni.strip_prefix('*') {
        let value = if sni.len() > 1 {
            rest.strip_suffix('.').unwrap_or(rest)
        } else {
            rest
        };
        ("=^", value)
    } else if let Some(prefix) = sni.strip_suffix('*') {
        ("^=", prefix)
    } else if sni.len() > 1 {
        ("==", sni.strip_suffix('.').unwrap_or(sni))
    } else {
        ("==", sni)
    }
}

/// One `hosts` element, split at its first `:` when a number follows (`split_host_port`).
fn host_predicate(host: &str) -> String {
    let (name, port) = match host.split_once(':') {
        Some((name, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => (
            name,
            port.trim_start_matches('0').parse::<u32>().ok().or(Some(0)),
        ),
        _ => (host, None),
    };
    let (op, name) = if let Some(rest) = name.strip_prefix('*') {
        ("=^", rest)
    } else if let Some(rest) = name.strip_suffix('*') {
        ("^=", rest)
    } else {
        ("==", name)
    };
    let predicate = format!("http.host {op} r#\"{name}\"#");
    match port {
        Some(port) => format!("({predicate}{LOGICAL_AND}net.dst.port == {port})"),
        None => predicate,
    }
}

/// `gen_for_nets` (`transform.lua:195-260`).
fn push_nets(b: &mut Builder, values: &[Value], ip_field: &str, port_field: &str) {
    b.text.push('(');
    for (i, endpoint) in values.iter().enumerate() {
        if i > 0 {
            b.text.push_str(LOGICAL_OR);
        }
        let ip = endpoint.get("ip").and_then(Value::as_str);
        let port = endpoint.get("port").and_then(Value::as_f64);
        let both = ip.is_some() && port.is_some();
        if both {
            b.text.push('(');
        }
        if let Some(ip) = ip {
            push_ip(b, ip, ip_field);
        }
        if both {
            b.text.push_str(LOGICAL_AND);
        }
        if let Some(port) = port {
            b.text.push_str(&format!("{port_field} == {port}"));
        }
        if both {
            b.text.push(')');
        }
    }
    b.text.push(')');
}

/// `parse_ip_addr` (`transform.lua:168-192`): an IPv4 range is rewritten to its network
/// address with LuaJIT 32-bit shifts (so `/0` keeps the address); IPv6 is written as given.
fn push_ip(b: &mut Builder, ip: &str, ip_field: &str) {
    let (address, mask) = match ip.split_once('/') {
        Some((address, mask)) => (address, mask.parse::<u32>().ok()),
        None => (ip, None),
    };
    let Some(mask) = mask else {
        b.text.push_str(&format!("{ip_field} == "));
        push_ip_literal(b, address);
        return;
    };
    b.text.push_str(&format!("{ip_field} in "));
    let start = b.text.len();
    match address.parse::<std::net::Ipv4Addr>() {
        Ok(v4) => {
            let shift = 32u32.saturating_sub(mask) % 32;
            let network = (u32::from(v4) >> shift) << shift;
            let network = std::net::Ipv4Addr::from(network);
            b.text.push_str(&format!("{network}/{mask}"));
            if mask == 0 && !network.is_unspecified() {
                b.values.push(Failure::Value {
                    start,
                    end: b.text.len(),
                    message: HOST_BITS_SET.to_string(),
                });
            }
        }
        Err(_) => {
            push_ip_literal(b, address);
            b.text.push_str(&format!("/{mask}"));
            let has_host_bits = address
                .parse::<std::net::Ipv6Addr>()
                .is_ok_and(|v6| mask < 128 && u128::from(v6) << mask != 0);
            if has_host_bits {
                b.values.push(Failure::Value {
                    start,
                    end: b.text.len(),
                    message: HOST_BITS_SET.to_string(),
                });
            }
        }
    }
}

/// The `cidr` crate's error for a range whose host part is not zero.
const HOST_BITS_SET: &str = "host part of address was not zero";

/// An address as written. The grammar has no bracketed IPv6 form (no `rhs` starts with `[`),
/// and its `ipv6_literal` stops at the `.` of an embedded IPv4 part (`::ffff:1.2.3.4`), after
/// which only `&&`/`||` could follow. The second message follows pest's reporting rules but was
/// not checked against a running Kong.
fn push_ip_literal(b: &mut Builder, address: &str) {
    let start = b.text.len();
    if address.starts_with('[') {
        b.syntax.push(Failure::Syntax {
            start,
            expected: "rhs",
        });
    } else if let Some(dot) = address.find('.').filter(|_| address.contains(':')) {
        b.syntax.push(Failure::Syntax {
            start: start + dot,
            expected: "and_op or or_op",
        });
    }
    b.text.push_str(address);
}

/// One header: `(any(lower(http.headers.x_y)) == r#"v"# || … ~ r#"re"#)`; values are
/// lower-cased, and a `~*` value is a regex.
fn push_header(b: &mut Builder, name: &str, values: &[Value]) {
    let field = format!(
        "any(lower(http.headers.{}))",
        name.to_ascii_lowercase().replace('-', "_")
    );
    b.text.push('(');
    if values.is_empty() {
        let start = b.text.len();
        b.syntax.push(Failure::Syntax {
            start,
            expected: "term",
        });
    }
    for (i, value) in strings(values).enumerate() {
        if i > 0 {
            b.text.push_str(LOGICAL_OR);
        }
        let lowered = value.to_ascii_lowercase();
        match lowered.strip_prefix("~*") {
            Some(regex) => {
                b.text.push_str(&format!("{field} ~ "));
                b.push_regex(regex);
            }
            None => {
                b.text.push_str(&format!("{field} == "));
                b.push_string(&lowered);
            }
        }
    }
    b.text.push(')');
}

/// The `@entity` message Kong would give, or `None` when the expression compiles.
pub(crate) fn validate(fields: &RouteFields<'_>) -> Option<String> {
    let built = build(fields);
    // pest parses the whole text first and stops at the first syntax error; only then are
    // literals turned into values, left to right.
    let first = built.syntax.first().or_else(|| built.values.first())?;
    Some(format!("{PREFIX}{}", pest_diagnostic(&built.text, first)))
}

/// `pest::error::Error`'s Display for a one-line input: position errors are underlined with
/// `^---`, span errors with `^---^`.
fn pest_diagnostic(line: &str, failure: &Failure) -> String {
    let column = |byte: usize| line.get(..byte).map_or(byte, |s| s.chars().count()) + 1;
    let (start_column, underline, message) = match failure {
        Failure::Syntax { start, expected } => {
            let col = column(*start);
            (col, "^---".to_string(), format!("expected {expected}"))
        }
        Failure::Value {
            start,
            end,
            message,
        } => {
            let (from, to) = (column(*start), column(*end));
            let width = to - from;
            let marker = if width > 1 {
                format!("^{}^", "-".repeat(width - 2))
            } else {
                "^".to_string()
            };
            (from, marker, message.clone())
        }
    };
    let indent: String = line
        .chars()
        .take(start_column - 1)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!(" --> 1:{start_column}\n  |\n1 | {line}\n  | {indent}{underline}\n  |\n  = {message}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields<'a>(paths: &'a [Value], headers: Vec<(&'a str, &'a [Value])>) -> RouteFields<'a> {
        RouteFields {
            protocols: vec!["http", "https"],
            snis: &[],
            sources: &[],
            destinations: &[],
            methods: &[],
            hosts: &[],
            paths,
            headers,
        }
    }

    #[test]
    fn builds_kong_expression_text() {
        let methods = [json!("GET")];
        let hosts = [json!("*.example.com"), json!("api.test:8080")];
        let paths = [json!("/api"), json!("~/v(?<n>\\d)")];
        let values = [json!("~*^A")];
        let route = RouteFields {
            methods: &methods,
            hosts: &hosts,
            ..fields(&paths, vec![("X-Env", &values)])
        };
        assert_eq!(
            build(&route).text,
            "(http.method == r#\"GET\"#) && (http.host =^ r#\".example.com\"# || \
             (http.host == r#\"api.test\"# && net.dst.port == 8080)) && \
             (http.path ^= r#\"/api\"# || http.path ~ r#\"^/v(?P<n>\\d)\"#) && \
             (any(lower(http.headers.x_env)) ~ r#\"^a\"#)"
        );
    }

    // routes.lua:122-127 with atc-router's parser.rs: a regex the Rust crate rejects.
    #[test]
    fn regex_error_is_a_pest_span_diagnostic() {
        let paths = [json!("~/(?=x)")];
        let message = validate(&fields(&paths, vec![])).unwrap_or_default();
        let expected_head = "Router Expression failed validation:  --> 1:14\n  |\n\
                             1 | (http.path ~ r#\"^/(?=x)\"#)\n  |              ^----------^\n  |\n  = regex parse error:";
        assert!(message.starts_with(expected_head), "{message}");
        assert!(
            message.ends_with(
                "error: look-around, including look-ahead and look-behind, is not supported"
            ),
            "{message}"
        );
    }

    // §4 of the rules reference: an empty header value list gives `expected term`.
    #[test]
    fn empty_header_values_are_a_syntax_error() {
        let empty: [Value; 0] = [];
        let message = validate(&fields(&[], vec![("x", &empty)])).unwrap_or_default();
        assert_eq!(
            message,
            "Router Expression failed validation:  --> 1:2\n  |\n1 | ()\n  |  ^---\n  |\n  = expected term"
        );
    }

    #[test]
    fn bracketed_source_ip_is_a_syntax_error() {
        let sources = [json!({"ip": "[::1]"})];
        let route = RouteFields {
            sources: &sources,
            ..fields(&[], vec![])
        };
        assert_eq!(
            validate(&route).unwrap_or_default(),
            "Router Expression failed validation:  --> 1:16\n  |\n1 | (net.src.ip == [::1])\n  |                ^---\n  |\n  = expected rhs"
        );
    }

    #[test]
    fn embedded_ipv4_in_ipv6_is_a_syntax_error() {
        let sources = [json!({"ip": "::ffff:10.0.0.1", "port": 80})];
        let route = RouteFields {
            sources: &sources,
            ..fields(&[], vec![])
        };
        assert_eq!(
            validate(&route).unwrap_or_default(),
            "Router Expression failed validation:  --> 1:26\n  |\n\
             1 | ((net.src.ip == ::ffff:10.0.0.1 && net.src.port == 80))\n  |                          ^---\n  |\n\
             \x20 = expected and_op or or_op"
        );
    }

    #[test]
    fn ipv4_ranges_are_rewritten_to_network_addresses() {
        let sources = [json!({"ip": "10.1.2.3/8", "port": 80})];
        let route = RouteFields {
            sources: &sources,
            ..fields(&[], vec![])
        };
        let built = build(&route);
        assert_eq!(
            built.text,
            "((net.src.ip in 10.0.0.0/8 && net.src.port == 80))"
        );
        assert!(validate(&route).is_none());
    }

    #[test]
    fn valid_routes_pass() {
        let paths = [json!("/a"), json!("~/b/\\d+$"), json!("~/(?<x>y)")];
        let values = [json!("~*^foo.*")];
        assert_eq!(validate(&fields(&paths, vec![("h", &values)])), None);
    }
}
