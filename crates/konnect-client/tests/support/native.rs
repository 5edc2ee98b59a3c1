//! A native transport on reqwest + tokio, and a sandbox per test, for the tests over real HTTP.

use std::time::Duration;

use konnect_client::{
    ApiBase, Client, HttpRequest, HttpResponse, Token, Transport, TransportError,
};
use konnect_sandbox::{RunningSandbox, Sandbox, SandboxConfig};
use serde_json::Value;

/// The transport the client would use if it ran natively.
#[derive(Clone, Debug, Default)]
pub struct ReqwestTransport {
    http: reqwest::Client,
}

impl Transport for ReqwestTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let method = match reqwest::Method::from_bytes(request.method.as_str().as_bytes()) {
            Ok(method) => method,
            Err(error) => {
                return Err(TransportError::Network {
                    detail: error.to_string(),
                });
            }
        };
        let mut builder = self
            .http
            .request(method, &request.url)
            .timeout(request.timeout);
        for (name, value) in request.header_pairs() {
            builder = builder.header(name, value);
        }
        if let Some(body) = request.body {
            builder = builder.body(body);
        }
        let response = builder.send().await.map_err(transport_error)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect();
        let body = response.text().await.map_err(transport_error)?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }

    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }

    /// Fixed, so that timings in the fault tests are reproducible.
    fn jitter(&self) -> f64 {
        0.5
    }
}

fn transport_error(error: reqwest::Error) -> TransportError {
    if error.is_timeout() {
        TransportError::Timeout
    } else {
        TransportError::Network {
            detail: error.to_string(),
        }
    }
}

/// A fresh sandbox on ephemeral ports with the test controls on.
pub async fn start_sandbox() -> RunningSandbox {
    let config = SandboxConfig {
        test_controls: true,
        ..SandboxConfig::ephemeral()
    };
    match Sandbox::start(config).await {
        Ok(sandbox) => sandbox,
        Err(error) => panic!("sandbox did not start: {error}"),
    }
}

pub fn sandbox_client(sandbox: &RunningSandbox) -> Client<ReqwestTransport> {
    Client::new(
        ReqwestTransport::default(),
        ApiBase::single(&sandbox.api_url()),
        Token::new(sandbox.token()),
    )
}

/// Arms a fault through `POST /sandbox/faults`.
pub async fn inject_fault(sandbox: &RunningSandbox, fault: Value) {
    let url = format!("{}/sandbox/faults", sandbox.api_url());
    let response = reqwest::Client::new().post(url).json(&fault).send().await;
    match response {
        Ok(response) if response.status().is_success() => {}
        Ok(response) => panic!("fault {fault} refused: HTTP {}", response.status()),
        Err(error) => panic!("fault {fault} not armed: {error}"),
    }
}

/// The id of a control plane of the demo data, by name.
pub async fn control_plane_id(client: &Client<ReqwestTransport>, name: &str) -> String {
    let query = konnect_client::PageQuery::first(10).named(name);
    let page = client.list_control_planes(&query).await;
    match page.map(|page| page.data.into_iter().find(|cp| cp.name == name)) {
        Ok(Some(control_plane)) => control_plane.id,
        other => panic!("control plane {name} missing: {other:?}"),
    }
}
