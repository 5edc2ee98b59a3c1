//! Gateway services and routes in a control plane:
//! `/v2/control-planes/{cp}/core-entities/{services,routes}` and `/services/{id}/routes`.
//!
//! Bodies are generic (`serde_json::Value`, or the domain crate's `Service` and `Route`): the
//! client moves them, the domain crate validates them.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::segment;
use crate::client::{Call, Client, Retry};
use crate::error::ApiError;
use crate::model::{NamedEntity, OffsetPage};
use crate::paging::{ListSource, PageLimits, Pager, Paging};
use crate::transport::{Method, Transport};
use crate::url::Query;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EntityKind {
    Service,
    Route,
}

impl EntityKind {
    fn collection(self) -> &'static str {
        match self {
            EntityKind::Service => "services",
            EntityKind::Route => "routes",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            EntityKind::Service => "gateway service",
            EntityKind::Route => "route",
        }
    }
}

fn collection_path(control_plane_id: &str, kind: EntityKind) -> String {
    format!(
        "/v2/control-planes/{}/core-entities/{}",
        segment(control_plane_id),
        kind.collection()
    )
}

fn entity_path(control_plane_id: &str, kind: EntityKind, id_or_name: &str) -> String {
    format!(
        "{}/{}",
        collection_path(control_plane_id, kind),
        segment(id_or_name)
    )
}

fn service_routes_path(control_plane_id: &str, service_id_or_name: &str) -> String {
    format!(
        "{}/routes",
        entity_path(control_plane_id, EntityKind::Service, service_id_or_name)
    )
}

fn offset_query(size: u32, offset: Option<&str>) -> String {
    Query::new()
        .push("size", size)
        .push_opt("offset", offset)
        .to_query_string()
}

/// "create the gateway service “flights”", or without a name "create the gateway service".
fn describe(verb: &str, kind: EntityKind, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("{verb} the {} \u{201c}{name}\u{201d}", kind.noun()),
        None => format!("{verb} the {}", kind.noun()),
    }
}

impl<T: Transport> Client<T> {
    async fn list_entities<E: DeserializeOwned>(
        &self,
        path: String,
        kind: EntityKind,
        size: u32,
        offset: Option<&str>,
    ) -> Result<OffsetPage<E>, ApiError> {
        let action = format!("load the {}s", kind.noun());
        let call = Call::get_regional(format!("{path}{}", offset_query(size, offset)), action);
        self.fetch_json(&call).await
    }

    async fn get_entity<E: DeserializeOwned>(
        &self,
        control_plane_id: &str,
        kind: EntityKind,
        id_or_name: &str,
    ) -> Result<Option<E>, ApiError> {
        let call = Call::get_regional(
            entity_path(control_plane_id, kind, id_or_name),
            describe("load", kind, Some(id_or_name)),
        );
        self.fetch_optional_json(&call).await
    }

    async fn create_entity<E>(
        &self,
        control_plane_id: &str,
        kind: EntityKind,
        body: &E,
    ) -> Result<E, ApiError>
    where
        E: Serialize + DeserializeOwned + NamedEntity,
    {
        let name = body.entity_name();
        let action = describe("create", kind, name);
        let path = collection_path(control_plane_id, kind);
        let call = Call::with_body(Method::Post, path, body, Retry::OnlyIfRejected, action)?;
        self.create(&call, name, async |name: &str| {
            self.get_entity(control_plane_id, kind, name).await
        })
        .await
    }

    async fn put_entity<E>(
        &self,
        control_plane_id: &str,
        kind: EntityKind,
        id_or_name: &str,
        body: &E,
    ) -> Result<E, ApiError>
    where
        E: Serialize + DeserializeOwned + NamedEntity,
    {
        let action = describe("save", kind, body.entity_name().or(Some(id_or_name)));
        let path = entity_path(control_plane_id, kind, id_or_name);
        let call = Call::with_body(Method::Put, path, body, Retry::Idempotent, action)?;
        self.fetch_json(&call).await
    }

    async fn delete_entity(
        &self,
        control_plane_id: &str,
        kind: EntityKind,
        id_or_name: &str,
    ) -> Result<(), ApiError> {
        let call = Call::delete(
            entity_path(control_plane_id, kind, id_or_name),
            describe("delete", kind, Some(id_or_name)),
        );
        self.fetch_nothing(&call).await
    }

    /// One page of `GET …/core-entities/services?size=…&offset=…`.
    pub async fn list_services<E: DeserializeOwned>(
        &self,
        control_plane_id: &str,
        size: u32,
        offset: Option<&str>,
    ) -> Result<OffsetPage<E>, ApiError> {
        let path = collection_path(control_plane_id, EntityKind::Service);
        self.list_entities(path, EntityKind::Service, size, offset)
            .await
    }

    /// `GET …/core-entities/services/{id or name}`; `Ok(None)` when there is none.
    pub async fn get_service<E: DeserializeOwned>(
        &self,
        control_plane_id: &str,
        id_or_name: &str,
    ) -> Result<Option<E>, ApiError> {
        self.get_entity(control_plane_id, EntityKind::Service, id_or_name)
            .await
    }

    /// `POST …/core-entities/services`, never creating two (see [`Client::create_route`]).
    pub async fn create_service<E>(
        &self,
        control_plane_id: &str,
        service: &E,
    ) -> Result<E, ApiError>
    where
        E: Serialize + DeserializeOwned + NamedEntity,
    {
        self.create_entity(control_plane_id, EntityKind::Service, service)
            .await
    }

    /// `PUT …/core-entities/services/{id or name}` (create or replace).
    pub async fn put_service<E>(
        &self,
        control_plane_id: &str,
        id_or_name: &str,
        service: &E,
    ) -> Result<E, ApiError>
    where
        E: Serialize + DeserializeOwned + NamedEntity,
    {
        self.put_entity(control_plane_id, EntityKind::Service, id_or_name, service)
            .await
    }

    /// `DELETE …/core-entities/services/{id or name}`. Konnect refuses while routes use it.
    pub async fn delete_service(
        &self,
        control_plane_id: &str,
        id_or_name: &str,
    ) -> Result<(), ApiError> {
        self.delete_entity(control_plane_id, EntityKind::Service, id_or_name)
            .await
    }

    /// One page of `GET …/core-entities/routes?size=…&offset=…`.
    pub async fn list_routes<E: DeserializeOwned>(
        &self,
        control_plane_id: &str,
        size: u32,
        offset: Option<&str>,
    ) -> Result<OffsetPage<E>, ApiError> {
        let path = collection_path(control_plane_id, EntityKind::Route);
        self.list_entities(path, EntityKind::Route, size, offset)
            .await
    }

    /// One page of `GET …/core-entities/services/{id or name}/routes`.
    pub async fn list_service_routes<E: DeserializeOwned>(
        &self,
        control_plane_id: &str,
        service_id_or_name: &str,
        size: u32,
        offset: Option<&str>,
    ) -> Result<OffsetPage<E>, ApiError> {
        let path = service_routes_path(control_plane_id, service_id_or_name);
        self.list_entities(path, EntityKind::Route, size, offset)
            .await
    }

    /// `GET …/core-entities/routes/{id or name}`; `Ok(None)` when there is none.
    pub async fn get_route<E: DeserializeOwned>(
        &self,
        control_plane_id: &str,
        id_or_name: &str,
    ) -> Result<Option<E>, ApiError> {
        self.get_entity(control_plane_id, EntityKind::Route, id_or_name)
            .await
    }

    /// `POST …/core-entities/routes` (the body names its service: `"service": {"id": …}`).
    ///
    /// Never creates two: after an ambiguous failure the route is looked up by name; if it
    /// exists it is returned, else the create is sent once more.
    pub async fn create_route<E>(&self, control_plane_id: &str, route: &E) -> Result<E, ApiError>
    where
        E: Serialize + DeserializeOwned + NamedEntity,
    {
        self.create_entity(control_plane_id, EntityKind::Route, route)
            .await
    }

    /// `PUT …/core-entities/routes/{id or name}` (create or replace).
    pub async fn put_route<E>(
        &self,
        control_plane_id: &str,
        id_or_name: &str,
        route: &E,
    ) -> Result<E, ApiError>
    where
        E: Serialize + DeserializeOwned + NamedEntity,
    {
        self.put_entity(control_plane_id, EntityKind::Route, id_or_name, route)
            .await
    }

    /// `DELETE …/core-entities/routes/{id or name}`.
    pub async fn delete_route(
        &self,
        control_plane_id: &str,
        id_or_name: &str,
    ) -> Result<(), ApiError> {
        self.delete_entity(control_plane_id, EntityKind::Route, id_or_name)
            .await
    }
}

impl<T: Transport + Clone> Client<T> {
    fn entity_pager<E: DeserializeOwned>(
        &self,
        path: String,
        kind: EntityKind,
        limits: PageLimits,
    ) -> Pager<T, E> {
        let source = ListSource {
            path,
            filters: Query::new(),
            paging: Paging::Offset,
            action: format!("load the {}s", kind.noun()),
        };
        Pager::new(self.clone(), source, limits)
    }

    /// The gateway services of a control plane, fetched lazily.
    pub fn services<E: DeserializeOwned>(
        &self,
        control_plane_id: &str,
        limits: PageLimits,
    ) -> Pager<T, E> {
        let path = collection_path(control_plane_id, EntityKind::Service);
        self.entity_pager(path, EntityKind::Service, limits)
    }

    /// The routes of a control plane, fetched lazily.
    pub fn routes<E: DeserializeOwned>(
        &self,
        control_plane_id: &str,
        limits: PageLimits,
    ) -> Pager<T, E> {
        let path = collection_path(control_plane_id, EntityKind::Route);
        self.entity_pager(path, EntityKind::Route, limits)
    }

    /// The routes of one gateway service, fetched lazily.
    pub fn service_routes<E: DeserializeOwned>(
        &self,
        control_plane_id: &str,
        service_id_or_name: &str,
        limits: PageLimits,
    ) -> Pager<T, E> {
        let path = service_routes_path(control_plane_id, service_id_or_name);
        self.entity_pager(path, EntityKind::Route, limits)
    }
}
