//! Property tests: whatever a user types or a server returns, nothing in this crate panics
//! (a panic would kill the WebAssembly app).

use domain::{
    Target, concrete_path_for, join_url, normalized_path, parse_methods, regex_check, split_url,
    validate_route, validate_service,
};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Kong's fields, plus the `url` shorthand, plus fields Kong does not know.
fn service_fields() -> Vec<&'static str> {
    let extra = ["url", "bogus"];
    domain::SERVICE_FIELDS.into_iter().chain(extra).collect()
}

/// Kong's fields, plus fields Kong does not know (`expression` belongs to another router).
fn route_fields() -> Vec<&'static str> {
    let extra = ["expression", "bogus"];
    domain::ROUTE_FIELDS.into_iter().chain(extra).collect()
}

/// Strings made of the characters Kong's rules care about, so that the interesting
/// branches (ports, wildcards, escapes, regex syntax) are reached often.
fn tricky_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9~/%.:*?#()\\[\\]{}+|\\\\^$@!&',;=_ -]{0,24}",
        "(~|/|\\*\\.|\\[)?[a-z0-9:./%]{0,12}(:[0-9]{1,6})?",
        any::<String>(),
        Just("http".to_string()),
        Just("tcp".to_string()),
        Just("grpcs".to_string()),
        Just("tls_passthrough".to_string()),
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        (0i64..70_000).prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        tricky_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    tricky_string(),
                    Just("id".to_string()),
                    Just("ip".to_string()),
                    Just("port".to_string())
                ],
                inner,
                0..5,
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// An object whose keys are mostly real field names, with arbitrary values.
fn entity(fields: Vec<&'static str>) -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(fields), json_value()), 0..10).prop_map(|pairs| {
        let map: Map<String, Value> = pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        Value::Object(map)
    })
}

fn targets() -> impl Strategy<Value = Target> {
    prop_oneof![Just(Target::Gateway), Just(Target::Konnect)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn validate_service_never_panics(input in entity(service_fields()), target in targets()) {
        if let Err(errors) = validate_service(&input, target) {
            let _ = errors.summary();
            let _ = serde_json::to_string(&errors);
        }
    }

    #[test]
    fn validate_route_never_panics(input in entity(route_fields()), target in targets()) {
        if let Err(errors) = validate_route(&input, target) {
            let _ = errors.summary();
        }
    }

    #[test]
    fn validators_accept_any_json(input in json_value()) {
        let _ = validate_service(&input, Target::Gateway);
        let _ = validate_route(&input, Target::Gateway);
    }

    #[test]
    fn route_string_fields_never_panic(
        paths in prop::collection::vec(tricky_string(), 0..4),
        hosts in prop::collection::vec(tricky_string(), 0..3),
        header in tricky_string(),
        value in tricky_string(),
        sni in tricky_string(),
        ip in tricky_string(),
    ) {
        let https = json!({
            "protocols": ["https"], "paths": paths, "hosts": hosts,
            "headers": { header: [value] }, "snis": [sni],
        });
        let _ = validate_route(&https, Target::Gateway);
        let tcp = json!({"protocols": ["tcp"], "sources": [{"ip": ip, "port": 1}]});
        let _ = validate_route(&tcp, Target::Gateway);
    }

    #[test]
    fn service_string_fields_never_panic(url in tricky_string(), host in tricky_string(), path in tricky_string()) {
        let _ = validate_service(&json!({"url": url}), Target::Gateway);
        let _ = validate_service(&json!({"host": host, "path": path, "name": host}), Target::Konnect);
    }

    #[test]
    fn url_helpers_never_panic(url in tricky_string()) {
        if let Ok(parts) = split_url(&url) {
            // What the splitter accepts, the joiner reproduces.
            prop_assert_eq!(split_url(&join_url(&parts)), Ok(parts));
        }
    }

    #[test]
    fn text_helpers_never_panic(text in tricky_string()) {
        let methods = parse_methods(&text);
        prop_assert!(methods.iter().all(|m| !m.is_empty() && m.trim() == m));
        if let Some(normalized) = normalized_path(&text) {
            prop_assert_ne!(normalized, text.clone());
        }
        let _ = regex_check::check(&text);
        let _ = regex_check::route_path_matches(&text, "/a/b");
        if let Some(example) = concrete_path_for(&text) {
            prop_assert!(example.starts_with('/'));
        }
    }
}
