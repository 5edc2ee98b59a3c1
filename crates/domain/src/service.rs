//! Service validation (`kong/db/schema/entities/services.lua`), following Kong's pipeline:
//! `url` shorthand, defaults, per-field checks, required sweep, entity checks.

use serde_json::{Map, Value};

use crate::Target;
use crate::errors::ValidationErrors;
use crate::model::{Protocol, Service};
use crate::rules::{host, path, text};
use crate::schema::{
    self, BAD_INPUT, EXPECTED_STRING, FieldError, FieldResult, ListKind, MIN_LENGTH_1,
    MUST_BE_NULL, REQUIRED, Slot, UNKNOWN_FIELD, slot,
};
use crate::url;

/// Insert validation (the whole entity) or Kong's partial validation, which is what a route's
/// nested `service` object gets when it has no valid `id` (`init.lua:963-975`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Insert,
    Partial,
}

pub(crate) const PROTOCOL_NAMES: [&str; 8] = [
    "grpc",
    "grpcs",
    "http",
    "https",
    "tcp",
    "tls",
    "tls_passthrough",
    "udp",
];

/// Timeouts are 1..=2^31-2 for services (`services.lua:11-14`); 0 is rejected.
const MAX_TIMEOUT: i64 = 2_147_483_646;

const REQUIRED_FIELDS: [&str; 4] = ["protocol", "host", "port", "enabled"];

/// The fields that must be null unless the protocol allows them (`services.lua:52-73`).
const TLS_ONLY_FIELDS: [&str; 4] = [
    "client_certificate",
    "tls_verify",
    "tls_verify_depth",
    "ca_certificates",
];

const CONDITIONAL_FAILURE: &str = "failed conditional validation given value of field 'protocol'";

fn defaults() -> [(&'static str, Value); 6] {
    [
        ("protocol", Value::from("http")),
        ("port", Value::from(80)),
        ("retries", Value::from(5)),
        ("connect_timeout", Value::from(60_000)),
        ("write_timeout", Value::from(60_000)),
        ("read_timeout", Value::from(60_000)),
    ]
}

/// Validates a service as Kong Gateway's Admin API would on `POST /services`.
///
/// On success returns the normalized service: `url` expanded, defaults filled for absent keys
/// (`enabled` too), `tags` de-duplicated, integral floats made integers.
pub fn validate_service(input: &Value, target: Target) -> Result<Service, ValidationErrors> {
    let Value::Object(object) = input else {
        let mut errors = ValidationErrors::default();
        errors.push_entity(BAD_INPUT);
        return Err(errors);
    };
    let mut data = object.clone();
    // Kong overwrites `updated_at` with the current time on insert, before validation.
    data.remove("updated_at");
    expand_url_shorthand(&mut data)?;
    schema::fill_defaults(&mut data, &defaults());
    schema::fill_defaults(&mut data, &[("enabled", Value::Bool(true))]);
    schema::dedupe_set(&mut data, "tags");
    check(&data, target, Mode::Insert).into_result(())?;
    into_model(data)
}

fn into_model(data: Map<String, Value>) -> Result<Service, ValidationErrors> {
    let mut value = Value::Object(data);
    schema::integral_floats_to_integers(&mut value);
    serde_json::from_value(value).map_err(|error| {
        let mut errors = ValidationErrors::default();
        errors.push_entity(format!("value out of the supported range: {error}"));
        errors
    })
}

/// The `url` shorthand (`init.lua:1798-1850`): validated as a string first (an error there is
/// the only error reported), then expanded; its four values overwrite explicit ones.
fn expand_url_shorthand(data: &mut Map<String, Value>) -> Result<(), ValidationErrors> {
    let Some(url) = data.get("url") else {
        return Ok(());
    };
    let text = match url {
        // Kong calls tostring(ngx.null) on a null url.
        Value::Null => "userdata: NULL".to_string(),
        Value::String(text) if text.is_empty() => return Err(single_error("url", MIN_LENGTH_1)),
        Value::String(text) => text.clone(),
        _ => return Err(single_error("url", EXPECTED_STRING)),
    };
    data.remove("url");
    if let Some(expanded) = url::expand(&text) {
        data.insert("protocol".into(), expanded.protocol);
        data.insert("host".into(), expanded.host);
        data.insert("port".into(), expanded.port);
        data.insert("path".into(), expanded.path);
    }
    Ok(())
}

fn single_error(field: &str, message: &str) -> ValidationErrors {
    let mut errors = ValidationErrors::default();
    errors.set(field, message);
    errors
}

/// Field checks, required sweep and entity checks over already-expanded data.
pub(crate) fn check(data: &Map<String, Value>, target: Target, mode: Mode) -> ValidationErrors {
    let mut errors = ValidationErrors::default();
    for (key, value) in data {
        let result = match value {
            Value::Null if is_known_field(key) => {
                if REQUIRED_FIELDS.contains(&key.as_str()) {
                    Err(REQUIRED.into())
                } else {
                    Ok(())
                }
            }
            Value::Null => Err(UNKNOWN_FIELD.into()),
            value => check_field(key, value, target),
        };
        if let Err(error) = result {
            errors.set_field_error(key, error);
        }
    }
    for field in REQUIRED_FIELDS {
        let missing = match slot(data, field) {
            Slot::Null => true,
            Slot::Absent => mode == Mode::Insert,
            Slot::Value(_) => false,
        };
        if missing {
            errors.set_field_error(field, REQUIRED.into());
        }
    }
    run_entity_checks(data, &mut errors);
    errors
}

/// The fields of Kong's `services` schema (`services.lua`). `url` is not one of them: it is a
/// shorthand, expanded into protocol, host, port and path before validation.
pub const SERVICE_FIELDS: [&str; 18] = [
    "id",
    "created_at",
    "updated_at",
    "name",
    "retries",
    "protocol",
    "host",
    "port",
    "path",
    "connect_timeout",
    "write_timeout",
    "read_timeout",
    "tags",
    "client_certificate",
    "tls_verify",
    "tls_verify_depth",
    "ca_certificates",
    "enabled",
];

fn is_known_field(key: &str) -> bool {
    SERVICE_FIELDS.contains(&key)
}

/// One non-null field value (`services.lua:29-49`).
fn check_field(key: &str, value: &Value, target: Target) -> FieldResult {
    match key {
        "id" => schema::uuid(value),
        "created_at" => timestamp(value),
        // Listed in Kong's `unvalidated_fields` (`init.lua:2583-2590`).
        "updated_at" => Ok(()),
        "name" => {
            let name = schema::nonempty_string(value)?;
            let allow_colon = text::service_name_allows_colon(target);
            text::check_name(name, allow_colon).map_err(FieldError::Message)
        }
        "retries" => schema::integer_between(value, 0, 32_767),
        "protocol" => schema::one_of(value, &PROTOCOL_NAMES),
        "host" => {
            let host = schema::nonempty_string(value)?;
            host::check_service_host(host).map_err(FieldError::Message)
        }
        "port" => schema::integer_between(value, 0, 65_535),
        "path" => {
            let path = schema::nonempty_string(value)?;
            path::check_service_path(path).map_err(FieldError::Message)
        }
        "connect_timeout" | "write_timeout" | "read_timeout" => {
            schema::integer_between(value, 1, MAX_TIMEOUT)
        }
        "tags" => schema::list_of_strings(value, ListKind::Set, text::check_tag).map(|_| ()),
        "client_certificate" => {
            schema::foreign_key(value, |object| Some(certificate_partial_errors(object)))
        }
        "tls_verify" | "enabled" => schema::expect_boolean(value),
        "tls_verify_depth" => schema::integer_between(value, 0, 64),
        "ca_certificates" => schema::list_of(value, ListKind::Array, schema::uuid).map(|_| ()),
        _ => Err(UNKNOWN_FIELD.into()),
    }
}

/// The field checks of a partial certificate (`kong/db/schema/entities/certificates.lua:16-24`),
/// which Kong runs on a `client_certificate` object without a valid `id`. Certificate and key
/// contents need OpenSSL and are only type-checked; entity checks are not run.
fn certificate_partial_errors(object: &Map<String, Value>) -> ValidationErrors {
    let mut errors = ValidationErrors::default();
    for (key, value) in object {
        let result = match (key.as_str(), value) {
            ("id" | "updated_at", _) => Ok(()),
            ("cert" | "key", Value::Null) => Err(REQUIRED.into()),
            ("created_at" | "cert_alt" | "key_alt" | "tags" | "snis", Value::Null) => Ok(()),
            ("created_at", value) => timestamp(value),
            ("cert" | "key" | "cert_alt" | "key_alt", value) => {
                schema::nonempty_string(value).map(|_| ())
            }
            ("tags", value) => {
                schema::list_of_strings(value, ListKind::Set, text::check_tag).map(|_| ())
            }
            ("snis", value) => {
                schema::list_of_strings(value, ListKind::Array, host::check_wildcard_host)
                    .map(|_| ())
            }
            _ => Err(UNKNOWN_FIELD.into()),
        };
        if let Err(error) = result {
            errors.set_field_error(key, error);
        }
    }
    errors
}

/// `typedefs.auto_timestamp_s`: an integer greater than zero.
pub(crate) fn timestamp(value: &Value) -> FieldResult {
    if schema::expect_integer(value)? > 0.0 {
        Ok(())
    } else {
        Err("expected a valid timestamp".into())
    }
}

/// The five `conditional` entity checks (`services.lua:52-73`), in order. A failure sets the
/// field to `value must be null` and adds the conditional message to `@entity`.
fn run_entity_checks(data: &Map<String, Value>, errors: &mut ValidationErrors) {
    let path_rule = ("path", &["tcp", "tls", "udp", "grpc", "grpcs"][..], true);
    let tls_rules = TLS_ONLY_FIELDS.map(|field| (field, &["https", "tls"][..], false));
    for (field, protocols, listed_protocols_forbid) in std::iter::once(path_rule).chain(tls_rules) {
        let protocol = slot(data, "protocol");
        let then_value = slot(data, field);
        match (protocol, then_value) {
            // Nothing to check on a partial entity that has neither field.
            (Slot::Absent, Slot::Absent) => continue,
            (Slot::Absent, _) => {
                errors.set_field_error("protocol", "field required for entity check".into());
                continue;
            }
            _ => {}
        }
        // `if_match` inherits the protocol field's own rules: an invalid protocol never matches.
        let Slot::Value(Value::String(protocol)) = protocol else {
            continue;
        };
        if Protocol::parse(protocol).is_none() {
            continue;
        }
        let listed = protocols.contains(&protocol.as_str());
        if listed != listed_protocols_forbid {
            continue;
        }
        if let Slot::Value(_) = then_value {
            errors.set_field_error(field, MUST_BE_NULL.into());
            errors.push_entity(CONDITIONAL_FAILURE);
        }
    }
}
