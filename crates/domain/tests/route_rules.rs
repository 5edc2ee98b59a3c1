//! Every Route field and entity check of `kong-validation-rules.md` §2–§4, valid and invalid,
//! with Kong's exact message. `rt:N` is `kong/db/schema/entities/routes.lua`, `rss:N`
//! `routes_subschemas.lua`, `td:N` `typedefs.lua`, `init:N` `kong/db/schema/init.lua` (3.9.3).

use domain::model::{Nullable, Protocol};
use domain::{Target, ValidationErrors, validate_route};
use serde_json::{Value, json};

const PROTOCOLS: &str = "expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp";
const UUID: &str = "4e3ad2e4-0bc4-4638-8e34-c84a417ba39b";

/// A valid http route plus `extra`.
fn with(extra: Value) -> Value {
    let mut base = json!({"name": "orders-route", "paths": ["/orders"]});
    if let (Some(map), Value::Object(extra)) = (base.as_object_mut(), extra) {
        map.extend(extra);
    }
    base
}

fn errors(input: Value) -> ValidationErrors {
    match validate_route(&input, Target::Gateway) {
        Ok(route) => panic!("expected errors, got {route:?}"),
        Err(errors) => errors,
    }
}

fn only_error(input: Value, field: &str) -> String {
    let e = errors(input);
    assert_eq!(e.fields.len(), 1, "{e:?}");
    assert!(e.entity.is_empty(), "{e:?}");
    e.get(field)
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no error on {field}: {e:?}"))
}

fn only_entity(input: Value) -> String {
    let e = errors(input);
    assert!(e.fields.is_empty(), "{e:?}");
    assert_eq!(e.entity.len(), 1, "{e:?}");
    e.entity[0].clone()
}

fn ok(input: Value) -> domain::model::Route {
    match validate_route(&input, Target::Gateway) {
        Ok(route) => route,
        Err(errors) => panic!("unexpected errors: {}", errors.summary()),
    }
}

#[test]
fn defaults_rt_154_202() {
    let route = ok(with(json!({})));
    assert_eq!(route.protocols, vec![Protocol::Http, Protocol::Https]);
    assert_eq!(route.https_redirect_status_code, 426);
    assert!(route.strip_path);
    assert!(!route.preserve_host);
    assert!(route.request_buffering);
    assert!(route.response_buffering);
    assert_eq!(route.regex_priority, Nullable::Value(0));
    assert_eq!(route.path_handling, Nullable::Value("v0".into()));
    // grpc routes default strip_path to false (rss:50).
    assert!(!ok(json!({"protocols": ["grpc"], "paths": ["/x"]})).strip_path);
}

#[test]
fn subschema_gate_init_2111_2126() {
    // null protocols: nothing else is reported.
    let e = errors(json!({"protocols": null, "paths": ["bad"], "foo": 1}));
    assert_eq!(
        e.summary(),
        "schema violation (protocols: required field missing)"
    );
    assert_eq!(
        only_error(json!({"protocols": [], "paths": ["x"]}), "protocols"),
        "unknown type: nil"
    );
    assert_eq!(
        only_error(json!({"protocols": ["foo"]}), "protocols"),
        "unknown type: foo"
    );
    assert_eq!(
        only_error(json!({"protocols": ["foo", 5]}), "protocols"),
        "unknown type: foo"
    );
    assert_eq!(
        only_error(json!({"protocols": [7]}), "protocols"),
        "unknown type: 7"
    );
}

#[test]
fn protocols_set_rt_154_166() {
    assert_eq!(
        only_error(with(json!({"protocols": ["foo", "http"]})), "protocols.1"),
        PROTOCOLS
    );
    assert_eq!(
        only_error(with(json!({"protocols": ["http", ""]})), "protocols.2"),
        PROTOCOLS
    );
    assert_eq!(
        only_error(with(json!({"protocols": ["http", "tcp"]})), "protocols"),
        "these sets are mutually exclusive: ('http', 'https'), ('tcp', 'tls', 'udp')"
    );
    // Groups are listed in order of first appearance; `tcp` first also picks the stream
    // subschema, which forbids `paths`.
    let e = errors(with(json!({"protocols": ["tcp", "https", "grpc", "http"]})));
    assert_eq!(
        e.get("protocols"),
        Some(
            "these sets are mutually exclusive: ('tcp', 'tls', 'udp'), ('http', 'https'), ('grpc', 'grpcs')"
        )
    );
    assert_eq!(
        e.get("paths"),
        Some("cannot set 'paths' when 'protocols' is 'tcp', 'tls', 'tls_passthrough' or 'udp'")
    );
    assert_eq!(
        only_error(with(json!({"protocols": "http"})), "protocols"),
        "expected a set"
    );
    assert_eq!(
        ok(with(json!({"protocols": ["https", "https"]}))).protocols,
        vec![Protocol::Https]
    );
}

#[test]
fn methods_td_247_251() {
    assert_eq!(
        only_error(with(json!({"methods": ["GET", "get"]})), "methods.2"),
        "invalid value: get"
    );
    assert_eq!(
        only_error(with(json!({"methods": ["M-SEARCH"]})), "methods.1"),
        "invalid value: M-SEARCH"
    );
    assert_eq!(
        only_error(with(json!({"methods": [""]})), "methods.1"),
        "length must be at least 1"
    );
    assert_eq!(
        only_error(with(json!({"methods": [1]})), "methods.1"),
        "expected a string"
    );
    assert_eq!(
        only_error(with(json!({"methods": "GET"})), "methods"),
        "expected a set"
    );
    let route = ok(with(json!({"methods": ["GET", "POST", "GET"]})));
    assert_eq!(
        route.methods,
        Nullable::Value(vec!["GET".into(), "POST".into()])
    );
}

#[test]
fn hosts_td_575_592() {
    let host_error = |host: &str| only_error(with(json!({"hosts": ["ok.test", host]})), "hosts.2");
    assert_eq!(
        host_error("*.*.com"),
        "invalid wildcard: must have at most one wildcard"
    );
    assert_eq!(
        host_error("*"),
        "invalid wildcard: must be placed at leftmost or rightmost label"
    );
    assert_eq!(
        host_error("a.*.com"),
        "invalid wildcard: must be placed at leftmost or rightmost label"
    );
    assert_eq!(
        host_error("*.exa$mple.com"),
        "invalid hostname: abc.exa$mple.com"
    );
    assert_eq!(host_error("1.2.3.256"), "invalid ipv4 address: 1.2.3.256");
    assert_eq!(host_error("::1::2"), "invalid ipv6 address: ::1::2");
    assert_eq!(host_error("example.com:70000"), "invalid port number");
    assert_eq!(host_error(""), "length must be at least 1");
    assert_eq!(
        only_error(with(json!({"hosts": "a.com"})), "hosts"),
        "expected an array"
    );
    ok(with(
        json!({"hosts": ["*.example.com", "example.*", "10.0.0.1:80", "[::1]:80", "h:0"]}),
    ));
    // Arrays are not de-duplicated (init.lua:1606 only applies to sets).
    let route = ok(with(json!({"hosts": ["a.test", "a.test"]})));
    assert_eq!(
        route.hosts,
        Nullable::Value(vec!["a.test".into(), "a.test".into()])
    );
}

#[test]
fn paths_td_500_530_596_615() {
    let path_error = |path: &str| only_error(json!({"paths": ["/ok", path]}), "paths.2");
    assert_eq!(path_error("/a//b"), "must not have empty segments");
    assert_eq!(path_error("~//a"), "must not have empty segments");
    assert_eq!(
        path_error("a"),
        "should start with: / (fixed path) or ~/ (regex path)"
    );
    assert_eq!(
        path_error("~a"),
        "should start with: / (fixed path) or ~/ (regex path)"
    );
    assert_eq!(path_error("/%zz"), "invalid url-encoded value: '%zz'");
    assert_eq!(
        path_error("/foo%20bar"),
        "non-normalized path, consider use '/foo bar' instead"
    );
    assert_eq!(
        path_error("/a/../b"),
        "non-normalized path, consider use '/b' instead"
    );
    assert_eq!(
        path_error("/foo%2fbar"),
        "non-normalized path, consider use '/foo%2Fbar' instead"
    );
    assert_eq!(path_error(""), "length must be at least 1");
    assert_eq!(
        path_error("~/foo("),
        "invalid regex: '/foo(' (PCRE returned: pcre2_compile() failed: missing closing parenthesis in \"/foo(\")"
    );
    assert_eq!(
        path_error("~/[a"),
        "invalid regex: '/[a' (PCRE returned: pcre2_compile() failed: missing terminating ] for character class in \"/[a\")"
    );
    assert_eq!(
        path_error("~/(a)\\2"),
        "invalid regex: '/(a)\\2' (PCRE returned: pcre2_compile() failed: reference to non-existent subpattern in \"/(a)\\2\")"
    );
    for fine in [
        "/foo bar",
        "/foo?x",
        "/ä",
        "/a b%zz",
        "~/foo%zz",
        "/foo%2Fbar",
        "/%25",
    ] {
        ok(json!({ "paths": [fine] }));
    }
    for regex in [
        "~/(?<n>\\d+)",
        "~/(?P<n>x)",
        "~/\\p{L}+",
        "~/a{1,3}",
        "~/a++",
    ] {
        ok(json!({ "paths": [regex] }));
    }
    assert_eq!(
        only_error(json!({"paths": "/x"}), "paths"),
        "expected an array"
    );
}

/// Rust-regex rejects (atc-router) what PCRE accepts: the router flavor check (rt:122-127).
#[test]
fn regex_paths_must_compile_with_rust_regex_rt_122_127() {
    for pcre_only in ["~/(?=a)", "~/(?<=a)b", "~/(a)\\1", "~/(?>a)", "~/\\Qa\\E"] {
        let message = only_entity(json!({"paths": ["/ok", pcre_only]}));
        assert!(
            message.starts_with("Router Expression failed validation:  --> 1:"),
            "{pcre_only}: {message}"
        );
        assert!(
            message.contains("regex parse error:"),
            "{pcre_only}: {message}"
        );
    }
    let message = only_entity(json!({"paths": ["~/(?=a)"]}));
    assert_eq!(
        message,
        "Router Expression failed validation:  --> 1:14\n  |\n\
         1 | (http.path ~ r#\"^/(?=a)\"#)\n  |              ^----------^\n  |\n\
         \x20 = regex parse error:\n    ^/(?=a)\n      ^^^\n\
         error: look-around, including look-ahead and look-behind, is not supported"
    );
    // A PCRE error is a field error; the router check is then skipped (custom_entity_check).
    let e = errors(json!({"paths": ["~/(?=a)", "~/("]}));
    assert!(e.entity.is_empty());
    assert!(e.get("paths.2").is_some());
}

#[test]
fn headers_rt_190_199_td_619_629() {
    let header_error = |headers: Value| only_error(with(json!({ "headers": headers })), "headers");
    assert_eq!(
        header_error(json!({"Host": ["a"]})),
        "cannot contain 'host' header, which must be specified in the 'hosts' attribute"
    );
    assert_eq!(
        header_error(json!({"x y": ["a"]})),
        "bad header name 'x y', allowed characters are A-Z, a-z, 0-9, '_', and '-'"
    );
    assert_eq!(
        header_error(json!({"": ["a"]})),
        "length must be at least 1"
    );
    assert_eq!(header_error(json!({"x": "a"})), "expected an array");
    assert_eq!(header_error(json!({"x": null})), "required field missing");
    assert_eq!(header_error(json!("x")), "expected a map");
    // Element errors come back keyed by index: `{ "1": msg }`.
    assert_eq!(
        only_error(with(json!({"headers": {"x": ["a", ""]}})), "headers.2"),
        "length must be at least 1"
    );
    assert_eq!(
        only_error(with(json!({"headers": {"x": [1]}})), "headers.1"),
        "expected a string"
    );
    // Only the first failing header is reported.
    let e = errors(with(json!({"headers": {"a b": ["x"], "host": ["y"]}})));
    assert_eq!(e.fields.len(), 1);
    ok(with(
        json!({"headers": {"X-Env": ["prod", "~*^stag"], "x_y-z": ["1"]}}),
    ));
}

#[test]
fn header_regex_and_empty_lists_fail_the_router_check_rt_43_138() {
    assert_eq!(
        only_entity(json!({"headers": {"x": []}})),
        "Router Expression failed validation:  --> 1:2\n  |\n1 | ()\n  |  ^---\n  |\n  = expected term"
    );
    let message = only_entity(json!({"headers": {"X-Id": ["~*a(b"]}}));
    assert!(
        message.starts_with(
            "Router Expression failed validation:  --> 1:34\n  |\n\
             1 | (any(lower(http.headers.x_id)) ~ r#\"a(b\"#)\n"
        ),
        "{message}"
    );
    assert!(message.ends_with("error: unclosed group"), "{message}");
}

#[test]
fn https_redirect_status_code_rt_168_172() {
    let msg = "expected one of: 426, 301, 302, 307, 308";
    assert_eq!(
        only_error(
            with(json!({"https_redirect_status_code": 200})),
            "https_redirect_status_code"
        ),
        msg
    );
    assert_eq!(
        only_error(
            with(json!({"https_redirect_status_code": "301"})),
            "https_redirect_status_code"
        ),
        "expected an integer"
    );
    assert_eq!(
        only_error(
            with(json!({"https_redirect_status_code": null})),
            "https_redirect_status_code"
        ),
        "required field missing"
    );
    assert_eq!(
        ok(with(json!({"https_redirect_status_code": 308}))).https_redirect_status_code,
        308
    );
}

#[test]
fn regex_priority_rt_201() {
    assert_eq!(
        ok(with(json!({"regex_priority": -5}))).regex_priority,
        Nullable::Value(-5)
    );
    assert_eq!(
        only_error(with(json!({"regex_priority": "1"})), "regex_priority"),
        "expected an integer"
    );
    assert_eq!(
        only_error(with(json!({"regex_priority": 1.5})), "regex_priority"),
        "expected an integer"
    );
}

#[test]
fn booleans_rt_173_176() {
    for field in [
        "strip_path",
        "preserve_host",
        "request_buffering",
        "response_buffering",
    ] {
        assert_eq!(
            only_error(with(json!({ field: "no" })), field),
            "expected a boolean"
        );
        assert_eq!(
            only_error(with(json!({ field: null })), field),
            "required field missing"
        );
    }
}

#[test]
fn grpc_strip_path_rss_50() {
    assert_eq!(
        only_error(
            json!({"protocols": ["grpc"], "paths": ["/x"], "strip_path": true}),
            "strip_path"
        ),
        "cannot set 'strip_path' when 'protocols' is 'grpc' or 'grpcs'"
    );
    ok(json!({"protocols": ["grpcs"], "paths": ["/x"], "strip_path": false}));
}

#[test]
fn path_handling_rt_202() {
    assert_eq!(
        only_error(with(json!({"path_handling": "v2"})), "path_handling"),
        "expected one of: v0, v1"
    );
    ok(with(json!({"path_handling": "v1"})));
}

#[test]
fn snis_wildcard_host_td_172_202() {
    let sni_error =
        |sni: &str| only_error(json!({"protocols": ["https"], "snis": [sni]}), "snis.1");
    assert_eq!(
        sni_error("a*b.com"),
        "wildcard must be leftmost or rightmost character"
    );
    assert_eq!(sni_error("*.a.*"), "only one wildcard must be specified");
    assert_eq!(sni_error("10.0.0.1"), "must not be an IP");
    assert_eq!(sni_error("a.com:443"), "must not have a port");
    assert_eq!(sni_error("*.a_b$"), "invalid value: wildcard.a_b$");
    for fine in ["*.example.org", "example.*", "*example.com", "foo*", "*"] {
        ok(json!({ "protocols": ["https"], "snis": [fine] }));
    }
}

#[test]
fn snis_need_a_tls_protocol_rt_17_23() {
    let e = errors(with(json!({"protocols": ["http"], "snis": ["a.com"]})));
    assert_eq!(
        e.entity,
        vec!["'snis' can only be set when 'protocols' is 'grpcs', 'https', 'tls' or 'tls_passthrough'".to_string()]
    );
    assert_eq!(e.get("snis"), Some("length must be 0"));
    ok(with(json!({"protocols": ["http"], "snis": []})));
    ok(json!({"protocols": ["grpcs"], "snis": ["a.com"]}));
    ok(json!({"protocols": ["tls"], "snis": ["a.com"]}));
}

#[test]
fn sources_and_destinations_td_533_565() {
    for field in ["sources", "destinations"] {
        let tcp = |value: Value| json!({"protocols": ["tcp"], field: value});
        assert_eq!(
            only_error(tcp(json!([{"ip": "localhost"}])), &format!("{field}.1.ip")),
            "invalid ip or cidr range: 'localhost'"
        );
        assert_eq!(
            only_error(tcp(json!([{"ip": "0.0.0.0/33"}])), &format!("{field}.1.ip")),
            "invalid ip or cidr range: '0.0.0.0/33'"
        );
        assert_eq!(
            only_error(
                tcp(json!([{"port": 1}, {"port": 70000}])),
                &format!("{field}.2.port")
            ),
            "value should be between 0 and 65535"
        );
        assert_eq!(
            only_error(tcp(json!([{}])), &format!("{field}.1.@entity")),
            "at least one of these fields must be non-empty: 'ip', 'port'"
        );
        assert_eq!(
            only_error(
                tcp(json!([{"ip": "10.0.0.1", "x": 1}])),
                &format!("{field}.1.x")
            ),
            "unknown field"
        );
        assert_eq!(
            only_error(tcp(json!(["10.0.0.1"])), &format!("{field}.1")),
            "expected a record"
        );
        assert_eq!(only_error(tcp(json!("10.0.0.1")), field), "expected a set");
        ok(tcp(
            json!([{"ip": "10.0.0.0/8", "port": 80}, {"ip": "::1"}, {"port": 0}]),
        ));
    }
}

#[test]
fn bracketed_ip_fails_the_router_check_rt_43_138() {
    assert_eq!(
        only_entity(json!({"protocols": ["tcp"], "sources": [{"ip": "[::1]"}]})),
        "Router Expression failed validation:  --> 1:16\n  |\n1 | (net.src.ip == [::1])\n  |                ^---\n  |\n  = expected rhs"
    );
}

#[test]
fn tags_td_448_459() {
    assert_eq!(
        only_error(with(json!({"tags": ["a/b"]})), "tags.1"),
        "invalid tag 'a/b': expected printable ascii (except `,` and `/`) or valid utf-8 sequences"
    );
    let route = ok(with(json!({"tags": ["x", "x", "y"]})));
    assert_eq!(route.tags, Nullable::Value(vec!["x".into(), "y".into()]));
}

#[test]
fn service_foreign_key_init_963_975() {
    assert_eq!(
        only_error(with(json!({"service": UUID})), "service.id"),
        "missing primary key"
    );
    assert_eq!(
        only_error(with(json!({"service": {}})), "service.id"),
        "missing primary key"
    );
    assert_eq!(
        only_error(with(json!({"service": {"id": null}})), "service.id"),
        "required field missing"
    );
    assert_eq!(
        only_error(with(json!({"service": {"id": "x"}})), "service.id"),
        "expected a valid UUID"
    );
    assert_eq!(
        only_error(
            with(json!({"service": {"protocol": "foo"}})),
            "service.protocol"
        ),
        PROTOCOLS
    );
    let route = ok(with(json!({"service": {"id": UUID}})));
    assert_eq!(route.service.as_value().map(|s| s.id.as_str()), Some(UUID));
    ok(with(json!({"service": null})));
}

#[test]
fn expressions_only_fields_are_unknown_rt_209_219() {
    assert_eq!(
        only_error(
            with(json!({"expression": "http.path == \"/\""})),
            "expression"
        ),
        "unknown field"
    );
    assert_eq!(
        only_error(with(json!({"priority": 1})), "priority"),
        "unknown field"
    );
}

#[test]
fn http_needs_a_matching_field_rss_11_20() {
    assert_eq!(
        only_entity(json!({"protocols": ["http"]})),
        "must set one of 'methods', 'hosts', 'headers', 'paths' when 'protocols' is 'http'"
    );
    assert_eq!(
        only_entity(json!({"protocols": ["http", "https"], "paths": []})),
        "must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https'"
    );
    ok(json!({"protocols": ["https"], "snis": ["a.com"]}));
    ok(json!({"methods": ["GET"]}));
}

#[test]
fn http_rejects_sources_and_destinations_rss_7_8() {
    for field in ["sources", "destinations"] {
        assert_eq!(
            only_error(with(json!({ field: [] })), field),
            format!("cannot set '{field}' when 'protocols' is 'http' or 'https'")
        );
    }
}

#[test]
fn stream_rules_rss_23_44() {
    for field in ["methods", "hosts", "paths", "headers"] {
        let value = if field == "headers" {
            json!({})
        } else {
            json!([])
        };
        let e = errors(json!({"protocols": ["tcp"], "sources": [{"port": 1}], field: value}));
        assert_eq!(
            e.get(field),
            Some(format!("cannot set '{field}' when 'protocols' is 'tcp', 'tls', 'tls_passthrough' or 'udp'").as_str())
        );
    }
    assert_eq!(
        only_entity(json!({"protocols": ["tcp", "udp"]})),
        "must set one of 'sources', 'destinations', 'snis' when 'protocols' is 'tcp', 'tls' or 'udp'"
    );
    assert_eq!(
        only_entity(json!({"protocols": ["tls_passthrough"]})),
        "must set snis when 'protocols' is 'tls_passthrough'"
    );
    ok(json!({"protocols": ["tls_passthrough"], "snis": ["a.com"]}));
    ok(json!({"protocols": ["udp"], "destinations": [{"ip": "10.0.0.1", "port": 53}]}));
}

#[test]
fn grpc_rules_rss_46_66() {
    for field in ["methods", "sources", "destinations"] {
        assert_eq!(
            only_error(
                json!({"protocols": ["grpc"], "paths": ["/x"], field: []}),
                field
            ),
            format!("cannot set '{field}' when 'protocols' is 'grpc' or 'grpcs'")
        );
    }
    assert_eq!(
        only_entity(json!({"protocols": ["grpc"]})),
        "must set one of 'hosts', 'headers', 'paths' when 'protocols' is 'grpc'"
    );
    assert_eq!(
        only_entity(json!({"protocols": ["grpcs", "grpc"]})),
        "must set one of 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'grpcs'"
    );
    ok(json!({"protocols": ["grpcs"], "snis": ["a.com"]}));
}

#[test]
fn entity_messages_in_kong_order_and_summary() {
    let e = errors(json!({"protocols": ["http"], "snis": ["a.com"], "name": "a b"}));
    assert_eq!(
        e.summary(),
        "4 schema violations ('snis' can only be set when 'protocols' is 'grpcs', 'https', 'tls' \
         or 'tls_passthrough'; must set one of 'methods', 'hosts', 'headers', 'paths' when \
         'protocols' is 'http'; name: invalid value 'a b': the only accepted ascii characters are \
         alphanumerics or ., -, _, and ~; snis: length must be 0)"
    );
    let json = serde_json::to_value(&e).unwrap_or_default();
    assert_eq!(
        json["@entity"][1],
        "must set one of 'methods', 'hosts', 'headers', 'paths' when 'protocols' is 'http'"
    );
    assert_eq!(json["snis"], "length must be 0");
}

#[test]
fn complete_route_serializes_as_kong_expects() {
    let route = ok(json!({
        "name": "r1", "protocols": ["https"], "methods": ["GET"], "hosts": ["api.test"],
        "paths": ["/v1", "~/v2/\\d+$"], "headers": {"x-env": ["prod"]}, "strip_path": false,
        "service": {"id": UUID}, "tags": ["t"], "snis": null
    }));
    assert_eq!(
        serde_json::to_value(&route).unwrap_or_default(),
        json!({
            "name": "r1", "protocols": ["https"], "methods": ["GET"], "hosts": ["api.test"],
            "paths": ["/v1", "~/v2/\\d+$"], "headers": {"x-env": ["prod"]},
            "https_redirect_status_code": 426, "regex_priority": 0, "strip_path": false,
            "path_handling": "v0", "preserve_host": false, "request_buffering": true,
            "response_buffering": true, "snis": null, "tags": ["t"], "service": {"id": UUID}
        })
    );
}

#[test]
fn route_name_and_id_rt_150_152() {
    assert_eq!(
        only_error(with(json!({"name": "a:b"})), "name"),
        "invalid value 'a:b': the only accepted ascii characters are alphanumerics or ., -, _, and ~"
    );
    // Konnect's extra `:` is for service names only.
    let konnect = validate_route(&with(json!({"name": "a:b"})), Target::Konnect);
    assert!(konnect.is_err());
    assert_eq!(
        only_error(with(json!({"name": ""})), "name"),
        "length must be at least 1"
    );
    assert_eq!(
        only_error(with(json!({"id": "nope"})), "id"),
        "expected a valid UUID"
    );
    assert_eq!(
        ok(with(json!({ "id": UUID }))).id,
        Nullable::Value(UUID.into())
    );
}

/// A nested service without a valid id is validated as a partial service (init.lua:966-972):
/// its conditional checks then need `protocol` (init.lua:1306-1330).
#[test]
fn nested_service_partial_validation_init_966_972() {
    assert_eq!(
        only_error(with(json!({"service": {"path": "/x"}})), "service.protocol"),
        "field required for entity check"
    );
    let e = errors(with(json!({"service": {"protocol": "tcp", "path": "/x"}})));
    assert_eq!(e.get("service.path"), Some("value must be null"));
    assert_eq!(
        e.get("service.@entity"),
        Some("failed conditional validation given value of field 'protocol'")
    );
    assert_eq!(
        only_error(with(json!({"service": {"url": "http://h"}})), "service.url"),
        "unknown field"
    );
}

/// `parse_ip_addr` keeps IPv6 ranges as written; atc-router's `cidr` parser then rejects host
/// bits (transform.lua:168-192).
#[test]
fn ipv6_range_with_host_bits_fails_the_router_check() {
    assert_eq!(
        only_entity(json!({"protocols": ["tcp"], "destinations": [{"ip": "2001:db8::1/64"}]})),
        "Router Expression failed validation:  --> 1:16\n  |\n\
         1 | (net.dst.ip in 2001:db8::1/64)\n  |                ^------------^\n  |\n\
         \x20 = host part of address was not zero"
    );
    ok(json!({"protocols": ["tcp"], "destinations": [{"ip": "2001:db8::/64"}]}));
}

/// Header values are lower-cased before a `~*` regex is compiled (transform.lua:420-445).
#[test]
fn header_regexes_are_lower_cased_first() {
    ok(with(json!({"headers": {"x": ["~*^\\D+$"]}})));
    let message = only_entity(with(json!({"headers": {"x": ["~*[Z-A]"]}})));
    assert!(
        message.ends_with("error: invalid character class range, the start must be <= the end"),
        "{message}"
    );
}

/// Issue 3: regexes that do not change are not recompiled on every keystroke.
#[test]
fn revalidating_does_not_recompile_regexes() {
    let route = json!({
        "paths": ["~/cache-a/\\d+$", "~/cache-b/(?<id>\\w+)", "~/cache-c/.*"],
        "headers": {"x-cache": ["~*^v[0-9]+$"]}
    });
    let before = domain::regex_check::compile_count();
    for _ in 0..100 {
        ok(route.clone());
    }
    assert_eq!(domain::regex_check::compile_count() - before, 4);
}
