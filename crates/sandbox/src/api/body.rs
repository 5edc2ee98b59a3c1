//! Reading JSON request bodies, with each API family's own error for a bad body.

use axum::http::{HeaderMap, header};
use bytes::Bytes;
use serde_json::{Map, Value};

use super::errors::{ApiError, ApiResult};

/// A platform API body: `Content-Type: application/json` (else 415) holding a JSON object.
pub fn platform_object(headers: &HeaderMap, body: &Bytes) -> ApiResult<Map<String, Value>> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if !is_json {
        return Err(ApiError::unsupported_media_type());
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(object)) => Ok(object),
        _ => Err(ApiError::request_format_invalid()),
    }
}

/// A core-entities body: any JSON object (koko decodes JSON whatever the content type says).
pub fn entity_object(body: &Bytes) -> ApiResult<Map<String, Value>> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(ApiError::entity_bad_request(
            "request body must be a JSON object",
        )),
        Err(error) => Err(ApiError::entity_bad_request(format!(
            "invalid JSON body: {error}"
        ))),
    }
}
