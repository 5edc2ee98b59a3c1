//! "View configuration": an implementation (a gateway service and its routes) as JSON, as YAML
//! and as a decK file.
//!
//! Every text is built from the [`Service`] and [`Route`] structs alone, which hold no
//! credentials, so no token or `Authorization` value can end up in copied text. Fields keep
//! Kong's names and the order of `model.rs` (Kong's schema order).
//!
//! ```
//! use domain::export::{DeckOptions, deck_file};
//! use domain::model::{Nullable, Route, Service};
//!
//! let service = Service {
//!     name: Nullable::Value("flights".into()),
//!     host: "api.example.com".into(),
//!     ..Service::default()
//! };
//! let route = Route {
//!     name: Nullable::Value("list-flights".into()),
//!     paths: Nullable::Value(vec!["/flights".into()]),
//!     ..Route::default()
//! };
//! let deck = deck_file(&service, &[route], &DeckOptions::default()).unwrap_or_default();
//! assert!(deck.starts_with("_format_version: \"3.0\"\nservices:\n  - name: flights\n"));
//! assert!(deck.contains("    routes:\n      - name: list-flights\n"));
//! ```

mod json;
mod node;
mod yaml;

use serde::Serialize;

use crate::model::{Route, Service};
use node::Node;

/// decK's current file format version (decK 1.x for Kong Gateway 3.x).
pub const DECK_FORMAT_VERSION: &str = "3.0";

/// Serialization failed. The model types always serialize, so this is not expected in
/// practice; it is a value rather than a panic because a panic would stop the whole app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError(String);

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not write the configuration: {}", self.0)
    }
}

impl std::error::Error for ExportError {}

impl From<serde_json::Error> for ExportError {
    fn from(error: serde_json::Error) -> Self {
        ExportError(error.to_string())
    }
}

/// What goes into a decK file beyond the configuration itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeckOptions {
    /// Keep every entity's `id` (decK's `--with-id`). Without it, an id is kept only on an
    /// entity without a name, as `deck gateway dump` does, because decK matches entities by
    /// name and falls back to the id.
    pub include_ids: bool,
    /// Keep `created_at` / `updated_at`; decK never writes them (Kong sets them itself).
    pub include_timestamps: bool,
    /// Writes `_konnect: {control_plane_name: …}` so `deck gateway sync --konnect-…` targets
    /// the right control plane.
    pub control_plane_name: Option<String>,
}

/// The implementation as Konnect returns it, `{"service": …, "routes": […]}`, pretty-printed
/// with two-space indentation and ending with a newline, like the other two texts.
pub fn implementation_json(service: &Service, routes: &[Route]) -> Result<String, ExportError> {
    let mut text =
        json::to_pretty_json(&Node::from_serialize(&Implementation { service, routes })?);
    text.push('\n');
    Ok(text)
}

/// The same document as [`implementation_json`], in YAML.
pub fn implementation_yaml(service: &Service, routes: &[Route]) -> Result<String, ExportError> {
    to_yaml(&Implementation { service, routes })
}

/// Any serializable value as YAML, map keys in serialization order.
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String, ExportError> {
    Ok(yaml::to_yaml(&Node::from_serialize(value)?))
}

/// A decK declarative file (`_format_version: "3.0"`) holding the service with its routes
/// nested under it: no `service` reference on the routes (the nesting says it), no `null`s or
/// empty lists (decK leaves unset fields out), ids and timestamps as `options` say.
pub fn deck_file(
    service: &Service,
    routes: &[Route],
    options: &DeckOptions,
) -> Result<String, ExportError> {
    let mut service_entries = deck_entity(Node::from_serialize(service)?, options);
    let mut deck_routes = Vec::with_capacity(routes.len());
    for route in routes {
        let mut entries = deck_entity(Node::from_serialize(route)?, options);
        entries.retain(|(key, _)| key != "service");
        deck_routes.push(Node::Map(entries));
    }
    if !deck_routes.is_empty() {
        service_entries.push(("routes".to_string(), Node::List(deck_routes)));
    }

    let mut document = vec![(
        "_format_version".to_string(),
        Node::String(DECK_FORMAT_VERSION.to_string()),
    )];
    if let Some(name) = &options.control_plane_name {
        let konnect = vec![("control_plane_name".to_string(), Node::String(name.clone()))];
        document.push(("_konnect".to_string(), Node::Map(konnect)));
    }
    document.push((
        "services".to_string(),
        Node::List(vec![Node::Map(service_entries)]),
    ));
    Ok(yaml::to_yaml(&Node::Map(document)))
}

#[derive(Serialize)]
struct Implementation<'a> {
    service: &'a Service,
    routes: &'a [Route],
}

/// The entries of one entity as decK writes them.
fn deck_entity(entity: Node, options: &DeckOptions) -> Vec<(String, Node)> {
    let Node::Map(entries) = without_unset_values(entity) else {
        return Vec::new();
    };
    let has_name = entries.iter().any(|(key, _)| key == "name");
    entries
        .into_iter()
        .filter(|(key, _)| match key.as_str() {
            "id" => options.include_ids || !has_name,
            "created_at" | "updated_at" => options.include_timestamps,
            _ => true,
        })
        .collect()
}

/// Drops `null`s and empty collections from maps, at every depth, as decK's `omitempty`
/// fields do; to Kong an unset field and an empty one mean the same here.
fn without_unset_values(node: Node) -> Node {
    match node {
        Node::Map(entries) => Node::Map(
            entries
                .into_iter()
                .map(|(key, value)| (key, without_unset_values(value)))
                .filter(|(_, value)| !matches!(value, Node::Null) && !value.is_empty_collection())
                .collect(),
        ),
        Node::List(items) => Node::List(items.into_iter().map(without_unset_values).collect()),
        scalar => scalar,
    }
}
