//! Route validation (`kong/db/schema/entities/routes.lua`, `routes_subschemas.lua`) under the
//! default `traditional_compatible` router: defaults, the `protocols` subschema gate,
//! per-field checks with subschema overrides, required sweep, then entity checks in Kong's
//! order (snis/protocols, ATC expression, subschema at-least-one-of checks).

use serde_json::{Map, Value};

use crate::Target;
use crate::atc::{self, RouteFields};
use crate::errors::ValidationErrors;
use crate::model::Route;
use crate::rules::{host, ip, path, text};
use crate::schema::{
    self, BAD_INPUT, EXPECTED_MAP, EXPECTED_RECORD, EXPECTED_STRING, FieldError, FieldResult,
    ListKind, MIN_LENGTH_1, REQUIRED, Slot, UNKNOWN_FIELD, is_nonempty, quoted_list, slot,
};
use crate::service::{self, Mode, PROTOCOL_NAMES};

/// The three route subschemas, chosen by the first known protocol (`init.lua:1099-1117`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subschema {
    Http,
    Stream,
    Grpc,
}

impl Subschema {
    fn of(protocol: &str) -> Option<Subschema> {
        match protocol {
            "http" | "https" => Some(Subschema::Http),
            "tcp" | "tls" | "udp" | "tls_passthrough" => Some(Subschema::Stream),
            "grpc" | "grpcs" => Some(Subschema::Grpc),
            _ => None,
        }
    }

    /// Fields the subschema forces to null, with its custom message (`rss:4-66`).
    fn forbidden_message(self, field: &str) -> Option<String> {
        let (fields, protocols): (&[&str], &str) = match self {
            Subschema::Http => (&["sources", "destinations"], "'http' or 'https'"),
            Subschema::Stream => (
                &["methods", "hosts", "paths", "headers"],
                "'tcp', 'tls', 'tls_passthrough' or 'udp'",
            ),
            Subschema::Grpc => (&["methods", "sources", "destinations"], "'grpc' or 'grpcs'"),
        };
        fields
            .contains(&field)
            .then(|| format!("cannot set '{field}' when 'protocols' is {protocols}"))
    }
}

const REQUIRED_FIELDS: [&str; 6] = [
    "protocols",
    "https_redirect_status_code",
    "strip_path",
    "preserve_host",
    "request_buffering",
    "response_buffering",
];

const SET_FIELDS: [&str; 6] = [
    "protocols",
    "methods",
    "snis",
    "tags",
    "sources",
    "destinations",
];

const REDIRECT_CODES: [i64; 5] = [426, 301, 302, 307, 308];

const PROTOCOL_GROUPS: [&[&str]; 4] = [
    &["http", "https"],
    &["tcp", "tls", "udp"],
    &["tls_passthrough"],
    &["grpc", "grpcs"],
];

const GRPC_STRIP_PATH: &str = "cannot set 'strip_path' when 'protocols' is 'grpc' or 'grpcs'";

const SNIS_NEED_TLS: &str =
    "'snis' can only be set when 'protocols' is 'grpcs', 'https', 'tls' or 'tls_passthrough'";

/// Fields the ATC entity check reads; it is skipped when any of them already has an error.
const ATC_FIELDS: [&str; 12] = [
    "id",
    "protocols",
    "snis",
    "sources",
    "destinations",
    "methods",
    "hosts",
    "paths",
    "headers",
    "expression",
    "regex_priority",
    "priority",
];

/// Validates a route as Kong Gateway 3.x (`traditional_compatible` router) would on
/// `POST /routes`.
///
/// On success returns the normalized route: defaults filled for absent keys (including the
/// grpc default `strip_path = false`), sets de-duplicated, integral floats made integers.
pub fn validate_route(input: &Value, target: Target) -> Result<Route, ValidationErrors> {
    let Value::Object(object) = input else {
        let mut errors = ValidationErrors::default();
        errors.push_entity(BAD_INPUT);
        return Err(errors);
    };
    let mut data = object.clone();
    // Kong overwrites `updated_at` with the current time on insert, before validation.
    data.remove("updated_at");
    schema::fill_defaults(
        &mut data,
        &[("protocols", serde_json::json!(["http", "https"]))],
    );
    for field in SET_FIELDS {
        schema::dedupe_set(&mut data, field);
    }
    let subschema = subschema_gate(slot(&data, "protocols"))?;
    let strip_path_default = subschema != Subschema::Grpc;
    schema::fill_defaults(
        &mut data,
        &[
            ("https_redirect_status_code", Value::from(426)),
            ("strip_path", Value::Bool(strip_path_default)),
            ("preserve_host", Value::Bool(false)),
            ("request_buffering", Value::Bool(true)),
            ("response_buffering", Value::Bool(true)),
            ("regex_priority", Value::from(0)),
            ("path_handling", Value::from("v0")),
        ],
    );
    check(&data, subschema, target).into_result(())?;
    into_model(data)
}

fn into_model(data: Map<String, Value>) -> Result<Route, ValidationErrors> {
    let mut value = Value::Object(data);
    schema::integral_floats_to_integers(&mut value);
    serde_json::from_value(value).map_err(|error| {
        let mut errors = ValidationErrors::default();
        errors.push_entity(format!("value out of the supported range: {error}"));
        errors
    })
}

/// The subschema gate (`init.lua:2111-2126`): when it fails, nothing else is reported.
fn subschema_gate(protocols: Slot<'_>) -> Result<Subschema, ValidationErrors> {
    let unknown = |shown: String| {
        let mut errors = ValidationErrors::default();
        errors.set("protocols", format!("unknown type: {shown}"));
        errors
    };
    match protocols {
        Slot::Absent | Slot::Null => {
            let mut errors = ValidationErrors::default();
            errors.set("protocols", REQUIRED);
            Err(errors)
        }
        Slot::Value(Value::String(protocol)) => {
            Subschema::of(protocol).ok_or_else(|| unknown(protocol.clone()))
        }
        Slot::Value(Value::Array(items)) => items
            .iter()
            .find_map(|item| item.as_str().and_then(Subschema::of))
            .ok_or_else(|| unknown(lua_tostring(items.first()))),
        Slot::Value(Value::Object(_)) => Err(unknown("nil".to_string())),
        // Kong indexes the number or boolean and fails with an HTTP 500; report the type.
        Slot::Value(_) => {
            let mut errors = ValidationErrors::default();
            errors.set("protocols", schema::EXPECTED_SET);
            Err(errors)
        }
    }
}

/// Lua's `tostring` of the first `protocols` element, as `unknown type: %s` shows it.
fn lua_tostring(value: Option<&Value>) -> String {
    match value {
        None => "nil".to_string(),
        Some(Value::Null) => "userdata: NULL".to_string(),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Bool(flag)) => flag.to_string(),
        Some(Value::Number(number)) => number
            .as_f64()
            .map_or_else(|| number.to_string(), lua_number_to_string),
        Some(Value::Array(_) | Value::Object(_)) => "table".to_string(),
    }
}

/// LuaJIT's `tostring` of a number: C's `%.14g` (JSON numbers are always finite).
fn lua_number_to_string(number: f64) -> String {
    if number == 0.0 {
        return "0".to_string();
    }
    let scientific = format!("{number:.13e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let trim = |text: &str| text.trim_end_matches('0').trim_end_matches('.').to_string();
    if (-4..14).contains(&exponent) {
        let decimals = usize::try_from(13 - exponent).unwrap_or(0);
        trim(&format!("{number:.decimals$}"))
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", trim(mantissa), exponent.abs())
    }
}

fn check(data: &Map<String, Value>, subschema: Subschema, target: Target) -> ValidationErrors {
    let mut errors = ValidationErrors::default();
    for (key, value) in data {
        let result = match value {
            Value::Null if !is_known_field(key) => Err(UNKNOWN_FIELD.into()),
            Value::Null if REQUIRED_FIELDS.contains(&key.as_str()) => Err(REQUIRED.into()),
            Value::Null => Ok(()),
            value => check_field(key, value, subschema, target),
        };
        if let Err(error) = result {
            errors.set_field_error(key, error);
        }
    }
    for field in REQUIRED_FIELDS {
        if matches!(slot(data, field), Slot::Absent | Slot::Null) {
            errors.set_field_error(field, REQUIRED.into());
        }
    }
    check_snis_protocols(data, &mut errors);
    if !ATC_FIELDS.iter().any(|field| errors.has_field(field))
        && let Some(message) = router_expression_error(data)
    {
        errors.push_entity(message);
    }
    check_subschema_requirements(data, subschema, &mut errors);
    errors
}

/// The fields of Kong's `routes` schema (`routes.lua`) under the `traditional_compatible` router.
pub const ROUTE_FIELDS: [&str; 21] = [
    "id",
    "created_at",
    "updated_at",
    "name",
    "protocols",
    "https_redirect_status_code",
    "strip_path",
    "preserve_host",
    "request_buffering",
    "response_buffering",
    "tags",
    "service",
    "snis",
    "sources",
    "destinations",
    "methods",
    "hosts",
    "paths",
    "headers",
    "regex_priority",
    "path_handling",
];

fn is_known_field(key: &str) -> bool {
    ROUTE_FIELDS.contains(&key)
}

/// One non-null field value (`routes.lua:150-203`), with the subschema's overrides first.
fn check_field(key: &str, value: &Value, subschema: Subschema, target: Target) -> FieldResult {
    if let Some(message) = subschema.forbidden_message(key) {
        return Err(message.into());
    }
    match key {
        "id" => schema::uuid(value),
        "created_at" => service::timestamp(value),
        // Listed in Kong's `unvalidated_fields` (`init.lua:2583-2590`).
        "updated_at" => Ok(()),
        "name" => {
            let name = schema::nonempty_string(value)?;
            text::check_name(name, false).map_err(FieldError::Message)
        }
        "protocols" => check_protocols(value),
        "https_redirect_status_code" => {
            let code = schema::expect_integer(value)?;
            if REDIRECT_CODES.iter().any(|c| *c as f64 == code) {
                Ok(())
            } else {
                Err("expected one of: 426, 301, 302, 307, 308".into())
            }
        }
        "strip_path" => {
            schema::expect_boolean(value)?;
            if subschema == Subschema::Grpc && value == &Value::Bool(true) {
                return Err(GRPC_STRIP_PATH.into());
            }
            Ok(())
        }
        "preserve_host" | "request_buffering" | "response_buffering" => {
            schema::expect_boolean(value)
        }
        "tags" => schema::list_of_strings(value, ListKind::Set, text::check_tag).map(|_| ()),
        "service" => schema::foreign_key(value, |object| {
            Some(service::check(object, target, Mode::Partial))
        }),
        "snis" => check_snis(value).map(|_| ()),
        "sources" | "destinations" => {
            schema::list_of(value, ListKind::Set, check_endpoint).map(|_| ())
        }
        "methods" => schema::list_of_strings(value, ListKind::Set, check_method).map(|_| ()),
        "hosts" => {
            schema::list_of_strings(value, ListKind::Array, host::check_route_host).map(|_| ())
        }
        "paths" => {
            schema::list_of_strings(value, ListKind::Array, path::check_route_path).map(|_| ())
        }
        "headers" => check_headers(value),
        "regex_priority" => {
            // No range in Kong; the model stores an i64 (Postgres bigint).
            let priority = schema::expect_integer(value)?;
            if priority.abs() < 9.2e18 {
                Ok(())
            } else {
                Err(schema::EXPECTED_INTEGER.into())
            }
        }
        "path_handling" => schema::one_of(value, &["v0", "v1"]),
        _ => Err(UNKNOWN_FIELD.into()),
    }
}

/// `protocols`: a set of known protocols, at least one, from one exclusive group.
fn check_protocols(value: &Value) -> FieldResult {
    let items = schema::list_of(value, ListKind::Set, |item| {
        schema::one_of(item, &PROTOCOL_NAMES)
    })?;
    if items.is_empty() {
        return Err(MIN_LENGTH_1.into());
    }
    let names: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
    exclusive_groups(&names)
}

/// `mutually_exclusive_subsets` (`init.lua:355-383`): groups listed in order of first use.
fn exclusive_groups(protocols: &[&str]) -> FieldResult {
    let mut used: Vec<&[&str]> = Vec::new();
    for protocol in protocols {
        if let Some(group) = PROTOCOL_GROUPS.iter().find(|g| g.contains(protocol))
            && !used.contains(group)
        {
            used.push(group);
        }
    }
    if used.len() <= 1 {
        return Ok(());
    }
    let listed: Vec<String> = used
        .iter()
        .map(|group| format!("({})", quoted_list(group)))
        .collect();
    Err(format!("these sets are mutually exclusive: {}", listed.join(", ")).into())
}

/// `typedefs.http_method`: Lua `^%u+$`, ASCII upper-case letters only.
fn check_method(method: &str) -> Result<(), String> {
    if method.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(format!("invalid value: {method}"))
    }
}

/// `snis` under `traditional_compatible`: a set of `wildcard_host`.
fn check_snis(value: &Value) -> Result<&[Value], FieldError> {
    schema::list_of_strings(value, ListKind::Set, host::check_wildcard_host)
}

/// A `sources`/`destinations` element: the record `{ip, port}` with `at_least_one_of`.
fn check_endpoint(value: &Value) -> FieldResult {
    let mut errors = ValidationErrors::default();
    let at_least_one = match value {
        Value::Object(record) => {
            for (key, field) in record {
                let result = match (key.as_str(), field) {
                    ("ip" | "port", Value::Null) => Ok(()),
                    ("ip", ip) => schema::nonempty_string(ip)
                        .and_then(|text| ip::check_ip_or_cidr(text).map_err(FieldError::Message)),
                    ("port", port) => schema::integer_between(port, 0, 65_535),
                    // Kong skips `updated_at` in every schema (`init.lua:2583-2590`).
                    ("updated_at", _) => Ok(()),
                    _ => Err(UNKNOWN_FIELD.into()),
                };
                if let Err(error) = result {
                    errors.set_field_error(key, error);
                }
            }
            is_nonempty(slot(record, "ip")) || is_nonempty(slot(record, "port"))
        }
        // A JSON array is a Lua table too: its indexes are unknown fields.
        Value::Array(items) => {
            for index in 1..=items.len() {
                errors.set(index.to_string(), UNKNOWN_FIELD);
            }
            false
        }
        _ => return Err(EXPECTED_RECORD.into()),
    };
    if !at_least_one {
        errors.push_entity("at least one of these fields must be non-empty: 'ip', 'port'");
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(FieldError::Nested(errors))
    }
}

/// `headers`: a map of header name to a list of non-empty strings. Only the first failing key
/// or value is reported (`init.lua:930-947`).
fn check_headers(value: &Value) -> FieldResult {
    let entries: Vec<(&str, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        Value::Array(items) if items.is_empty() => Vec::new(),
        // Array indexes are numeric keys, which fail the header-name string check.
        Value::Array(_) => return Err(EXPECTED_STRING.into()),
        _ => return Err(EXPECTED_MAP.into()),
    };
    for (name, values) in entries {
        check_header_name(name)?;
        if values.is_null() {
            return Err(REQUIRED.into());
        }
        schema::list_of(values, ListKind::Array, |item| {
            schema::nonempty_string(item).map(|_| ())
        })?;
    }
    Ok(())
}

/// Header names (`rt:190-199`, `kong/tools/http.lua:271-282`).
fn check_header_name(name: &str) -> FieldResult {
    if name.is_empty() {
        return Err(MIN_LENGTH_1.into());
    }
    if name.eq_ignore_ascii_case("host") {
        return Err(
            "cannot contain 'host' header, which must be specified in the 'hosts' attribute".into(),
        );
    }
    if name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Ok(())
    } else {
        Err(
            format!("bad header name '{name}', allowed characters are A-Z, a-z, 0-9, '_', and '-'")
                .into(),
        )
    }
}

/// The protocols as a list of strings when they form a valid `protocols` value (what an
/// entity check's `if_match` needs, since it inherits the field's own rules).
fn valid_protocols(data: &Map<String, Value>) -> Option<Vec<&str>> {
    let items = schema::as_sequence(data.get("protocols")?)?;
    let names: Option<Vec<&str>> = items
        .iter()
        .map(|item| item.as_str().filter(|p| PROTOCOL_NAMES.contains(p)))
        .collect();
    let names = names.filter(|n| !n.is_empty())?;
    exclusive_groups(&names).ok().map(|()| names)
}

/// `snis` only with a TLS protocol (`rt:17-23`). Kong's `if_match` here replaces the element
/// rule (any non-empty string not in the TLS list) but keeps the set's length and
/// exclusive-groups rules.
fn check_snis_protocols(data: &Map<String, Value>, errors: &mut ValidationErrors) {
    let Some(items) = data.get("protocols").and_then(schema::as_sequence) else {
        return;
    };
    let tls = ["grpcs", "https", "tls", "tls_passthrough"];
    let names: Option<Vec<&str>> = items
        .iter()
        .map(|item| item.as_str().filter(|p| !p.is_empty() && !tls.contains(p)))
        .collect();
    let Some(names) = names.filter(|n| !n.is_empty()) else {
        return;
    };
    if exclusive_groups(&names).is_err() {
        return;
    }
    let Slot::Value(snis) = slot(data, "snis") else {
        return;
    };
    let failure = match check_snis(snis) {
        Err(error) => Some(error),
        Ok(items) if !items.is_empty() => Some(FieldError::from("length must be 0")),
        Ok(_) => None,
    };
    if let Some(error) = failure {
        errors.set_field_error("snis", error);
        errors.push_entity(SNIS_NEED_TLS);
    }
}

/// The `traditional_compatible` router check (`rt:43-138`).
fn router_expression_error(data: &Map<String, Value>) -> Option<String> {
    let list =
        |field: &str| -> &[Value] { data.get(field).and_then(schema::as_sequence).unwrap_or(&[]) };
    let headers: Vec<(&str, &[Value])> = match data.get("headers") {
        Some(Value::Object(map)) => map
            .iter()
            .map(|(name, values)| (name.as_str(), schema::as_sequence(values).unwrap_or(&[])))
            .collect(),
        _ => Vec::new(),
    };
    let fields = RouteFields {
        protocols: list("protocols").iter().filter_map(Value::as_str).collect(),
        snis: list("snis"),
        sources: list("sources"),
        destinations: list("destinations"),
        methods: list("methods"),
        hosts: list("hosts"),
        paths: list("paths"),
        headers,
    };
    let all_empty = fields.snis.is_empty()
        && fields.sources.is_empty()
        && fields.destinations.is_empty()
        && fields.methods.is_empty()
        && fields.hosts.is_empty()
        && fields.paths.is_empty()
        && fields.headers.is_empty();
    if all_empty {
        return None;
    }
    atc::validate(&fields)
}

/// The subschemas' `conditional_at_least_one_of` checks (`rss:11-20`, `33-43`, `55-65`).
fn check_subschema_requirements(
    data: &Map<String, Value>,
    subschema: Subschema,
    errors: &mut ValidationErrors,
) {
    let Some(protocols) = valid_protocols(data) else {
        return;
    };
    let has = |p: &str| protocols.contains(&p);
    let all_in = |set: &[&str]| protocols.iter().all(|p| set.contains(p));
    let requirements: Vec<(&[&str], String)> = match subschema {
        Subschema::Http if has("https") => vec![(
            &["methods", "hosts", "headers", "paths", "snis"],
            "'https'".to_string(),
        )],
        Subschema::Http if has("http") => {
            vec![(
                &["methods", "hosts", "headers", "paths"],
                "'http'".to_string(),
            )]
        }
        Subschema::Grpc if has("grpcs") => {
            vec![(
                &["hosts", "headers", "paths", "snis"],
                "'grpcs'".to_string(),
            )]
        }
        Subschema::Grpc if has("grpc") => {
            vec![(&["hosts", "headers", "paths"], "'grpc'".to_string())]
        }
        Subschema::Stream => {
            let mut checks: Vec<(&[&str], String)> = Vec::new();
            if all_in(&["tcp", "tls", "udp"]) {
                checks.push((
                    &["sources", "destinations", "snis"],
                    "'tcp', 'tls' or 'udp'".to_string(),
                ));
            }
            if all_in(&["tls_passthrough"]) {
                checks.push((&["snis"], String::new()));
            }
            checks
        }
        _ => Vec::new(),
    };
    for (fields, protocols_text) in requirements {
        if fields.iter().any(|field| is_nonempty(slot(data, field))) {
            continue;
        }
        let message = if protocols_text.is_empty() {
            "must set snis when 'protocols' is 'tls_passthrough'".to_string()
        } else {
            format!(
                "must set one of {} when 'protocols' is {protocols_text}",
                quoted_list(fields)
            )
        };
        errors.push_entity(message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // `unknown type: %s` shows the element as LuaJIT's tostring does (`%.14g`).
    #[test]
    fn numbers_print_like_lua() {
        let cases = [
            (5.0, "5"),
            (5.5, "5.5"),
            (-2.0, "-2"),
            (0.1, "0.1"),
            (1e20, "1e+20"),
            (123_456_789_012_345_680.0, "1.2345678901235e+17"),
            (0.00001, "1e-05"),
            (65535.0, "65535"),
        ];
        for (number, expected) in cases {
            assert_eq!(lua_number_to_string(number), expected, "{number}");
        }
    }
}
