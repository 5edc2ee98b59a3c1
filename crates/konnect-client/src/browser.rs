//! The app's transport: the browser's `fetch` through gloo-net, one `AbortController` per
//! request so that dropping the future (the screen went away) or the timeout aborts it.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use gloo_timers::callback::Timeout;
use web_sys::AbortController;

use crate::transport::{HttpRequest, HttpResponse, Method, Transport, TransportError};

/// `fetch` in the browser. Stateless, so cloning is free.
#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserTransport;

/// Aborts the request when dropped: on completion this is a no-op, when the caller drops the
/// future mid-flight it cancels the `fetch`.
struct AbortOnDrop(AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn fetch_method(method: Method) -> FetchMethod {
    match method {
        Method::Get => FetchMethod::GET,
        Method::Post => FetchMethod::POST,
        Method::Put => FetchMethod::PUT,
        Method::Patch => FetchMethod::PATCH,
        Method::Delete => FetchMethod::DELETE,
    }
}

/// The longest setTimeout delay browsers accept (about 24.8 days) is far above any timeout the
/// client uses; clamp rather than overflow.
fn timeout_millis(timeout: Duration) -> u32 {
    u32::try_from(timeout.as_millis())
        .unwrap_or(u32::MAX)
        .min(i32::MAX as u32)
}

fn network_error(detail: String) -> TransportError {
    TransportError::Network { detail }
}

impl Transport for BrowserTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let controller = AbortController::new()
            .map_err(|_| network_error("AbortController is unavailable".into()))?;
        let signal = controller.signal();
        let guard = AbortOnDrop(controller);

        let timed_out = Rc::new(Cell::new(false));
        let _timer = {
            let timed_out = Rc::clone(&timed_out);
            let controller = guard.0.clone();
            Timeout::new(timeout_millis(request.timeout), move || {
                timed_out.set(true);
                controller.abort();
            })
        };

        let mut builder = RequestBuilder::new(&request.url)
            .method(fetch_method(request.method))
            .abort_signal(Some(&signal));
        for (name, value) in request.header_pairs() {
            builder = builder.header(name, &value);
        }
        let prepared = match &request.body {
            Some(body) => builder.body(body.as_str()),
            None => builder.build(),
        }
        .map_err(|error| network_error(error.to_string()))?;

        let failure = |error: gloo_net::Error| {
            if timed_out.get() {
                TransportError::Timeout
            } else if matches!(&error, gloo_net::Error::JsError(js) if js.name == "AbortError") {
                TransportError::Aborted
            } else {
                // fetch rejects with the same opaque TypeError for "offline", "connection
                // refused" and "blocked by CORS"; the page cannot tell them apart.
                network_error(format!(
                    "{error} (offline, server unreachable, or cross-origin request refused by CORS)"
                ))
            }
        };
        let response = prepared.send().await.map_err(failure)?;
        let body = response.text().await.map_err(failure)?;
        drop(guard);
        Ok(HttpResponse {
            status: response.status(),
            headers: response.headers().entries().collect(),
            body,
        })
    }

    async fn sleep(&self, duration: Duration) {
        gloo_timers::future::sleep(duration).await;
    }

    fn jitter(&self) -> f64 {
        js_sys::Math::random()
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// A dropped `send` future drops its guard: the fetch's signal must then be aborted.
    #[wasm_bindgen_test]
    fn dropping_the_guard_aborts_the_signal() {
        let controller = AbortController::new().unwrap_or_else(|_| panic!("no AbortController"));
        let signal = controller.signal();
        assert!(!signal.aborted());
        drop(AbortOnDrop(controller));
        assert!(signal.aborted());
    }

    #[wasm_bindgen_test]
    fn timeouts_beyond_what_set_timeout_accepts_are_clamped() {
        assert_eq!(timeout_millis(Duration::from_millis(1500)), 1500);
        assert_eq!(
            timeout_millis(Duration::from_secs(u64::MAX)),
            i32::MAX as u32
        );
    }
}
