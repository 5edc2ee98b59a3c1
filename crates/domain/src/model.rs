//! Kong Gateway `Service` and `Route` entities as the Admin API / Konnect expects them.
//!
//! Absent and `null` are different things to Kong: a `null` is kept (and is *not* replaced by the
//! default), an absent key gets the default. [`Nullable`] keeps that difference through a
//! serde round trip: absent keys are skipped when serializing, `null` is written as `null`.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON field that may be absent, explicitly `null`, or hold a value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Nullable<T> {
    /// The key is not in the JSON object (Kong fills the default, if any).
    #[default]
    Absent,
    /// The key is present with the value `null`.
    Null,
    /// The key is present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// For `#[serde(skip_serializing_if = "Nullable::is_absent")]`.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// The value, if there is one.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// Only called when the key is present; absent keys come from `#[serde(default)]`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from)
    }
}

/// The protocols Kong knows (`kong/constants.lua:77-91`), in Kong's sorted order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    Grpc,
    Grpcs,
    Http,
    Https,
    Tcp,
    Tls,
    TlsPassthrough,
    Udp,
}

impl Protocol {
    /// All protocols, in the order Kong lists them in `expected one of: …`.
    pub const ALL: [Protocol; 8] = [
        Protocol::Grpc,
        Protocol::Grpcs,
        Protocol::Http,
        Protocol::Https,
        Protocol::Tcp,
        Protocol::Tls,
        Protocol::TlsPassthrough,
        Protocol::Udp,
    ];

    /// The wire name (`"tls_passthrough"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Grpc => "grpc",
            Protocol::Grpcs => "grpcs",
            Protocol::Http => "http",
            Protocol::Https => "https",
            Protocol::Tcp => "tcp",
            Protocol::Tls => "tls",
            Protocol::TlsPassthrough => "tls_passthrough",
            Protocol::Udp => "udp",
        }
    }

    /// Parses a wire name; Kong's protocol names are case-sensitive.
    pub fn parse(text: &str) -> Option<Protocol> {
        Protocol::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

impl std::fmt::Display for Protocol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A reference to another entity by primary key: `{"id": "<uuid>"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub id: String,
}

/// One element of a route's `sources` / `destinations`: at least one of `ip` and `port`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Endpoint {
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub ip: Nullable<String>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub port: Nullable<u16>,
}

/// A Kong Gateway service (`kong/db/schema/entities/services.lua`).
///
/// The write-only `url` shorthand is not a field: validation expands it into
/// `protocol`, `host`, `port` and `path`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub id: Nullable<String>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub created_at: Nullable<i64>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub updated_at: Nullable<i64>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub name: Nullable<String>,
    pub protocol: Protocol,
    pub host: String,
    pub port: u16,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub path: Nullable<String>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub retries: Nullable<u16>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub connect_timeout: Nullable<u32>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub write_timeout: Nullable<u32>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub read_timeout: Nullable<u32>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub tags: Nullable<Vec<String>>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub client_certificate: Nullable<ForeignKey>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub tls_verify: Nullable<bool>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub tls_verify_depth: Nullable<u8>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub ca_certificates: Nullable<Vec<String>>,
    pub enabled: bool,
}

impl Default for Service {
    /// Kong's defaults (`services.lua`); `host` is required and has none, so it starts empty.
    fn default() -> Self {
        Service {
            id: Nullable::Absent,
            created_at: Nullable::Absent,
            updated_at: Nullable::Absent,
            name: Nullable::Absent,
            protocol: Protocol::Http,
            host: String::new(),
            port: 80,
            path: Nullable::Absent,
            retries: Nullable::Value(5),
            connect_timeout: Nullable::Value(60_000),
            write_timeout: Nullable::Value(60_000),
            read_timeout: Nullable::Value(60_000),
            tags: Nullable::Absent,
            client_certificate: Nullable::Absent,
            tls_verify: Nullable::Absent,
            tls_verify_depth: Nullable::Absent,
            ca_certificates: Nullable::Absent,
            enabled: true,
        }
    }
}

/// A Kong Gateway route (`kong/db/schema/entities/routes.lua`), classic (non-expression) fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub id: Nullable<String>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub created_at: Nullable<i64>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub updated_at: Nullable<i64>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub name: Nullable<String>,
    pub protocols: Vec<Protocol>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub methods: Nullable<Vec<String>>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub hosts: Nullable<Vec<String>>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub paths: Nullable<Vec<String>>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub headers: Nullable<BTreeMap<String, Vec<String>>>,
    pub https_redirect_status_code: u16,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub regex_priority: Nullable<i64>,
    pub strip_path: bool,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub path_handling: Nullable<String>,
    pub preserve_host: bool,
    pub request_buffering: bool,
    pub response_buffering: bool,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub snis: Nullable<Vec<String>>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub sources: Nullable<Vec<Endpoint>>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub destinations: Nullable<Vec<Endpoint>>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub tags: Nullable<Vec<String>>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub service: Nullable<ForeignKey>,
}

impl Default for Route {
    /// Kong's defaults for an http/https route (`routes.lua`).
    fn default() -> Self {
        Route {
            id: Nullable::Absent,
            created_at: Nullable::Absent,
            updated_at: Nullable::Absent,
            name: Nullable::Absent,
            protocols: vec![Protocol::Http, Protocol::Https],
            methods: Nullable::Absent,
            hosts: Nullable::Absent,
            paths: Nullable::Absent,
            headers: Nullable::Absent,
            https_redirect_status_code: 426,
            regex_priority: Nullable::Value(0),
            strip_path: true,
            path_handling: Nullable::Value("v0".to_string()),
            preserve_host: false,
            request_buffering: true,
            response_buffering: true,
            snis: Nullable::Absent,
            sources: Nullable::Absent,
            destinations: Nullable::Absent,
            tags: Nullable::Absent,
            service: Nullable::Absent,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_is_skipped_and_null_is_kept() {
        let service = Service {
            host: "example.com".into(),
            path: Nullable::Null,
            retries: Nullable::Absent,
            ..Service::default()
        };
        let value = serde_json::to_value(&service).unwrap_or_default();
        assert_eq!(value.get("path"), Some(&serde_json::Value::Null));
        assert_eq!(value.get("retries"), None);
        assert_eq!(value.get("protocol"), Some(&json!("http")));
    }

    #[test]
    fn deserializing_distinguishes_absent_from_null() {
        let route: Result<Route, _> = serde_json::from_value(json!({
            "protocols": ["http"], "https_redirect_status_code": 426, "strip_path": true,
            "preserve_host": false, "request_buffering": true, "response_buffering": true,
            "paths": null
        }));
        let route = route.unwrap_or_default();
        assert_eq!(route.paths, Nullable::Null);
        assert_eq!(route.hosts, Nullable::Absent);
        assert_eq!(route.protocols, vec![Protocol::Http]);
    }

    #[test]
    fn protocol_names_round_trip() {
        for protocol in Protocol::ALL {
            assert_eq!(Protocol::parse(protocol.as_str()), Some(protocol));
        }
        assert_eq!(Protocol::parse("HTTP"), None);
    }
}
