//! Retries and safe creates, with the scripted transport: sleeps are recorded, never waited.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use konnect_client::{ErrorKind, HttpResponse, Method, PageQuery, RetryPolicy, TransportError};
use serde_json::{Value, json};
use support::{mock_client, run};

const CP: &str = "e4d9ebb1-26b4-426a-b00e-cb67044f3baf";
const PAGE: &str = r#"{"data":[],"meta":{"page":{"number":1,"size":10,"total":0}}}"#;
const SERVICE: &str = r#"{"id":"s1","name":"flights","host":"example.com"}"#;

fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

fn methods(transport: &konnect_client::mock::MockTransport) -> Vec<Method> {
    transport
        .requests()
        .iter()
        .map(|request| request.method)
        .collect()
}

fn too_many(retry_after: &str) -> Result<HttpResponse, TransportError> {
    Ok(HttpResponse::json(
        429,
        r#"{"status":429,"title":"Too Many Requests","instance":"i","detail":"slow down"}"#,
    )
    .with_header("Retry-After", retry_after))
}

fn service_body() -> Value {
    json!({"name": "flights", "protocol": "http", "host": "example.com", "port": 80, "enabled": true})
}

#[test]
fn idempotent_get_is_retried_on_503_with_exponential_backoff() {
    let (transport, client) = mock_client();
    transport
        .reply_json(503, "{}")
        .reply_json(503, "{}")
        .reply_json(200, PAGE);
    run(client.list_control_planes(&PageQuery::first(10))).unwrap();
    assert_eq!(methods(&transport), vec![Method::Get; 3]);
    assert_eq!(
        transport.sleeps(),
        vec![ms(125), ms(250)],
        "jitter 0 gives half of 250 ms, then of 500 ms"
    );
}

#[test]
fn jitter_spreads_the_waits() {
    let (transport, client) = mock_client();
    transport.set_jitter(0.5);
    transport
        .reply_json(502, "{}")
        .reply_json(504, "{}")
        .reply_json(200, PAGE);
    run(client.list_control_planes(&PageQuery::first(10))).unwrap();
    assert_eq!(
        transport.sleeps(),
        vec![ms(187) + Duration::from_micros(500), ms(375)]
    );
}

#[test]
fn network_failures_and_timeouts_are_retried_on_reads() {
    let (transport, client) = mock_client();
    transport
        .fail(TransportError::Network {
            detail: "reset".into(),
        })
        .fail(TransportError::Timeout)
        .reply_json(200, PAGE);
    run(client.list_api_products(&PageQuery::first(10))).unwrap();
    assert_eq!(transport.requests().len(), 3);
}

#[test]
fn retry_after_is_honoured() {
    let (transport, client) = mock_client();
    transport.reply(too_many("2")).reply_json(200, PAGE);
    run(client.list_control_planes(&PageQuery::first(10))).unwrap();
    assert_eq!(transport.sleeps(), vec![Duration::from_secs(2)]);
}

#[test]
fn a_retry_after_beyond_the_cap_ends_the_retries_and_says_how_long_to_wait() {
    let (transport, client) = mock_client();
    transport.reply(too_many("60"));
    let error = run(client.list_control_planes(&PageQuery::first(10))).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::RateLimited);
    assert_eq!(error.attempts(), 1);
    assert!(transport.sleeps().is_empty());
    assert!(error.user_message().ends_with("Wait 60 s and try again."));
}

#[test]
fn total_waiting_is_bounded() {
    let (transport, client) = mock_client();
    transport
        .reply(too_many("5"))
        .reply(too_many("5"))
        .reply(too_many("5"));
    let error = run(client.list_control_planes(&PageQuery::first(10))).unwrap_err();
    assert_eq!(
        transport.sleeps(),
        vec![Duration::from_secs(5)],
        "a second 5 s wait would pass the 8 s budget"
    );
    assert_eq!(error.attempts(), 2);
    assert_eq!(transport.unused_replies(), 1);
}

#[test]
fn attempts_are_bounded_and_the_final_error_says_so() {
    let (transport, client) = mock_client();
    for _ in 0..5 {
        transport.reply_json(
            503,
            r#"{"status":503,"title":"Service Unavailable","instance":"i","detail":"maintenance"}"#,
        );
    }
    let error = run(client.get_control_plane(CP)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ServerError);
    assert_eq!(error.attempts(), 4);
    assert_eq!(transport.requests().len(), 4);
    assert_eq!(transport.sleeps(), vec![ms(125), ms(250), ms(500)]);
    assert_eq!(
        error.user_message(),
        format!(
            "Could not load control plane {CP}. Konnect had a problem answering (HTTP 503) after 4 attempts. \
             Konnect says: \u{201c}maintenance\u{201d}. Try again in a minute."
        )
    );
}

#[test]
fn a_500_is_not_retried() {
    let (transport, client) = mock_client();
    transport.reply_json(500, "{}");
    let error = run(client.get_control_plane(CP)).unwrap_err();
    assert_eq!(error.attempts(), 1);
    assert!(transport.sleeps().is_empty());
}

#[test]
fn patch_is_retried_after_429_only() {
    let (transport, client) = mock_client();
    transport.reply_json(503, "{}");
    let error = run(client.set_version_gateway_service("p", "v", None)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ServerError);
    assert_eq!(transport.requests().len(), 1);

    let (transport, client) = mock_client();
    transport
        .reply(too_many("1"))
        .reply_json(200, r#"{"id":"v","name":"v1","gateway_service":null}"#);
    run(client.set_version_gateway_service("p", "v", None)).unwrap();
    assert_eq!(methods(&transport), vec![Method::Patch, Method::Patch]);
}

#[test]
fn the_read_only_post_for_request_records_is_retried_like_a_get() {
    let (transport, client) = mock_client();
    transport.reply_json(503, "{}").reply_json(
        200,
        r#"{"results":[],"meta":{"query_id":"q","size":0,"offset":0}}"#,
    );
    run(client.query_api_requests(&Default::default())).unwrap();
    assert_eq!(methods(&transport), vec![Method::Post, Method::Post]);
}

#[test]
fn a_delete_whose_answer_was_lost_counts_as_done_when_the_retry_finds_nothing() {
    let (transport, client) = mock_client();
    transport
        .reply_json(504, "{}")
        .reply_json(404, r#"{"message":"Not found"}"#);
    run(client.delete_api_product("p")).unwrap();
    assert_eq!(methods(&transport), vec![Method::Delete, Method::Delete]);

    let (transport, client) = mock_client();
    transport.reply_json(
        404,
        r#"{"status":404,"title":"Not Found","instance":"i","detail":"Not Found"}"#,
    );
    let error = run(client.delete_api_product("p")).unwrap_err();
    assert!(error.is_not_found(), "a first-attempt 404 is reported");
}

#[test]
fn create_after_an_ambiguous_failure_returns_what_the_lookup_finds() {
    let (transport, client) = mock_client();
    transport.reply_json(503, "{}").reply_json(200, SERVICE);
    let created = run(client.create_service(CP, &service_body())).unwrap();
    assert_eq!(created["id"], "s1");
    let requests = transport.requests();
    assert_eq!(methods(&transport), vec![Method::Post, Method::Get]);
    assert_eq!(
        requests[1].url,
        format!("https://us.api.konghq.com/v2/control-planes/{CP}/core-entities/services/flights")
    );
}

#[test]
fn create_is_sent_once_more_when_the_lookup_finds_nothing() {
    let (transport, client) = mock_client();
    transport
        .fail(TransportError::Timeout)
        .reply_json(404, r#"{"message":"Not found"}"#)
        .reply_json(201, SERVICE);
    let created = run(client.create_service(CP, &service_body())).unwrap();
    assert_eq!(created["name"], "flights");
    assert_eq!(
        methods(&transport),
        vec![Method::Post, Method::Get, Method::Post]
    );
}

#[test]
fn a_create_refused_with_429_is_retried_without_a_lookup() {
    let (transport, client) = mock_client();
    transport.reply(too_many("1")).reply_json(201, SERVICE);
    run(client.create_service(CP, &service_body())).unwrap();
    assert_eq!(methods(&transport), vec![Method::Post, Method::Post]);
    assert_eq!(transport.sleeps(), vec![Duration::from_secs(1)]);
}

#[test]
fn a_create_that_stays_ambiguous_is_reported_as_possibly_done() {
    let (transport, client) = mock_client();
    transport
        .fail(TransportError::Network {
            detail: "connection reset".into(),
        })
        .reply_json(404, r#"{"message":"Not found"}"#)
        .fail(TransportError::Network {
            detail: "connection reset".into(),
        })
        .reply_json(404, r#"{"message":"Not found"}"#);
    let error = run(client.create_service(CP, &service_body())).unwrap_err();
    assert_eq!(
        methods(&transport),
        vec![Method::Post, Method::Get, Method::Post, Method::Get]
    );
    assert!(error.outcome_unknown());
    assert_eq!(error.attempts(), 2);
    assert_eq!(
        error.user_message(),
        "Could not create the gateway service \u{201c}flights\u{201d}. Konnect could not be reached after 2 attempts. \
         Check your network connection. If the app calls Konnect directly from the browser, Konnect may refuse the \
         cross-origin request (CORS): use a same-origin proxy prefix in the connection settings. It may have been \
         created anyway: reload the list before trying again."
    );
}

#[test]
fn a_conflict_on_the_second_create_means_the_first_one_landed() {
    let (transport, client) = mock_client();
    transport
        .reply_json(502, "")
        .reply_json(404, r#"{"message":"Not found"}"#)
        .reply_json(409, r#"{"code":3,"message":"data constraint error","details":[{"type":"ERROR_TYPE_FIELD","field":"name","messages":["name (type: unique) constraint failed"]}]}"#)
        .reply_json(200, SERVICE);
    let created = run(client.create_service(CP, &service_body())).unwrap();
    assert_eq!(created["id"], "s1");
    assert_eq!(
        methods(&transport),
        vec![Method::Post, Method::Get, Method::Post, Method::Get]
    );
}

#[test]
fn a_nameless_create_is_never_repeated() {
    let (transport, client) = mock_client();
    transport.reply_json(503, "{}");
    let error = run(client.create_route(CP, &json!({"paths": ["/x"]}))).unwrap_err();
    assert_eq!(transport.requests().len(), 1);
    assert!(error.outcome_unknown());
    assert!(
        error
            .user_message()
            .starts_with("Could not create the route. Konnect had a problem answering (HTTP 503).")
    );
}

#[test]
fn a_create_refused_for_its_values_is_not_looked_up() {
    let (transport, client) = mock_client();
    transport.reply_json(
        400,
        r#"{"code":3,"message":"validation error","details":[]}"#,
    );
    let error = run(client.create_service(CP, &service_body())).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert_eq!(transport.requests().len(), 1);
    assert!(!error.outcome_unknown());
}

#[test]
fn product_creates_look_up_by_exact_name_filter() {
    let (transport, client) = mock_client();
    transport.fail(TransportError::Timeout).reply_json(
        200,
        r#"{"data":[{"id":"p9","name":"Flight Data","portal_ids":[],"version_count":0,"labels":{}}],"meta":{"page":{"number":1,"size":10,"total":1}}}"#,
    );
    let product = run(client.create_api_product(&konnect_client::NewApiProduct {
        name: "Flight Data".into(),
        ..Default::default()
    }))
    .unwrap();
    assert_eq!(product.id, "p9");
    let requests = transport.requests();
    assert_eq!(
        requests[1].url,
        "https://us.api.konghq.com/v2/api-products?page%5Bsize%5D=10&page%5Bnumber%5D=1&filter%5Bname%5D=Flight%20Data"
    );
}

#[test]
fn the_lookup_itself_is_retried_like_any_read() {
    let (transport, client) = mock_client();
    transport
        .reply_json(503, "{}")
        .reply_json(503, "{}")
        .reply_json(200, SERVICE);
    run(client.create_service(CP, &service_body())).unwrap();
    assert_eq!(
        methods(&transport),
        vec![Method::Post, Method::Get, Method::Get]
    );
    assert_eq!(transport.sleeps(), vec![ms(125)]);
}

#[test]
fn no_retries_policy_sends_once() {
    let (transport, client) = mock_client();
    let client = client.with_retry_policy(RetryPolicy::no_retries());
    transport.reply_json(503, "{}").reply_json(200, PAGE);
    assert!(run(client.list_control_planes(&PageQuery::first(1))).is_err());
    assert_eq!(transport.requests().len(), 1);
}
