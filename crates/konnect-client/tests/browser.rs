//! The browser transport in headless Chromium:
//! `cargo test -p konnect-client --target wasm32-unknown-unknown --test browser`
//! (the workspace's `.cargo/config.toml` makes wasm-bindgen-test-runner the runner).

#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use konnect_client::{BrowserTransport, HttpRequest, Method, Token, Transport, TransportError};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn get(url: &str) -> HttpRequest {
    HttpRequest {
        method: Method::Get,
        url: url.to_owned(),
        headers: vec![("accept", "application/json".to_owned())],
        bearer_token: Some(Token::new("kpat_browser_test")),
        body: None,
        timeout: Duration::from_secs(10),
    }
}

/// A `data:` URL answers without a server (and without CORS), so the success path, the
/// headers and the body can be checked in any browser.
#[wasm_bindgen_test]
async fn a_fetch_returns_status_headers_and_body() {
    let response = BrowserTransport
        .send(get("data:application/json,%7B%22ok%22%3Atrue%7D"))
        .await
        .unwrap_or_else(|error| panic!("fetch failed: {error}"));
    assert_eq!(response.status, 200);
    assert_eq!(response.body, r#"{"ok":true}"#);
    assert_eq!(response.header("content-type"), Some("application/json"));
}

#[wasm_bindgen_test]
async fn a_refused_connection_is_a_network_error_that_mentions_cors() {
    match BrowserTransport
        .send(get("http://127.0.0.1:9/v2/control-planes"))
        .await
    {
        Err(TransportError::Network { detail }) => {
            assert!(
                detail.contains("cross-origin request refused by CORS"),
                "{detail}"
            );
        }
        other => panic!("expected a network error, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn sleep_waits_and_jitter_is_a_fraction() {
    let started = js_sys::Date::now();
    BrowserTransport.sleep(Duration::from_millis(50)).await;
    assert!(js_sys::Date::now() - started >= 45.0);
    let jitter = BrowserTransport.jitter();
    assert!((0.0..1.0).contains(&jitter), "{jitter}");
}
