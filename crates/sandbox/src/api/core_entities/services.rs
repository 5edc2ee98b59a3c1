//! Gateway services of a control plane.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use bytes::Bytes;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::build::{self, Stamp};
use super::{
    EntityListQuery, PathKey, control_plane, control_plane_mut, offset_page, reject_unknown_fields,
    upsert_identity, validation_error,
};
use crate::api::body::entity_object;
use crate::api::errors::{ApiError, ApiResult};
use crate::shared::Shared;
use crate::store::{EntityRef, GatewayService, GatewayServiceLink};
use crate::timefmt;
use crate::validation;

pub async fn list(
    State(shared): State<Arc<Shared>>,
    Path(cp): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let query = EntityListQuery::parse(&pairs)?;
    let store = shared.read_store();
    let control_plane = control_plane(&store, &cp)?;
    let list_path = format!("/v2/control-planes/{cp}/core-entities/services");
    Ok(Json(offset_page(
        &control_plane.gateway.services,
        &query,
        &list_path,
        |_| true,
        |service| service.tags.as_ref(),
    )))
}

pub async fn get(
    State(shared): State<Arc<Shared>>,
    Path((cp, key)): Path<(String, String)>,
) -> ApiResult<Json<GatewayService>> {
    let store = shared.read_store();
    let service = control_plane(&store, &cp)?
        .gateway
        .services
        .get_by_id_or_name(&key)
        .ok_or_else(ApiError::entity_not_found)?;
    Ok(Json(service.clone()))
}

pub async fn create(
    State(shared): State<Arc<Shared>>,
    Path(cp): Path<String>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<GatewayService>)> {
    let body = checked_body(&body)?;
    let requested_id = body
        .get("id")
        .and_then(Value::as_str)
        .and_then(|id| Uuid::parse_str(id).ok());
    let name = body.get("name").and_then(Value::as_str).map(str::to_owned);
    let created = shared.mutate(|store| {
        let services = &mut control_plane_mut(store, &cp)?.gateway.services;
        if let Some(id) = requested_id.filter(|id| services.get(*id).is_some()) {
            return Err(ApiError::entity_unique_violation("id", &id.to_string()));
        }
        if let Some(name) = name
            .as_deref()
            .filter(|name| services.name_taken(name, None))
        {
            return Err(ApiError::entity_unique_violation("name", name));
        }
        let now = timefmt::now_unix_seconds();
        let id = requested_id.unwrap_or_else(Uuid::new_v4);
        let service = build::service(
            &body,
            Stamp {
                id,
                name,
                created_at: now,
                updated_at: now,
            },
        );
        services.insert(service.clone());
        Ok(service)
    })?;
    Ok((StatusCode::CREATED, Json(created)))
}

pub async fn upsert(
    State(shared): State<Arc<Shared>>,
    Path((cp, key)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Json<GatewayService>> {
    let body = checked_body(&body)?;
    let key = PathKey::parse(&key);
    let saved = shared.mutate(|store| {
        let services = &mut control_plane_mut(store, &cp)?.gateway.services;
        let existing = match &key {
            PathKey::Id(id) => services.get(*id),
            PathKey::Name(name) => services.get_by_name(name),
        };
        let existing_id = existing.map(|service| service.id);
        let created_at = existing.map(|service| service.created_at);
        let (id, name) = upsert_identity(&key, existing_id, &body)?;
        if let Some(name) = name
            .as_deref()
            .filter(|name| services.name_taken(name, Some(id)))
        {
            return Err(ApiError::entity_unique_violation("name", name));
        }
        let now = timefmt::now_unix_seconds();
        let stamp = Stamp {
            id,
            name,
            created_at: created_at.unwrap_or(now),
            updated_at: now,
        };
        let service = build::service(&body, stamp);
        services.upsert(service.clone());
        Ok(service)
    })?;
    Ok(Json(saved))
}

/// Refuses while routes still point at the service (koko's foreign-reference check) and
/// unlinks any product version the service implemented.
pub async fn delete(
    State(shared): State<Arc<Shared>>,
    Path((cp, key)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    shared.mutate(|store| {
        let control_plane = control_plane_mut(store, &cp)?;
        let control_plane_id = control_plane.id;
        let gateway = &mut control_plane.gateway;
        let Some(service_id) = gateway
            .services
            .get_by_id_or_name(&key)
            .map(|service| service.id)
        else {
            return Ok(());
        };
        let service_ref = Some(EntityRef { id: service_id });
        if let Some(route) = gateway
            .routes
            .iter()
            .find(|route| route.service == service_ref)
        {
            return Err(ApiError::entity_still_referenced(service_id, route.id));
        }
        gateway.services.remove(service_id);
        let link = GatewayServiceLink {
            id: service_id,
            control_plane_id,
        };
        store.unlink_versions_of(link, &timefmt::now_iso());
        Ok(())
    })?;
    Ok(StatusCode::NO_CONTENT)
}

fn checked_body(body: &Bytes) -> ApiResult<Map<String, Value>> {
    let body = entity_object(body)?;
    // Kong's fields, and the `url` shorthand it expands into them.
    reject_unknown_fields(&body, |key| {
        key == "url" || domain::SERVICE_FIELDS.contains(&key)
    })?;
    validation::validate_service(&body).map_err(validation_error)
}
