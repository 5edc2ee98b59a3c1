//! Sending a Verify request from the browser: `fetch` in `cors` mode without credentials, an
//! `AbortController` for the timeout (and for a panel that goes away mid-request), and a
//! `no-cors` probe that tells "nothing answered" from "an answer the page may not read".

use super::outcome::Failure;
use domain::short_sort;
use gloo_net::http::{Headers, Method, RequestBuilder};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use web_sys::{AbortController, RequestCredentials, RequestMode};

/// How long Send waits for the proxy; Kong answers 504 by itself long before for a slow upstream
/// only when the service's read timeout is shorter, so this is generous but bounded.
pub const SEND_TIMEOUT_MS: u32 = 15_000;
/// The probe only has to learn whether anything listens.
const PROBE_TIMEOUT_MS: u32 = 3_000;

/// What Send sends. `Host` is never among the headers: browsers refuse to set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
}

/// A readable answer. Only the headers CORS lets the page read are present (the safelisted ones
/// and those the proxy lists in `Access-Control-Expose-Headers`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyResponse {
    pub status: u16,
    pub status_text: String,
    pub elapsed_ms: u32,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// Aborts the fetch when dropped: a no-op once it finished, a cancellation when the panel that
/// asked is gone.
struct AbortOnDrop(AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// An abort controller that fires after `timeout_ms`, and whether it did.
fn abort_after(timeout_ms: u32) -> Result<(AbortOnDrop, Rc<Cell<bool>>), Failure> {
    let controller = AbortController::new().map_err(|_| Failure::NotSendable {
        reason: "this browser has no AbortController.".to_owned(),
    })?;
    let timed_out = Rc::new(Cell::new(false));
    let (flag, timer_controller) = (Rc::clone(&timed_out), controller.clone());
    // If the timer cannot be set the request simply has no timeout of ours; the browser's own
    // network timeout still ends it.
    let _ = leptos::prelude::set_timeout_with_handle(
        move || {
            flag.set(true);
            timer_controller.abort();
        },
        Duration::from_millis(u64::from(timeout_ms)),
    );
    Ok((AbortOnDrop(controller), timed_out))
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn not_sendable(error: impl std::fmt::Display) -> Failure {
    Failure::NotSendable {
        reason: error.to_string(),
    }
}

/// Sends `request`; a failure says what the browser let us know about why.
pub async fn send(request: &ProxyRequest) -> Result<ProxyResponse, Failure> {
    let method = Method::from_bytes(request.method.as_bytes()).map_err(not_sendable)?;
    // `web_sys::Headers::set` reports a bad name or value as an error; gloo-net's helper would
    // throw instead.
    let headers = web_sys::Headers::new().map_err(|_| not_sendable("Headers is unavailable."))?;
    for (name, value) in &request.headers {
        headers
            .set(name, value)
            .map_err(|_| not_sendable(format!("the header {name}: {value} is not valid.")))?;
    }
    let (guard, timed_out) = abort_after(SEND_TIMEOUT_MS)?;
    let signal = guard.0.signal();
    let prepared = RequestBuilder::new(&request.url)
        .method(method)
        .mode(RequestMode::Cors)
        .credentials(RequestCredentials::Omit)
        .headers(Headers::from_raw(headers))
        .abort_signal(Some(&signal))
        .build()
        .map_err(not_sendable)?;

    let started = now_ms();
    let failure = |_: gloo_net::Error| {
        if timed_out.get() {
            Failure::Timeout {
                after_ms: SEND_TIMEOUT_MS,
            }
        } else {
            Failure::NoAnswer {
                proxy_reachable: None,
            }
        }
    };
    let response = prepared.send().await.map_err(failure)?;
    let elapsed_ms = (now_ms() - started).max(0.0) as u32;
    let mut headers: Vec<(String, String)> = response.headers().entries().collect();
    short_sort::sort(&mut headers);
    // The whole body is read (bounded by the timeout) and only its start is shown.
    let body = response.text().await.map_err(failure)?;
    drop(guard);
    Ok(ProxyResponse {
        status: response.status(),
        status_text: response.status_text(),
        elapsed_ms,
        headers,
        body,
    })
}

/// Whether anything answers at `url`, asked in `no-cors` mode: the answer is opaque (unreadable)
/// but its arrival alone proves that the server is there. `HEAD` keeps it light; it is a real
/// request, so the proxy may record it (as a 404 when no route matches the address).
pub async fn probe(url: &str) -> Option<bool> {
    let (guard, _) = abort_after(PROBE_TIMEOUT_MS).ok()?;
    let signal = guard.0.signal();
    let prepared = RequestBuilder::new(url)
        .method(Method::HEAD)
        .mode(RequestMode::NoCors)
        .credentials(RequestCredentials::Omit)
        .abort_signal(Some(&signal))
        .build()
        .ok()?;
    Some(prepared.send().await.is_ok())
}
