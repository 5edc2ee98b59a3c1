//! `GET /v3/users/me` and `GET /v3/organizations/me` (identity-v3-2024-10.yaml).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::shared::Shared;

/// Local data is kept for as long as the sandbox runs; Konnect's free tier reports 7 days.
const RETENTION_PERIOD_DAYS: u32 = 7;

pub async fn user_me(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let store = shared.read_store();
    let user = &store.user;
    Json(json!({
        "id": user.id,
        "email": user.email,
        "full_name": user.full_name,
        "preferred_name": user.preferred_name,
        "active": true,
        "created_at": user.created_at,
        "updated_at": user.created_at,
    }))
}

pub async fn organization_me(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let store = shared.read_store();
    let organization = &store.organization;
    Json(json!({
        "id": organization.id,
        "name": organization.name,
        "owner_id": store.user.id,
        "login_path": organization.login_path,
        "created_at": organization.created_at,
        "updated_at": organization.created_at,
        "state": "active",
        "retention_period_days": RETENTION_PERIOD_DAYS,
    }))
}
