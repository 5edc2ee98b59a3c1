//! The entities the sandbox stores. Gateway services and routes are stored in the exact shape
//! the core-entities API returns (absent optional fields are omitted, as Konnect does);
//! platform entities (control planes, API products) are rendered by the API layer.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::table::{Row, Table};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    pub login_path: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub full_name: String,
    pub preferred_name: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ControlPlane {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub created_at: String,
    pub updated_at: String,
    /// The gateway services and routes configured in this control plane.
    pub gateway: GatewayConfig,
}

impl Row for ControlPlane {
    fn id(&self) -> Uuid {
        self.id
    }
    fn unique_name(&self) -> Option<&str> {
        Some(&self.name)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct GatewayConfig {
    pub services: Table<GatewayService>,
    pub routes: Table<Route>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApiProduct {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub portal_ids: Vec<Uuid>,
    pub created_at: String,
    pub updated_at: String,
    pub versions: Table<ProductVersion>,
}

impl Row for ApiProduct {
    fn id(&self) -> Uuid {
        self.id
    }
    /// Konnect does not require API product names to be unique.
    fn unique_name(&self) -> Option<&str> {
        None
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProductVersion {
    pub id: Uuid,
    pub name: String,
    pub publish_status: String,
    pub deprecated: bool,
    pub gateway_service: Option<GatewayServiceLink>,
    pub created_at: String,
    pub updated_at: String,
}

impl Row for ProductVersion {
    fn id(&self) -> Uuid {
        self.id
    }
    /// A version name is unique within its API product.
    fn unique_name(&self) -> Option<&str> {
        Some(&self.name)
    }
}

/// The implementation of a product version: a gateway service in a control plane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayServiceLink {
    pub id: Uuid,
    pub control_plane_id: Uuid,
}

/// A reference to another entity, `{"id": …}` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRef {
    pub id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GatewayService {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub protocol: String,
    pub host: String,
    pub port: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub retries: u32,
    pub connect_timeout: u32,
    pub write_timeout: u32,
    pub read_timeout: u32,
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_verify: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_verify_depth: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_certificates: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_certificate: Option<EntityRef>,
    pub created_at: u64,
    pub updated_at: u64,
}

impl Row for GatewayService {
    fn id(&self) -> Uuid {
        self.id
    }
    fn unique_name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub protocols: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub methods: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosts: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paths: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<BTreeMap<String, Vec<String>>>,
    pub https_redirect_status_code: u16,
    pub regex_priority: i64,
    pub strip_path: bool,
    pub path_handling: String,
    pub preserve_host: bool,
    pub request_buffering: bool,
    pub response_buffering: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snis: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destinations: Option<Vec<serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<EntityRef>,
    pub created_at: u64,
    pub updated_at: u64,
}

impl Row for Route {
    fn id(&self) -> Uuid {
        self.id
    }
    fn unique_name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}
