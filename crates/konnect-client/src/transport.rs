//! The seam between the client and the HTTP stack: the browser's `fetch` in the app, reqwest in
//! native tests, a script in unit tests.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use crate::secret::Token;

/// The HTTP methods the Konnect subset uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One request, fully built: the transport only has to put it on the wire.
///
/// The token travels separately from `headers` so that `Debug` (derived here) cannot print it;
/// transports call [`HttpRequest::header_pairs`] to get every header including `Authorization`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    /// Absolute (`https://…`) or, behind a same-origin proxy, origin-relative (`/konnect/us/…`).
    pub url: String,
    /// Headers other than `Authorization`, lower-case names.
    pub headers: Vec<(&'static str, String)>,
    pub bearer_token: Option<Token>,
    /// JSON text, when the request has a body.
    pub body: Option<String>,
    /// How long the transport waits for the whole response before giving up with
    /// [`TransportError::Timeout`].
    pub timeout: Duration,
}

impl HttpRequest {
    /// Every header to send, `authorization` included (lower-case names).
    pub fn header_pairs(&self) -> impl Iterator<Item = (&'static str, String)> + '_ {
        let authorization = self
            .bearer_token
            .as_ref()
            .map(|token| ("authorization", token.bearer_header_value()));
        self.headers.iter().cloned().chain(authorization)
    }

    /// The value of a non-secret header, looked up case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// What came back, whatever the status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    /// Response headers the client reads (at least `content-type` and `retry-after` when present).
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    /// A response with a JSON body, as tests and mocks build them.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body: body.into(),
        }
    }

    /// Adds a header (builder style).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// The value of a header, looked up case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// The request got no HTTP answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// No complete response within [`HttpRequest::timeout`].
    Timeout,
    /// The connection failed or was dropped. In a browser this also covers a cross-origin call
    /// the server did not allow (CORS): `fetch` reports both the same opaque way.
    Network { detail: String },
    /// The request was cancelled (the screen that asked went away).
    Aborted,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportError::Timeout => f.write_str("the request timed out"),
            TransportError::Network { detail } => write!(f, "network failure: {detail}"),
            TransportError::Aborted => f.write_str("the request was cancelled"),
        }
    }
}

impl std::error::Error for TransportError {}

/// An HTTP stack the client can run on.
///
/// The futures need not be `Send`: the app runs on the browser's single thread. Dropping a future
/// returned by `send` must cancel the request (the browser transport aborts the `fetch`), which is
/// how a screen that goes away cancels what it asked for.
pub trait Transport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>>;

    /// Waits between retries.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()>;

    /// A random number in `[0, 1)` used to spread retries (jitter).
    fn jitter(&self) -> f64;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_a_request_hides_the_token_but_header_pairs_carry_it() {
        let request = HttpRequest {
            method: Method::Get,
            url: "https://us.api.konghq.com/v2/control-planes".into(),
            headers: vec![("accept", "application/json".into())],
            bearer_token: Some(Token::new("kpat_topsecret")),
            body: None,
            timeout: Duration::from_secs(1),
        };
        assert!(!format!("{request:?}").contains("kpat_topsecret"));
        let pairs: Vec<_> = request.header_pairs().collect();
        assert_eq!(
            pairs,
            vec![
                ("accept", "application/json".to_owned()),
                ("authorization", "Bearer kpat_topsecret".to_owned()),
            ]
        );
    }

    #[test]
    fn response_headers_are_case_insensitive() {
        let response = HttpResponse::json(429, "{}").with_header("Retry-After", "3");
        assert_eq!(response.header("retry-after"), Some("3"));
        assert_eq!(response.header("Content-Type"), Some("application/json"));
        assert!(!response.is_success());
    }
}
