//! What the page running an app instance decided (how it routes, where the app starts, how it
//! connects) and what the app tells that page back: DOM events on the app's root element.
//!
//! The standalone `index.html` is just one host among others: it mounts the app with history
//! routing and the connect screen, and ignores the events.

use crate::connection::ConnectionSettings;
use crate::router::RoutingMode;
use leptos::prelude::*;
use serde::Serialize;
use serde_json::Value;

/// The prefix of every event the app dispatches, e.g. `konnect-service-hub:connected`.
pub const EVENT_PREFIX: &str = "konnect-service-hub:";

/// How one app instance runs. Built by the standalone start, by `mount(element, options)`, or
/// from a `data-konnect-service-hub` element's attributes.
#[derive(Debug, Clone)]
pub struct HostOptions {
    pub routing: RoutingMode,
    /// The first screen when the URL names none (e.g. one service version).
    pub start: Option<String>,
    /// Whether the user may see and use the Connect screen. A portal that connects for the
    /// user (token provider, fixed region) hides it.
    pub show_connect: bool,
    /// Connection settings fixed by the host. With a token provider, their token is empty: every
    /// request asks the provider.
    pub connection: Option<ConnectionSettings>,
    /// A JavaScript function returning (a promise of) a token, called for each request. The app
    /// never stores what it returns.
    pub token_provider: Option<js_sys::Function>,
    /// The element the app is mounted in; events are dispatched on it.
    pub root: Option<web_sys::HtmlElement>,
    /// Embedded in someone else's page: leave the document's title alone and do not take focus
    /// before the user interacts.
    pub embedded: bool,
    /// Put before every element id the app writes, so instances sharing a page keep their
    /// labels and references apart ([`crate::components::ids`]). Empty for the first one.
    pub id_prefix: String,
}

impl HostOptions {
    /// The standalone page: real URLs below `base`, the Connect screen, and the connection the
    /// user remembered (or, in `make serve`'s dev build, the local sandbox).
    pub fn standalone(base: &str) -> HostOptions {
        HostOptions {
            routing: RoutingMode::history(base),
            start: None,
            show_connect: true,
            connection: None,
            token_provider: None,
            root: None,
            embedded: false,
            id_prefix: String::new(),
        }
    }
}

/// The host, as screens reach it through context.
#[derive(Clone, Copy)]
pub struct Host {
    root: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
    pub show_connect: bool,
    pub embedded: bool,
}

impl Host {
    pub fn provide(options: &HostOptions) -> Host {
        let host = Host {
            root: StoredValue::new_local(options.root.clone()),
            show_connect: options.show_connect,
            embedded: options.embedded,
        };
        provide_context(host);
        host
    }

    /// Tells the host page what happened. A host that does not listen loses nothing.
    pub fn emit(&self, event: AppEvent) {
        // `try_`: a request that finishes after the app was unmounted reports to nobody.
        self.root.try_with_value(|root| {
            if let Some(root) = root {
                dispatch(root, &event);
            }
        });
    }
}

pub fn use_host() -> Host {
    expect_context::<Host>()
}

/// Where a gateway service or route lives, as events name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionRef {
    /// The API product's id: a Service Hub service.
    #[serde(rename = "serviceId")]
    pub product_id: String,
    #[serde(rename = "versionId")]
    pub version_id: String,
}

impl VersionRef {
    /// The version the current screen's path names.
    pub fn of(product_id: Memo<String>, version_id: Memo<String>) -> VersionRef {
        VersionRef {
            product_id: product_id.get_untracked(),
            version_id: version_id.get_untracked(),
        }
    }
}

/// What a host page may want to react to. Details carry ids and names only: never a token, and
/// nothing the host could not read from Konnect itself.
/// The fields of each variant are its `detail`, camelCase.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged, rename_all_fields = "camelCase")]
pub enum AppEvent {
    Connected {
        organization: String,
        region: &'static str,
    },
    ImplementationCreated {
        #[serde(flatten)]
        version: VersionRef,
        control_plane_id: String,
        #[serde(rename = "gatewayServiceId")]
        service_id: String,
        #[serde(rename = "gatewayServiceName")]
        service_name: String,
        route_id: String,
        route_name: String,
    },
    ImplementationUpdated {
        #[serde(flatten)]
        version: VersionRef,
        control_plane_id: String,
        #[serde(rename = "gatewayServiceId")]
        service_id: String,
        #[serde(rename = "gatewayServiceName")]
        service_name: String,
    },
    ImplementationDeleted {
        #[serde(flatten)]
        version: VersionRef,
        control_plane_id: String,
        #[serde(rename = "gatewayServiceId")]
        service_id: String,
    },
    VersionDeleted {
        #[serde(flatten)]
        version: VersionRef,
    },
    RouteAdded {
        #[serde(flatten)]
        version: VersionRef,
        control_plane_id: String,
        route_id: String,
        route_name: String,
    },
    RouteUpdated {
        #[serde(flatten)]
        version: VersionRef,
        control_plane_id: String,
        route_id: String,
        route_name: String,
    },
    RouteDeleted {
        #[serde(flatten)]
        version: VersionRef,
        control_plane_id: String,
        route_id: String,
    },
    VerifyResult {
        method: String,
        url: String,
        /// The HTTP status, when a response came back.
        status: Option<u16>,
        /// What the app concluded ([`crate::verify::outcome::OutcomeKind::code`]).
        outcome: String,
        duration_ms: u32,
    },
}

impl AppEvent {
    /// The event's type, after [`EVENT_PREFIX`].
    pub fn name(&self) -> &'static str {
        match self {
            AppEvent::Connected { .. } => "connected",
            AppEvent::ImplementationCreated { .. } => "implementation-created",
            AppEvent::ImplementationUpdated { .. } => "implementation-updated",
            AppEvent::ImplementationDeleted { .. } => "implementation-deleted",
            AppEvent::VersionDeleted { .. } => "version-deleted",
            AppEvent::RouteAdded { .. } => "route-added",
            AppEvent::RouteUpdated { .. } => "route-updated",
            AppEvent::RouteDeleted { .. } => "route-deleted",
            AppEvent::VerifyResult { .. } => "verify-result",
        }
    }

    /// The event's `detail`, camelCase as JavaScript reads it.
    pub fn detail(&self) -> Value {
        // Strings and numbers only: serialising cannot fail.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Dispatches `event` on `root`. It bubbles (a host may listen on `document`) and crosses
/// shadow roots, but cannot be cancelled: the app has already done what it reports.
fn dispatch(root: &web_sys::HtmlElement, event: &AppEvent) {
    let Ok(detail) = js_sys::JSON::parse(&event.detail().to_string()) else {
        return;
    };
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    let name = format!("{EVENT_PREFIX}{}", event.name());
    if let Ok(custom) = web_sys::CustomEvent::new_with_event_init_dict(&name, &init) {
        let _ = root.dispatch_event(&custom);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn version() -> VersionRef {
        VersionRef {
            product_id: "p1".into(),
            version_id: "v1".into(),
        }
    }

    #[test]
    fn implementation_created_names_everything_a_host_links_to() {
        let event = AppEvent::ImplementationCreated {
            version: version(),
            control_plane_id: "cp".into(),
            service_id: "s".into(),
            service_name: "orders".into(),
            route_id: "r".into(),
            route_name: "orders-route".into(),
        };
        assert_eq!(event.name(), "implementation-created");
        assert_eq!(
            event.detail(),
            json!({
                "serviceId": "p1",
                "versionId": "v1",
                "controlPlaneId": "cp",
                "gatewayServiceId": "s",
                "gatewayServiceName": "orders",
                "routeId": "r",
                "routeName": "orders-route",
            })
        );
    }

    #[test]
    fn verify_results_say_what_came_back() {
        let event = AppEvent::VerifyResult {
            method: "GET".into(),
            url: "http://localhost:8000/orders".into(),
            status: None,
            outcome: "no-answer".into(),
            duration_ms: 12,
        };
        assert_eq!(event.name(), "verify-result");
        assert_eq!(event.detail()["status"], Value::Null);
        assert_eq!(event.detail()["durationMs"], json!(12));
    }

    #[test]
    fn every_event_has_a_distinct_kebab_case_name() {
        let events = [
            AppEvent::Connected {
                organization: "o".into(),
                region: "eu",
            },
            AppEvent::VersionDeleted { version: version() },
            AppEvent::RouteAdded {
                version: version(),
                control_plane_id: "cp".into(),
                route_id: "r".into(),
                route_name: "n".into(),
            },
            AppEvent::RouteUpdated {
                version: version(),
                control_plane_id: "cp".into(),
                route_id: "r".into(),
                route_name: "n".into(),
            },
            AppEvent::RouteDeleted {
                version: version(),
                control_plane_id: "cp".into(),
                route_id: "r".into(),
            },
            AppEvent::ImplementationDeleted {
                version: version(),
                control_plane_id: "cp".into(),
                service_id: "s".into(),
            },
        ];
        let names: std::collections::BTreeSet<_> = events.iter().map(AppEvent::name).collect();
        assert_eq!(names.len(), events.len());
        assert!(
            names
                .iter()
                .all(|name| name.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
        assert_eq!(
            events[1].detail(),
            json!({ "serviceId": "p1", "versionId": "v1" })
        );
    }

    #[test]
    fn every_detail_as_the_readme_documents_it() {
        let cases = [
            (
                AppEvent::Connected {
                    organization: "Acme".into(),
                    region: "eu",
                },
                json!({ "organization": "Acme", "region": "eu" }),
            ),
            (
                AppEvent::ImplementationUpdated {
                    version: version(),
                    control_plane_id: "cp".into(),
                    service_id: "s".into(),
                    service_name: "orders".into(),
                },
                json!({
                    "serviceId": "p1",
                    "versionId": "v1",
                    "controlPlaneId": "cp",
                    "gatewayServiceId": "s",
                    "gatewayServiceName": "orders",
                }),
            ),
            (
                AppEvent::ImplementationDeleted {
                    version: version(),
                    control_plane_id: "cp".into(),
                    service_id: "s".into(),
                },
                json!({
                    "serviceId": "p1",
                    "versionId": "v1",
                    "controlPlaneId": "cp",
                    "gatewayServiceId": "s",
                }),
            ),
            (
                AppEvent::RouteUpdated {
                    version: version(),
                    control_plane_id: "cp".into(),
                    route_id: "r".into(),
                    route_name: "n".into(),
                },
                json!({
                    "serviceId": "p1",
                    "versionId": "v1",
                    "controlPlaneId": "cp",
                    "routeId": "r",
                    "routeName": "n",
                }),
            ),
            (
                AppEvent::RouteDeleted {
                    version: version(),
                    control_plane_id: "cp".into(),
                    route_id: "r".into(),
                },
                json!({ "serviceId": "p1", "versionId": "v1", "controlPlaneId": "cp", "routeId": "r" }),
            ),
            (
                AppEvent::VerifyResult {
                    method: "GET".into(),
                    url: "http://localhost:8000/orders".into(),
                    status: Some(200),
                    outcome: "answered".into(),
                    duration_ms: 7,
                },
                json!({
                    "method": "GET",
                    "url": "http://localhost:8000/orders",
                    "status": 200,
                    "outcome": "answered",
                    "durationMs": 7,
                }),
            ),
        ];
        for (event, detail) in cases {
            assert_eq!(event.detail(), detail, "{}", event.name());
        }
    }
}
