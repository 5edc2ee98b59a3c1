//! Helpers shared by the mock-transport tests.

#![allow(dead_code)] // each test file uses a different subset

use std::path::PathBuf;

use konnect_client::mock::MockTransport;
use konnect_client::{ApiBase, Client, HttpResponse, Region, RetryPolicy, Token};

pub const TOKEN: &str = "kpat_test_0123456789";

/// A client on the US region whose transport answers from a script.
pub fn mock_client() -> (MockTransport, Client<MockTransport>) {
    let transport = MockTransport::new();
    let client = Client::new(
        transport.clone(),
        ApiBase::konnect(Region::Us),
        Token::new(TOKEN),
    );
    (transport, client)
}

/// Same, with retries off, for tests about one answer.
pub fn mock_client_without_retries() -> (MockTransport, Client<MockTransport>) {
    let (transport, client) = mock_client();
    (
        transport,
        client.with_retry_policy(RetryPolicy::no_retries()),
    )
}

pub fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => panic!("fixture {} unreadable: {error}", path.display()),
    }
}

/// A recorded error body served with the content type Konnect uses for it.
pub fn recorded(status: u16, name: &str) -> HttpResponse {
    let content_type = if name.starts_with("problem-") {
        "application/problem+json"
    } else if name.ends_with(".html") {
        "text/html"
    } else {
        "application/json"
    };
    HttpResponse {
        status,
        headers: vec![("content-type".to_owned(), content_type.to_owned())],
        body: fixture(name),
    }
}

/// Runs a future to completion on a single-threaded runtime (the client's futures are not
/// `Send`, as in the browser).
pub fn run<F: std::future::Future>(future: F) -> F::Output {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    match runtime {
        Ok(runtime) => runtime.block_on(future),
        Err(error) => panic!("no tokio runtime: {error}"),
    }
}

pub mod native;
pub mod openapi;
