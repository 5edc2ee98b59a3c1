//! `GET /v2/control-planes[/{id}]` (control-planes-v2-2023-10.yaml). Read-only here: the
//! sandbox's control planes are the seeded "default" and "staging".

use std::borrow::Cow;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use serde_json::{Value, json};

use super::errors::{ApiError, ApiResult};
use super::params::{Filterable, ListQuery};
use super::parse_path_uuid;
use crate::shared::Shared;
use crate::store::ControlPlane;

pub async fn list(
    State(shared): State<Arc<Shared>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let query = ListQuery::parse(&pairs, &["name", "id", "cluster_type"])?;
    let store = shared.read_store();
    Ok(Json(query.page_of(store.control_planes.iter(), render)))
}

impl Filterable for ControlPlane {
    fn field(&self, name: &str) -> Option<Cow<'_, str>> {
        match name {
            "name" => Some(Cow::Borrowed(&self.name)),
            "id" => Some(Cow::Owned(self.id.to_string())),
            "cluster_type" => Some(Cow::Borrowed(CLUSTER_TYPE)),
            _ => None,
        }
    }
}

pub async fn get(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = parse_path_uuid(&id)?;
    let store = shared.read_store();
    let control_plane = store
        .control_plane(id)
        .ok_or_else(|| ApiError::not_found("The requested control plane was not found."))?;
    Ok(Json(render(control_plane)))
}

const CLUSTER_TYPE: &str = "CLUSTER_TYPE_CONTROL_PLANE";

fn render(control_plane: &ControlPlane) -> Value {
    // Endpoints a data plane would connect to; the sandbox's data plane is built in, so these
    // only need to be well-formed and stable per control plane.
    let short_id: String = control_plane
        .id
        .simple()
        .to_string()
        .chars()
        .take(10)
        .collect();
    json!({
        "id": control_plane.id,
        "name": control_plane.name,
        "description": control_plane.description,
        "labels": {},
        "config": {
            "control_plane_endpoint": format!("https://{short_id}.cp0.sandbox.local"),
            "telemetry_endpoint": format!("https://{short_id}.tp0.sandbox.local"),
            "cluster_type": CLUSTER_TYPE,
            "auth_type": "pinned_client_certs",
        },
        "created_at": control_plane.created_at,
        "updated_at": control_plane.updated_at,
    })
}
