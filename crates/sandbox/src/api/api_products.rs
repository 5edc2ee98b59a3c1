//! `/v2/api-products` and `/v2/api-products/{id}/product-versions` (api-products-v2.yaml).
//!
//! A Service Hub service is an API product, a service version is a product version, and the
//! version's implementation is its `gateway_service {id, control_plane_id}`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use bytes::Bytes;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::body::platform_object;
use super::errors::{ApiError, ApiResult, InvalidParameter};
use super::params::{Filterable, ListQuery};
use super::parse_path_uuid;
use crate::shared::Shared;
use crate::store::{ApiProduct, GatewayServiceLink, ProductVersion, Store, Table};
use crate::timefmt;

const MAX_LABELS: usize = 5;
const RESERVED_LABEL_PREFIXES: [&str; 6] = ["kong", "konnect", "insomnia", "mesh", "kic", "_"];

// ---- API products ------------------------------------------------------------------------

pub async fn list_products(
    State(shared): State<Arc<Shared>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let query = ListQuery::parse(&pairs, &["name"])?;
    let store = shared.read_store();
    Ok(Json(
        query.page_of(store.api_products.iter(), render_product),
    ))
}

pub async fn create_product(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let object = platform_object(&headers, &body)?;
    let fields = ProductFields::read(&object, &["name", "description", "labels"])?;
    let name = fields.name.ok_or_else(|| {
        ApiError::invalid_parameter("name", Some("required"), "name is a required field")
    })?;
    let now = timefmt::now_iso();
    let product = ApiProduct {
        id: Uuid::new_v4(),
        name,
        description: fields.description.unwrap_or(None),
        labels: fields.labels.unwrap_or_default(),
        portal_ids: Vec::new(),
        created_at: now.clone(),
        updated_at: now,
        versions: Table::default(),
    };
    let rendered = render_product(&product);
    shared.mutate(|store| {
        store.api_products.insert(product);
        Ok::<_, ApiError>(())
    })?;
    Ok((StatusCode::CREATED, Json(rendered)))
}

pub async fn get_product(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = parse_path_uuid(&id)?;
    let store = shared.read_store();
    Ok(Json(render_product(product(&store, id)?)))
}

pub async fn patch_product(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let id = parse_path_uuid(&id)?;
    let object = platform_object(&headers, &body)?;
    let fields = ProductFields::read(&object, &["name", "description", "labels", "portal_ids"])?;
    let rendered = shared.mutate(|store| {
        let product = product_mut(store, id)?;
        if let Some(name) = fields.name {
            product.name = name;
        }
        if let Some(description) = fields.description {
            product.description = description;
        }
        if let Some(labels) = fields.labels {
            product.labels = labels;
        }
        if let Some(portal_ids) = fields.portal_ids {
            product.portal_ids = portal_ids;
        }
        product.updated_at = timefmt::now_iso();
        Ok::<_, ApiError>(render_product(product))
    })?;
    Ok(Json(rendered))
}

pub async fn delete_product(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id = parse_path_uuid(&id)?;
    shared.mutate(|store| {
        store
            .api_products
            .remove(id)
            .map(drop)
            .ok_or_else(|| product_not_found(id))
    })?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- product versions --------------------------------------------------------------------

pub async fn list_versions(
    State(shared): State<Arc<Shared>>,
    Path(product_id): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let product_id = parse_path_uuid(&product_id)?;
    let query = ListQuery::parse(&pairs, &["name", "publish_status"])?;
    let store = shared.read_store();
    let product = product(&store, product_id)?;
    Ok(Json(query.page_of(product.versions.iter(), render_version)))
}

pub async fn create_version(
    State(shared): State<Arc<Shared>>,
    Path(product_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let product_id = parse_path_uuid(&product_id)?;
    let object = platform_object(&headers, &body)?;
    let fields = VersionFields::read(
        &object,
        &["name", "publish_status", "deprecated", "gateway_service"],
    )?;
    let name = fields.name.ok_or_else(|| {
        ApiError::invalid_parameter("name", Some("required"), "name is a required field")
    })?;
    let rendered = shared.mutate(|store| {
        product(store, product_id)?;
        let link = fields.gateway_service.flatten();
        check_link_target(store, link)?;
        let product = product_mut(store, product_id)?;
        if product.versions.name_taken(&name, None) {
            return Err(version_name_conflict(&name));
        }
        let now = timefmt::now_iso();
        let version = ProductVersion {
            id: Uuid::new_v4(),
            name,
            publish_status: fields
                .publish_status
                .unwrap_or_else(|| "unpublished".to_owned()),
            deprecated: fields.deprecated.unwrap_or(false),
            gateway_service: link,
            created_at: now.clone(),
            updated_at: now.clone(),
        };
        let rendered = render_version(&version);
        product.versions.insert(version);
        product.updated_at = now;
        Ok(rendered)
    })?;
    Ok((StatusCode::CREATED, Json(rendered)))
}

pub async fn get_version(
    State(shared): State<Arc<Shared>>,
    Path((product_id, version_id)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let product_id = parse_path_uuid(&product_id)?;
    let version_id = parse_path_uuid(&version_id)?;
    let store = shared.read_store();
    let version = product(&store, product_id)?
        .versions
        .get(version_id)
        .ok_or_else(|| version_not_found(version_id))?;
    Ok(Json(render_version(version)))
}

pub async fn patch_version(
    State(shared): State<Arc<Shared>>,
    Path((product_id, version_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let product_id = parse_path_uuid(&product_id)?;
    let version_id = parse_path_uuid(&version_id)?;
    let object = platform_object(&headers, &body)?;
    let fields = VersionFields::read(
        &object,
        &[
            "name",
            "publish_status",
            "deprecated",
            "notify",
            "gateway_service",
        ],
    )?;
    let rendered = shared.mutate(|store| {
        let Some(mut version) = product(store, product_id)?
            .versions
            .get(version_id)
            .cloned()
        else {
            return Err(version_not_found(version_id));
        };
        if let Some(link) = fields.gateway_service {
            check_link_target(store, link)?;
        }
        let product = product_mut(store, product_id)?;
        if let Some(name) = &fields.name
            && product.versions.name_taken(name, Some(version_id))
        {
            return Err(version_name_conflict(name));
        }
        if let Some(name) = fields.name {
            version.name = name;
        }
        if let Some(status) = fields.publish_status {
            version.publish_status = status;
        }
        if let Some(deprecated) = fields.deprecated {
            version.deprecated = deprecated;
        }
        if let Some(link) = fields.gateway_service {
            version.gateway_service = link;
        }
        version.updated_at = timefmt::now_iso();
        let rendered = render_version(&version);
        product.versions.upsert(version);
        Ok(rendered)
    })?;
    Ok(Json(rendered))
}

pub async fn delete_version(
    State(shared): State<Arc<Shared>>,
    Path((product_id, version_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let product_id = parse_path_uuid(&product_id)?;
    let version_id = parse_path_uuid(&version_id)?;
    shared.mutate(|store| {
        let product = product_mut(store, product_id)?;
        product
            .versions
            .remove(version_id)
            .map(drop)
            .ok_or_else(|| version_not_found(version_id))
    })?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- rendering ---------------------------------------------------------------------------

fn render_product(product: &ApiProduct) -> Value {
    json!({
        "id": product.id,
        "name": product.name,
        "description": product.description,
        "portal_ids": product.portal_ids,
        "version_count": product.versions.len(),
        "created_at": product.created_at,
        "updated_at": product.updated_at,
        "labels": product.labels,
    })
}

fn render_version(version: &ProductVersion) -> Value {
    let gateway_service = version.gateway_service.map(|link| {
        // `runtime_group_id` is the deprecated alias Konnect still returns.
        json!({
            "id": link.id,
            "control_plane_id": link.control_plane_id,
            "runtime_group_id": link.control_plane_id,
        })
    });
    json!({
        "id": version.id,
        "name": version.name,
        "gateway_service": gateway_service,
        "publish_status": version.publish_status,
        "deprecated": version.deprecated,
        "created_at": version.created_at,
        "updated_at": version.updated_at,
    })
}

impl Filterable for ApiProduct {
    fn field(&self, name: &str) -> Option<Cow<'_, str>> {
        (name == "name").then_some(Cow::Borrowed(self.name.as_str()))
    }
}

impl Filterable for ProductVersion {
    fn field(&self, name: &str) -> Option<Cow<'_, str>> {
        match name {
            "name" => Some(Cow::Borrowed(&self.name)),
            "publish_status" => Some(Cow::Borrowed(&self.publish_status)),
            _ => None,
        }
    }
}

// ---- lookups and errors ------------------------------------------------------------------

fn product(store: &Store, id: Uuid) -> ApiResult<&ApiProduct> {
    store
        .api_products
        .get(id)
        .ok_or_else(|| product_not_found(id))
}

fn product_mut(store: &mut Store, id: Uuid) -> ApiResult<&mut ApiProduct> {
    store
        .api_products
        .get_mut(id)
        .ok_or_else(|| product_not_found(id))
}

fn product_not_found(id: Uuid) -> ApiError {
    ApiError::not_found(format!("API product [{id}] not found"))
}

fn version_not_found(id: Uuid) -> ApiError {
    ApiError::not_found(format!("API product version [{id}] not found"))
}

fn version_name_conflict(name: &str) -> ApiError {
    ApiError::conflict(format!(
        "API product version with name [{name}] already exists"
    ))
}

/// A version may only point at a gateway service that exists in the named control plane.
fn check_link_target(store: &Store, link: Option<GatewayServiceLink>) -> ApiResult<()> {
    let Some(link) = link else { return Ok(()) };
    let control_plane = store.control_plane(link.control_plane_id).ok_or_else(|| {
        ApiError::invalid_parameter(
            "gateway_service.control_plane_id",
            None,
            format!("control plane [{}] does not exist", link.control_plane_id),
        )
    })?;
    if control_plane.gateway.services.get(link.id).is_none() {
        return Err(ApiError::invalid_parameter(
            "gateway_service.id",
            None,
            format!(
                "gateway service [{}] does not exist in control plane [{}]",
                link.id, control_plane.id
            ),
        ));
    }
    Ok(())
}

// ---- request bodies ----------------------------------------------------------------------

/// Fields of a create/update API product body; `None` = not given.
struct ProductFields {
    name: Option<String>,
    description: Option<Option<String>>,
    labels: Option<BTreeMap<String, String>>,
    portal_ids: Option<Vec<Uuid>>,
}

impl ProductFields {
    fn read(object: &Map<String, Value>, allowed: &[&str]) -> ApiResult<Self> {
        let mut problems = unknown_properties(object, allowed);
        let fields = Self {
            name: object
                .get("name")
                .and_then(|value| name_field(value, 100, &mut problems)),
            description: object.get("description").and_then(|value| match value {
                Value::Null => Some(None),
                Value::String(text) => Some(Some(text.clone())),
                _ => {
                    problems.push(InvalidParameter::new(
                        "description",
                        Some("is_string"),
                        "description must be a string",
                    ));
                    None
                }
            }),
            labels: object
                .get("labels")
                .and_then(|value| labels_field(value, &mut problems)),
            portal_ids: object
                .get("portal_ids")
                .and_then(|value| uuid_list_field("portal_ids", value, &mut problems)),
        };
        finish(problems, fields)
    }
}

/// Fields of a create/update product version body; `None` = not given.
struct VersionFields {
    name: Option<String>,
    publish_status: Option<String>,
    deprecated: Option<bool>,
    /// `Some(None)` unlinks (`"gateway_service": null`).
    gateway_service: Option<Option<GatewayServiceLink>>,
}

impl VersionFields {
    fn read(object: &Map<String, Value>, allowed: &[&str]) -> ApiResult<Self> {
        let mut problems = unknown_properties(object, allowed);
        let fields = Self {
            name: object
                .get("name")
                .and_then(|value| name_field(value, usize::MAX, &mut problems)),
            publish_status: object
                .get("publish_status")
                .and_then(|value| match value.as_str() {
                    Some(status @ ("published" | "unpublished")) => Some(status.to_owned()),
                    _ => {
                        problems.push(InvalidParameter::new(
                            "publish_status",
                            Some("enum"),
                            "publish_status must be one of: unpublished, published",
                        ));
                        None
                    }
                }),
            deprecated: bool_field(object, "deprecated", &mut problems),
            gateway_service: object
                .get("gateway_service")
                .and_then(|value| link_field(value, &mut problems)),
        };
        // `notify` only matters for developer-portal e-mails; it is validated, then ignored.
        bool_field(object, "notify", &mut problems);
        finish(problems, fields)
    }
}

fn finish<T>(problems: Vec<InvalidParameter>, fields: T) -> ApiResult<T> {
    if problems.is_empty() {
        Ok(fields)
    } else {
        Err(ApiError::invalid_parameters(problems))
    }
}

fn unknown_properties(object: &Map<String, Value>, allowed: &[&str]) -> Vec<InvalidParameter> {
    object
        .keys()
        .filter(|key| !allowed.contains(&key.as_str()))
        .map(|key| InvalidParameter::unknown_property(key))
        .collect()
}

fn name_field(
    value: &Value,
    max_length: usize,
    problems: &mut Vec<InvalidParameter>,
) -> Option<String> {
    let Some(name) = value.as_str() else {
        problems.push(InvalidParameter::new(
            "name",
            Some("is_string"),
            "name must be a string",
        ));
        return None;
    };
    let length = name.chars().count();
    if length < 1 {
        problems.push(InvalidParameter::new(
            "name",
            Some("min_length"),
            "name must be longer than or equal to 1 characters",
        ));
        return None;
    }
    if length > max_length {
        problems.push(InvalidParameter::new(
            "name",
            Some("max_length"),
            format!("name must be shorter than or equal to {max_length} characters"),
        ));
        return None;
    }
    Some(name.to_owned())
}

fn bool_field(
    object: &Map<String, Value>,
    field: &str,
    problems: &mut Vec<InvalidParameter>,
) -> Option<bool> {
    let value = object.get(field)?;
    let flag = value.as_bool();
    if flag.is_none() {
        problems.push(InvalidParameter::new(
            field,
            Some("is_boolean"),
            format!("{field} must be a boolean"),
        ));
    }
    flag
}

fn labels_field(
    value: &Value,
    problems: &mut Vec<InvalidParameter>,
) -> Option<BTreeMap<String, String>> {
    let invalid = |reason: String| InvalidParameter::new("labels", Some("is_label"), reason);
    let Some(object) = value.as_object() else {
        problems.push(InvalidParameter::new(
            "labels",
            Some("is_object"),
            "labels must be an object",
        ));
        return None;
    };
    if object.len() > MAX_LABELS {
        problems.push(invalid(format!(
            "a maximum of {MAX_LABELS} labels are allowed"
        )));
        return None;
    }
    let mut labels = BTreeMap::new();
    for (key, value) in object {
        let reserved = RESERVED_LABEL_PREFIXES
            .iter()
            .any(|prefix| key.starts_with(prefix));
        match value.as_str() {
            Some(text) if is_label_text(key) && is_label_text(text) && !reserved => {
                labels.insert(key.clone(), text.to_owned());
            }
            _ => {
                problems.push(invalid(format!("label {key} is not a valid label")));
                return None;
            }
        }
    }
    Some(labels)
}

/// `^[a-z0-9A-Z]{1}([a-z0-9A-Z\-._]*[a-z0-9A-Z]+)?$`, 1 to 63 characters.
fn is_label_text(text: &str) -> bool {
    let alphanumeric_at = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    (1..=63).contains(&text.len())
        && alphanumeric_at(text.chars().next())
        && alphanumeric_at(text.chars().last())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
}

fn uuid_list_field(
    field: &str,
    value: &Value,
    problems: &mut Vec<InvalidParameter>,
) -> Option<Vec<Uuid>> {
    let ids: Option<Vec<Uuid>> = value.as_array().and_then(|items| {
        items
            .iter()
            .map(|item| item.as_str().and_then(|s| Uuid::parse_str(s).ok()))
            .collect()
    });
    if ids.is_none() {
        problems.push(InvalidParameter::new(
            field,
            Some("is_uuid"),
            format!("{field} must be an array of UUIDs"),
        ));
    }
    ids
}

/// `{id, control_plane_id}`, the legacy `{id, runtime_group_id}`, or `null`.
fn link_field(
    value: &Value,
    problems: &mut Vec<InvalidParameter>,
) -> Option<Option<GatewayServiceLink>> {
    let object = match value {
        Value::Null => return Some(None),
        Value::Object(object) => object,
        _ => {
            problems.push(InvalidParameter::new(
                "gateway_service",
                Some("is_object"),
                "gateway_service must be an object or null",
            ));
            return None;
        }
    };
    let before = problems.len();
    for key in object.keys() {
        if !matches!(key.as_str(), "id" | "control_plane_id" | "runtime_group_id") {
            problems.push(InvalidParameter::unknown_property(&format!(
                "gateway_service.{key}"
            )));
        }
    }
    let uuid_at = |key: &str| {
        object
            .get(key)
            .map(|v| v.as_str().and_then(|s| Uuid::parse_str(s).ok()))
    };
    let id = uuid_at("id");
    let control_plane = uuid_at("control_plane_id");
    let runtime_group = uuid_at("runtime_group_id");
    let require_uuid = |field: &str,
                        found: Option<Option<Uuid>>,
                        problems: &mut Vec<InvalidParameter>| match found {
        Some(Some(uuid)) => Some(uuid),
        Some(None) => {
            problems.push(InvalidParameter::new(
                field,
                Some("is_uuid"),
                format!("{field} must be a UUID"),
            ));
            None
        }
        None => None,
    };
    let id = require_uuid("gateway_service.id", id, problems);
    let control_plane = require_uuid("gateway_service.control_plane_id", control_plane, problems);
    let runtime_group = require_uuid("gateway_service.runtime_group_id", runtime_group, problems);
    if id.is_none() && problems.len() == before {
        problems.push(InvalidParameter::new(
            "gateway_service.id",
            Some("required"),
            "gateway_service.id is a required field",
        ));
    }
    let control_plane_id = match (control_plane, runtime_group) {
        (Some(cp), Some(rg)) if cp != rg => {
            problems.push(InvalidParameter::new(
                "gateway_service.runtime_group_id",
                None,
                "runtime_group_id must equal control_plane_id when both are given",
            ));
            None
        }
        (Some(cp), _) | (None, Some(cp)) => Some(cp),
        (None, None) => {
            if problems.len() == before {
                problems.push(InvalidParameter::new(
                    "gateway_service.control_plane_id",
                    Some("required"),
                    "gateway_service.control_plane_id is a required field",
                ));
            }
            None
        }
    };
    if problems.len() != before {
        return None;
    }
    Some(Some(GatewayServiceLink {
        id: id?,
        control_plane_id: control_plane_id?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_text_follows_the_spec_pattern() {
        assert!(is_label_text("env"));
        assert!(is_label_text("a.b-c_d"));
        assert!(!is_label_text("-env"));
        assert!(!is_label_text("env-"));
        assert!(!is_label_text(""));
    }

    #[test]
    fn link_accepts_the_legacy_alias_and_null() {
        let mut problems = Vec::new();
        let id = Uuid::new_v4();
        let cp = Uuid::new_v4();
        let legacy = json!({"id": id, "runtime_group_id": cp});
        assert_eq!(
            link_field(&legacy, &mut problems),
            Some(Some(GatewayServiceLink {
                id,
                control_plane_id: cp
            }))
        );
        assert_eq!(link_field(&Value::Null, &mut problems), Some(None));
        assert!(problems.is_empty());
        assert_eq!(
            link_field(
                &json!({"id": id, "extra": 1, "control_plane_id": cp}),
                &mut problems
            ),
            None
        );
        assert_eq!(problems[0].field, "gateway_service.extra");
    }
}
