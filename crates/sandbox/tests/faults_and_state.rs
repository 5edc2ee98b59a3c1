//! Fault injection, reset, state persistence and the large seed, over real HTTP.

mod support;

use std::time::{Duration, Instant};

use konnect_sandbox::{Sandbox, SandboxConfig};
use reqwest::{Method, StatusCode};
use serde_json::json;
use support::TestSandbox;

async fn arm(t: &TestSandbox, fault: serde_json::Value) {
    let armed = t
        .anonymous(Method::POST, "/sandbox/faults", Some(fault))
        .await;
    assert_eq!(armed.status, StatusCode::CREATED, "{}", armed.body);
}

#[tokio::test]
async fn next_matching_requests_fail_with_status_and_retry_after() {
    let t = TestSandbox::start().await;
    arm(&t, json!({"method": "GET", "path_prefix": "/v2/control-planes", "count": 2, "status": 503, "retry_after_seconds": 1})).await;
    // Other requests are untouched.
    assert_eq!(t.get("/v3/users/me").await.status, StatusCode::OK);
    for _ in 0..2 {
        let failed = t.get("/v2/control-planes").await;
        assert_eq!(failed.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(failed.header("retry-after"), Some("1"));
        assert_eq!(failed.header("access-control-allow-origin"), Some("*"));
        assert_eq!(failed.body["status"], 503);
        assert_eq!(failed.body["title"], "Service Unavailable");
    }
    assert_eq!(t.get("/v2/control-planes").await.status, StatusCode::OK);
}

#[tokio::test]
async fn after_commit_performs_the_create_then_fails() {
    let t = TestSandbox::start().await;
    arm(&t, json!({"method": "POST", "path_prefix": "/v2/api-products", "status": 502, "after_commit": true})).await;
    let failed = t
        .post("/v2/api-products", json!({"name": "Ambiguous"}))
        .await;
    assert_eq!(failed.status, StatusCode::BAD_GATEWAY);
    let found = t.get("/v2/api-products?filter[name]=Ambiguous").await;
    assert_eq!(
        found.body["meta"]["page"]["total"], 1,
        "the create happened"
    );
}

#[tokio::test]
async fn dropped_connection_and_delay() {
    let t = TestSandbox::start().await;
    arm(
        &t,
        json!({"path_prefix": "/v3/users/me", "drop_connection": true}),
    )
    .await;
    let dropped = t
        .http
        .get(format!("{}/v3/users/me", t.sandbox.api_url()))
        .bearer_auth(t.sandbox.token())
        .send()
        .await;
    assert!(
        dropped.is_err(),
        "the connection is closed without a response"
    );
    assert_eq!(t.get("/v3/users/me").await.status, StatusCode::OK);

    arm(
        &t,
        json!({"path_prefix": "/v3/organizations/me", "delay_ms": 300}),
    )
    .await;
    let started = Instant::now();
    let slow = t.get("/v3/organizations/me").await;
    assert_eq!(slow.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(300));

    arm(&t, json!({"status": 429, "count": 5})).await;
    let cleared = t.anonymous(Method::DELETE, "/sandbox/faults", None).await;
    assert_eq!(cleared.status, StatusCode::NO_CONTENT);
    assert_eq!(t.get("/v3/users/me").await.status, StatusCode::OK);

    let invalid = t
        .anonymous(Method::POST, "/sandbox/faults", Some(json!({"count": 1})))
        .await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn reset_restores_the_demo_seed() {
    let t = TestSandbox::start().await;
    let created = t
        .post("/v2/api-products", json!({"name": "Temporary"}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    t.proxy(Method::GET, "/flight-data/v2", &[]).await;
    let reset = t.anonymous(Method::POST, "/sandbox/reset", None).await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    let products = t.get("/v2/api-products").await;
    assert_eq!(products.body["meta"]["page"]["total"], 2);
    assert_eq!(
        t.post("/v2/api-requests", json!({})).await.body["results"],
        json!([])
    );
    // The data plane serves the fresh seed's route.
    assert_eq!(
        t.proxy(Method::GET, "/flight-data/v2", &[]).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn state_file_round_trip() {
    let dir = std::env::temp_dir().join(format!("konnect-sandbox-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let _ = std::fs::remove_file(&state);
    let config = SandboxConfig {
        state_file: Some(state.clone()),
        ..SandboxConfig::ephemeral()
    };

    let first = TestSandbox::start_with(config.clone()).await;
    assert!(state.exists(), "the seed is saved at start");
    let created = first
        .post("/v2/api-products", json!({"name": "Persisted"}))
        .await;
    let core = first.core().await;
    first
        .post(
            &format!("{core}/services"),
            json!({"name": "kept", "host": "kept.internal"}),
        )
        .await;
    first.sandbox.shutdown().await;
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers,
        [std::ffi::OsString::from("state.json")],
        "no temp file left behind"
    );

    let second = TestSandbox::start_with(config).await;
    let products = second.get("/v2/api-products").await;
    assert_eq!(
        products.body["meta"]["page"]["total"], 3,
        "seed not applied twice"
    );
    let persisted = second
        .get(&format!(
            "/v2/api-products/{}",
            created.body["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(persisted.body["name"], "Persisted");
    assert_eq!(
        second
            .get(&format!("{}/services/kept", second.core().await))
            .await
            .status,
        StatusCode::OK
    );
    second.sandbox.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn state_file_follows_changes_while_running() {
    let path =
        std::env::temp_dir().join(format!("konnect-sandbox-live-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let t = TestSandbox::start_with(SandboxConfig {
        state_file: Some(path.clone()),
        ..SandboxConfig::ephemeral()
    })
    .await;
    t.post("/v2/api-products", json!({"name": "Saved While Running"}))
        .await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let saved = std::fs::read_to_string(&path).unwrap_or_default();
        if saved.contains("Saved While Running") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the change never reached the state file"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    t.sandbox.shutdown().await;
    std::fs::remove_file(&path).unwrap();
}

#[tokio::test]
async fn unwritable_state_file_is_a_start_error() {
    let path = std::env::temp_dir()
        .join("konnect-sandbox-no-such-dir")
        .join("state.json");
    let result = Sandbox::start(SandboxConfig {
        state_file: Some(path),
        ..SandboxConfig::ephemeral()
    })
    .await;
    let error = result
        .err()
        .expect("an unwritable state file stops the start");
    assert!(
        error.to_string().contains("konnect-sandbox-no-such-dir"),
        "{error}"
    );
}

#[tokio::test]
async fn unreadable_state_file_is_a_start_error() {
    let path =
        std::env::temp_dir().join(format!("konnect-sandbox-bad-{}.json", std::process::id()));
    std::fs::write(&path, b"{not json").unwrap();
    let result = Sandbox::start(SandboxConfig {
        state_file: Some(path.clone()),
        ..SandboxConfig::ephemeral()
    })
    .await;
    let error = result.err().expect("a broken state file stops the start");
    assert!(
        error.to_string().contains("is not a sandbox state"),
        "{error}"
    );
    std::fs::remove_file(&path).unwrap();
}

#[tokio::test]
async fn busy_port_is_a_start_error() {
    let first = Sandbox::start(SandboxConfig::ephemeral()).await.unwrap();
    let api_addr = first
        .api_url()
        .trim_start_matches("http://")
        .parse()
        .unwrap();
    let second = Sandbox::start(SandboxConfig {
        api_addr,
        ..SandboxConfig::ephemeral()
    })
    .await;
    let error = second.err().expect("the API port is taken");
    assert!(
        error
            .to_string()
            .starts_with("cannot listen for the API on"),
        "{error}"
    );
    first.shutdown().await;
}

/// 10,000 extra products seed in well under two seconds and lists stay fast at that size.
#[tokio::test]
async fn large_seed_is_fast_and_lists_stay_fast() {
    let started = Instant::now();
    let t = TestSandbox::start_with(SandboxConfig {
        seed_large: 10_000,
        ..SandboxConfig::ephemeral()
    })
    .await;
    let seeded_in = started.elapsed();
    println!("seed-large 10000 started in {seeded_in:?}");
    assert!(
        seeded_in < Duration::from_secs(2),
        "seeding took {seeded_in:?}"
    );

    let started = Instant::now();
    let last_page = t
        .get("/v2/api-products?page[size]=100&page[number]=100")
        .await;
    assert_eq!(last_page.body["meta"]["page"]["total"], 10_002);
    assert_eq!(last_page.body["data"].as_array().unwrap().len(), 100);
    let core = t.core().await;
    let routes = t.get(&format!("{core}/routes?size=1000")).await;
    assert_eq!(routes.body["data"].as_array().unwrap().len(), 1000);
    let proxied = t.proxy(Method::GET, "/large/09999/x", &[]).await;
    assert_eq!(proxied.status, StatusCode::OK);
    let listed_in = started.elapsed();
    println!("two large lists and one proxied request in {listed_in:?}");
    assert!(listed_in < Duration::from_secs(2), "took {listed_in:?}");
}
