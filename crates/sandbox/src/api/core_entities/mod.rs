//! Gateway services and routes of a control plane:
//! `/v2/control-planes/{cp}/core-entities/services|routes[/{id_or_name}]` and the nested
//! `/services/{id_or_name}/routes[/{id_or_name}]` (control-planes-config-v2-2023-10.yaml).
//!
//! Status codes follow that spec: create service 201, create route 200 (top level) or 201
//! (nested), PUT 200, DELETE 204 also when the entity does not exist.

mod build;
pub mod routes;
pub mod services;

use serde::Serialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::errors::{ApiError, ApiResult};
use crate::store::{ControlPlane, Row, Store, Table};
use crate::validation::FieldErrors;

const DEFAULT_SIZE: usize = 100;
const MAX_SIZE: usize = 1000;

/// Resolves the `{controlPlaneId}` path segment.
fn control_plane<'a>(store: &'a Store, id: &str) -> ApiResult<&'a ControlPlane> {
    Uuid::parse_str(id)
        .ok()
        .and_then(|id| store.control_plane(id))
        .ok_or(ApiError::ControlPlaneNotFound)
}

fn control_plane_mut<'a>(store: &'a mut Store, id: &str) -> ApiResult<&'a mut ControlPlane> {
    Uuid::parse_str(id)
        .ok()
        .and_then(|id| store.control_planes.get_mut(id))
        .ok_or(ApiError::ControlPlaneNotFound)
}

/// `size`, `offset` and `tags` of a core-entities list.
struct EntityListQuery {
    size: usize,
    /// The table sequence number to start at (the opaque `offset` token).
    start: u64,
    tags: Option<TagFilter>,
}

enum TagFilter {
    All(Vec<String>),
    Any(Vec<String>),
}

impl TagFilter {
    fn accepts(&self, tags: Option<&Vec<String>>) -> bool {
        let has = |wanted: &String| tags.is_some_and(|tags| tags.contains(wanted));
        match self {
            Self::All(wanted) => wanted.iter().all(has),
            Self::Any(wanted) => wanted.iter().any(has),
        }
    }
}

impl EntityListQuery {
    fn parse(pairs: &[(String, String)]) -> ApiResult<Self> {
        let mut query = Self {
            size: DEFAULT_SIZE,
            start: 0,
            tags: None,
        };
        for (key, value) in pairs {
            match key.as_str() {
                "size" => {
                    query.size = value
                        .parse::<usize>()
                        .ok()
                        .filter(|size| (1..=MAX_SIZE).contains(size))
                        .ok_or_else(|| {
                            ApiError::entity_bad_request(format!(
                                "size must be an integer between 1 and {MAX_SIZE}"
                            ))
                        })?;
                }
                "offset" if !value.is_empty() => {
                    query.start = value
                        .parse::<u64>()
                        .map_err(|_| ApiError::entity_bad_request("invalid offset"))?;
                }
                "tags" if !value.is_empty() => {
                    let split = |separator| value.split(separator).map(str::to_owned).collect();
                    query.tags = Some(if value.contains('/') {
                        TagFilter::Any(split('/'))
                    } else {
                        TagFilter::All(split(','))
                    });
                }
                _ => {}
            }
        }
        Ok(query)
    }
}

/// Kong-style offset paging: `{data, next, offset}`, where `offset` (present only when more
/// rows exist) is the token for the next page and `next` the path that fetches it.
fn offset_page<T: Row + Serialize>(
    table: &Table<T>,
    query: &EntityListQuery,
    list_path: &str,
    accept: impl Fn(&T) -> bool,
    tags_of: impl Fn(&T) -> Option<&Vec<String>>,
) -> Value {
    let mut matching = table
        .iter_from(query.start)
        .filter(|(_, row)| accept(row))
        .filter(|(_, row)| {
            query
                .tags
                .as_ref()
                .is_none_or(|tags| tags.accepts(tags_of(row)))
        });
    let data: Vec<&T> = matching
        .by_ref()
        .take(query.size)
        .map(|(_, row)| row)
        .collect();
    match matching.next() {
        Some((next_seq, _)) => json!({
            "data": data,
            "next": format!("{list_path}?offset={next_seq}&size={}", query.size),
            "offset": next_seq.to_string(),
        }),
        None => json!({"data": data, "next": null}),
    }
}

/// Unknown fields are refused before validation, as koko's JSON decoding refuses them.
fn reject_unknown_fields(body: &Map<String, Value>, is_known: fn(&str) -> bool) -> ApiResult<()> {
    match body.keys().find(|key| !is_known(key)) {
        Some(unknown) => Err(ApiError::entity_bad_request(format!(
            "proto: unknown field \"{unknown}\""
        ))),
        None => Ok(()),
    }
}

fn validation_error(errors: FieldErrors) -> ApiError {
    ApiError::entity_validation(&errors.fields, &errors.entity)
}

/// For PUT: the id in the path (when it is a UUID), or the name in the path.
enum PathKey {
    Id(Uuid),
    Name(String),
}

impl PathKey {
    fn parse(key: &str) -> Self {
        match Uuid::parse_str(key) {
            Ok(id) => Self::Id(id),
            Err(_) => Self::Name(key.to_owned()),
        }
    }
}

/// Works out the id and name of an upserted entity from the path, the body and any existing
/// entity, refusing bodies that contradict the path.
fn upsert_identity(
    key: &PathKey,
    existing_id: Option<Uuid>,
    body: &Map<String, Value>,
) -> ApiResult<(Uuid, Option<String>)> {
    let body_id = body
        .get("id")
        .and_then(Value::as_str)
        .and_then(|id| Uuid::parse_str(id).ok());
    let body_name = body.get("name").and_then(Value::as_str).map(str::to_owned);
    match key {
        PathKey::Id(id) => {
            if body_id.is_some_and(|body_id| body_id != *id) {
                return Err(ApiError::entity_bad_request(
                    "the id in the body does not match the id in the path",
                ));
            }
            Ok((*id, body_name))
        }
        PathKey::Name(name) => {
            if body_name
                .as_ref()
                .is_some_and(|body_name| body_name != name)
            {
                return Err(ApiError::entity_bad_request(
                    "the name in the body does not match the name in the path",
                ));
            }
            let id = existing_id.or(body_id).unwrap_or_else(Uuid::new_v4);
            Ok((id, Some(name.clone())))
        }
    }
}
