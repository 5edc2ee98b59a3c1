//! "View configuration" texts: golden outputs for a realistic implementation, and a round trip
//! of the hand-written YAML through a real YAML parser.

use std::collections::BTreeMap;

use domain::export::{DeckOptions, deck_file, implementation_json, implementation_yaml};
use domain::model::{Endpoint, ForeignKey, Nullable, Protocol, Route, Service};
use proptest::prelude::*;
use serde_json::{Value, json};

const SERVICE_ID: &str = "9f3c2a4e-5b1d-4c8e-a7f2-0d6b8e1c3a57";

fn flight_data_service() -> Service {
    Service {
        id: Nullable::Value(SERVICE_ID.into()),
        created_at: Nullable::Value(1_701_388_800),
        updated_at: Nullable::Value(1_701_392_400),
        name: Nullable::Value("flight-data".into()),
        protocol: Protocol::Https,
        host: "api.flights.example.com".into(),
        port: 443,
        path: Nullable::Value("/v1".into()),
        tags: Nullable::Value(vec!["flight-data".into(), "env: prod".into()]),
        client_certificate: Nullable::Null,
        tls_verify: Nullable::Null,
        tls_verify_depth: Nullable::Null,
        ca_certificates: Nullable::Null,
        ..Service::default()
    }
}

fn list_flights_route() -> Route {
    Route {
        id: Nullable::Value("1b8e0c2d-7a44-4f0e-9c61-3e5d2f7a9b10".into()),
        created_at: Nullable::Value(1_701_388_860),
        updated_at: Nullable::Value(1_701_388_860),
        name: Nullable::Value("list-flights".into()),
        methods: Nullable::Value(vec!["GET".into(), "POST".into()]),
        hosts: Nullable::Value(vec![
            "flights.example.com".into(),
            "*.flights.example.com".into(),
        ]),
        paths: Nullable::Value(vec!["/flights".into()]),
        headers: Nullable::Value(BTreeMap::from([(
            "x-version".to_string(),
            vec!["v1".to_string(), "2".to_string()],
        )])),
        snis: Nullable::Null,
        sources: Nullable::Null,
        destinations: Nullable::Null,
        tags: Nullable::Value(vec![]),
        service: Nullable::Value(ForeignKey {
            id: SERVICE_ID.into(),
        }),
        ..Route::default()
    }
}

fn flight_by_id_route() -> Route {
    Route {
        id: Nullable::Value("c4d1f7e2-0b3a-4d59-8e6f-2a7c9b1d5e83".into()),
        created_at: Nullable::Value(1_701_388_920),
        updated_at: Nullable::Value(1_701_388_920),
        name: Nullable::Value("flight-by-id".into()),
        protocols: vec![Protocol::Https],
        methods: Nullable::Value(vec!["GET".into()]),
        paths: Nullable::Value(vec!["~/flights/(?<id>\\d+)$".into()]),
        regex_priority: Nullable::Value(10),
        strip_path: false,
        preserve_host: true,
        service: Nullable::Value(ForeignKey {
            id: SERVICE_ID.into(),
        }),
        ..Route::default()
    }
}

fn implementation() -> (Service, [Route; 2]) {
    (
        flight_data_service(),
        [list_flights_route(), flight_by_id_route()],
    )
}

#[test]
fn json_is_konnects_shape_in_kongs_field_order() {
    let (service, routes) = implementation();
    let expected = r#"{
  "service": {
    "id": "9f3c2a4e-5b1d-4c8e-a7f2-0d6b8e1c3a57",
    "created_at": 1701388800,
    "updated_at": 1701392400,
    "name": "flight-data",
    "protocol": "https",
    "host": "api.flights.example.com",
    "port": 443,
    "path": "/v1",
    "retries": 5,
    "connect_timeout": 60000,
    "write_timeout": 60000,
    "read_timeout": 60000,
    "tags": [
      "flight-data",
      "env: prod"
    ],
    "client_certificate": null,
    "tls_verify": null,
    "tls_verify_depth": null,
    "ca_certificates": null,
    "enabled": true
  },
  "routes": [
    {
      "id": "1b8e0c2d-7a44-4f0e-9c61-3e5d2f7a9b10",
      "created_at": 1701388860,
      "updated_at": 1701388860,
      "name": "list-flights",
      "protocols": [
        "http",
        "https"
      ],
      "methods": [
        "GET",
        "POST"
      ],
      "hosts": [
        "flights.example.com",
        "*.flights.example.com"
      ],
      "paths": [
        "/flights"
      ],
      "headers": {
        "x-version": [
          "v1",
          "2"
        ]
      },
      "https_redirect_status_code": 426,
      "regex_priority": 0,
      "strip_path": true,
      "path_handling": "v0",
      "preserve_host": false,
      "request_buffering": true,
      "response_buffering": true,
      "snis": null,
      "sources": null,
      "destinations": null,
      "tags": [],
      "service": {
        "id": "9f3c2a4e-5b1d-4c8e-a7f2-0d6b8e1c3a57"
      }
    },
    {
      "id": "c4d1f7e2-0b3a-4d59-8e6f-2a7c9b1d5e83",
      "created_at": 1701388920,
      "updated_at": 1701388920,
      "name": "flight-by-id",
      "protocols": [
        "https"
      ],
      "methods": [
        "GET"
      ],
      "paths": [
        "~/flights/(?<id>\\d+)$"
      ],
      "https_redirect_status_code": 426,
      "regex_priority": 10,
      "strip_path": false,
      "path_handling": "v0",
      "preserve_host": true,
      "request_buffering": true,
      "response_buffering": true,
      "service": {
        "id": "9f3c2a4e-5b1d-4c8e-a7f2-0d6b8e1c3a57"
      }
    }
  ]
}
"#;
    assert_eq!(
        implementation_json(&service, &routes).ok().as_deref(),
        Some(expected)
    );
}

#[test]
fn yaml_golden() {
    let (service, routes) = implementation();
    let expected = r#"service:
  id: "9f3c2a4e-5b1d-4c8e-a7f2-0d6b8e1c3a57"
  created_at: 1701388800
  updated_at: 1701392400
  name: flight-data
  protocol: https
  host: api.flights.example.com
  port: 443
  path: /v1
  retries: 5
  connect_timeout: 60000
  write_timeout: 60000
  read_timeout: 60000
  tags:
    - flight-data
    - "env: prod"
  client_certificate: null
  tls_verify: null
  tls_verify_depth: null
  ca_certificates: null
  enabled: true
routes:
  - id: "1b8e0c2d-7a44-4f0e-9c61-3e5d2f7a9b10"
    created_at: 1701388860
    updated_at: 1701388860
    name: list-flights
    protocols:
      - http
      - https
    methods:
      - GET
      - POST
    hosts:
      - flights.example.com
      - "*.flights.example.com"
    paths:
      - /flights
    headers:
      x-version:
        - v1
        - "2"
    https_redirect_status_code: 426
    regex_priority: 0
    strip_path: true
    path_handling: v0
    preserve_host: false
    request_buffering: true
    response_buffering: true
    snis: null
    sources: null
    destinations: null
    tags: []
    service:
      id: "9f3c2a4e-5b1d-4c8e-a7f2-0d6b8e1c3a57"
  - id: c4d1f7e2-0b3a-4d59-8e6f-2a7c9b1d5e83
    created_at: 1701388920
    updated_at: 1701388920
    name: flight-by-id
    protocols:
      - https
    methods:
      - GET
    paths:
      - ~/flights/(?<id>\d+)$
    https_redirect_status_code: 426
    regex_priority: 10
    strip_path: false
    path_handling: v0
    preserve_host: true
    request_buffering: true
    response_buffering: true
    service:
      id: "9f3c2a4e-5b1d-4c8e-a7f2-0d6b8e1c3a57"
"#;
    assert_eq!(
        implementation_yaml(&service, &routes).ok().as_deref(),
        Some(expected)
    );
}

#[test]
fn deck_file_nests_routes_without_ids_timestamps_nulls_or_service_reference() {
    let (service, routes) = implementation();
    let expected = r#"_format_version: "3.0"
services:
  - name: flight-data
    protocol: https
    host: api.flights.example.com
    port: 443
    path: /v1
    retries: 5
    connect_timeout: 60000
    write_timeout: 60000
    read_timeout: 60000
    tags:
      - flight-data
      - "env: prod"
    enabled: true
    routes:
      - name: list-flights
        protocols:
          - http
          - https
        methods:
          - GET
          - POST
        hosts:
          - flights.example.com
          - "*.flights.example.com"
        paths:
          - /flights
        headers:
          x-version:
            - v1
            - "2"
        https_redirect_status_code: 426
        regex_priority: 0
        strip_path: true
        path_handling: v0
        preserve_host: false
        request_buffering: true
        response_buffering: true
      - name: flight-by-id
        protocols:
          - https
        methods:
          - GET
        paths:
          - ~/flights/(?<id>\d+)$
        https_redirect_status_code: 426
        regex_priority: 10
        strip_path: false
        path_handling: v0
        preserve_host: true
        request_buffering: true
        response_buffering: true
"#;
    let deck = deck_file(&service, &routes, &DeckOptions::default());
    assert_eq!(deck.ok().as_deref(), Some(expected));
}

#[test]
fn deck_file_keeps_ids_and_timestamps_when_asked_and_names_the_control_plane() {
    let (service, routes) = implementation();
    let options = DeckOptions {
        include_ids: true,
        include_timestamps: true,
        control_plane_name: Some("default".into()),
    };
    let deck = deck_file(&service, &routes[1..], &options).unwrap_or_default();
    let expected_start = "\
_format_version: \"3.0\"
_konnect:
  control_plane_name: default
services:
  - id: \"9f3c2a4e-5b1d-4c8e-a7f2-0d6b8e1c3a57\"
    created_at: 1701388800
    updated_at: 1701392400
    name: flight-data
";
    assert!(deck.starts_with(expected_start), "{deck}");
    let expected_route = "\
    routes:
      - id: c4d1f7e2-0b3a-4d59-8e6f-2a7c9b1d5e83
        created_at: 1701388920
        updated_at: 1701388920
        name: flight-by-id
";
    assert!(deck.contains(expected_route), "{deck}");
    assert!(!deck.contains("service:"), "{deck}");
}

#[test]
fn deck_file_keeps_the_id_of_an_entity_without_a_name() {
    // decK matches entities by name, falling back to the id: a nameless route keeps its id.
    let service = Service {
        host: "upstream.internal".into(),
        ..Service::default()
    };
    let route = Route {
        id: Nullable::Value("7d0e5b7c-2f55-4d8e-9a0e-6c3b1f2e4d90".into()),
        name: Nullable::Null,
        paths: Nullable::Value(vec!["/".into()]),
        ..Route::default()
    };
    let deck = deck_file(&service, &[route], &DeckOptions::default()).unwrap_or_default();
    let expected = "\
_format_version: \"3.0\"
services:
  - protocol: http
    host: upstream.internal
    port: 80
    retries: 5
    connect_timeout: 60000
    write_timeout: 60000
    read_timeout: 60000
    enabled: true
    routes:
      - id: \"7d0e5b7c-2f55-4d8e-9a0e-6c3b1f2e4d90\"
        protocols:
          - http
          - https
        paths:
          - /
        https_redirect_status_code: 426
        regex_priority: 0
        strip_path: true
        path_handling: v0
        preserve_host: false
        request_buffering: true
        response_buffering: true
";
    assert_eq!(deck, expected);
}

#[test]
fn deck_file_without_routes_has_no_routes_key() {
    let service = flight_data_service();
    let deck = deck_file(&service, &[], &DeckOptions::default()).unwrap_or_default();
    assert!(deck.ends_with("    enabled: true\n"), "{deck}");
    assert!(!deck.contains("routes"), "{deck}");
}

/// Every key any of the three texts can hold: the model's fields and the wrappers, nothing
/// that could carry a credential.
const ALLOWED_KEYS: [&str; 42] = [
    "service",
    "routes",
    "services",
    "_format_version",
    "_konnect",
    "control_plane_name",
    "id",
    "created_at",
    "updated_at",
    "name",
    "protocol",
    "host",
    "port",
    "path",
    "retries",
    "connect_timeout",
    "write_timeout",
    "read_timeout",
    "tags",
    "client_certificate",
    "tls_verify",
    "tls_verify_depth",
    "ca_certificates",
    "enabled",
    "protocols",
    "methods",
    "hosts",
    "paths",
    "headers",
    "https_redirect_status_code",
    "regex_priority",
    "strip_path",
    "path_handling",
    "preserve_host",
    "request_buffering",
    "response_buffering",
    "snis",
    "sources",
    "destinations",
    "ip",
    "x-version",
    "x-token-like",
];

fn collect_keys(value: &Value, keys: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                keys.push(key.clone());
                collect_keys(inner, keys);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_keys(item, keys)),
        _ => {}
    }
}

#[test]
fn a_bearer_looking_tag_is_data_and_no_credential_field_exists() {
    let bearer = "Bearer kpat_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH";
    let mut service = flight_data_service();
    service.tags = Nullable::Value(vec![bearer.into()]);
    let mut route = list_flights_route();
    route.headers = Nullable::Value(BTreeMap::from([(
        "x-token-like".to_string(),
        vec!["Authorization".to_string()],
    )]));
    route.sources = Nullable::Value(vec![Endpoint {
        ip: Nullable::Value("10.0.0.0/8".into()),
        port: Nullable::Absent,
    }]);
    let routes = [route];
    let texts = [
        implementation_json(&service, &routes).unwrap_or_default(),
        implementation_yaml(&service, &routes).unwrap_or_default(),
        deck_file(&service, &routes, &DeckOptions::default()).unwrap_or_default(),
    ];
    for text in &texts {
        // The tag is the user's data and is copied as such...
        assert!(text.contains(&format!("- {bearer}")) || text.contains(&format!("\"{bearer}\"")));
        let parsed: Value = serde_yaml::from_str(text).unwrap_or(Value::Null);
        let mut keys = Vec::new();
        collect_keys(&parsed, &mut keys);
        assert!(!keys.is_empty());
        // ...but no key that could hold a token or an Authorization header exists.
        for key in keys {
            assert!(ALLOWED_KEYS.contains(&key.as_str()), "unexpected key {key}");
        }
    }
}

/// Text fields get the characters YAML is most likely to misread, whole reserved words in any
/// case, number-looking text, and any Unicode at all.
fn tricky_text() -> impl Strategy<Value = String> {
    let reserved = prop::sample::select(vec![
        "",
        "~",
        "null",
        "NULL",
        "Null",
        "true",
        "False",
        "yes",
        "No",
        "ON",
        "off",
        "y",
        "N",
        "<<",
        "=",
        "...",
        "---",
        "- ",
        "? ",
        ": ",
        "0",
        "-1",
        "+2",
        "1.5",
        ".5",
        "1e3",
        "0x1F",
        "0o17",
        "1_000",
        "1:20",
        "2024-01-01",
        ".inf",
        "-.Inf",
        ".NaN",
        "#",
        "a #b",
        "a: b",
        "a:",
        "Bearer kpat_abc",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        reserved,
        "[-?:,\\[\\]{}#&*!|>'\"%@` ~\\\\\t\n\r/a-z0-9.$()]{0,12}",
        "~/[a-z(?<>)\\\\d+$|]{0,12}",
        any::<String>(),
    ]
}

fn tricky_list() -> impl Strategy<Value = Nullable<Vec<String>>> {
    prop_oneof![
        Just(Nullable::Absent),
        Just(Nullable::Null),
        prop::collection::vec(tricky_text(), 0..4).prop_map(Nullable::Value),
    ]
}

fn tricky_name() -> impl Strategy<Value = Nullable<String>> {
    prop_oneof![
        Just(Nullable::Absent),
        Just(Nullable::Null),
        tricky_text().prop_map(Nullable::Value),
    ]
}

fn any_service() -> impl Strategy<Value = Service> {
    (
        tricky_name(),
        tricky_text(),
        any::<u16>(),
        tricky_name(),
        tricky_list(),
        any::<i64>(),
        any::<bool>(),
    )
        .prop_map(
            |(name, host, port, path, tags, created_at, enabled)| Service {
                id: Nullable::Value(SERVICE_ID.into()),
                created_at: Nullable::Value(created_at),
                name,
                host,
                port,
                path,
                tags,
                enabled,
                ..Service::default()
            },
        )
}

fn any_route() -> impl Strategy<Value = Route> {
    let headers = prop_oneof![
        Just(Nullable::Absent),
        prop::collection::btree_map(
            tricky_text(),
            prop::collection::vec(tricky_text(), 0..3),
            0..3
        )
        .prop_map(Nullable::Value),
    ];
    (
        tricky_name(),
        tricky_list(),
        tricky_list(),
        tricky_list(),
        headers,
        tricky_list(),
        any::<i64>(),
    )
        .prop_map(
            |(name, methods, hosts, paths, headers, tags, regex_priority)| Route {
                id: Nullable::Value("1b8e0c2d-7a44-4f0e-9c61-3e5d2f7a9b10".into()),
                name,
                methods,
                hosts,
                paths,
                headers,
                tags,
                regex_priority: Nullable::Value(regex_priority),
                service: Nullable::Value(ForeignKey {
                    id: SERVICE_ID.into(),
                }),
                ..Route::default()
            },
        )
}

fn as_json(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// What the decK file must hold for one entity, worked out on JSON values: no nulls or empty
/// collections, no timestamps, no `service` reference, an id only when there is no name.
fn expected_deck_entity(entity: Value) -> Value {
    fn prune(value: Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(key, inner)| (key, prune(inner)))
                    .filter(|(_, inner)| match inner {
                        Value::Null => false,
                        Value::Array(items) => !items.is_empty(),
                        Value::Object(map) => !map.is_empty(),
                        _ => true,
                    })
                    .collect(),
            ),
            other => other,
        }
    }
    let mut entity = prune(entity);
    if let Value::Object(map) = &mut entity {
        for key in ["created_at", "updated_at", "service"] {
            map.remove(key);
        }
        if map.contains_key("name") {
            map.remove("id");
        }
    }
    entity
}

/// The shape `implementation_json` writes, for serde_json's own pretty printer.
#[derive(serde::Serialize)]
struct Implementation<'a> {
    service: &'a Service,
    routes: &'a [Route],
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn json_is_byte_for_byte_serde_jsons_pretty_output(service in any_service(), routes in prop::collection::vec(any_route(), 0..3)) {
        let expected = serde_json::to_string_pretty(&Implementation { service: &service, routes: &routes })
            .map(|text| text + "\n");
        prop_assert_eq!(implementation_json(&service, &routes).ok(), expected.ok());
    }

    #[test]
    fn yaml_reads_back_as_the_json(service in any_service(), routes in prop::collection::vec(any_route(), 0..3)) {
        let yaml = implementation_yaml(&service, &routes).unwrap_or_default();
        let parsed: Result<Value, _> = serde_yaml::from_str(&yaml);
        let expected = json!({"service": as_json(&service), "routes": as_json(&routes)});
        prop_assert_eq!(parsed.ok(), Some(expected), "{}", yaml);
    }

    #[test]
    fn deck_file_reads_back_as_the_entities(service in any_service(), routes in prop::collection::vec(any_route(), 0..3)) {
        let deck = deck_file(&service, &routes, &DeckOptions::default()).unwrap_or_default();
        let parsed: Result<Value, _> = serde_yaml::from_str(&deck);
        let mut expected_service = expected_deck_entity(as_json(&service));
        if !routes.is_empty() {
            let expected_routes: Vec<Value> =
                routes.iter().map(|route| expected_deck_entity(as_json(route))).collect();
            expected_service["routes"] = Value::Array(expected_routes);
        }
        let expected = json!({"_format_version": "3.0", "services": [expected_service]});
        prop_assert_eq!(parsed.ok(), Some(expected), "{}", deck);
    }
}
