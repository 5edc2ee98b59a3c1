//! Fault tests against the sandbox's fault injection: idempotent calls succeed after retries in
//! bounded time, creates are never duplicated, and the final error says what failed and what
//! to do.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use konnect_client::{Client, ErrorKind, NewApiProduct, PageLimits, PageQuery};
use serde_json::{Value, json};
use support::native::{
    ReqwestTransport, control_plane_id, inject_fault, sandbox_client, start_sandbox,
};

/// The native transport's jitter is fixed at 0.5, so the default policy waits 187.5 ms, 375 ms
/// and 750 ms between the four attempts: 1.3125 s in all when no `Retry-After` is sent.
const BACKOFF_TOTAL: Duration = Duration::from_micros(1_312_500);
/// Scheduling and HTTP on a busy 2-core machine.
const SLACK: Duration = Duration::from_secs(2);

fn service_body(name: &str) -> Value {
    json!({"name": name, "protocol": "http", "host": "example.com", "port": 80})
}

fn core_prefix(cp: &str) -> String {
    format!("/v2/control-planes/{cp}/core-entities/")
}

async fn services_named(client: &Client<ReqwestTransport>, cp: &str, name: &str) -> usize {
    let all = client
        .services::<Value>(cp, PageLimits::new(100, 1000))
        .collect_remaining()
        .await
        .unwrap();
    all.iter().filter(|service| service["name"] == name).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_survive_503s_honouring_retry_after() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox);
    inject_fault(
        &sandbox,
        json!({"method": "GET", "path_prefix": "/v2/control-planes", "count": 2, "status": 503, "retry_after_seconds": 1}),
    )
    .await;
    let started = Instant::now();
    let page = client
        .list_control_planes(&PageQuery::first(10))
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(page.data.len(), 2);
    assert!(
        elapsed >= Duration::from_secs(2),
        "Retry-After 1 s was honoured twice: {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(2) + SLACK, "{elapsed:?}");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_survive_429s() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox);
    inject_fault(
        &sandbox,
        json!({"method": "GET", "path_prefix": "/v2/api-products", "count": 3, "status": 429, "retry_after_seconds": 1}),
    )
    .await;
    let started = Instant::now();
    let page = client
        .list_api_products(&PageQuery::first(10))
        .await
        .unwrap();
    assert_eq!(page.meta.page.total, 2);
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(3) && elapsed < Duration::from_secs(3) + SLACK,
        "{elapsed:?}"
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_survive_timeouts() {
    let sandbox = start_sandbox().await;
    let timeout = Duration::from_millis(300);
    let client = sandbox_client(&sandbox).with_timeout(timeout);
    inject_fault(&sandbox, json!({"method": "GET", "path_prefix": "/v3/organizations/me", "count": 2, "delay_ms": 2000})).await;
    let started = Instant::now();
    let organization = client.current_organization().await.unwrap();
    assert_eq!(organization.name, "Local sandbox");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= timeout * 2,
        "two attempts timed out: {elapsed:?}"
    );
    assert!(elapsed < timeout * 2 + BACKOFF_TOTAL + SLACK, "{elapsed:?}");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_survive_dropped_connections() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox);
    let cp = control_plane_id(&client, "default").await;
    inject_fault(&sandbox, json!({"method": "GET", "path_prefix": core_prefix(&cp), "count": 3, "drop_connection": true})).await;
    let started = Instant::now();
    let page = client.list_services::<Value>(&cp, 10, None).await.unwrap();
    assert_eq!(page.data.len(), 1);
    assert!(
        started.elapsed() < BACKOFF_TOTAL + SLACK,
        "{:?}",
        started.elapsed()
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn puts_and_deletes_are_retried_too() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox);
    let cp = control_plane_id(&client, "default").await;
    let created: Value = client
        .create_service(&cp, &service_body("to-edit"))
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap_or_default().to_owned();

    inject_fault(
        &sandbox,
        json!({"method": "PUT", "path_prefix": core_prefix(&cp), "count": 2, "status": 502}),
    )
    .await;
    let body = json!({"name": "to-edit", "protocol": "http", "host": "example.net", "port": 80});
    let saved: Value = client.put_service(&cp, &id, &body).await.unwrap();
    assert_eq!(saved["host"], "example.net");

    // The first DELETE is carried out but its answer is lost: the retry finds nothing and
    // that counts as deleted.
    inject_fault(
        &sandbox,
        json!({"method": "DELETE", "path_prefix": core_prefix(&cp), "count": 1, "drop_connection": true, "after_commit": true}),
    )
    .await;
    client.delete_service(&cp, &id).await.unwrap();
    assert_eq!(client.get_service::<Value>(&cp, &id).await.unwrap(), None);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_create_whose_answer_is_lost_is_not_duplicated() {
    for fault in [
        json!({"drop_connection": true}),
        json!({"status": 503}),
        json!({"status": 504, "count": 2}),
    ] {
        let sandbox = start_sandbox().await;
        let client = sandbox_client(&sandbox);
        let cp = control_plane_id(&client, "default").await;
        let mut spec = json!({"method": "POST", "path_prefix": core_prefix(&cp), "count": 1, "after_commit": true});
        if let (Some(spec), Some(extra)) = (spec.as_object_mut(), fault.as_object()) {
            spec.extend(extra.clone());
        }
        inject_fault(&sandbox, spec).await;
        let created: Value = client
            .create_service(&cp, &service_body("billing"))
            .await
            .unwrap();
        assert_eq!(created["name"], "billing", "fault {fault}");
        assert_eq!(
            services_named(&client, &cp, "billing").await,
            1,
            "fault {fault}"
        );
        sandbox.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_that_times_out_after_commit_is_found_not_repeated() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox).with_timeout(Duration::from_millis(300));
    let cp = control_plane_id(&client, "default").await;
    let service: Value = client
        .create_service(&cp, &service_body("slow"))
        .await
        .unwrap();
    let service_id = service["id"].as_str().unwrap_or_default().to_owned();
    inject_fault(
        &sandbox,
        json!({"method": "POST", "path_prefix": core_prefix(&cp), "count": 1, "delay_ms": 2000, "after_commit": true}),
    )
    .await;
    let route = json!({"name": "slow-route", "paths": ["/slow"], "service": {"id": service_id}});
    let created: Value = client.create_route(&cp, &route).await.unwrap();
    assert_eq!(created["name"], "slow-route");
    let routes = client.list_routes::<Value>(&cp, 100, None).await.unwrap();
    assert_eq!(
        routes
            .data
            .iter()
            .filter(|route| route["name"] == "slow-route")
            .count(),
        1
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn product_and_version_creates_are_not_duplicated() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox);
    inject_fault(
        &sandbox,
        json!({"method": "POST", "path_prefix": "/v2/api-products", "count": 1, "drop_connection": true, "after_commit": true}),
    )
    .await;
    let product = client
        .create_api_product(&NewApiProduct {
            name: "Ledger".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let same_name = client
        .list_api_products(&PageQuery::first(10).named("Ledger"))
        .await
        .unwrap();
    assert_eq!(same_name.data.len(), 1);

    inject_fault(
        &sandbox,
        json!({"method": "POST", "path_prefix": "/v2/api-products/", "count": 1, "status": 502, "after_commit": true}),
    )
    .await;
    let version = konnect_client::NewProductVersion {
        name: "v1".into(),
        ..Default::default()
    };
    client
        .create_product_version(&product.id, &version)
        .await
        .unwrap();
    let versions = client
        .list_product_versions(&product.id, &PageQuery::first(10))
        .await
        .unwrap();
    assert_eq!(versions.data.len(), 1);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_that_failed_before_commit_is_sent_once_more() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox);
    let cp = control_plane_id(&client, "default").await;
    inject_fault(
        &sandbox,
        json!({"method": "POST", "path_prefix": core_prefix(&cp), "count": 1, "status": 503}),
    )
    .await;
    client
        .create_service::<Value>(&cp, &service_body("second-try"))
        .await
        .unwrap();
    assert_eq!(services_named(&client, &cp, "second-try").await, 1);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_retries_run_out_the_error_names_what_failed_and_what_to_do() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox);
    inject_fault(
        &sandbox,
        json!({"method": "GET", "path_prefix": "/v2/control-planes", "count": 10, "status": 503}),
    )
    .await;
    let started = Instant::now();
    let error = client
        .list_control_planes(&PageQuery::first(10))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(error.kind(), ErrorKind::ServerError);
    assert_eq!(error.attempts(), 4);
    assert_eq!(
        error.user_message(),
        "Could not load the control planes. Konnect had a problem answering (HTTP 503) after 4 attempts. \
         Konnect says: \u{201c}Injected by the sandbox's fault controls\u{201d}. Try again in a minute."
    );
    assert!(
        elapsed >= BACKOFF_TOTAL && elapsed < BACKOFF_TOTAL + SLACK,
        "{elapsed:?}"
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_retry_after_is_reported_at_once() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox);
    inject_fault(
        &sandbox,
        json!({"method": "GET", "path_prefix": "/v3/users/me", "count": 1, "status": 429, "retry_after_seconds": 30}),
    )
    .await;
    let started = Instant::now();
    let error = client.whoami().await.unwrap_err();
    assert!(started.elapsed() < SLACK);
    assert_eq!(
        error.user_message(),
        "Could not check who the token belongs to. Konnect is limiting the request rate (HTTP 429). Wait 30 s and try again."
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persistent_timeouts_end_with_a_bounded_timeout_error() {
    let sandbox = start_sandbox().await;
    let timeout = Duration::from_millis(200);
    let client = sandbox_client(&sandbox).with_timeout(timeout);
    inject_fault(
        &sandbox,
        json!({"method": "GET", "path_prefix": "/v2/api-products", "count": 10, "delay_ms": 3000}),
    )
    .await;
    let started = Instant::now();
    let error = client
        .list_api_products(&PageQuery::first(10))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert_eq!(
        error.user_message(),
        "Could not load the services. Konnect did not answer in time after 4 attempts. Check your network connection \
         and try again."
    );
    assert!(elapsed < timeout * 4 + BACKOFF_TOTAL + SLACK, "{elapsed:?}");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_that_keeps_failing_is_sent_twice_at_most_and_says_to_check() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox);
    let cp = control_plane_id(&client, "default").await;
    inject_fault(
        &sandbox,
        json!({"method": "POST", "path_prefix": core_prefix(&cp), "count": 10, "status": 503}),
    )
    .await;
    let error = client
        .create_service::<Value>(&cp, &service_body("never"))
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 2);
    assert!(error.outcome_unknown());
    assert_eq!(
        error.user_message(),
        "Could not create the gateway service \u{201c}never\u{201d}. Konnect had a problem answering (HTTP 503) after 2 \
         attempts. Konnect says: \u{201c}Injected by the sandbox's fault controls\u{201d}. Try again in a minute. It may \
         have been created anyway: reload the list before trying again."
    );
    assert_eq!(services_named(&client, &cp, "never").await, 0);
    sandbox.shutdown().await;
}
