//! The error bodies Konnect answers with.
//!
//! Two families exist and the sandbox keeps them apart exactly as Konnect does:
//! - platform APIs (identity, control planes, API products, api-requests) answer
//!   `application/problem+json` `{status, title, type, instance, detail, invalid_parameters?}`
//!   (`konnect-errors-2023-09.yml`, `BaseError`/`BadRequestError` in the specs);
//! - the core-entities API (gateway services and routes, served by Kong's "koko") answers
//!   grpc-gateway statuses `{code, message, details[{@type, type, field, messages}]}`.

use std::collections::BTreeMap;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

pub const PROBLEM_JSON: &str = "application/problem+json";
const ERROR_DETAIL_TYPE: &str = "type.googleapis.com/kong.admin.model.v1.ErrorDetail";

// grpc status codes used by koko (google.rpc.Code).
const GRPC_INVALID_ARGUMENT: u32 = 3;
const GRPC_NOT_FOUND: u32 = 5;
const GRPC_ALREADY_EXISTS: u32 = 6;

#[derive(Debug)]
pub enum ApiError {
    Problem(Problem),
    CoreEntity {
        status: StatusCode,
        body: CoreEntityError,
    },
    /// Konnect sits behind Kong: unknown API paths get Kong's router answer.
    NoRoute,
    /// Unknown control plane in a core-entities path (Konnect answers a bare message).
    ControlPlaneNotFound,
}

pub type ApiResult<T> = Result<T, ApiError>;

#[derive(Debug, Serialize)]
pub struct Problem {
    #[serde(serialize_with = "serialize_status")]
    pub status: StatusCode,
    pub title: &'static str,
    #[serde(rename = "type")]
    pub type_url: String,
    pub instance: String,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub invalid_parameters: Vec<InvalidParameter>,
}

fn serialize_status<S: serde::Serializer>(status: &StatusCode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u16(status.as_u16())
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvalidParameter {
    pub field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
    pub reason: String,
}

impl InvalidParameter {
    pub fn new(
        field: impl Into<String>,
        rule: Option<&'static str>,
        reason: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            rule,
            reason: reason.into(),
        }
    }

    pub fn unknown_property(field: &str) -> Self {
        Self::new(
            field,
            Some("unknown_property"),
            format!("property {field} should not exist"),
        )
    }
}

/// A Konnect-style correlation id, `kong:trace:<digits>`.
pub fn trace_instance() -> String {
    let (high, _) = Uuid::new_v4().as_u64_pair();
    format!("kong:trace:{}", high % 10_000_000_000_000_000_000)
}

impl Problem {
    pub fn new(status: StatusCode, title: &'static str, detail: impl Into<String>) -> Self {
        Self {
            status,
            title,
            type_url: format!("https://httpstatuses.com/{}", status.as_u16()),
            instance: trace_instance(),
            detail: detail.into(),
            invalid_parameters: Vec::new(),
        }
    }

    /// A problem for any status (used by fault injection).
    pub fn for_status(status: StatusCode, detail: impl Into<String>) -> Self {
        Self::new(status, status.canonical_reason().unwrap_or("Error"), detail)
    }
}

impl ApiError {
    pub fn unauthorized(detail: &str) -> Self {
        Self::Problem(Problem::new(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            detail,
        ))
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::Problem(Problem::new(StatusCode::NOT_FOUND, "Not Found", detail))
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::Problem(Problem::new(StatusCode::CONFLICT, "Conflict", detail))
    }

    /// 400 with `invalid_parameters`, titled as the API products spec examples are.
    pub fn invalid_parameters(invalid_parameters: Vec<InvalidParameter>) -> Self {
        let mut problem = Problem::new(
            StatusCode::BAD_REQUEST,
            "Invalid Request",
            "Invalid Parameters",
        );
        problem.invalid_parameters = invalid_parameters;
        Self::Problem(problem)
    }

    pub fn invalid_parameter(
        field: &str,
        rule: Option<&'static str>,
        reason: impl Into<String>,
    ) -> Self {
        Self::invalid_parameters(vec![InvalidParameter::new(field, rule, reason)])
    }

    /// The body could not be read as JSON (control-planes spec `400RequestFormatInvalidExample`).
    pub fn request_format_invalid() -> Self {
        Self::invalid_parameter("body", None, "request format is invalid")
    }

    pub fn unsupported_media_type() -> Self {
        Self::Problem(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported Media Type",
            "This API only supports requests with `Content-Type: application/json`",
        ))
    }

    fn core(status: StatusCode, body: CoreEntityError) -> Self {
        Self::CoreEntity { status, body }
    }

    /// Core-entities 404, as the spec's `404 Not Found` example: `{"code":5,"message":"not found"}`.
    pub fn entity_not_found() -> Self {
        Self::core(
            StatusCode::NOT_FOUND,
            CoreEntityError::new(GRPC_NOT_FOUND, "not found"),
        )
    }

    /// A body koko refuses before validating (malformed JSON, unknown field, bad query).
    pub fn entity_bad_request(message: impl Into<String>) -> Self {
        Self::core(
            StatusCode::BAD_REQUEST,
            CoreEntityError::new(GRPC_INVALID_ARGUMENT, message),
        )
    }

    /// Schema validation failures: one `ERROR_TYPE_FIELD` detail per field, one
    /// `ERROR_TYPE_ENTITY` detail per entity-level check.
    pub fn entity_validation(fields: &BTreeMap<String, String>, entity: &[String]) -> Self {
        let field_details = fields.iter().map(|(field, message)| ErrorDetail {
            type_url: ERROR_DETAIL_TYPE,
            kind: "ERROR_TYPE_FIELD",
            field: Some(field.clone()),
            messages: vec![message.clone()],
        });
        let entity_details = entity.iter().map(|message| ErrorDetail {
            type_url: ERROR_DETAIL_TYPE,
            kind: "ERROR_TYPE_ENTITY",
            field: None,
            messages: vec![message.clone()],
        });
        let mut body = CoreEntityError::new(GRPC_INVALID_ARGUMENT, "validation error");
        body.details = field_details.chain(entity_details).collect();
        Self::core(StatusCode::BAD_REQUEST, body)
    }

    /// A gateway service or route name already used in the control plane.
    ///
    /// koko reports unique-index violations as a "data constraint error" with an
    /// `ERROR_TYPE_REFERENCE` detail on the field (`store.ErrConstraint`, message format
    /// `<index> (type: unique) constraint failed for value '<v>': `). The product contract is
    /// HTTP 409, so the grpc code is ALREADY_EXISTS (6), the code grpc-gateway maps to 409.
    pub fn entity_unique_violation(field: &str, value: &str) -> Self {
        let mut body = CoreEntityError::new(GRPC_ALREADY_EXISTS, "data constraint error");
        body.details = vec![ErrorDetail::reference(
            field,
            format!("{field} (type: unique) constraint failed for value '{value}': "),
        )];
        Self::core(StatusCode::CONFLICT, body)
    }

    /// A route that names a gateway service the control plane does not have (as the spec's
    /// SNI example: `certificate_id (type: foreign) constraint failed for value '…': `).
    pub fn entity_missing_reference(field: &str, index: &str, value: Uuid) -> Self {
        let mut body = CoreEntityError::new(GRPC_INVALID_ARGUMENT, "data constraint error");
        body.details = vec![ErrorDetail::reference(
            field,
            format!("{index} (type: foreign) constraint failed for value '{value}': "),
        )];
        Self::core(StatusCode::BAD_REQUEST, body)
    }

    /// Deleting a gateway service that routes still reference. koko refuses the delete with
    /// `ErrConstraint{Index{Type: foreign, Value: <service id>}, Message: "foreign reference
    /// exist: route (id: <route id>)"}`, rendered as a 400 "data constraint error".
    pub fn entity_still_referenced(service: Uuid, route: Uuid) -> Self {
        let mut body = CoreEntityError::new(GRPC_INVALID_ARGUMENT, "data constraint error");
        body.details = vec![ErrorDetail {
            type_url: ERROR_DETAIL_TYPE,
            kind: "ERROR_TYPE_REFERENCE",
            field: None,
            messages: vec![format!(
                " (type: foreign) constraint failed for value '{service}': foreign reference exist: route (id: {route})"
            )],
        }];
        Self::core(StatusCode::BAD_REQUEST, body)
    }
}

#[derive(Debug, Serialize)]
pub struct CoreEntityError {
    pub code: u32,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<ErrorDetail>,
}

impl CoreEntityError {
    fn new(code: u32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: Vec::new(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ErrorDetail {
    #[serde(rename = "@type")]
    type_url: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    messages: Vec<String>,
}

impl ErrorDetail {
    fn reference(field: &str, message: String) -> Self {
        Self {
            type_url: ERROR_DETAIL_TYPE,
            kind: "ERROR_TYPE_REFERENCE",
            field: Some(field.to_owned()),
            messages: vec![message],
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status;
        let mut response = (status, Json(self)).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            Self::Problem(problem) => problem.into_response(),
            Self::CoreEntity { status, body } => (status, Json(body)).into_response(),
            Self::NoRoute => (
                StatusCode::NOT_FOUND,
                Json(json!({"message": "no Route matched with those values"})),
            )
                .into_response(),
            Self::ControlPlaneNotFound => {
                (StatusCode::NOT_FOUND, Json(json!({"message": "Not Found"}))).into_response()
            }
        }
    }
}
