//! Test controls under `/sandbox/*`, served only with `--test-controls` and without a token:
//! fault injection, reset to the demo seed, and stopping/starting the data plane.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::json;

use crate::faults::FaultSpec;
use crate::shared::Shared;
use crate::store::Store;

/// `POST /sandbox/faults`: arms a fault; answers 201 with the number of armed failures.
pub async fn arm_fault(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let spec: FaultSpec = match serde_json::from_slice(&body) {
        Ok(spec) => spec,
        Err(error) => return bad_request(format!("invalid fault: {error}")),
    };
    if let Some(problem) = spec.problem() {
        return bad_request(problem);
    }
    let mut faults = shared.faults();
    faults.arm(spec);
    (
        StatusCode::CREATED,
        Json(json!({"armed": faults.remaining()})),
    )
        .into_response()
}

/// `DELETE /sandbox/faults`
pub async fn clear_faults(State(shared): State<Arc<Shared>>) -> StatusCode {
    shared.faults().clear();
    StatusCode::NO_CONTENT
}

/// `POST /sandbox/reset`: the state of a fresh start (same token, same addresses), with no
/// request records and no armed faults.
pub async fn reset(State(shared): State<Arc<Shared>>) -> StatusCode {
    shared.replace_store(Store::seeded(&shared.seed));
    shared.records().clear();
    shared.faults().clear();
    StatusCode::NO_CONTENT
}

/// `POST /sandbox/proxy/stop`: the data plane stops listening (connections are refused).
pub async fn stop_proxy(State(shared): State<Arc<Shared>>) -> StatusCode {
    shared.proxy.stop().await;
    StatusCode::NO_CONTENT
}

/// `POST /sandbox/proxy/start`: listens again on the same address.
pub async fn start_proxy(State(shared): State<Arc<Shared>>) -> Response {
    match shared.proxy.start(Arc::clone(&shared)).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"message": format!("could not listen again: {error}")})),
        )
            .into_response(),
    }
}

fn bad_request(message: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({"message": message}))).into_response()
}
