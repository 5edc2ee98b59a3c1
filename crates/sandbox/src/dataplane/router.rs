//! Route matching in the spirit of Kong's `traditional_compatible` router.
//!
//! A route matches when every field it sets matches: protocol, methods, hosts (exact, or one
//! leading/trailing `*` wildcard), headers, and paths (prefix, or a `~` regex anchored at the
//! start of the path). Among matching routes the winner is the one with, in order: the most
//! fields set, the most headers, only exact hosts, a regex path (regexes are tried before
//! prefixes), the highest `regex_priority`, the longest prefix, and finally the oldest route.

use std::cmp::Reverse;
use std::collections::HashMap;

use axum::http::HeaderMap;
use regex::Regex;
use uuid::Uuid;

use crate::store::{GatewayService, Route};

/// Where a matched route sends traffic.
#[derive(Debug, Clone)]
pub struct UpstreamTarget {
    pub id: Uuid,
    pub protocol: String,
    pub host: String,
    pub port: u16,
    pub path: Option<String>,
    pub connect_timeout_ms: u32,
    pub read_timeout_ms: u32,
}

#[derive(Debug)]
enum HostPattern {
    Exact(String),
    /// `*.example.com`, stored as `.example.com`.
    AnySubdomain(String),
    /// `example.*`, stored as `example.`.
    AnySuffix(String),
}

impl HostPattern {
    fn parse(pattern: &str) -> Self {
        let pattern = pattern.to_ascii_lowercase();
        if let Some(suffix) = pattern.strip_prefix('*') {
            Self::AnySubdomain(suffix.to_owned())
        } else if let Some(prefix) = pattern.strip_suffix('*') {
            Self::AnySuffix(prefix.to_owned())
        } else {
            Self::Exact(pattern)
        }
    }

    /// `host` is lowercase and may carry a port; a pattern without a port ignores it.
    fn matches(&self, host: &str) -> bool {
        let pattern_text = match self {
            Self::Exact(text) | Self::AnySubdomain(text) | Self::AnySuffix(text) => text,
        };
        let host = if pattern_text.contains(':') {
            host
        } else {
            strip_port(host)
        };
        match self {
            Self::Exact(exact) => host == exact,
            Self::AnySubdomain(suffix) => {
                host.len() > suffix.len() && host.ends_with(suffix.as_str())
            }
            Self::AnySuffix(prefix) => {
                host.len() > prefix.len() && host.starts_with(prefix.as_str())
            }
        }
    }
}

fn strip_port(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((name, port)) if !name.is_empty() && port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    }
}

#[derive(Debug)]
enum PathPattern {
    Prefix(String),
    Regex(Regex),
}

#[derive(Debug)]
pub struct CompiledRoute {
    pub id: Uuid,
    pub service: Option<Uuid>,
    pub strip_path: bool,
    pub preserve_host: bool,
    accepts_http: bool,
    accepts_https: bool,
    methods: Vec<String>,
    hosts: Vec<HostPattern>,
    headers: Vec<(String, Vec<String>)>,
    paths: Vec<PathPattern>,
    regex_priority: i64,
    /// Position in the control plane's route list: older routes win ties.
    age_rank: usize,
}

/// The parts of a request the router looks at.
pub struct RequestFacts<'a> {
    pub method: &'a str,
    /// The Host header, lowercased, possibly with a port.
    pub host: Option<&'a str>,
    pub path: &'a str,
    pub headers: &'a HeaderMap,
}

pub enum RouteMatch<'a> {
    Matched {
        route: &'a CompiledRoute,
        /// How many leading bytes of the path the matching path pattern consumed.
        matched_len: usize,
    },
    /// Only an https-only route matched (Kong answers 426).
    HttpsRequired,
    NoMatch,
}

/// A snapshot of one control plane's routes and services, rebuilt after every change.
pub struct CompiledRouter {
    pub generation: u64,
    pub control_plane: Uuid,
    routes: Vec<CompiledRoute>,
    services: HashMap<Uuid, UpstreamTarget>,
    /// Gateway service id -> (API product id, product version id) it implements.
    implementations: HashMap<Uuid, (Uuid, Uuid)>,
}

impl CompiledRouter {
    pub fn build<'a>(
        generation: u64,
        control_plane: Uuid,
        routes: impl Iterator<Item = &'a Route>,
        services: impl Iterator<Item = &'a GatewayService>,
        implementations: HashMap<Uuid, (Uuid, Uuid)>,
    ) -> Self {
        // Disabled services take their routes out of the router, as in Kong.
        let services: HashMap<Uuid, UpstreamTarget> = services
            .filter(|service| service.enabled)
            .map(|service| {
                let target = UpstreamTarget {
                    id: service.id,
                    protocol: service.protocol.clone(),
                    host: service.host.clone(),
                    port: service.port,
                    path: service.path.clone(),
                    connect_timeout_ms: service.connect_timeout,
                    read_timeout_ms: service.read_timeout,
                };
                (service.id, target)
            })
            .collect();
        let routes = routes
            .enumerate()
            .filter(|(_, route)| {
                route
                    .service
                    .is_none_or(|service| services.contains_key(&service.id))
            })
            .map(|(age_rank, route)| compile(route, age_rank))
            .collect();
        Self {
            generation,
            control_plane,
            routes,
            services,
            implementations,
        }
    }

    pub fn service(&self, id: Uuid) -> Option<&UpstreamTarget> {
        self.services.get(&id)
    }

    pub fn implementation_of(&self, service: Uuid) -> Option<(Uuid, Uuid)> {
        self.implementations.get(&service).copied()
    }

    /// The best route for a plain-HTTP request.
    pub fn find(&self, request: &RequestFacts<'_>) -> RouteMatch<'_> {
        let mut best: Option<(Priority, &CompiledRoute, usize)> = None;
        let mut https_only_matched = false;
        for route in &self.routes {
            let Some((priority, matched_len)) = route.matches(request) else {
                continue;
            };
            if !route.accepts_http {
                https_only_matched |= route.accepts_https;
                continue;
            }
            if best
                .as_ref()
                .is_none_or(|(best_priority, _, _)| priority > *best_priority)
            {
                best = Some((priority, route, matched_len));
            }
        }
        match best {
            Some((_, route, matched_len)) => RouteMatch::Matched { route, matched_len },
            None if https_only_matched => RouteMatch::HttpsRequired,
            None => RouteMatch::NoMatch,
        }
    }
}

/// Higher is better; compared field by field.
type Priority = (usize, usize, bool, bool, i64, usize, Reverse<usize>);

impl CompiledRoute {
    /// The route's priority for this request and the length of the matched path, if it matches.
    fn matches(&self, request: &RequestFacts<'_>) -> Option<(Priority, usize)> {
        if !self.methods.is_empty() && !self.methods.iter().any(|method| method == request.method) {
            return None;
        }
        if !self.hosts.is_empty() {
            let host = request.host?;
            if !self.hosts.iter().any(|pattern| pattern.matches(host)) {
                return None;
            }
        }
        for (name, accepted) in &self.headers {
            let present = request.headers.get_all(name.as_str()).iter().any(|value| {
                value.to_str().is_ok_and(|value| {
                    accepted
                        .iter()
                        .any(|wanted| wanted.eq_ignore_ascii_case(value))
                })
            });
            if !present {
                return None;
            }
        }
        let (is_regex, prefix_len, matched_len) = if self.paths.is_empty() {
            (false, 0, 0)
        } else {
            self.best_path(request.path)?
        };
        let fields_set = [
            !self.methods.is_empty(),
            !self.hosts.is_empty(),
            !self.headers.is_empty(),
            !self.paths.is_empty(),
        ]
        .iter()
        .filter(|set| **set)
        .count();
        let exact_hosts_only = !self.hosts.is_empty()
            && self
                .hosts
                .iter()
                .all(|host| matches!(host, HostPattern::Exact(_)));
        let regex_priority = if is_regex { self.regex_priority } else { 0 };
        let priority = (
            fields_set,
            self.headers.len(),
            exact_hosts_only,
            is_regex,
            regex_priority,
            prefix_len,
            Reverse(self.age_rank),
        );
        Some((priority, matched_len))
    }

    /// The best of the route's paths for `path`: regexes first, then the longest prefix.
    /// Returns (is_regex, prefix length, matched length).
    fn best_path(&self, path: &str) -> Option<(bool, usize, usize)> {
        let regex_match = self.paths.iter().find_map(|pattern| match pattern {
            PathPattern::Regex(regex) => regex.find(path).map(|found| found.end()),
            PathPattern::Prefix(_) => None,
        });
        if let Some(matched_len) = regex_match {
            return Some((true, 0, matched_len));
        }
        self.paths
            .iter()
            .filter_map(|pattern| match pattern {
                PathPattern::Prefix(prefix) if path.starts_with(prefix.as_str()) => {
                    Some(prefix.len())
                }
                _ => None,
            })
            .max()
            .map(|len| (false, len, len))
    }
}

fn compile(route: &Route, age_rank: usize) -> CompiledRoute {
    let list = |values: &Option<Vec<String>>| values.clone().unwrap_or_default();
    let paths = list(&route.paths)
        .iter()
        .filter_map(|path| match path.strip_prefix('~') {
            // Kong anchors regex paths at the start of the path. Validation already compiled
            // each regex; one that fails here simply never matches.
            Some(pattern) => Regex::new(&format!("^(?:{pattern})"))
                .ok()
                .map(PathPattern::Regex),
            None => Some(PathPattern::Prefix(path.clone())),
        })
        .collect();
    let headers = route
        .headers
        .iter()
        .flatten()
        .map(|(name, values)| (name.to_ascii_lowercase(), values.clone()))
        .collect();
    CompiledRoute {
        id: route.id,
        service: route.service.map(|service| service.id),
        strip_path: route.strip_path,
        preserve_host: route.preserve_host,
        accepts_http: route.protocols.iter().any(|p| p == "http"),
        accepts_https: route.protocols.iter().any(|p| p == "https"),
        methods: list(&route.methods),
        hosts: list(&route.hosts)
            .iter()
            .map(|host| HostPattern::parse(host))
            .collect(),
        headers,
        paths,
        regex_priority: route.regex_priority,
        age_rank,
    }
}

/// The path sent upstream, as Kong's `path_handling: v0` builds it: the service path, then
/// what is left of the request path (after `strip_path`), without doubling a `/`.
pub fn upstream_path(
    service_path: Option<&str>,
    request_path: &str,
    stripped_len: usize,
) -> String {
    let remainder = request_path.get(stripped_len..).unwrap_or("");
    let base = service_path.unwrap_or("/");
    if remainder.is_empty() {
        return base.to_owned();
    }
    match (base.ends_with('/'), remainder.strip_prefix('/')) {
        (true, Some(rest)) => format!("{base}{rest}"),
        _ => format!("{base}{remainder}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::EntityRef;

    fn route(name: &str, paths: &[&str]) -> Route {
        Route {
            id: Uuid::new_v4(),
            name: Some(name.to_owned()),
            protocols: vec!["http".to_owned(), "https".to_owned()],
            methods: None,
            hosts: None,
            paths: Some(paths.iter().map(|p| (*p).to_owned()).collect()),
            headers: None,
            https_redirect_status_code: 426,
            regex_priority: 0,
            strip_path: true,
            path_handling: "v0".to_owned(),
            preserve_host: false,
            request_buffering: true,
            response_buffering: true,
            snis: None,
            sources: None,
            destinations: None,
            tags: None,
            service: None,
            created_at: 0,
            updated_at: 0,
        }
    }

    fn router(routes: &[Route]) -> CompiledRouter {
        CompiledRouter::build(
            1,
            Uuid::nil(),
            routes.iter(),
            std::iter::empty(),
            HashMap::new(),
        )
    }

    fn winner(
        router: &CompiledRouter,
        method: &str,
        host: Option<&str>,
        path: &str,
    ) -> Option<Uuid> {
        let headers = HeaderMap::new();
        match router.find(&RequestFacts {
            method,
            host,
            path,
            headers: &headers,
        }) {
            RouteMatch::Matched { route, .. } => Some(route.id),
            _ => None,
        }
    }

    #[test]
    fn longest_prefix_wins_and_regex_beats_prefix() {
        let short = route("short", &["/api"]);
        let long = route("long", &["/api/v1"]);
        let regex = route("regex", &[r"~/api/v1/\d+$"]);
        let router = router(&[short.clone(), long.clone(), regex.clone()]);
        assert_eq!(winner(&router, "GET", None, "/api/x"), Some(short.id));
        assert_eq!(winner(&router, "GET", None, "/api/v1/x"), Some(long.id));
        assert_eq!(winner(&router, "GET", None, "/api/v1/42"), Some(regex.id));
        assert_eq!(winner(&router, "GET", None, "/other"), None);
    }

    #[test]
    fn regex_priority_orders_regex_routes() {
        let low = route("low", &[r"~/items/\w+"]);
        let high = Route {
            regex_priority: 10,
            ..route("high", &[r"~/items/\d+"])
        };
        let router = router(&[low.clone(), high.clone()]);
        assert_eq!(winner(&router, "GET", None, "/items/7"), Some(high.id));
        assert_eq!(winner(&router, "GET", None, "/items/abc"), Some(low.id));
    }

    #[test]
    fn methods_and_hosts_restrict_and_add_priority() {
        let any = route("any", &["/"]);
        let get_only = Route {
            methods: Some(vec!["GET".to_owned()]),
            ..route("get", &["/"])
        };
        let wildcard = Route {
            hosts: Some(vec!["*.example.com".to_owned()]),
            ..route("wild", &["/"])
        };
        let router = router(&[any.clone(), get_only.clone(), wildcard.clone()]);
        assert_eq!(winner(&router, "POST", None, "/x"), Some(any.id));
        assert_eq!(winner(&router, "GET", None, "/x"), Some(get_only.id));
        assert_eq!(
            winner(&router, "POST", Some("api.example.com:8000"), "/x"),
            Some(wildcard.id)
        );
        assert_eq!(
            winner(&router, "POST", Some("example.com"), "/x"),
            Some(any.id)
        );
    }

    #[test]
    fn https_only_routes_ask_for_https() {
        let secure = Route {
            protocols: vec!["https".to_owned()],
            ..route("secure", &["/secure"])
        };
        let router = router(&[secure]);
        let headers = HeaderMap::new();
        let facts = RequestFacts {
            method: "GET",
            host: None,
            path: "/secure",
            headers: &headers,
        };
        assert!(matches!(router.find(&facts), RouteMatch::HttpsRequired));
    }

    #[test]
    fn routes_of_disabled_or_missing_services_are_ignored() {
        let orphan = Route {
            service: Some(EntityRef { id: Uuid::new_v4() }),
            ..route("orphan", &["/"])
        };
        let router = router(&[orphan]);
        assert_eq!(winner(&router, "GET", None, "/"), None);
    }

    #[test]
    fn builds_upstream_paths_like_path_handling_v0() {
        assert_eq!(upstream_path(None, "/flights/42", "/flights".len()), "/42");
        assert_eq!(upstream_path(None, "/flights", "/flights".len()), "/");
        assert_eq!(
            upstream_path(Some("/svc"), "/flights/42", "/flights".len()),
            "/svc/42"
        );
        assert_eq!(
            upstream_path(Some("/svc/"), "/flights/42", "/flights".len()),
            "/svc/42"
        );
        assert_eq!(
            upstream_path(Some("/svc"), "/flightsx", "/flights".len()),
            "/svcx"
        );
        assert_eq!(upstream_path(None, "/flights/42", 0), "/flights/42");
    }
}
