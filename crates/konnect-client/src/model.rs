//! The Konnect objects the app reads and writes, as the saved OpenAPI files describe them.
//!
//! Responses ignore fields they do not know (Konnect adds fields over time), and the response
//! types keep only what the app reads: in the wasm, every field costs deserialising code.
//! Requests send only what is set, because Konnect rejects unknown or `null` fields on several
//! endpoints.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

/// `meta.page` of a number-paged list (`page[size]`, `page[number]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageNumbers {
    pub number: u64,
    pub size: u64,
    pub total: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageMeta {
    pub page: PageNumbers,
}

/// One page of a number-paged list: API products, product versions, control planes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub meta: PageMeta,
}

/// One page of an offset-paged list (gateway services and routes): `offset` is the cursor for
/// the next page, absent or `null` on the last one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetPage<T> {
    pub data: Vec<T>,
    #[serde(default)]
    pub offset: Option<String>,
    #[serde(default)]
    pub next: Option<String>,
}

/// `GET /v3/users/me`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub full_name: Option<String>,
    #[serde(default)]
    pub preferred_name: Option<String>,
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// `GET /v3/organizations/me`: what the app shows of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
}

/// Who the token belongs to: the Connect screen shows the organization name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Whoami {
    pub user: User,
    pub organization: Organization,
}

/// A control plane (the runtime group of the Service Hub era): what the app shows of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlPlane {
    pub id: String,
    pub name: String,
}

/// An API product: a Service Hub "service", as far as the app shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiProduct {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub version_count: u64,
}

/// Body of `POST /v2/api-products`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NewApiProduct {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PublishStatus {
    Published,
    Unpublished,
    /// A status this client does not know yet.
    #[serde(other)]
    Unknown,
}

/// The gateway service that implements a product version ("the version's implementation").
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GatewayServiceRef {
    pub id: String,
    pub control_plane_id: String,
}

/// A product version: a Service Hub "version".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductVersion {
    pub id: String,
    pub name: String,
    /// `None` when the version is not implemented. Konnect may also send an object whose `id`
    /// is `null`, and the deprecated `runtime_group_id` instead of `control_plane_id`: both are
    /// normalised here.
    #[serde(default, deserialize_with = "deserialize_gateway_service")]
    pub gateway_service: Option<GatewayServiceRef>,
    #[serde(default = "unpublished")]
    pub publish_status: PublishStatus,
    #[serde(default)]
    pub deprecated: bool,
}

impl ProductVersion {
    pub fn is_implemented(&self) -> bool {
        self.gateway_service.is_some()
    }
}

fn unpublished() -> PublishStatus {
    PublishStatus::Unpublished
}

fn deserialize_gateway_service<'de, D>(
    deserializer: D,
) -> Result<Option<GatewayServiceRef>, D::Error>
where
    D: Deserializer<'de>,
{
    #[derive(Deserialize)]
    struct AsSent {
        #[serde(default)]
        id: Option<String>,
        #[serde(default)]
        control_plane_id: Option<String>,
        #[serde(default)]
        runtime_group_id: Option<String>,
    }
    let sent = Option::<AsSent>::deserialize(deserializer)?;
    Ok(sent.and_then(|sent| {
        let control_plane_id = sent.control_plane_id.or(sent.runtime_group_id)?;
        Some(GatewayServiceRef {
            id: sent.id?,
            control_plane_id,
        })
    }))
}

/// Body of `POST /v2/api-products/{id}/product-versions`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NewProductVersion {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publish_status: Option<PublishStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway_service: Option<GatewayServiceRef>,
}

/// A gateway service or route body the client can look up by name after an ambiguous create.
///
/// Implemented for `serde_json::Value` (its `"name"` member) and for the domain crate's
/// `Service` and `Route`.
pub trait NamedEntity {
    fn entity_name(&self) -> Option<&str>;
}

impl NamedEntity for serde_json::Value {
    fn entity_name(&self) -> Option<&str> {
        self.get("name").and_then(serde_json::Value::as_str)
    }
}

impl NamedEntity for domain::model::Service {
    fn entity_name(&self) -> Option<&str> {
        self.name.as_value().map(String::as_str)
    }
}

impl NamedEntity for domain::model::Route {
    fn entity_name(&self) -> Option<&str> {
        self.name.as_value().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::model::{Nullable, Route, Service};

    #[test]
    fn entity_names_of_json_and_domain_bodies() {
        assert_eq!(
            serde_json::json!({"name": "flights"}).entity_name(),
            Some("flights")
        );
        assert_eq!(serde_json::json!({"name": 3}).entity_name(), None);
        let service = Service {
            name: Nullable::Value("flights".into()),
            ..Service::default()
        };
        assert_eq!(service.entity_name(), Some("flights"));
        let route = Route {
            name: Nullable::Null,
            ..Route::default()
        };
        assert_eq!(route.entity_name(), None);
    }

    #[test]
    fn version_links_are_normalised() {
        let legacy: ProductVersion = serde_json::from_str(
            r#"{"id":"v","name":"v1","gateway_service":{"id":"s","runtime_group_id":"rg"},"publish_status":"published","deprecated":false}"#,
        )
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            legacy.gateway_service,
            Some(GatewayServiceRef {
                id: "s".into(),
                control_plane_id: "rg".into()
            })
        );
        assert_eq!(legacy.publish_status, PublishStatus::Published);
        let future_status: ProductVersion = serde_json::from_str(
            r#"{"id":"v","name":"v1","gateway_service":null,"publish_status":"archived"}"#,
        )
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(future_status.publish_status, PublishStatus::Unknown);
        assert!(!future_status.is_implemented());
    }
}
