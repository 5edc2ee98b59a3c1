//! The service `url` shorthand (`services.lua:75-106`), parsed as luasocket's
//! `socket.url.parse` parses it, and its inverse for forms.

use serde_json::Value;

use crate::errors::ValidationErrors;
use crate::service;

/// A URL split into the four service fields, as Kong's `url` shorthand splits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts {
    pub protocol: String,
    pub host: String,
    pub port: Option<u16>,
    pub path: Option<String>,
}

/// The raw pieces luasocket finds (`socket/url.lua` `parse`).
#[derive(Debug, Default)]
struct ParsedUrl<'a> {
    scheme: Option<&'a str>,
    host: Option<&'a str>,
    port: Option<&'a str>,
    path: Option<&'a str>,
}

fn is_scheme_start(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn is_scheme_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')
}

/// luasocket's parse: scheme `^[%w][%w+%-.]*:`, authority `^//[^/]*`, then fragment `#…`,
/// query `?…` and params `;…` are cut off the rest, which is the path. In the authority,
/// `user@` is dropped, `:port` (no `:` or `]`) is split off and `[v6]` brackets removed.
fn parse(url: &str) -> Option<ParsedUrl<'_>> {
    if url.is_empty() {
        return None;
    }
    let mut parsed = ParsedUrl::default();
    let mut rest = url;
    let bytes = rest.as_bytes();
    if bytes.first().copied().is_some_and(is_scheme_start) {
        let end = bytes
            .iter()
            .position(|b| !is_scheme_byte(*b))
            .unwrap_or(bytes.len());
        if bytes.get(end) == Some(&b':') {
            parsed.scheme = Some(&rest[..end]);
            rest = &rest[end + 1..];
        }
    }
    let mut authority = None;
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find('/').unwrap_or(after.len());
        authority = Some(&after[..end]);
        rest = &after[end..];
    }
    for separator in ['#', '?', ';'] {
        if let Some(index) = rest.find(separator) {
            rest = &rest[..index];
        }
    }
    if !rest.is_empty() {
        parsed.path = Some(rest);
    }
    let Some(mut authority) = authority else {
        return Some(parsed);
    };
    if let Some(at) = authority.find('@') {
        authority = &authority[at + 1..];
    }
    if let Some(colon) = authority.rfind(':') {
        let port = &authority[colon + 1..];
        if !port.contains(']') {
            parsed.port = Some(port);
            authority = &authority[..colon];
        }
    }
    if !authority.is_empty() {
        let unbracketed = authority
            .strip_prefix('[')
            .and_then(|inner| inner.strip_suffix(']'))
            .filter(|inner| !inner.is_empty());
        parsed.host = Some(unbracketed.unwrap_or(authority));
    }
    Some(parsed)
}

/// Lua's `tonumber` on a string, limited to what a URL port can hold: decimal integers and
/// floats and `0x` hexadecimal, surrounded by optional whitespace.
fn lua_tonumber(text: &str) -> Option<f64> {
    let trimmed = text.trim_matches(|c: char| c.is_ascii_whitespace());
    let (negative, unsigned) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let magnitude = if let Some(hex) = unsigned.strip_prefix("0x").or(unsigned.strip_prefix("0X")) {
        u64::from_str_radix(hex, 16).ok().map(|n| n as f64)
    } else {
        let plausible = !unsigned.is_empty()
            && unsigned.bytes().any(|b| b.is_ascii_digit())
            && unsigned
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
        if plausible {
            unsigned.parse::<f64>().ok()
        } else {
            None
        }
    }?;
    Some(if negative { -magnitude } else { magnitude })
}

/// A Lua number as JSON, keeping integers integral so Kong's integer check sees them as such.
fn number_value(number: f64) -> Option<Value> {
    if number.fract() == 0.0 && number.abs() < 9.0e15 {
        Some(Value::from(number as i64))
    } else {
        serde_json::Number::from_f64(number).map(Value::Number)
    }
}

/// The values the shorthand writes into `protocol`, `host`, `port` and `path`, as JSON, before
/// validation (they may well be invalid: `port` can be a string, `host` null).
pub(crate) struct Expanded {
    pub protocol: Value,
    pub host: Value,
    pub port: Value,
    pub path: Value,
}

/// Expands the shorthand; `None` when luasocket gives up (only for an empty string).
pub(crate) fn expand(url: &str) -> Option<Expanded> {
    let parsed = parse(url)?;
    let numeric_port = parsed.port.and_then(lua_tonumber);
    // Without a scheme, the well-known ports decide the protocol.
    let inferred = numeric_port.and_then(|port| {
        if port == 80.0 {
            Some("http")
        } else if port == 443.0 {
            Some("https")
        } else {
            None
        }
    });
    let protocol = parsed.scheme.or(inferred).unwrap_or("http");
    let port = match (numeric_port, parsed.port) {
        (Some(number), Some(text)) => number_value(number).unwrap_or_else(|| Value::from(text)),
        (None, Some(text)) => Value::from(text),
        _ => Value::from(match protocol {
            "https" => 443,
            _ => 80,
        }),
    };
    Some(Expanded {
        protocol: Value::from(protocol),
        host: parsed.host.map_or(Value::Null, Value::from),
        port,
        path: parsed.path.map_or(Value::Null, Value::from),
    })
}

/// Splits `url` as Kong's `url` shorthand does. On failure the message is Kong's summary of
/// the errors the expanded fields get, e.g. `schema violation (host: required field missing)`.
pub fn split_url(url: &str) -> Result<UrlParts, String> {
    let input = serde_json::json!({ "url": url });
    match service::validate_service(&input, crate::Target::Gateway) {
        Ok(service) => Ok(UrlParts {
            protocol: service.protocol.as_str().to_string(),
            host: service.host,
            port: Some(service.port),
            path: service.path.as_value().cloned(),
        }),
        Err(errors) => Err(summary_or_default(&errors)),
    }
}

fn summary_or_default(errors: &ValidationErrors) -> String {
    if errors.is_empty() {
        "invalid url".to_string()
    } else {
        errors.summary()
    }
}

/// Joins the parts back into a URL that [`split_url`] splits into the same parts: the port is
/// left out when it is the one the shorthand would infer, an IPv6 host is bracketed.
pub fn join_url(parts: &UrlParts) -> String {
    let host = if parts.host.contains(':') {
        format!("[{}]", parts.host)
    } else {
        parts.host.clone()
    };
    let default_port = if parts.protocol == "https" { 443 } else { 80 };
    let port = match parts.port {
        Some(port) if port != default_port => format!(":{port}"),
        _ => String::new(),
    };
    let path = parts.path.as_deref().unwrap_or("");
    format!("{}://{host}{port}{path}", parts.protocol)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(protocol: &str, host: &str, port: u16, path: Option<&str>) -> UrlParts {
        UrlParts {
            protocol: protocol.into(),
            host: host.into(),
            port: Some(port),
            path: path.map(Into::into),
        }
    }

    // services.lua:75-106
    #[test]
    fn splits_like_the_shorthand() {
        assert_eq!(
            split_url("https://example.com/api?x=1#frag"),
            Ok(parts("https", "example.com", 443, Some("/api")))
        );
        assert_eq!(
            split_url("http://u:p@example.com:8080"),
            Ok(parts("http", "example.com", 8080, None))
        );
        assert_eq!(
            split_url("//example.com:443/x"),
            Ok(parts("https", "example.com", 443, Some("/x")))
        );
        assert_eq!(
            split_url("tcp://[::1]:9000"),
            Ok(parts("tcp", "::1", 9000, None))
        );
        assert_eq!(split_url("grpc://h"), Ok(parts("grpc", "h", 80, None)));
    }

    #[test]
    fn reports_kong_messages_on_failure() {
        assert_eq!(
            split_url("invalid url"),
            Err(
                "2 schema violations (host: required field missing; path: should start with: /)"
                    .into()
            )
        );
        assert_eq!(
            split_url("HTTP://example.com"),
            Err("schema violation (protocol: expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp)".into())
        );
        assert_eq!(
            split_url("http://example.com:abc"),
            Err("schema violation (port: expected an integer)".into())
        );
    }

    #[test]
    fn join_round_trips() {
        for url in [
            "https://example.com/api",
            "http://h:8080",
            "tcp://[::1]:9000",
            "grpc://h",
        ] {
            let split = split_url(url).unwrap_or_else(|_| parts("", "", 0, None));
            assert_eq!(split_url(&join_url(&split)), Ok(split.clone()), "{url}");
        }
        assert_eq!(
            join_url(&parts("https", "example.com", 443, Some("/api"))),
            "https://example.com/api"
        );
    }

    #[test]
    fn tonumber_like_lua() {
        assert_eq!(lua_tonumber(" 80 "), Some(80.0));
        assert_eq!(lua_tonumber("0x50"), Some(80.0));
        assert_eq!(lua_tonumber("8e1"), Some(80.0));
        assert_eq!(lua_tonumber(""), None);
        assert_eq!(lua_tonumber("inf"), None);
    }
}
