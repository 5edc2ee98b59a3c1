//! Validation of gateway service and route bodies, behind one function per entity so the
//! checks can be swapped for the `domain` crate's Kong-exact validation in one line each.
//!
//! Until `domain` lands this is a deliberately small subset of Kong's schema: the checks the
//! sandbox relies on to store and proxy an entity safely.

use std::collections::BTreeMap;

use regex::Regex;
use serde_json::{Map, Value};

/// Per-field and entity-level messages, the same split as `domain::ValidationErrors`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors {
    pub fields: BTreeMap<String, String>,
    pub entity: Vec<String>,
}

impl FieldErrors {
    fn field(&mut self, name: &str, message: impl Into<String>) {
        self.fields
            .entry(name.to_owned())
            .or_insert_with(|| message.into());
    }

    fn into_result(self) -> Result<(), FieldErrors> {
        if self.fields.is_empty() && self.entity.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

const SERVICE_PROTOCOLS: [&str; 10] = [
    "http",
    "https",
    "grpc",
    "grpcs",
    "tcp",
    "tls",
    "tls_passthrough",
    "udp",
    "ws",
    "wss",
];
const ROUTE_PROTOCOLS: [&str; 10] = [
    "http",
    "https",
    "grpc",
    "grpcs",
    "tcp",
    "tls",
    "tls_passthrough",
    "udp",
    "ws",
    "wss",
];
const HTTP_REDIRECT_CODES: [i64; 5] = [426, 301, 302, 307, 308];
const MAX_TAGS: usize = 8;
const MAX_TIMEOUT_MS: i64 = 2_147_483_646;

pub fn validate_service(body: &Map<String, Value>) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::default();
    check_name(body, &mut errors);
    check_tags(body, &mut errors);
    let url = present(body, "url");
    if let Some(url) = url {
        match url.as_str().map(split_url) {
            Some(Some(_)) => {}
            _ => errors.field("url", "missing host in url"),
        }
        for conflicting in ["protocol", "host", "port", "path"] {
            if present(body, conflicting).is_some() {
                errors
                    .entity
                    .push(format!("'{conflicting}' cannot be set together with 'url'"));
            }
        }
    } else if present(body, "host").is_none() {
        errors.entity.push("missing properties: 'host'".to_owned());
    }
    if let Some(protocol) = present(body, "protocol") {
        if !protocol
            .as_str()
            .is_some_and(|p| SERVICE_PROTOCOLS.contains(&p))
        {
            errors.field(
                "protocol",
                format!("value must be one of {SERVICE_PROTOCOLS:?}"),
            );
        }
    }
    if let Some(host) = present(body, "host") {
        if !host.as_str().is_some_and(is_hostname) {
            errors.field("host", "must be a valid hostname");
        }
    }
    check_integer(body, "port", 0, 65_535, &mut errors);
    check_integer(body, "retries", 0, 32_767, &mut errors);
    for timeout in ["connect_timeout", "write_timeout", "read_timeout"] {
        check_integer(body, timeout, 1, MAX_TIMEOUT_MS, &mut errors);
    }
    if let Some(path) = present(body, "path") {
        if !path.as_str().is_some_and(|p| p.starts_with('/')) {
            errors.field("path", "should start with: /");
        }
    }
    for flag in ["enabled", "tls_verify"] {
        check_bool(body, flag, &mut errors);
    }
    errors.into_result()
}

pub fn validate_route(body: &Map<String, Value>) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::default();
    check_name(body, &mut errors);
    check_tags(body, &mut errors);
    let protocols = string_list(body, "protocols", &mut errors);
    if let Some(protocols) = &protocols {
        if protocols.is_empty()
            || protocols
                .iter()
                .any(|p| !ROUTE_PROTOCOLS.contains(&p.as_str()))
        {
            errors.field(
                "protocols",
                format!("each value must be one of {ROUTE_PROTOCOLS:?}"),
            );
        }
    }
    let methods = string_list(body, "methods", &mut errors);
    if let Some(methods) = &methods {
        if methods
            .iter()
            .any(|m| m.is_empty() || !m.chars().all(|c| c.is_ascii_uppercase()))
        {
            errors.field("methods", "invalid value: must match pattern '^[A-Z]+$'");
        }
    }
    let hosts = string_list(body, "hosts", &mut errors);
    if let Some(hosts) = &hosts {
        if hosts.iter().any(|h| !is_host_pattern(h)) {
            errors.field("hosts", "invalid value: must be a valid hostname, optionally with one leading or trailing '*'");
        }
    }
    let paths = string_list(body, "paths", &mut errors);
    if let Some(paths) = &paths {
        for path in paths {
            if let Some(message) = path_problem(path) {
                errors.field("paths", message);
            }
        }
    }
    let has_headers = match present(body, "headers") {
        None => false,
        Some(Value::Object(headers)) => {
            let valid = headers.iter().all(|(name, values)| {
                !name.eq_ignore_ascii_case("host")
                    && values
                        .as_array()
                        .is_some_and(|v| v.iter().all(Value::is_string))
            });
            if !valid {
                errors.field(
                    "headers",
                    "must map header names (not Host) to arrays of strings",
                );
            }
            !headers.is_empty()
        }
        Some(_) => {
            errors.field("headers", "must be an object");
            false
        }
    };
    if let Some(code) = present(body, "https_redirect_status_code") {
        if !code
            .as_i64()
            .is_some_and(|c| HTTP_REDIRECT_CODES.contains(&c))
        {
            errors.field(
                "https_redirect_status_code",
                format!("value must be one of {HTTP_REDIRECT_CODES:?}"),
            );
        }
    }
    check_integer(
        body,
        "regex_priority",
        i64::from(i32::MIN),
        i64::from(i32::MAX),
        &mut errors,
    );
    if let Some(handling) = present(body, "path_handling") {
        if !matches!(handling.as_str(), Some("v0" | "v1")) {
            errors.field("path_handling", "value must be one of [v0, v1]");
        }
    }
    for flag in [
        "strip_path",
        "preserve_host",
        "request_buffering",
        "response_buffering",
    ] {
        check_bool(body, flag, &mut errors);
    }
    if let Some(service) = present(body, "service") {
        let id_ok = service
            .as_object()
            .and_then(|s| s.get("id"))
            .and_then(Value::as_str)
            .is_some_and(|id| uuid::Uuid::parse_str(id).is_ok());
        if !id_ok {
            errors.field("service.id", "must be a valid UUID");
        }
    }
    let is_http = protocols
        .as_ref()
        .is_none_or(|list| list.iter().any(|p| p == "http" || p == "https"));
    let non_empty = |list: &Option<Vec<String>>| list.as_ref().is_some_and(|l| !l.is_empty());
    if is_http && !(non_empty(&methods) || non_empty(&hosts) || non_empty(&paths) || has_headers) {
        errors.entity.push(
            "must set one of 'methods', 'hosts', 'headers', 'paths' when 'protocols' is 'http' or 'https'"
                .to_owned(),
        );
    }
    errors.into_result()
}

/// Splits `scheme://host[:port][/path]`; `None` when there is no host.
pub fn split_url(url: &str) -> Option<(String, String, Option<u16>, Option<String>)> {
    let (scheme, rest) = url.split_once("://")?;
    let (authority, path) = match rest.find('/') {
        Some(index) => (&rest[..index], Some(rest[index..].to_owned())),
        None => (rest, None),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || authority.starts_with('[') => {
            (host, Some(port.parse::<u16>().ok()?))
        }
        _ => (authority, None),
    };
    if host.is_empty() || !is_hostname(host) {
        return None;
    }
    Some((scheme.to_ascii_lowercase(), host.to_owned(), port, path))
}

/// A value that is present and not `null` (Kong treats `null` as "use the default").
fn present<'a>(body: &'a Map<String, Value>, field: &str) -> Option<&'a Value> {
    body.get(field).filter(|value| !value.is_null())
}

fn check_name(body: &Map<String, Value>, errors: &mut FieldErrors) {
    if let Some(name) = present(body, "name") {
        let valid = name.as_str().is_some_and(|n| {
            (1..=128).contains(&n.len())
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '~'))
        });
        if !valid {
            errors.field(
                "name",
                "must match pattern '^[0-9a-zA-Z.\\-_~]*$' and be 1 to 128 characters",
            );
        }
    }
}

fn check_tags(body: &Map<String, Value>, errors: &mut FieldErrors) {
    let mut tag_errors = FieldErrors::default();
    if let Some(tags) = string_list(body, "tags", &mut tag_errors) {
        if tags.len() > MAX_TAGS {
            errors.field(
                "tags",
                format!(
                    "maximum {MAX_TAGS} items required, but found {}",
                    tags.len()
                ),
            );
        }
    }
    for (field, message) in tag_errors.fields {
        errors.field(&field, message);
    }
}

fn check_integer(
    body: &Map<String, Value>,
    field: &str,
    min: i64,
    max: i64,
    errors: &mut FieldErrors,
) {
    if let Some(value) = present(body, field) {
        if !value.as_i64().is_some_and(|n| (min..=max).contains(&n)) {
            errors.field(field, format!("value should be between {min} and {max}"));
        }
    }
}

fn check_bool(body: &Map<String, Value>, field: &str, errors: &mut FieldErrors) {
    if present(body, field).is_some_and(|value| !value.is_boolean()) {
        errors.field(field, "expected a boolean");
    }
}

fn string_list(
    body: &Map<String, Value>,
    field: &str,
    errors: &mut FieldErrors,
) -> Option<Vec<String>> {
    let value = present(body, field)?;
    let list: Option<Vec<String>> = value.as_array().and_then(|items| {
        items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect()
    });
    if list.is_none() {
        errors.field(field, "expected an array of strings");
    }
    list
}

fn is_hostname(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '[' | ']'))
}

fn is_host_pattern(host: &str) -> bool {
    let bare = host
        .strip_prefix("*.")
        .or_else(|| host.strip_suffix(".*"))
        .unwrap_or(host);
    is_hostname(bare) && !bare.contains('*')
}

fn path_problem(path: &str) -> Option<String> {
    if let Some(pattern) = path.strip_prefix('~') {
        return Regex::new(pattern)
            .err()
            .map(|error| format!("invalid regex: '{pattern}' ({error})"));
    }
    if !path.starts_with('/') {
        return Some("should start with: / (fixed path) or ~/ (regex path)".to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn service_needs_a_host_or_url() {
        let errors = validate_service(&object(json!({"name": "svc"}))).unwrap_err();
        assert_eq!(errors.entity, ["missing properties: 'host'"]);
        assert!(validate_service(&object(json!({"url": "http://example.com:8080/api"}))).is_ok());
        let bad_port =
            validate_service(&object(json!({"host": "example.com", "port": 70000}))).unwrap_err();
        assert_eq!(
            bad_port.fields["port"],
            "value should be between 0 and 65535"
        );
    }

    #[test]
    fn route_checks_methods_paths_and_matching_fields() {
        let errors =
            validate_route(&object(json!({"methods": ["get"], "paths": ["~/(["]}))).unwrap_err();
        assert_eq!(
            errors.fields["methods"],
            "invalid value: must match pattern '^[A-Z]+$'"
        );
        assert!(errors.fields["paths"].starts_with("invalid regex"));
        let empty = validate_route(&object(json!({"name": "r"}))).unwrap_err();
        assert_eq!(empty.entity.len(), 1);
        assert!(
            validate_route(&object(
                json!({"paths": ["/a", "~/b/\\d+$"], "hosts": ["*.example.com"]})
            ))
            .is_ok()
        );
    }

    #[test]
    fn splits_urls() {
        assert_eq!(
            split_url("http://example.com:8080/api"),
            Some((
                "http".to_owned(),
                "example.com".to_owned(),
                Some(8080),
                Some("/api".to_owned())
            ))
        );
        assert_eq!(
            split_url("https://example.com"),
            Some(("https".to_owned(), "example.com".to_owned(), None, None))
        );
        assert_eq!(split_url("example.com"), None);
        assert_eq!(split_url("http://:80"), None);
    }
}
