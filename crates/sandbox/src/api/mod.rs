//! The Konnect API: routing, bearer-token check, CORS and fault injection.

mod api_products;
mod api_requests;
mod body;
mod control_planes;
mod controls;
mod core_entities;
pub mod errors;
mod identity;
mod params;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use hyper::body::Incoming;
use tower_service::Service;
use uuid::Uuid;

use crate::faults::FaultSpec;
use crate::http_server::DropConnection;
use crate::shared::Shared;
use core_entities::{routes, services};
use errors::{ApiError, ApiResult, Problem};

const CONTROLS_PREFIX: &str = "/sandbox/";

/// All API routes; the `/sandbox/*` controls only when enabled (otherwise they are unknown
/// paths like any other).
pub fn router(shared: Arc<Shared>) -> Router {
    let core = "/v2/control-planes/{cp}/core-entities";
    let mut router = Router::new()
        .route("/v3/users/me", get(identity::user_me))
        .route("/v3/organizations/me", get(identity::organization_me))
        .route("/v2/control-planes", get(control_planes::list))
        .route("/v2/control-planes/{id}", get(control_planes::get))
        .route(
            "/v2/api-products",
            get(api_products::list_products).post(api_products::create_product),
        )
        .route(
            "/v2/api-products/{id}",
            get(api_products::get_product)
                .patch(api_products::patch_product)
                .delete(api_products::delete_product),
        )
        .route(
            "/v2/api-products/{product}/product-versions",
            get(api_products::list_versions).post(api_products::create_version),
        )
        .route(
            "/v2/api-products/{product}/product-versions/{id}",
            get(api_products::get_version)
                .patch(api_products::patch_version)
                .delete(api_products::delete_version),
        )
        .route(
            &format!("{core}/services"),
            get(services::list).post(services::create),
        )
        .route(
            &format!("{core}/services/{{service}}"),
            get(services::get)
                .put(services::upsert)
                .delete(services::delete),
        )
        .route(
            &format!("{core}/services/{{service}}/routes"),
            get(routes::list_for_service).post(routes::create_for_service),
        )
        .route(
            &format!("{core}/services/{{service}}/routes/{{route}}"),
            get(routes::get_for_service)
                .put(routes::upsert_for_service)
                .delete(routes::delete_for_service),
        )
        .route(
            &format!("{core}/routes"),
            get(routes::list).post(routes::create),
        )
        .route(
            &format!("{core}/routes/{{route}}"),
            get(routes::get).put(routes::upsert).delete(routes::delete),
        )
        .route("/v2/api-requests", post(api_requests::query));
    if shared.test_controls {
        router = router
            .route(
                "/sandbox/faults",
                post(controls::arm_fault).delete(controls::clear_faults),
            )
            .route("/sandbox/reset", post(controls::reset))
            .route("/sandbox/proxy/stop", post(controls::stop_proxy))
            .route("/sandbox/proxy/start", post(controls::start_proxy));
    }
    router
        .fallback(|| async { ApiError::NoRoute })
        .with_state(shared)
}

/// Serves one API request: CORS preflight, then an armed fault (if any), then the bearer
/// token check, then the route.
pub async fn handle(
    shared: Arc<Shared>,
    mut router: Router,
    request: Request<Incoming>,
) -> Result<Response<Body>, DropConnection> {
    if is_preflight(request.method(), request.headers()) {
        return Ok(preflight_response());
    }
    let path = request.uri().path().to_owned();
    let is_control = path.starts_with(CONTROLS_PREFIX);
    let fault = if is_control {
        None
    } else {
        shared.faults().take(request.method().as_str(), &path)
    };

    if let Some(fault) = fault.as_ref().filter(|fault| !fault.after_commit) {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
        if let Some(failure) = fault_response(fault)? {
            return Ok(with_cors(failure));
        }
    }

    let response = match (is_control, bearer_problem(request.headers(), &shared.token)) {
        (false, Some(problem)) => problem.into_response(),
        _ => match router.call(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        },
    };

    if let Some(fault) = fault.as_ref().filter(|fault| fault.after_commit) {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
        if let Some(failure) = fault_response(fault)? {
            return Ok(with_cors(failure));
        }
    }
    Ok(with_cors(response))
}

/// `{controlPlaneId}`/`{id}` path segments of the platform APIs must be UUIDs
/// (control-planes spec `400InvalidIDFormatExample`).
fn parse_path_uuid(text: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(text)
        .map_err(|_| ApiError::invalid_parameter("id", Some("is_uuid"), "invalid ID format"))
}

/// `None` when the request carries the configured token.
fn bearer_problem(headers: &HeaderMap, token: &str) -> Option<ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Some(ApiError::unauthorized("A valid token is required"));
    };
    let presented = value
        .to_str()
        .ok()
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, credentials)| credentials.trim());
    if presented == Some(token) {
        None
    } else {
        Some(ApiError::unauthorized("Invalid credentials"))
    }
}

/// The injected failure, `None` for a delay-only fault.
fn fault_response(fault: &FaultSpec) -> Result<Option<Response<Body>>, DropConnection> {
    if fault.drop_connection {
        return Err(DropConnection);
    }
    let Some(status) = fault
        .status
        .and_then(|code| StatusCode::from_u16(code).ok())
    else {
        return Ok(None);
    };
    let mut response =
        Problem::for_status(status, "Injected by the sandbox's fault controls").into_response();
    if let Some(seconds) = fault.retry_after_seconds {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    Ok(Some(response))
}

fn is_preflight(method: &Method, headers: &HeaderMap) -> bool {
    method == Method::OPTIONS && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// Preflights are answered without a token: browsers never send credentials on them.
fn preflight_response() -> Response<Body> {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE, OPTIONS"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Authorization, Content-Type"),
    );
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    response
}

fn with_cors(mut response: Response<Body>) -> Response<Body> {
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("Retry-After"),
    );
    response
}
