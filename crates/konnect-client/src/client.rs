//! The client core: builds requests, runs them with retries, decodes answers, and makes creates
//! safe to repeat.

use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, ErrorKind, parse_retry_after};
use crate::retry::RetryPolicy;
use crate::secret::Token;
use crate::settings::ApiBase;
use crate::transport::{HttpRequest, HttpResponse, Method, Transport, TransportError};

/// How long one attempt may take before it counts as a timeout, unless changed with
/// [`Client::with_timeout`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// The one Konnect client. Cheap to clone when the transport is (the browser transport is a
/// unit struct), so a pager or a spawned task can own a copy.
#[derive(Clone, Debug)]
pub struct Client<T> {
    transport: T,
    base: ApiBase,
    token: Token,
    timeout: Duration,
    retry: RetryPolicy,
}

/// Which of the two base URLs a path hangs off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Host {
    Regional,
    Global,
}

/// When a failed attempt may be sent again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Retry {
    /// The request can be repeated without changing the outcome (GET, PUT, DELETE, and reads
    /// that use POST such as `/v2/api-requests`): retried on 429, 502, 503, 504, timeouts and
    /// network failures.
    Idempotent,
    /// Repeating could do the work twice (POST creates, PATCH): retried only on 429, where the
    /// server did nothing. Other transient failures are reported as ambiguous.
    OnlyIfRejected,
}

/// One request to make, before the client adds base URL, headers, token and timeout.
#[derive(Clone, Debug)]
pub(crate) struct Call {
    pub method: Method,
    pub host: Host,
    /// Path (segments already encoded) plus query string: `/v2/api-products?page%5Bsize%5D=10`.
    pub path_and_query: String,
    pub body: Option<String>,
    pub retry: Retry,
    /// For the error message: "Could not {action}".
    pub action: String,
}

impl Call {
    pub fn get(host: Host, path_and_query: String, action: String) -> Self {
        Self {
            method: Method::Get,
            host,
            path_and_query,
            body: None,
            retry: Retry::Idempotent,
            action,
        }
    }

    pub fn get_regional(path_and_query: String, action: String) -> Self {
        Self::get(Host::Regional, path_and_query, action)
    }

    pub fn delete(path_and_query: String, action: String) -> Self {
        Self {
            method: Method::Delete,
            ..Self::get(Host::Regional, path_and_query, action)
        }
    }

    /// A request with a JSON body; `retry` says whether repeating it is safe.
    pub fn with_body<B: Serialize + ?Sized>(
        method: Method,
        path_and_query: String,
        body: &B,
        retry: Retry,
        action: String,
    ) -> Result<Self, ApiError> {
        let body = serde_json::to_string(body)
            .map_err(|error| ApiError::request_not_sent(action.clone(), error.to_string()))?;
        Ok(Self {
            method,
            host: Host::Regional,
            path_and_query,
            body: Some(body),
            retry,
            action,
        })
    }
}

/// A call that ended without success, and whether its effect on the server is unknown.
#[derive(Debug)]
pub(crate) struct Failure {
    pub error: ApiError,
    /// A non-idempotent request failed in a way that may have happened after the server acted
    /// (timeout, dropped connection, 502/503/504).
    pub ambiguous: bool,
}

/// How an attempt's outcome bears on retrying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AttemptClass {
    Success,
    /// 429: refused before doing anything; safe to repeat whatever the method.
    Rejected,
    /// 502, 503, 504, timeout, network failure: may or may not have been processed.
    Transient,
    /// Anything else: repeating would give the same answer (or the caller cancelled).
    Final,
}

fn classify(outcome: &Result<HttpResponse, TransportError>) -> AttemptClass {
    match outcome {
        Ok(response) if response.is_success() => AttemptClass::Success,
        Ok(response) => match response.status {
            429 => AttemptClass::Rejected,
            502..=504 => AttemptClass::Transient,
            _ => AttemptClass::Final,
        },
        Err(TransportError::Timeout | TransportError::Network { .. }) => AttemptClass::Transient,
        Err(TransportError::Aborted) => AttemptClass::Final,
    }
}

impl<T: Transport> Client<T> {
    pub fn new(transport: T, base: ApiBase, token: Token) -> Self {
        Self {
            transport,
            base,
            token,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
        }
    }

    /// Sets how long one attempt may take.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn base(&self) -> &ApiBase {
        &self.base
    }

    pub fn transport(&self) -> &T {
        &self.transport
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    pub(crate) fn http_request(&self, call: &Call) -> HttpRequest {
        let base = match call.host {
            Host::Regional => &self.base.regional,
            Host::Global => &self.base.global,
        };
        let mut headers = vec![("accept", "application/json".to_owned())];
        if call.body.is_some() {
            headers.push(("content-type", "application/json".to_owned()));
        }
        HttpRequest {
            method: call.method,
            url: format!("{base}{}", call.path_and_query),
            headers,
            bearer_token: Some(self.token.clone()),
            body: call.body.clone(),
            timeout: self.timeout,
        }
    }

    /// Sends `call`, retrying within the policy's bounds, until a success or a final failure.
    pub(crate) async fn send(&self, call: &Call) -> Result<HttpResponse, Failure> {
        let mut attempts = 0;
        let mut waited = Duration::ZERO;
        let mut previous_attempt_ambiguous = false;
        loop {
            attempts += 1;
            let outcome = self.transport.send(self.http_request(call)).await;
            let class = classify(&outcome);
            let outcome = match outcome {
                Ok(response) if class == AttemptClass::Success => return Ok(response),
                // The earlier DELETE went through before its answer was lost.
                Ok(response)
                    if previous_attempt_ambiguous && is_gone_after_delete(call, &response) =>
                {
                    return Ok(response);
                }
                other => other,
            };
            let may_retry = match class {
                AttemptClass::Rejected => true,
                AttemptClass::Transient => call.retry == Retry::Idempotent,
                AttemptClass::Success | AttemptClass::Final => false,
            };
            if may_retry {
                let retry_after = retry_after_of(&outcome);
                if let Some(wait) =
                    self.retry
                        .next_wait(attempts, waited, retry_after, self.transport.jitter())
                {
                    self.transport.sleep(wait).await;
                    waited += wait;
                    previous_attempt_ambiguous = class == AttemptClass::Transient;
                    continue;
                }
            }
            let error = match &outcome {
                Ok(response) => ApiError::from_response(call.action.clone(), response),
                Err(error) => ApiError::from_transport(call.action.clone(), error),
            };
            return Err(Failure {
                error: error.with_attempts(attempts),
                ambiguous: class == AttemptClass::Transient && call.retry != Retry::Idempotent,
            });
        }
    }

    /// Sends `call` and decodes the JSON answer.
    pub(crate) async fn fetch_json<R: DeserializeOwned>(&self, call: &Call) -> Result<R, ApiError> {
        let response = self.send(call).await.map_err(|failure| failure.error)?;
        decode(&call.action, &response)
    }

    /// Like [`Client::fetch_json`], but a 404 is `Ok(None)`.
    pub(crate) async fn fetch_optional_json<R: DeserializeOwned>(
        &self,
        call: &Call,
    ) -> Result<Option<R>, ApiError> {
        match self.send(call).await {
            Ok(response) => decode(&call.action, &response).map(Some),
            Err(failure) if failure.error.kind() == ErrorKind::NotFound => Ok(None),
            Err(failure) => Err(failure.error),
        }
    }

    /// Sends `call` and ignores the body of the success answer (204 on deletes).
    pub(crate) async fn fetch_nothing(&self, call: &Call) -> Result<(), ApiError> {
        self.send(call)
            .await
            .map(drop)
            .map_err(|failure| failure.error)
    }

    /// Runs a create so that it is never done twice.
    ///
    /// A 429 is retried like any request. After an ambiguous failure (timeout, dropped
    /// connection, 502/503/504) the entity is looked up by `name`: if it exists it is returned;
    /// if not, the create is sent once more. If that is ambiguous too (or answers 409 because the
    /// first one did land), the name is looked up a last time. Without a name nothing is repeated,
    /// and the error says the outcome is unknown.
    pub(crate) async fn create<R, L>(
        &self,
        call: &Call,
        name: Option<&str>,
        lookup: L,
    ) -> Result<R, ApiError>
    where
        R: DeserializeOwned,
        L: AsyncFn(&str) -> Result<Option<R>, ApiError>,
    {
        let first_failure = match self.send(call).await {
            Ok(response) => return decode(&call.action, &response),
            Err(failure) if !failure.ambiguous => return Err(failure.error),
            Err(failure) => failure,
        };
        let Some(name) = name else {
            return Err(first_failure.error.with_outcome_unknown());
        };
        match lookup(name).await {
            Ok(Some(existing)) => return Ok(existing),
            Ok(None) => {}
            Err(_) => return Err(first_failure.error.with_outcome_unknown()),
        }
        let second_failure = match self.send(call).await {
            Ok(response) => return decode(&call.action, &response),
            Err(failure) if failure.ambiguous || failure.error.kind() == ErrorKind::Conflict => {
                failure
            }
            Err(failure) => return Err(failure.error),
        };
        let attempts = first_failure.error.attempts() + second_failure.error.attempts();
        match lookup(name).await {
            Ok(Some(existing)) => Ok(existing),
            Ok(None) if !second_failure.ambiguous => {
                Err(second_failure.error.with_attempts(attempts))
            }
            _ => Err(second_failure
                .error
                .with_attempts(attempts)
                .with_outcome_unknown()),
        }
    }
}

/// Parses the body into a `Value` first: every model then deserialises from `Value` only (as
/// the domain's validators already do), instead of once from text and once from `Value`. In the
/// wasm, each of those pairs is a second copy of the model's whole deserialiser.
fn decode<R: DeserializeOwned>(action: &str, response: &HttpResponse) -> Result<R, ApiError> {
    serde_json::from_str::<serde_json::Value>(&response.body)
        .and_then(serde_json::from_value)
        .map_err(|error| ApiError::unexpected_response(action, error.to_string()))
}

fn retry_after_of(outcome: &Result<HttpResponse, TransportError>) -> Option<Duration> {
    let response = outcome.as_ref().ok()?;
    let seconds = parse_retry_after(response.header("retry-after")?)?;
    Some(Duration::from_secs(seconds))
}

fn is_gone_after_delete(call: &Call, response: &HttpResponse) -> bool {
    call.method == Method::Delete && response.status == 404
}
