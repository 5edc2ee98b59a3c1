//! Turns a validated request body into the stored entity, filling Kong's defaults.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use uuid::Uuid;

use crate::store::{EntityRef, GatewayService, Route};

const DEFAULT_TIMEOUT_MS: u32 = 60_000;

/// Identity and timestamps decided by the handler (create vs. upsert).
pub struct Stamp {
    pub id: Uuid,
    pub name: Option<String>,
    pub created_at: u64,
    pub updated_at: u64,
}

/// Builds a gateway service from a normalized body.
pub fn service(body: &Map<String, Value>, stamp: Stamp) -> GatewayService {
    // The validator already expanded a `url` shorthand into these four fields.
    let protocol = string(body, "protocol").unwrap_or_else(|| "http".to_owned());
    let host = string(body, "host").unwrap_or_default();
    let port = integer(body, "port");
    let path = string(body, "path");
    let default_port = if matches!(protocol.as_str(), "https" | "grpcs" | "tls" | "wss") {
        443
    } else {
        80
    };
    GatewayService {
        id: stamp.id,
        name: stamp.name,
        port: port.unwrap_or(default_port),
        protocol,
        host,
        path,
        retries: integer(body, "retries").unwrap_or(5),
        connect_timeout: integer(body, "connect_timeout").unwrap_or(DEFAULT_TIMEOUT_MS),
        write_timeout: integer(body, "write_timeout").unwrap_or(DEFAULT_TIMEOUT_MS),
        read_timeout: integer(body, "read_timeout").unwrap_or(DEFAULT_TIMEOUT_MS),
        enabled: boolean(body, "enabled").unwrap_or(true),
        tags: strings(body, "tags"),
        tls_verify: boolean(body, "tls_verify"),
        tls_verify_depth: integer(body, "tls_verify_depth"),
        ca_certificates: strings(body, "ca_certificates"),
        client_certificate: entity_ref(body, "client_certificate"),
        created_at: stamp.created_at,
        updated_at: stamp.updated_at,
    }
}

/// Builds a route from a normalized body; `service` is already resolved.
pub fn route(body: &Map<String, Value>, stamp: Stamp, service: Option<EntityRef>) -> Route {
    let headers = get(body, "headers")
        .and_then(Value::as_object)
        .map(|headers| {
            headers
                .iter()
                .map(|(name, values)| {
                    let values = values
                        .as_array()
                        .map(|list| {
                            list.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_owned)
                                .collect()
                        })
                        .unwrap_or_default();
                    (name.clone(), values)
                })
                .collect::<BTreeMap<String, Vec<String>>>()
        });
    Route {
        id: stamp.id,
        name: stamp.name,
        protocols: strings(body, "protocols")
            .unwrap_or_else(|| vec!["http".to_owned(), "https".to_owned()]),
        methods: strings(body, "methods"),
        hosts: strings(body, "hosts"),
        paths: strings(body, "paths"),
        headers,
        https_redirect_status_code: integer(body, "https_redirect_status_code").unwrap_or(426),
        regex_priority: integer(body, "regex_priority").unwrap_or(0),
        strip_path: boolean(body, "strip_path").unwrap_or(true),
        path_handling: string(body, "path_handling").unwrap_or_else(|| "v0".to_owned()),
        preserve_host: boolean(body, "preserve_host").unwrap_or(false),
        request_buffering: boolean(body, "request_buffering").unwrap_or(true),
        response_buffering: boolean(body, "response_buffering").unwrap_or(true),
        snis: strings(body, "snis"),
        sources: get(body, "sources").and_then(Value::as_array).cloned(),
        destinations: get(body, "destinations").and_then(Value::as_array).cloned(),
        tags: strings(body, "tags"),
        service,
        created_at: stamp.created_at,
        updated_at: stamp.updated_at,
    }
}

/// The `service.id` a route body names, if any.
pub fn route_service_ref(body: &Map<String, Value>) -> Option<Uuid> {
    entity_ref(body, "service").map(|reference| reference.id)
}

fn get<'a>(body: &'a Map<String, Value>, field: &str) -> Option<&'a Value> {
    body.get(field).filter(|value| !value.is_null())
}

fn string(body: &Map<String, Value>, field: &str) -> Option<String> {
    get(body, field).and_then(Value::as_str).map(str::to_owned)
}

fn integer<T: TryFrom<i64>>(body: &Map<String, Value>, field: &str) -> Option<T> {
    get(body, field)
        .and_then(Value::as_i64)
        .and_then(|n| T::try_from(n).ok())
}

fn boolean(body: &Map<String, Value>, field: &str) -> Option<bool> {
    get(body, field).and_then(Value::as_bool)
}

fn strings(body: &Map<String, Value>, field: &str) -> Option<Vec<String>> {
    get(body, field).and_then(Value::as_array).map(|items| {
        items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    })
}

fn entity_ref(body: &Map<String, Value>, field: &str) -> Option<EntityRef> {
    get(body, field)
        .and_then(|value| value.get("id"))
        .and_then(Value::as_str)
        .and_then(|id| Uuid::parse_str(id).ok())
        .map(|id| EntityRef { id })
}
