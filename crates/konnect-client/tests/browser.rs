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

/// The sandbox to call from the browser, fixed at compile time:
/// `KONNECT_SANDBOX_URL=http://127.0.0.1:8070 cargo test … --test browser` with a sandbox
/// running with `--test-controls`. Without it these tests say so and pass.
const SANDBOX_URL: Option<&str> = option_env!("KONNECT_SANDBOX_URL");
const SANDBOX_TOKEN: &str = match option_env!("KONNECT_SANDBOX_TOKEN") {
    Some(token) => token,
    None => "spat_LocalSandboxToken0000000000000000000000",
};

fn sandbox_url(test: &str) -> Option<&'static str> {
    if SANDBOX_URL.is_none() {
        web_sys_console_log(&format!(
            "{test}: skipped, KONNECT_SANDBOX_URL was not set at build time"
        ));
    }
    SANDBOX_URL
}

fn web_sys_console_log(message: &str) {
    wasm_bindgen_test::console_log!("{message}");
}

#[wasm_bindgen_test]
async fn the_client_connects_to_the_sandbox_across_origins() {
    let Some(url) = sandbox_url("the_client_connects_to_the_sandbox_across_origins") else {
        return;
    };
    let client = konnect_client::Client::new(
        BrowserTransport,
        konnect_client::ApiBase::single(url),
        Token::new(SANDBOX_TOKEN),
    );
    let whoami = client
        .whoami()
        .await
        .unwrap_or_else(|error| panic!("{}", error.user_message()));
    assert_eq!(whoami.organization.name, "Local sandbox");
}

#[wasm_bindgen_test]
async fn a_slow_answer_is_aborted_as_a_timeout() {
    let Some(url) = sandbox_url("a_slow_answer_is_aborted_as_a_timeout") else {
        return;
    };
    let fault = HttpRequest {
        method: Method::Post,
        url: format!("{url}/sandbox/faults"),
        headers: vec![("content-type", "application/json".to_owned())],
        bearer_token: None,
        body: Some(
            r#"{"method":"GET","path_prefix":"/v3/users/me","count":1,"delay_ms":3000}"#.to_owned(),
        ),
        timeout: Duration::from_secs(5),
    };
    let armed = BrowserTransport
        .send(fault)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(armed.status, 201, "{}", armed.body);

    let mut slow = get(&format!("{url}/v3/users/me"));
    slow.bearer_token = Some(Token::new(SANDBOX_TOKEN));
    slow.timeout = Duration::from_millis(300);
    let started = js_sys::Date::now();
    let outcome = BrowserTransport.send(slow).await;
    let elapsed = js_sys::Date::now() - started;
    assert_eq!(outcome, Err(TransportError::Timeout));
    assert!(
        elapsed < 2500.0,
        "the fetch was aborted at the timeout, not when the server answered: {elapsed} ms"
    );
}
