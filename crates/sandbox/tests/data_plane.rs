//! The data plane over real HTTP: route matching, forwarding, Kong's answers, CORS, proxy
//! stop/start, and the request records served by `POST /v2/api-requests`.

mod support;

use std::time::Duration;

use konnect_sandbox::SandboxConfig;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::TestSandbox;

/// What the echo upstream saw.
fn echoed_path(reply: &support::Reply) -> &str {
    reply.body["path"].as_str().unwrap_or("<no echo>")
}

#[tokio::test]
async fn seeded_route_reaches_the_echo_upstream() {
    let t = TestSandbox::start().await;
    let reply = t
        .proxy(Method::GET, "/flight-data/v2/flights?from=AMS", &[])
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["method"], "GET");
    assert_eq!(echoed_path(&reply), "/flights");
    assert_eq!(reply.body["query"], "from=AMS");
    assert_eq!(
        reply.body["headers"]["x-forwarded-prefix"],
        "/flight-data/v2"
    );
    assert_eq!(
        reply.body["headers"]["x-forwarded-path"],
        "/flight-data/v2/flights"
    );
    assert_eq!(reply.header("via"), Some("1.1 kong/3.4.0"));
    assert!(reply.header("x-kong-upstream-latency").is_some());

    // The seeded route only takes GET.
    let post = t.proxy(Method::POST, "/flight-data/v2/flights", &[]).await;
    assert_eq!(post.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn no_match_is_kongs_404() {
    let t = TestSandbox::start().await;
    let reply = t.proxy(Method::GET, "/nowhere", &[]).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(
        reply.body,
        json!({"message": "no Route matched with those values"})
    );
    assert_eq!(
        reply.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(reply.header("server"), Some("kong/3.4.0"));
}

#[tokio::test]
async fn prefix_regex_and_priority() {
    let t = TestSandbox::start().await;
    t.service_with_route("flights", json!({"name": "flights", "paths": ["/flights"]}))
        .await;
    t.service_with_route(
        "flight-by-id",
        json!({"name": "flight-by-id", "paths": [r"~/flights/\d+$"]}),
    )
    .await;
    t.service_with_route(
        "flights-long",
        json!({"name": "flights-long", "paths": ["/flights/special"]}),
    )
    .await;
    t.service_with_route(
        "flight-vip",
        json!({"name": "flight-vip", "paths": [r"~/flights/(vip|\d+)$"], "regex_priority": 5}),
    )
    .await;

    let by_route = |reply: &support::Reply| {
        reply.body["headers"]["x-forwarded-prefix"]
            .as_str()
            .map(str::to_owned)
    };
    let plain = t.proxy(Method::GET, "/flights/all", &[]).await;
    assert_eq!(echoed_path(&plain), "/all");
    assert_eq!(by_route(&plain).as_deref(), Some("/flights"));

    let longer = t.proxy(Method::GET, "/flights/special/x", &[]).await;
    assert_eq!(echoed_path(&longer), "/x");

    // Both regex routes match /flights/42: the higher regex_priority wins and the whole
    // regex match is stripped.
    let numeric = t.proxy(Method::GET, "/flights/42", &[]).await;
    assert_eq!(numeric.status, StatusCode::OK);
    assert_eq!(echoed_path(&numeric), "/");
    let records = t.post("/v2/api-requests", json!({"size": 1})).await;
    let vip_route = t
        .get(&format!("{}/routes/flight-vip", t.core().await))
        .await;
    assert!(
        records.body["results"][0]["route"]
            .as_str()
            .unwrap()
            .ends_with(vip_route.body["id"].as_str().unwrap())
    );

    // `$` anchors the regex: /flights/42/extra falls back to the /flights prefix route.
    let extra = t.proxy(Method::GET, "/flights/42/extra", &[]).await;
    assert_eq!(echoed_path(&extra), "/42/extra");
}

#[tokio::test]
async fn methods_hosts_and_wildcards() {
    let t = TestSandbox::start().await;
    t.service_with_route("any-host", json!({"paths": ["/shop"]}))
        .await;
    t.service_with_route(
        "exact-host",
        json!({"paths": ["/shop"], "hosts": ["shop.example.com"], "methods": ["GET"]}),
    )
    .await;
    t.service_with_route(
        "wild-host",
        json!({"paths": ["/shop"], "hosts": ["*.example.org"]}),
    )
    .await;

    let exact = t
        .proxy(Method::GET, "/shop", &[("host", "shop.example.com")])
        .await;
    assert_eq!(exact.status, StatusCode::OK);
    assert_eq!(
        exact.body["headers"]["x-forwarded-host"],
        "shop.example.com"
    );
    let exact_records = t.post("/v2/api-requests", json!({"size": 1})).await;

    let exact_wrong_method = t
        .proxy(Method::DELETE, "/shop", &[("host", "shop.example.com")])
        .await;
    assert_eq!(
        exact_wrong_method.status,
        StatusCode::OK,
        "falls back to the host-less route"
    );
    let fallback_records = t.post("/v2/api-requests", json!({"size": 1})).await;
    assert_ne!(
        exact_records.body["results"][0]["gateway_service"],
        fallback_records.body["results"][0]["gateway_service"]
    );

    let wildcard = t
        .proxy(Method::GET, "/shop", &[("host", "eu.example.org")])
        .await;
    assert_eq!(wildcard.status, StatusCode::OK);
    let wildcard_records = t.post("/v2/api-requests", json!({"size": 1})).await;
    let wild_service = t
        .get(&format!("{}/services/wild-host", t.core().await))
        .await;
    assert!(
        wildcard_records.body["results"][0]["gateway_service"]
            .as_str()
            .unwrap()
            .ends_with(wild_service.body["id"].as_str().unwrap())
    );
}

#[tokio::test]
async fn strip_path_false_and_preserve_host() {
    let t = TestSandbox::start().await;
    t.service_with_route(
        "keep-everything",
        json!({"paths": ["/keep"], "strip_path": false, "preserve_host": true, "hosts": ["api.example.com"]}),
    )
    .await;
    let reply = t
        .proxy(Method::GET, "/keep/me", &[("host", "api.example.com")])
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(echoed_path(&reply), "/keep/me");
    assert_eq!(reply.body["headers"]["host"], "api.example.com");

    t.service_with_route("rewrite-host", json!({"paths": ["/rewrite"]}))
        .await;
    let rewritten = t
        .proxy(Method::GET, "/rewrite", &[("host", "api.example.com")])
        .await;
    let upstream = t.sandbox.upstream_url();
    assert_eq!(
        rewritten.body["headers"]["host"],
        upstream.trim_start_matches("http://")
    );
    assert_eq!(echoed_path(&rewritten), "/");
}

#[tokio::test]
async fn unreachable_upstream_is_502_and_https_only_route_is_426() {
    let t = TestSandbox::start().await;
    let core = t.core().await;
    let dead = t
        .post(
            &format!("{core}/services"),
            json!({"name": "dead", "url": "http://127.0.0.1:9"}),
        )
        .await;
    let dead_id = dead.body["id"].as_str().unwrap();
    t.post(
        &format!("{core}/services/{dead_id}/routes"),
        json!({"paths": ["/dead"]}),
    )
    .await;
    let reply = t.proxy(Method::GET, "/dead", &[]).await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        reply.body,
        json!({"message": "An invalid response was received from the upstream server"})
    );

    t.service_with_route(
        "secure",
        json!({"paths": ["/secure"], "protocols": ["https"]}),
    )
    .await;
    let insecure = t.proxy(Method::GET, "/secure", &[]).await;
    assert_eq!(insecure.status, StatusCode::UPGRADE_REQUIRED);
    assert_eq!(
        insecure.body,
        json!({"message": "Please use HTTPS protocol"})
    );
}

#[tokio::test]
async fn proxy_cors_on_by_default_and_off_on_request() {
    let t = TestSandbox::start().await;
    let reply = t
        .proxy(
            Method::GET,
            "/flight-data/v2",
            &[("origin", "http://localhost:8080")],
        )
        .await;
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    let no_match = t
        .proxy(
            Method::GET,
            "/nowhere",
            &[("origin", "http://localhost:8080")],
        )
        .await;
    assert_eq!(no_match.header("access-control-allow-origin"), Some("*"));
    let preflight = t
        .proxy(
            Method::OPTIONS,
            "/flight-data/v2",
            &[
                ("origin", "http://localhost:8080"),
                ("access-control-request-method", "GET"),
            ],
        )
        .await;
    assert_eq!(preflight.status, StatusCode::OK);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));

    let plain = TestSandbox::start_with(SandboxConfig {
        proxy_cors: false,
        ..SandboxConfig::ephemeral()
    })
    .await;
    let reply = plain
        .proxy(
            Method::GET,
            "/flight-data/v2",
            &[("origin", "http://localhost:8080")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn stopped_proxy_refuses_connections_and_starts_again() {
    let t = TestSandbox::start().await;
    assert_eq!(
        t.proxy(Method::GET, "/flight-data/v2", &[]).await.status,
        StatusCode::OK
    );
    let stopped = t.anonymous(Method::POST, "/sandbox/proxy/stop", None).await;
    assert_eq!(stopped.status, StatusCode::NO_CONTENT);
    let refused = t
        .http
        .get(format!("{}/flight-data/v2", t.sandbox.proxy_url()))
        .send()
        .await;
    let error = refused.expect_err("the proxy is stopped");
    assert!(
        error.is_connect(),
        "expected connection refused, got {error:?}"
    );

    let started = t
        .anonymous(Method::POST, "/sandbox/proxy/start", None)
        .await;
    assert_eq!(started.status, StatusCode::NO_CONTENT);
    assert_eq!(
        t.proxy(Method::GET, "/flight-data/v2", &[]).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn new_routes_are_served_without_restart() {
    let t = TestSandbox::start().await;
    assert_eq!(
        t.proxy(Method::GET, "/flights", &[]).await.status,
        StatusCode::NOT_FOUND
    );
    // Implement "Flight Data" v1 with a route /flights, as the Service Hub flow does.
    let core = t.core().await;
    let service = t
        .post(
            &format!("{core}/services"),
            json!({"name": "flight-data-v1", "url": t.sandbox.upstream_url()}),
        )
        .await;
    let service_id = service.body["id"].as_str().unwrap().to_owned();
    t.post(
        &format!("{core}/services/{service_id}/routes"),
        json!({"name": "flights", "paths": ["/flights"]}),
    )
    .await;
    let flight = t.product_id("Flight Data").await;
    let versions = t
        .get(&format!(
            "/v2/api-products/{flight}/product-versions?filter[name]=v1"
        ))
        .await;
    let v1 = versions.body["data"][0]["id"].as_str().unwrap().to_owned();
    let cp = t.control_plane_id("default").await;
    t.patch(
        &format!("/v2/api-products/{flight}/product-versions/{v1}"),
        json!({"gateway_service": {"id": service_id, "control_plane_id": cp}}),
    )
    .await;

    assert_eq!(
        t.proxy(Method::GET, "/flights", &[]).await.status,
        StatusCode::OK
    );
    let records = t
        .post(
            "/v2/api-requests",
            json!({"filters": [{"dimension": "gateway_service", "type": "in", "values": [format!("{cp}:{service_id}")]}]}),
        )
        .await;
    let result = &records.body["results"][0];
    assert_eq!(result["response_http_status"], "200");
    assert_eq!(result["api_product"], flight.as_str());
    assert_eq!(result["api_product_version"], v1.as_str());
}

#[tokio::test]
async fn request_records_filter_order_and_page() {
    let t = TestSandbox::start().await;
    let cp = t.control_plane_id("default").await;
    let core = t.core().await;
    let flight_service = t.get(&format!("{core}/services/flight-data-v2")).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        t.proxy(
            Method::GET,
            "/flight-data/v2/one",
            &[("user-agent", "records-test")]
        )
        .await
        .status,
        StatusCode::OK
    );
    assert_eq!(
        t.proxy(Method::GET, "/missing", &[]).await.status,
        StatusCode::NOT_FOUND
    );
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(
        t.proxy(Method::GET, "/flight-data/v2/two", &[])
            .await
            .status,
        StatusCode::OK
    );

    let all = t.post("/v2/api-requests", json!({})).await;
    assert_eq!(all.status, StatusCode::OK);
    let uris: Vec<&str> = all.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["request_uri"].as_str().unwrap())
        .collect();
    assert_eq!(
        uris,
        ["/flight-data/v2/two", "/missing", "/flight-data/v2/one"],
        "newest first"
    );
    assert_eq!(all.body["meta"]["size"], 100);
    assert_eq!(all.body["meta"]["offset"], 0);
    assert!(
        all.body["meta"]["query_id"]
            .as_str()
            .unwrap()
            .starts_with("apilog-")
    );

    let first = &all.body["results"][2];
    assert_eq!(first["control_plane"], cp.as_str());
    assert_eq!(first["gateway_service"], format!("{cp}:{flight_service}"));
    assert_eq!(first["http_method"], "GET");
    assert_eq!(first["upstream_uri"], "/one");
    assert_eq!(first["header_user_agent"], "records-test");
    assert!(first["latencies_response_ms"].is_u64());

    let only_404 = t
        .post(
            "/v2/api-requests",
            json!({"filters": [{"dimension": "status_code", "type": "in", "values": [404]}]}),
        )
        .await;
    let statuses: Vec<&Value> = only_404.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["response_http_status"])
        .collect();
    assert_eq!(statuses, [&json!("404")]);
    let not_4xx = t.post("/v2/api-requests", json!({"filters": [{"dimension": "status_code_grouped", "type": "not_in", "values": ["4XX"]}]})).await;
    assert_eq!(not_4xx.body["results"].as_array().unwrap().len(), 2);
    let by_service = t
        .post(
            "/v2/api-requests",
            json!({"filters": [{"dimension": "gateway_service", "type": "in", "values": [format!("{cp}:{flight_service}")]}], "order": "ascending", "size": 1, "offset": 1}),
        )
        .await;
    assert_eq!(
        by_service.body["results"][0]["request_uri"],
        "/flight-data/v2/two"
    );
    let staging = t.control_plane_id("staging").await;
    let other_cp = t
        .post(
            "/v2/api-requests",
            json!({"filters": [{"dimension": "control_plane", "type": "in", "values": [staging]}]}),
        )
        .await;
    assert_eq!(other_cp.body["results"], json!([]));

    let past = t
        .post("/v2/api-requests", json!({"time_range": {"type": "absolute", "start": "2020-01-01T00:00:00Z", "end": "2020-01-02T00:00:00Z"}}))
        .await;
    assert_eq!(past.body["results"], json!([]));
    assert_eq!(
        past.body["meta"]["time_range"],
        json!({"start": "2020-01-01T00:00:00.000Z", "end": "2020-01-02T00:00:00.000Z"})
    );
    let recent = t
        .post(
            "/v2/api-requests",
            json!({"time_range": {"type": "relative", "time_range": "15M"}}),
        )
        .await;
    assert_eq!(recent.body["results"].as_array().unwrap().len(), 3);

    let invalid = t
        .post(
            "/v2/api-requests",
            json!({"time_range": {"type": "relative", "time_range": "2H"}, "colour": 1}),
        )
        .await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> = invalid.body["invalid_parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["colour", "time_range.time_range"]);
}

#[tokio::test]
async fn header_routes_need_the_header() {
    let t = TestSandbox::start().await;
    t.service_with_route(
        "versioned",
        json!({"paths": ["/api"], "headers": {"x-api-version": ["2"]}}),
    )
    .await;
    t.service_with_route("unversioned", json!({"paths": ["/api"]}))
        .await;
    let versioned = t
        .get(&format!("{}/services/versioned", t.core().await))
        .await;
    let versioned_id = versioned.body["id"].as_str().unwrap();

    assert_eq!(
        t.proxy(Method::GET, "/api", &[("x-api-version", "2")])
            .await
            .status,
        StatusCode::OK
    );
    let with_header = t.post("/v2/api-requests", json!({"size": 1})).await;
    assert!(
        with_header.body["results"][0]["gateway_service"]
            .as_str()
            .unwrap()
            .ends_with(versioned_id)
    );

    assert_eq!(
        t.proxy(Method::GET, "/api", &[("x-api-version", "1")])
            .await
            .status,
        StatusCode::OK
    );
    let other_value = t.post("/v2/api-requests", json!({"size": 1})).await;
    assert!(
        !other_value.body["results"][0]["gateway_service"]
            .as_str()
            .unwrap()
            .ends_with(versioned_id)
    );
}
