//! Routes of a control plane, at the top level (`/routes`) and nested under a gateway
//! service (`/services/{id_or_name}/routes`), where the path decides the route's service.

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
use crate::store::{EntityRef, GatewayConfig, Route};
use crate::timefmt;
use crate::validation;

// ---- top level ---------------------------------------------------------------------------

pub async fn list(
    State(shared): State<Arc<Shared>>,
    Path(cp): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    list_routes(&shared, &cp, None, &pairs)
}

pub async fn get(
    State(shared): State<Arc<Shared>>,
    Path((cp, key)): Path<(String, String)>,
) -> ApiResult<Json<Route>> {
    get_route(&shared, &cp, None, &key)
}

/// The spec documents 200 (not 201) for a top-level route create.
pub async fn create(
    State(shared): State<Arc<Shared>>,
    Path(cp): Path<String>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Route>)> {
    create_route(&shared, &cp, None, &body).map(|route| (StatusCode::OK, Json(route)))
}

pub async fn upsert(
    State(shared): State<Arc<Shared>>,
    Path((cp, key)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Json<Route>> {
    upsert_route(&shared, &cp, None, &key, &body).map(Json)
}

pub async fn delete(
    State(shared): State<Arc<Shared>>,
    Path((cp, key)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    delete_route(&shared, &cp, None, &key)
}

// ---- nested under a gateway service ------------------------------------------------------

pub async fn list_for_service(
    State(shared): State<Arc<Shared>>,
    Path((cp, service)): Path<(String, String)>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    list_routes(&shared, &cp, Some(&service), &pairs)
}

pub async fn get_for_service(
    State(shared): State<Arc<Shared>>,
    Path((cp, service, key)): Path<(String, String, String)>,
) -> ApiResult<Json<Route>> {
    get_route(&shared, &cp, Some(&service), &key)
}

pub async fn create_for_service(
    State(shared): State<Arc<Shared>>,
    Path((cp, service)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Route>)> {
    create_route(&shared, &cp, Some(&service), &body)
        .map(|route| (StatusCode::CREATED, Json(route)))
}

pub async fn upsert_for_service(
    State(shared): State<Arc<Shared>>,
    Path((cp, service, key)): Path<(String, String, String)>,
    body: Bytes,
) -> ApiResult<Json<Route>> {
    upsert_route(&shared, &cp, Some(&service), &key, &body).map(Json)
}

pub async fn delete_for_service(
    State(shared): State<Arc<Shared>>,
    Path((cp, service, key)): Path<(String, String, String)>,
) -> ApiResult<StatusCode> {
    delete_route(&shared, &cp, Some(&service), &key)
}

// ---- shared implementation ---------------------------------------------------------------

/// The service a nested path names, resolved by id or name (404 when it does not exist).
fn scoped_service(
    gateway: &GatewayConfig,
    service_key: Option<&str>,
) -> ApiResult<Option<EntityRef>> {
    service_key
        .map(|key| {
            gateway
                .services
                .get_by_id_or_name(key)
                .map(|service| EntityRef { id: service.id })
                .ok_or_else(ApiError::entity_not_found)
        })
        .transpose()
}

fn list_routes(
    shared: &Shared,
    cp: &str,
    service_key: Option<&str>,
    pairs: &[(String, String)],
) -> ApiResult<Json<Value>> {
    let query = EntityListQuery::parse(pairs)?;
    let store = shared.read_store();
    let gateway = &control_plane(&store, cp)?.gateway;
    let scope = scoped_service(gateway, service_key)?;
    let list_path = match service_key {
        Some(service) => format!("/v2/control-planes/{cp}/core-entities/services/{service}/routes"),
        None => format!("/v2/control-planes/{cp}/core-entities/routes"),
    };
    Ok(Json(offset_page(
        &gateway.routes,
        &query,
        &list_path,
        |route| scope.is_none() || route.service == scope,
        |route| route.tags.as_ref(),
    )))
}

fn get_route(
    shared: &Shared,
    cp: &str,
    service_key: Option<&str>,
    key: &str,
) -> ApiResult<Json<Route>> {
    let store = shared.read_store();
    let gateway = &control_plane(&store, cp)?.gateway;
    let scope = scoped_service(gateway, service_key)?;
    gateway
        .routes
        .get_by_id_or_name(key)
        .filter(|route| scope.is_none() || route.service == scope)
        .map(|route| Json(route.clone()))
        .ok_or_else(ApiError::entity_not_found)
}

fn create_route(
    shared: &Shared,
    cp: &str,
    service_key: Option<&str>,
    body: &Bytes,
) -> ApiResult<Route> {
    let body = checked_body(body)?;
    let requested_id = body
        .get("id")
        .and_then(Value::as_str)
        .and_then(|id| Uuid::parse_str(id).ok());
    let name = body.get("name").and_then(Value::as_str).map(str::to_owned);
    shared.mutate(|store| {
        let gateway = &mut control_plane_mut(store, cp)?.gateway;
        let service = route_service(gateway, service_key, &body)?;
        if let Some(id) = requested_id.filter(|id| gateway.routes.get(*id).is_some()) {
            return Err(ApiError::entity_unique_violation("id", &id.to_string()));
        }
        if let Some(name) = name
            .as_deref()
            .filter(|name| gateway.routes.name_taken(name, None))
        {
            return Err(ApiError::entity_unique_violation("name", name));
        }
        let now = timefmt::now_unix_seconds();
        let id = requested_id.unwrap_or_else(Uuid::new_v4);
        let route = build::route(
            &body,
            Stamp {
                id,
                name,
                created_at: now,
                updated_at: now,
            },
            service,
        );
        gateway.routes.insert(route.clone());
        Ok(route)
    })
}

fn upsert_route(
    shared: &Shared,
    cp: &str,
    service_key: Option<&str>,
    key: &str,
    body: &Bytes,
) -> ApiResult<Route> {
    let body = checked_body(body)?;
    let key = PathKey::parse(key);
    shared.mutate(|store| {
        let gateway = &mut control_plane_mut(store, cp)?.gateway;
        let service = route_service(gateway, service_key, &body)?;
        let existing = match &key {
            PathKey::Id(id) => gateway.routes.get(*id),
            PathKey::Name(name) => gateway.routes.get_by_name(name),
        };
        // Under a service, a route of another service is not "this" route.
        if service_key.is_some() && existing.is_some_and(|route| route.service != service) {
            return Err(ApiError::entity_not_found());
        }
        let existing_id = existing.map(|route| route.id);
        let created_at = existing.map(|route| route.created_at);
        let (id, name) = upsert_identity(&key, existing_id, &body)?;
        if let Some(name) = name
            .as_deref()
            .filter(|name| gateway.routes.name_taken(name, Some(id)))
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
        let route = build::route(&body, stamp, service);
        gateway.routes.upsert(route.clone());
        Ok(route)
    })
}

fn delete_route(
    shared: &Shared,
    cp: &str,
    service_key: Option<&str>,
    key: &str,
) -> ApiResult<StatusCode> {
    shared.mutate(|store| {
        let gateway = &mut control_plane_mut(store, cp)?.gateway;
        let scope = scoped_service(gateway, service_key)?;
        let Some(route) = gateway.routes.get_by_id_or_name(key) else {
            return Ok(());
        };
        if scope.is_some() && route.service != scope {
            return Err(ApiError::entity_not_found());
        }
        let id = route.id;
        gateway.routes.remove(id);
        Ok(())
    })?;
    Ok(StatusCode::NO_CONTENT)
}

/// The route's service: the nested path's service, else the body's `service.id`, which must
/// exist in the same control plane.
fn route_service(
    gateway: &GatewayConfig,
    service_key: Option<&str>,
    body: &Map<String, Value>,
) -> ApiResult<Option<EntityRef>> {
    if service_key.is_some() {
        return scoped_service(gateway, service_key);
    }
    match build::route_service_ref(body) {
        Some(id) if gateway.services.get(id).is_none() => Err(ApiError::entity_missing_reference(
            "service.id",
            "service_id",
            id,
        )),
        reference => Ok(reference.map(|id| EntityRef { id })),
    }
}

fn checked_body(body: &Bytes) -> ApiResult<Map<String, Value>> {
    let body = entity_object(body)?;
    reject_unknown_fields(&body, |key| domain::ROUTE_FIELDS.contains(&key))?;
    validation::validate_route(&body).map_err(validation_error)
}
