//! Every Service field and entity check of `kong-validation-rules.md` §1, valid and invalid,
//! with Kong's exact message. `svc:N` is `kong/db/schema/entities/services.lua` line N and
//! `td:N` is `kong/db/schema/typedefs.lua` line N, at Kong tag 3.9.3.

use domain::model::{Nullable, Protocol};
use domain::{Target, ValidationErrors, validate_service};
use serde_json::{Value, json};

const PROTOCOLS: &str = "expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp";

fn with(extra: Value) -> Value {
    let mut base = json!({"name": "orders", "host": "orders.internal"});
    if let (Some(base_map), Value::Object(extra)) = (base.as_object_mut(), extra) {
        base_map.extend(extra);
    }
    base
}

fn errors(input: Value) -> ValidationErrors {
    match validate_service(&input, Target::Gateway) {
        Ok(service) => panic!("expected errors, got {service:?}"),
        Err(errors) => errors,
    }
}

/// The single field error of an otherwise valid service.
fn only_error(extra: Value, field: &str) -> String {
    let e = errors(with(extra));
    assert_eq!(e.fields.len(), 1, "{e:?}");
    assert!(e.entity.is_empty(), "{e:?}");
    e.get(field)
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no error on {field}: {e:?}"))
}

fn ok(extra: Value) -> domain::model::Service {
    match validate_service(&with(extra), Target::Gateway) {
        Ok(service) => service,
        Err(errors) => panic!("unexpected errors: {}", errors.summary()),
    }
}

#[test]
fn defaults_fill_absent_fields_only_svc_33_48() {
    let service = ok(json!({"retries": null}));
    assert_eq!(service.protocol, Protocol::Http);
    assert_eq!(service.port, 80);
    assert_eq!(service.retries, Nullable::Null);
    assert_eq!(service.connect_timeout, Nullable::Value(60_000));
    assert_eq!(service.write_timeout, Nullable::Value(60_000));
    assert_eq!(service.read_timeout, Nullable::Value(60_000));
    assert!(service.enabled);
    assert_eq!(service.path, Nullable::Absent);
}

#[test]
fn id_must_be_a_uuid_td_359() {
    assert_eq!(
        only_error(json!({"id": "abc"}), "id"),
        "expected a valid UUID"
    );
    assert_eq!(only_error(json!({"id": 5}), "id"), "expected a string");
    ok(json!({"id": "0F3A6A4E-1B2C-4D5E-8F90-123456789ABC"}));
}

#[test]
fn name_utf8_name_td_137_151() {
    let msg = "invalid value 'my service': the only accepted ascii characters are alphanumerics or ., -, _, and ~";
    assert_eq!(only_error(json!({"name": "my service"}), "name"), msg);
    assert_eq!(
        only_error(json!({"name": "examp:le"}), "name"),
        "invalid value 'examp:le': the only accepted ascii characters are alphanumerics or ., -, _, and ~"
    );
    assert_eq!(
        only_error(json!({"name": ""}), "name"),
        "length must be at least 1"
    );
    assert_eq!(only_error(json!({"name": 3}), "name"), "expected a string");
    ok(json!({"name": "Ünïcödé.name-1_~"}));
    ok(json!({"name": "x".repeat(1000)}));
    ok(json!({"name": null}));
}

#[test]
fn konnect_allows_colon_in_service_names() {
    let input = with(json!({"name": "orders:v1"}));
    assert!(validate_service(&input, Target::Konnect).is_ok());
    let e = validate_service(&with(json!({"name": "a b"})), Target::Konnect).err();
    assert_eq!(
        e.as_ref().and_then(|e| e.get("name")),
        Some(
            "invalid value 'a b': the only accepted ascii characters are alphanumerics or ., -, _, ~, and :"
        )
    );
}

#[test]
fn protocol_one_of_td_254_259() {
    assert_eq!(
        only_error(json!({"protocol": "HTTP"}), "protocol"),
        PROTOCOLS
    );
    assert_eq!(only_error(json!({"protocol": ""}), "protocol"), PROTOCOLS);
    assert_eq!(
        only_error(json!({"protocol": null}), "protocol"),
        "required field missing"
    );
    assert_eq!(
        ok(json!({"protocol": "tls_passthrough"})).protocol,
        Protocol::TlsPassthrough
    );
}

#[test]
fn host_td_24_35() {
    assert_eq!(
        only_error(json!({"host": "example.com:80"}), "host"),
        "must not have a port"
    );
    assert_eq!(
        only_error(json!({"host": "example.com:99999"}), "host"),
        "must not have a port"
    );
    assert_eq!(
        only_error(json!({"host": "*example.com"}), "host"),
        "invalid value: *example.com"
    );
    assert_eq!(
        only_error(json!({"host": "a..b"}), "host"),
        "invalid value: a..b"
    );
    assert_eq!(
        only_error(json!({"host": "1.2.3"}), "host"),
        "invalid value: 1.2.3"
    );
    assert_eq!(
        only_error(json!({"host": ""}), "host"),
        "length must be at least 1"
    );
    assert_eq!(
        only_error(json!({"host": null}), "host"),
        "required field missing"
    );
    assert_eq!(
        errors(json!({})).get("host"),
        Some("required field missing")
    );
    for host in [
        "10.0.0.1",
        "01.2.3.4",
        "::1",
        "[::1]",
        "example.test.",
        "under_score.local",
    ] {
        ok(json!({ "host": host }));
    }
}

#[test]
fn port_range_td_311_315() {
    assert_eq!(
        only_error(json!({"port": 65536}), "port"),
        "value should be between 0 and 65535"
    );
    assert_eq!(
        only_error(json!({"port": -1}), "port"),
        "value should be between 0 and 65535"
    );
    assert_eq!(
        only_error(json!({"port": "80"}), "port"),
        "expected an integer"
    );
    assert_eq!(
        only_error(json!({"port": 80.5}), "port"),
        "expected an integer"
    );
    assert_eq!(
        only_error(json!({"port": null}), "port"),
        "required field missing"
    );
    assert_eq!(ok(json!({"port": 0})).port, 0);
    assert_eq!(ok(json!({"port": 65535.0})).port, 65535);
}

#[test]
fn path_td_71_93_318_328() {
    assert_eq!(
        only_error(json!({"path": "api"}), "path"),
        "should start with: /"
    );
    assert_eq!(
        only_error(json!({"path": "/a//b"}), "path"),
        "must not have empty segments"
    );
    assert_eq!(
        only_error(json!({"path": "/a b"}), "path"),
        "invalid path: '/a b' (characters outside of the reserved list of RFC 3986 found)"
    );
    assert_eq!(
        only_error(json!({"path": "/%zz"}), "path"),
        "invalid url-encoded value: '%zz'"
    );
    assert_eq!(
        only_error(json!({"path": ""}), "path"),
        "length must be at least 1"
    );
    assert_eq!(
        ok(json!({"path": "/a/../b"})).path,
        Nullable::Value("/a/../b".into())
    );
    ok(json!({"path": "/foo%20bar;v=1"}));
}

#[test]
fn url_shorthand_svc_75_106() {
    let service = ok(json!({"url": "https://api.example.com:8443/v1?x=1#top", "host": "ignored"}));
    assert_eq!(service.protocol, Protocol::Https);
    assert_eq!(service.host, "api.example.com");
    assert_eq!(service.port, 8443);
    assert_eq!(service.path, Nullable::Value("/v1".into()));

    // The shorthand overwrites an explicit path with null when the URL has none.
    let service = ok(json!({"url": "http://example.com", "path": "/kept?"}));
    assert_eq!(service.path, Nullable::Null);
    assert_eq!(
        ok(json!({"url": "//example.com:443"})).protocol,
        Protocol::Https
    );

    let e = errors(with(json!({"url": "invalid url"})));
    assert_eq!(e.get("host"), Some("required field missing"));
    assert_eq!(e.get("path"), Some("should start with: /"));
    assert_eq!(e.fields.len(), 2);

    // No scheme: `example.com` is read as the scheme (verified in the reference).
    let e = errors(with(json!({"url": "example.com:8080"})));
    assert_eq!(e.get("protocol"), Some(PROTOCOLS));
    assert_eq!(e.get("host"), Some("required field missing"));
    assert_eq!(e.get("path"), Some("should start with: /"));

    assert_eq!(
        only_error(json!({"url": "HTTP://example.com"}), "protocol"),
        PROTOCOLS
    );
    // A url that is not a string is the only error reported (init.lua:1804-1809).
    let e = errors(json!({"url": 5, "port": "x"}));
    assert_eq!(e.summary(), "schema violation (url: expected a string)");
    assert_eq!(
        errors(json!({"url": ""})).get("url"),
        Some("length must be at least 1")
    );
}

#[test]
fn retries_svc_33_34() {
    assert_eq!(
        only_error(json!({"retries": 32768}), "retries"),
        "value should be between 0 and 32767"
    );
    assert_eq!(
        only_error(json!({"retries": -1}), "retries"),
        "value should be between 0 and 32767"
    );
    assert_eq!(
        only_error(json!({"retries": "5"}), "retries"),
        "expected an integer"
    );
    assert_eq!(ok(json!({"retries": 0})).retries, Nullable::Value(0));
}

#[test]
fn timeouts_svc_11_14() {
    for field in ["connect_timeout", "write_timeout", "read_timeout"] {
        let msg = "value should be between 1 and 2147483646";
        assert_eq!(only_error(json!({ field: 0 }), field), msg);
        assert_eq!(only_error(json!({ field: 2_147_483_647_u64 }), field), msg);
        assert_eq!(
            only_error(json!({ field: 1.5 }), field),
            "expected an integer"
        );
        ok(json!({ field: 2_147_483_646_u64 }));
        ok(json!({ field: null }));
    }
}

#[test]
fn tags_td_118_134() {
    assert_eq!(
        only_error(json!({"tags": ["ok", "a,b"]}), "tags.2"),
        "invalid tag 'a,b': expected printable ascii (except `,` and `/`) or valid utf-8 sequences"
    );
    assert_eq!(
        only_error(json!({"tags": ["a/b"]}), "tags.1"),
        "invalid tag 'a/b': expected printable ascii (except `,` and `/`) or valid utf-8 sequences"
    );
    assert_eq!(
        only_error(json!({"tags": [""]}), "tags.1"),
        "length must be at least 1"
    );
    assert_eq!(
        only_error(json!({"tags": [1]}), "tags.1"),
        "expected a string"
    );
    assert_eq!(
        only_error(json!({"tags": [null]}), "tags.1"),
        "required field missing"
    );
    assert_eq!(only_error(json!({"tags": "x"}), "tags"), "expected a set");
    let service = ok(json!({"tags": ["with space", "_KonnectService:orders", "with space", "é"]}));
    assert_eq!(
        service.tags,
        Nullable::Value(vec![
            "with space".into(),
            "_KonnectService:orders".into(),
            "é".into()
        ])
    );
}

#[test]
fn client_certificate_foreign_key_init_963_975() {
    let https = |cert: Value| json!({"protocol": "https", "client_certificate": cert});
    let uuid = "4e3ad2e4-0bc4-4638-8e34-c84a417ba39b";
    assert_eq!(
        only_error(https(json!(uuid)), "client_certificate.id"),
        "missing primary key"
    );
    assert_eq!(
        only_error(https(json!({})), "client_certificate.id"),
        "missing primary key"
    );
    assert_eq!(
        only_error(https(json!({"id": "x"})), "client_certificate.id"),
        "expected a valid UUID"
    );
    assert_eq!(
        only_error(https(json!({"id": null})), "client_certificate.id"),
        "required field missing"
    );
    ok(https(json!({ "id": uuid })));
    // Without a valid id, the other keys are checked as a partial certificate (init.lua:966-972).
    assert_eq!(
        only_error(https(json!({"cert": 5})), "client_certificate.cert"),
        "expected a string"
    );
    assert_eq!(
        only_error(https(json!({"bogus": true})), "client_certificate.bogus"),
        "unknown field"
    );
}

#[test]
fn tls_fields_svc_45_47() {
    let https = |extra: Value| {
        let mut value = json!({"protocol": "https"});
        if let (Some(map), Value::Object(extra)) = (value.as_object_mut(), extra) {
            map.extend(extra);
        }
        value
    };
    assert_eq!(
        only_error(https(json!({"tls_verify": "yes"})), "tls_verify"),
        "expected a boolean"
    );
    assert_eq!(
        only_error(https(json!({"tls_verify_depth": 65})), "tls_verify_depth"),
        "value should be between 0 and 64"
    );
    assert_eq!(
        only_error(
            https(json!({"ca_certificates": ["nope"]})),
            "ca_certificates.1"
        ),
        "expected a valid UUID"
    );
    assert_eq!(
        only_error(https(json!({"ca_certificates": "x"})), "ca_certificates"),
        "expected an array"
    );
    ok(https(json!({
        "tls_verify": true, "tls_verify_depth": 3,
        "ca_certificates": ["4e3ad2e4-0bc4-4638-8e34-c84a417ba39b"]
    })));
}

#[test]
fn enabled_svc_48() {
    assert_eq!(
        only_error(json!({"enabled": null}), "enabled"),
        "required field missing"
    );
    assert_eq!(
        only_error(json!({"enabled": "true"}), "enabled"),
        "expected a boolean"
    );
    assert!(!ok(json!({"enabled": false})).enabled);
}

#[test]
fn timestamps_are_integers_above_zero() {
    assert_eq!(
        only_error(json!({"created_at": 0}), "created_at"),
        "expected a valid timestamp"
    );
    assert_eq!(
        only_error(json!({"created_at": "x"}), "created_at"),
        "expected an integer"
    );
    ok(json!({"created_at": 1_700_000_000}));
    // Kong overwrites updated_at on insert and never validates it (init.lua:1897-1900, 2583).
    assert_eq!(
        ok(json!({"updated_at": "whenever"})).updated_at,
        Nullable::Absent
    );
}

#[test]
fn unknown_fields_init_1195() {
    assert_eq!(only_error(json!({"foo": 1}), "foo"), "unknown field");
    assert_eq!(only_error(json!({"foo": null}), "foo"), "unknown field");
}

#[test]
fn non_object_input() {
    let e = validate_service(&json!([1]), Target::Gateway)
        .err()
        .unwrap_or_default();
    assert_eq!(e.entity, vec!["expected an input table".to_string()]);
}

const CONDITIONAL: &str = "failed conditional validation given value of field 'protocol'";

#[test]
fn path_must_be_null_for_stream_and_grpc_svc_52_55() {
    for protocol in ["tcp", "tls", "udp", "grpc", "grpcs"] {
        let e = errors(with(json!({"protocol": protocol, "path": "/x"})));
        assert_eq!(e.entity, vec![CONDITIONAL.to_string()], "{protocol}");
        assert_eq!(e.get("path"), Some("value must be null"), "{protocol}");
        assert_eq!(e.fields.len(), 1);
    }
    // tls_passthrough is not in the list (verified).
    ok(json!({"protocol": "tls_passthrough", "path": "/x"}));
    // The conditional replaces the path's own error.
    let e = errors(with(json!({"protocol": "tcp", "path": "bad"})));
    assert_eq!(e.get("path"), Some("value must be null"));
}

#[test]
fn tls_fields_only_with_https_or_tls_svc_56_71() {
    let uuid = "4e3ad2e4-0bc4-4638-8e34-c84a417ba39b";
    for (field, value) in [
        ("client_certificate", json!({ "id": uuid })),
        ("tls_verify", json!(true)),
        ("tls_verify_depth", json!(1)),
        ("ca_certificates", json!([])),
    ] {
        for protocol in ["http", "grpcs", "tcp"] {
            let e = errors(with(json!({"protocol": protocol, field: value.clone()})));
            assert_eq!(
                e.entity,
                vec![CONDITIONAL.to_string()],
                "{protocol} {field}"
            );
            assert_eq!(
                e.get(field),
                Some("value must be null"),
                "{protocol} {field}"
            );
        }
        ok(json!({"protocol": "https", field: value.clone()}));
        ok(json!({"protocol": "tls", field: value.clone()}));
    }
    let e = errors(with(json!({"tls_verify": true, "tls_verify_depth": 2})));
    assert_eq!(
        e.entity,
        vec![CONDITIONAL.to_string(), CONDITIONAL.to_string()]
    );
    assert_eq!(
        e.summary(),
        "4 schema violations (failed conditional validation given value of field 'protocol'; \
         failed conditional validation given value of field 'protocol'; \
         tls_verify: value must be null; tls_verify_depth: value must be null)"
    );
}

#[test]
fn invalid_protocol_skips_conditionals() {
    let e = errors(with(
        json!({"protocol": "foo", "path": "/x", "tls_verify": true}),
    ));
    assert!(e.entity.is_empty());
    assert_eq!(e.get("protocol"), Some(PROTOCOLS));
}

#[test]
fn serialized_service_is_what_kong_expects() {
    let service = ok(json!({"url": "http://h:8080/p", "tags": ["a"], "tls_verify": null}));
    let value = serde_json::to_value(&service).unwrap_or_default();
    assert_eq!(
        value,
        json!({
            "name": "orders", "protocol": "http", "host": "h", "port": 8080, "path": "/p",
            "retries": 5, "connect_timeout": 60000, "write_timeout": 60000,
            "read_timeout": 60000, "tags": ["a"], "tls_verify": null, "enabled": true
        })
    );
}
