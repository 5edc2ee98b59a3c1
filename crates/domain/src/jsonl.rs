//! The line protocol of the `validate` example: one request per JSON line in, one verdict
//! per line out. Kept in the library so it is unit-tested and reusable from scripts.
//!
//! In:  `{"entity":"service"|"route","input":{…}}`
//! Out: `{"valid":true|false,"errors":{"<field>":"<message>",…,"@entity":["…"]}}`,
//! or `{"error":"…"}` when the line itself is malformed.

use serde::Serialize;
use serde_json::Value;

use crate::{Target, ValidationErrors, validate_route, validate_service};

/// One output line; fields in the documented order (`valid` first).
#[derive(Serialize)]
#[serde(untagged)]
enum Verdict {
    Checked {
        valid: bool,
        errors: ValidationErrors,
    },
    Malformed {
        error: String,
    },
}

/// The verdict for one input line, as one line of JSON (no trailing newline).
pub fn check_line(line: &str, target: Target) -> String {
    let verdict = match verdict(line, target) {
        Ok(errors) => Verdict::Checked {
            valid: errors.is_empty(),
            errors,
        },
        Err(error) => Verdict::Malformed { error },
    };
    // Serializing strings, booleans and string maps cannot fail; keep a valid line regardless.
    serde_json::to_string(&verdict)
        .unwrap_or_else(|_| r#"{"error":"could not encode the verdict"}"#.to_string())
}

fn verdict(line: &str, target: Target) -> Result<ValidationErrors, String> {
    let request: Value =
        serde_json::from_str(line).map_err(|error| format!("invalid JSON: {error}"))?;
    let Value::Object(request) = request else {
        return Err("expected a JSON object with \"entity\" and \"input\"".to_string());
    };
    let input = request.get("input").ok_or("missing \"input\"")?;
    let errors = match request.get("entity").and_then(Value::as_str) {
        Some("service") => validate_service(input, target).err(),
        Some("route") => validate_route(input, target).err(),
        _ => return Err("\"entity\" must be \"service\" or \"route\"".to_string()),
    };
    Ok(errors.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(line: &str, target: Target) -> Value {
        serde_json::from_str(&check_line(line, target)).unwrap_or_default()
    }

    #[test]
    fn valid_comes_first() {
        assert_eq!(
            check_line(
                r#"{"entity":"route","input":{"paths":["/a"]}}"#,
                Target::Gateway
            ),
            r#"{"valid":true,"errors":{}}"#
        );
    }

    #[test]
    fn valid_and_invalid_entities() {
        assert_eq!(
            check(
                r#"{"entity":"service","input":{"url":"http://h"}}"#,
                Target::Gateway
            ),
            json!({"valid": true, "errors": {}})
        );
        assert_eq!(
            check(
                r#"{"entity":"route","input":{"protocols":["http"],"snis":["a"]}}"#,
                Target::Gateway
            ),
            json!({"valid": false, "errors": {
                "@entity": [
                    "'snis' can only be set when 'protocols' is 'grpcs', 'https', 'tls' or 'tls_passthrough'",
                    "must set one of 'methods', 'hosts', 'headers', 'paths' when 'protocols' is 'http'"
                ],
                "snis": "length must be 0"
            }})
        );
    }

    #[test]
    fn target_changes_the_name_rule() {
        let line = r#"{"entity":"service","input":{"name":"a:b","host":"h"}}"#;
        assert_eq!(check(line, Target::Konnect)["valid"], json!(true));
        assert_eq!(check(line, Target::Gateway)["valid"], json!(false));
    }

    #[test]
    fn malformed_lines_get_an_error() {
        let error = |line: &str| {
            check(line, Target::Gateway)["error"]
                .as_str()
                .map(str::to_string)
        };
        assert_eq!(
            error("{not json"),
            Some("invalid JSON: key must be a string at line 1 column 2".to_string())
        );
        assert_eq!(
            error("[]"),
            Some("expected a JSON object with \"entity\" and \"input\"".into())
        );
        assert_eq!(
            error(r#"{"entity":"route"}"#),
            Some("missing \"input\"".into())
        );
        assert_eq!(
            error(r#"{"entity":"plugin","input":{}}"#),
            Some("\"entity\" must be \"service\" or \"route\"".into())
        );
    }
}
