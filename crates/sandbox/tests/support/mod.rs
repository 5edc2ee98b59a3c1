//! Shared helpers for the sandbox's HTTP tests: a sandbox on ephemeral ports and a small
//! JSON client around reqwest.

#![allow(dead_code)] // each test binary uses a different subset

use konnect_sandbox::{RunningSandbox, Sandbox, SandboxConfig};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

pub struct TestSandbox {
    pub sandbox: RunningSandbox,
    pub http: reqwest::Client,
}

impl TestSandbox {
    /// Ephemeral ports, test controls on, everything else default.
    pub async fn start() -> Self {
        Self::start_with(SandboxConfig {
            test_controls: true,
            ..SandboxConfig::ephemeral()
        })
        .await
    }

    pub async fn start_with(config: SandboxConfig) -> Self {
        let sandbox = Sandbox::start(config).await.expect("sandbox starts");
        Self {
            sandbox,
            http: reqwest::Client::new(),
        }
    }

    /// An authenticated JSON call to the API (`path` starts with `/`).
    pub async fn api(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let url = format!("{}{path}", self.sandbox.api_url());
        let mut request = self
            .http
            .request(method, url)
            .bearer_auth(self.sandbox.token());
        if let Some(body) = body {
            request = request.json(&body);
        }
        reply(request.send().await.expect("API answers")).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.api(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.api(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.api(Method::PUT, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.api(Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.api(Method::DELETE, path, None).await
    }

    /// A call without a token (test controls, 401 checks).
    pub async fn anonymous(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let url = format!("{}{path}", self.sandbox.api_url());
        let mut request = self.http.request(method, url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        reply(request.send().await.expect("API answers")).await
    }

    /// A request to the data plane.
    pub async fn proxy(&self, method: Method, path: &str, headers: &[(&str, &str)]) -> Reply {
        let url = format!("{}{path}", self.sandbox.proxy_url());
        let mut request = self.http.request(method, url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        reply(request.send().await.expect("proxy answers")).await
    }

    pub async fn control_plane_id(&self, name: &str) -> String {
        let list = self
            .get(&format!("/v2/control-planes?filter[name]={name}"))
            .await;
        list.body["data"][0]["id"]
            .as_str()
            .expect("control plane exists")
            .to_owned()
    }

    /// `/v2/control-planes/{default}/core-entities`
    pub async fn core(&self) -> String {
        format!(
            "/v2/control-planes/{}/core-entities",
            self.control_plane_id("default").await
        )
    }

    pub async fn product_id(&self, name: &str) -> String {
        let list = self
            .get(&format!("/v2/api-products?filter[name]={name}"))
            .await;
        list.body["data"][0]["id"]
            .as_str()
            .expect("product exists")
            .to_owned()
    }

    /// Creates a gateway service to the echo upstream and one route to it.
    pub async fn service_with_route(&self, service: &str, route: Value) -> (String, String) {
        let core = self.core().await;
        let created = self
            .post(
                &format!("{core}/services"),
                serde_json::json!({"name": service, "url": self.sandbox.upstream_url()}),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let service_id = created.body["id"].as_str().expect("service id").to_owned();
        let route = self
            .post(&format!("{core}/services/{service_id}/routes"), route)
            .await;
        assert_eq!(route.status, StatusCode::CREATED, "{}", route.body);
        (
            service_id,
            route.body["id"].as_str().expect("route id").to_owned(),
        )
    }
}

pub async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("body arrives");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    Reply {
        status,
        headers,
        body,
    }
}
