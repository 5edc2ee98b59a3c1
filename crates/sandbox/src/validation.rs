//! Validation of gateway service and route bodies with the `domain` crate's Kong-exact rules
//! (Konnect flavour), and the normalized body the sandbox stores.

use std::collections::BTreeMap;

use domain::{Target, ValidationErrors};
use serde::Serialize;
use serde_json::{Map, Value};

/// Per-field and entity-level messages (the shape of `domain::ValidationErrors`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors {
    pub fields: BTreeMap<String, String>,
    pub entity: Vec<String>,
}

impl From<ValidationErrors> for FieldErrors {
    fn from(errors: ValidationErrors) -> Self {
        Self {
            fields: errors.fields,
            entity: errors.entity,
        }
    }
}

/// Validates a gateway service body; on success returns it normalized (the `url` shorthand
/// expanded into protocol/host/port/path, Kong's defaults filled, tags de-duplicated).
pub fn validate_service(body: &Map<String, Value>) -> Result<Map<String, Value>, FieldErrors> {
    let service = domain::validate_service(&Value::Object(body.clone()), Target::Konnect)?;
    Ok(normalized(&service))
}

/// Validates a route body; on success returns it normalized (defaults filled, sets
/// de-duplicated).
pub fn validate_route(body: &Map<String, Value>) -> Result<Map<String, Value>, FieldErrors> {
    let route = domain::validate_route(&Value::Object(body.clone()), Target::Konnect)?;
    Ok(normalized(&route))
}

/// The validated model back as a JSON object. Serializing a plain data model cannot fail; if
/// it ever did, an empty object makes the builder fall back to Kong's defaults.
fn normalized<T: Serialize>(model: &T) -> Map<String, Value> {
    match serde_json::to_value(model) {
        Ok(Value::Object(object)) => object,
        _ => Map::new(),
    }
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
    fn service_url_is_expanded() {
        let normalized =
            validate_service(&object(json!({"url": "http://example.com:8080/api"}))).unwrap();
        assert_eq!(normalized["protocol"], "http");
        assert_eq!(normalized["host"], "example.com");
        assert_eq!(normalized["port"], 8080);
        assert_eq!(normalized["path"], "/api");
        assert!(normalized.get("url").is_none());
    }

    #[test]
    fn errors_keep_fields_and_entity_checks_apart() {
        let errors = validate_service(&object(json!({"name": "svc"}))).unwrap_err();
        assert!(errors.fields.contains_key("host"), "{errors:?}");
        let errors = validate_route(&object(json!({"methods": ["get"]}))).unwrap_err();
        assert!(
            errors.fields.keys().any(|key| key.starts_with("methods")),
            "{errors:?}"
        );
        let errors = validate_route(&object(json!({"name": "r"}))).unwrap_err();
        assert_eq!(errors.entity.len(), 1, "{errors:?}");
    }
}
