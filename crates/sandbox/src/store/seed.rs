//! The demo data a fresh sandbox starts with, plus the optional large seed for scale tests.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use uuid::Uuid;

use super::{
    ApiProduct, ControlPlane, EntityRef, GatewayConfig, GatewayService, GatewayServiceLink,
    Organization, ProductVersion, Route, Store, Table, User,
};
use crate::timefmt;

/// The control plane whose routes the data plane serves.
pub const DEFAULT_CONTROL_PLANE: &str = "default";

pub struct SeedOptions {
    /// Where the seeded gateway services send traffic (the echo upstream).
    pub upstream: SocketAddr,
    /// Extra products, each with a version, gateway service and route in "default".
    pub large: usize,
}

impl Store {
    /// The demo state: organization "Local sandbox", control planes "default" and "staging",
    /// "Flight Data" (v1 not implemented, v2 implemented with one route) and "Payments".
    pub fn seeded(options: &SeedOptions) -> Store {
        let now_iso = timefmt::now_iso();
        let now_unix = timefmt::now_unix_seconds();
        let user = User {
            id: Uuid::new_v4(),
            email: "developer@sandbox.local".to_owned(),
            full_name: "Sandbox Developer".to_owned(),
            preferred_name: "Developer".to_owned(),
            created_at: now_iso.clone(),
        };
        let organization = Organization {
            id: Uuid::new_v4(),
            name: "Local sandbox".to_owned(),
            login_path: "local-sandbox".to_owned(),
            created_at: now_iso.clone(),
        };

        let mut default_cp = control_plane(DEFAULT_CONTROL_PLANE, "Demo control plane", &now_iso);
        let staging_cp = control_plane("staging", "Staging control plane", &now_iso);

        let flight_service = echo_service("flight-data-v2", options.upstream, now_unix);
        let flight_route = Route {
            methods: Some(vec!["GET".to_owned()]),
            ..prefix_route(
                "flight-data-v2-route",
                "/flight-data/v2",
                flight_service.id,
                now_unix,
            )
        };
        let flight_link = GatewayServiceLink {
            id: flight_service.id,
            control_plane_id: default_cp.id,
        };
        default_cp.gateway.services.insert(flight_service);
        default_cp.gateway.routes.insert(flight_route);

        let mut flight_data = product("Flight Data", "Flight schedules and status", &now_iso);
        flight_data.versions.insert(version("v1", None, &now_iso));
        flight_data
            .versions
            .insert(version("v2", Some(flight_link), &now_iso));
        let mut payments = product("Payments", "Card and wallet payments", &now_iso);
        payments.versions.insert(version("2024-01", None, &now_iso));

        let mut api_products = Table::default();
        api_products.insert(flight_data);
        api_products.insert(payments);

        for index in 1..=options.large {
            let suffix = format!("{index:05}");
            let service = echo_service(
                &format!("large-service-{suffix}"),
                options.upstream,
                now_unix,
            );
            let route = prefix_route(
                &format!("large-route-{suffix}"),
                &format!("/large/{suffix}"),
                service.id,
                now_unix,
            );
            let link = GatewayServiceLink {
                id: service.id,
                control_plane_id: default_cp.id,
            };
            default_cp.gateway.services.insert(service);
            default_cp.gateway.routes.insert(route);
            let mut large = product(
                &format!("Large Product {suffix}"),
                "Seeded for scale tests",
                &now_iso,
            );
            large.versions.insert(version("v1", Some(link), &now_iso));
            api_products.insert(large);
        }

        let mut control_planes = Table::default();
        control_planes.insert(default_cp);
        control_planes.insert(staging_cp);

        Store {
            organization,
            user,
            control_planes,
            api_products,
            generation: 0,
        }
    }
}

fn control_plane(name: &str, description: &str, now: &str) -> ControlPlane {
    ControlPlane {
        id: Uuid::new_v4(),
        name: name.to_owned(),
        description: description.to_owned(),
        created_at: now.to_owned(),
        updated_at: now.to_owned(),
        gateway: GatewayConfig::default(),
    }
}

fn product(name: &str, description: &str, now: &str) -> ApiProduct {
    ApiProduct {
        id: Uuid::new_v4(),
        name: name.to_owned(),
        description: Some(description.to_owned()),
        labels: BTreeMap::new(),
        portal_ids: Vec::new(),
        created_at: now.to_owned(),
        updated_at: now.to_owned(),
        versions: Table::default(),
    }
}

fn version(name: &str, gateway_service: Option<GatewayServiceLink>, now: &str) -> ProductVersion {
    ProductVersion {
        id: Uuid::new_v4(),
        name: name.to_owned(),
        publish_status: "unpublished".to_owned(),
        deprecated: false,
        gateway_service,
        created_at: now.to_owned(),
        updated_at: now.to_owned(),
    }
}

/// A gateway service with Kong's defaults, pointing at the echo upstream.
fn echo_service(name: &str, upstream: SocketAddr, now: u64) -> GatewayService {
    GatewayService {
        id: Uuid::new_v4(),
        name: Some(name.to_owned()),
        protocol: "http".to_owned(),
        host: upstream.ip().to_string(),
        port: upstream.port(),
        path: None,
        retries: 5,
        connect_timeout: 60_000,
        write_timeout: 60_000,
        read_timeout: 60_000,
        enabled: true,
        tags: None,
        tls_verify: None,
        tls_verify_depth: None,
        ca_certificates: None,
        client_certificate: None,
        created_at: now,
        updated_at: now,
    }
}

/// A route with Kong's defaults and one prefix path.
fn prefix_route(name: &str, path: &str, service: Uuid, now: u64) -> Route {
    Route {
        id: Uuid::new_v4(),
        name: Some(name.to_owned()),
        protocols: vec!["http".to_owned(), "https".to_owned()],
        methods: None,
        hosts: None,
        paths: Some(vec![path.to_owned()]),
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
        service: Some(EntityRef { id: service }),
        created_at: now,
        updated_at: now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn demo_seed_has_the_documented_entities() {
        let upstream = SocketAddr::from((Ipv4Addr::LOCALHOST, 9999));
        let store = Store::seeded(&SeedOptions { upstream, large: 0 });
        assert_eq!(store.organization.name, "Local sandbox");
        let names: Vec<&str> = store
            .control_planes
            .iter()
            .map(|cp| cp.name.as_str())
            .collect();
        assert_eq!(names, ["default", "staging"]);
        let products: Vec<&str> = store.api_products.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(products, ["Flight Data", "Payments"]);

        let default_cp = store.control_plane_by_name("default").unwrap();
        let service = default_cp
            .gateway
            .services
            .get_by_name("flight-data-v2")
            .unwrap();
        assert_eq!((service.host.as_str(), service.port), ("127.0.0.1", 9999));
        let route = default_cp
            .gateway
            .routes
            .get_by_name("flight-data-v2-route")
            .unwrap();
        assert_eq!(
            route.paths.as_deref(),
            Some(&["/flight-data/v2".to_owned()][..])
        );
        assert_eq!(route.methods.as_deref(), Some(&["GET".to_owned()][..]));

        let flight = store.api_products.iter().next().unwrap();
        let v2 = flight.versions.get_by_name("v2").unwrap();
        assert_eq!(v2.gateway_service.map(|link| link.id), Some(service.id));
        assert!(
            flight
                .versions
                .get_by_name("v1")
                .unwrap()
                .gateway_service
                .is_none()
        );
    }

    #[test]
    fn large_seed_adds_linked_products() {
        let upstream = SocketAddr::from((Ipv4Addr::LOCALHOST, 9999));
        let store = Store::seeded(&SeedOptions { upstream, large: 3 });
        assert_eq!(store.api_products.len(), 5);
        let default_cp = store.control_plane_by_name("default").unwrap();
        assert_eq!(default_cp.gateway.services.len(), 4);
        assert_eq!(default_cp.gateway.routes.len(), 4);
        assert!(
            default_cp
                .gateway
                .routes
                .get_by_name("large-route-00003")
                .is_some()
        );
    }
}
