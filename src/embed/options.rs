//! The options a host page gives, as text (from `mount`'s object or from `data-*` attributes),
//! checked and turned into [`HostOptions`]. Pure: the JavaScript glue only reads the values.

use crate::connection::host_connection;
use crate::host::HostOptions;
use crate::router::RoutingMode;
use crate::screens::service_hub::version_path;

/// Every option but the token provider (a function, handled by the glue), as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawOptions {
    pub region: Option<String>,
    pub api_base: Option<String>,
    /// The API product ("service") id of the version to start on.
    pub service: Option<String>,
    /// The product version id, or `service/version` together.
    pub version: Option<String>,
    /// Any app path to start on, e.g. `/services`.
    pub start: Option<String>,
    pub show_connect: Option<bool>,
    /// `memory` (default when embedded), `hash` or `history`.
    pub routing: Option<String>,
    /// The path the app lives under, for `history` routing.
    pub base: Option<String>,
    /// The app's own page (`index.html`): history routing, real URLs, remembered connections.
    pub standalone: bool,
}

impl RawOptions {
    /// Checks the options. `has_token_provider` says whether the host supplies tokens: only then
    /// does a region fix the connection (otherwise it only pre-fills the Connect form).
    pub fn into_host_options(self, has_token_provider: bool) -> Result<HostOptions, String> {
        let base = self.base.as_deref().unwrap_or_default();
        let default_routing = if self.standalone { "history" } else { "memory" };
        let routing_name = self.routing.as_deref().unwrap_or(default_routing);
        let routing = RoutingMode::from_option(routing_name, base).ok_or_else(|| {
            format!("Unknown routing {routing_name:?}: use memory, hash or history.")
        })?;
        let start = match (&self.start, &self.version) {
            (Some(start), _) => Some(start_path(start)?),
            (None, Some(version)) => Some(version_start(self.service.as_deref(), version)?),
            (None, None) => None,
        };
        let connection = match &self.region {
            Some(region) => Some(host_connection(region, self.api_base.as_deref())?),
            None if self.api_base.is_some() => {
                return Err("apiBase needs a region (us, eu, au, me, in or local).".into());
            }
            None => None,
        };
        let show_connect = self.show_connect.unwrap_or(!has_token_provider);
        let connects_by_itself = has_token_provider && connection.is_some();
        if !(show_connect || connects_by_itself) {
            return Err(
                "showConnect: false needs a region and a tokenProvider, so the app can connect by itself."
                    .into(),
            );
        }
        Ok(HostOptions {
            routing,
            start,
            show_connect,
            connection,
            embedded: !self.standalone,
            ..HostOptions::standalone(base)
        })
    }
}

fn start_path(start: &str) -> Result<String, String> {
    let start = start.trim();
    if start.starts_with('/') && !start.starts_with("//") {
        Ok(start.to_owned())
    } else {
        Err(format!(
            "start {start:?} must be an app path such as /services."
        ))
    }
}

/// `/services/{service}/versions/{version}` from the two ids, or from `service/version`.
fn version_start(service: Option<&str>, version: &str) -> Result<String, String> {
    let (service, version) = match (service, version.split_once('/')) {
        (Some(service), None) => (service, version),
        (None, Some(pair)) => pair,
        (Some(_), Some(_)) => return Err("Give version as an id when service is set.".into()),
        (None, None) => {
            return Err(
                "version needs its service: set service too, or give service/version.".into(),
            );
        }
    };
    let is_id = |id: &str| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    if is_id(service) && is_id(version) {
        Ok(version_path(service, version))
    } else {
        Err(format!(
            "{service:?}/{version:?} is not a service id and a version id."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connection::Access;

    fn embedded(raw: RawOptions) -> HostOptions {
        raw.into_host_options(true).expect("valid options")
    }

    #[test]
    fn an_embedded_app_keeps_to_memory_and_connects_through_the_host() {
        let options = embedded(RawOptions {
            region: Some("eu".into()),
            api_base: Some("/konnect/eu".into()),
            version: Some("p-1/v-2".into()),
            ..RawOptions::default()
        });
        assert_eq!(options.routing, RoutingMode::Memory);
        assert_eq!(options.start.as_deref(), Some("/services/p-1/versions/v-2"));
        assert!(options.embedded);
        assert!(!options.show_connect);
        let connection = options.connection.expect("fixed by the host");
        assert_eq!(
            connection.access,
            Access::Proxy {
                prefix: "/konnect".into()
            }
        );
    }

    #[test]
    fn the_standalone_page_routes_by_history_below_its_base() {
        let options = RawOptions {
            standalone: true,
            base: Some("/hub/".into()),
            ..RawOptions::default()
        }
        .into_host_options(false)
        .expect("valid");
        assert_eq!(
            options.routing,
            RoutingMode::History {
                base: "/hub".into()
            }
        );
        assert!(!options.embedded);
        assert!(options.show_connect);
        assert!(options.connection.is_none());
    }

    #[test]
    fn start_screens_from_service_and_version_or_a_path() {
        let start = |raw: RawOptions| raw.into_host_options(false).expect("valid").start;
        assert_eq!(
            start(RawOptions {
                service: Some("p".into()),
                version: Some("v".into()),
                ..RawOptions::default()
            }),
            Some("/services/p/versions/v".into())
        );
        assert_eq!(
            start(RawOptions {
                start: Some("/services?q=orders".into()),
                version: Some("ignored/too".into()),
                ..RawOptions::default()
            }),
            Some("/services?q=orders".into())
        );
    }

    #[test]
    fn bad_options_are_explained() {
        let error = |raw: RawOptions, provider: bool| raw.into_host_options(provider).unwrap_err();
        assert_eq!(
            error(
                RawOptions {
                    routing: Some("push".into()),
                    ..RawOptions::default()
                },
                true
            ),
            "Unknown routing \"push\": use memory, hash or history."
        );
        assert_eq!(
            error(
                RawOptions {
                    version: Some("v".into()),
                    ..RawOptions::default()
                },
                true
            ),
            "version needs its service: set service too, or give service/version."
        );
        assert_eq!(
            error(
                RawOptions {
                    show_connect: Some(false),
                    ..RawOptions::default()
                },
                false
            ),
            "showConnect: false needs a region and a tokenProvider, so the app can connect by itself."
        );
        assert_eq!(
            error(
                RawOptions {
                    start: Some("https://evil.example/".into()),
                    ..RawOptions::default()
                },
                true
            ),
            "start \"https://evil.example/\" must be an app path such as /services."
        );
        assert!(
            error(
                RawOptions {
                    service: Some("p".into()),
                    version: Some("x y".into()),
                    ..RawOptions::default()
                },
                false
            )
            .contains("is not a service id")
        );
    }

    #[test]
    fn without_a_token_provider_the_connect_screen_stays() {
        let options = RawOptions {
            region: Some("eu".into()),
            ..RawOptions::default()
        }
        .into_host_options(false)
        .expect("valid");
        assert!(options.show_connect);
    }
}
