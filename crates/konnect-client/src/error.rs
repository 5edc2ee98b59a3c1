//! One error type for everything a call can end with, and the words the user sees.

use std::collections::BTreeMap;
use std::fmt;

use crate::error_body::{ENTITY_KEY, parse_error_body};
use crate::transport::{HttpResponse, TransportError};

/// What kind of failure, in the terms the UI reacts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 401: the token is missing, wrong or expired.
    Unauthorized,
    /// 403: the token is valid but may not do this.
    Forbidden,
    /// 404.
    NotFound,
    /// 409: a name is taken, or the state does not allow the change.
    Conflict,
    /// The entity is still referenced (deleting a gateway service that routes still use):
    /// Konnect answers 400 "data constraint error" with a foreign-reference detail.
    InUse,
    /// 400, 415, 422: the request was understood and refused; see the field errors.
    InvalidRequest,
    /// 429, still refused after the retries.
    RateLimited,
    /// 5xx, still failing after the retries (if the request could be retried).
    ServerError,
    /// Another status the client does not expect.
    UnexpectedStatus,
    /// No answer in time.
    Timeout,
    /// No connection, a dropped connection, or (in a browser) a cross-origin call refused by CORS.
    Network,
    /// Cancelled by the caller.
    Aborted,
    /// A success status with a body that is not what the API documents.
    UnexpectedResponse,
    /// The request body could not be written as JSON; nothing was sent.
    RequestNotSent,
}

/// A failed call: what was being done, why it failed, and what the forms can highlight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    kind: ErrorKind,
    action: String,
    status: Option<u16>,
    server_message: Option<String>,
    field_errors: BTreeMap<String, String>,
    retry_after_seconds: Option<u64>,
    attempts: u32,
    outcome_unknown: bool,
}

impl ApiError {
    /// An error for a non-success HTTP answer; `action` says what was being done, in the words
    /// of "Could not {action}" (for example `create the gateway service "flights"`).
    pub fn from_response(action: impl Into<String>, response: &HttpResponse) -> Self {
        let body = parse_error_body(&response.body);
        let kind = if body
            .field_errors
            .values()
            .any(|message| message.contains(FOREIGN_REFERENCE_MARK))
        {
            ErrorKind::InUse
        } else {
            kind_for_status(response.status)
        };
        Self {
            kind,
            action: action.into(),
            status: Some(response.status),
            server_message: body.message,
            field_errors: body.field_errors,
            retry_after_seconds: response.header("retry-after").and_then(parse_retry_after),
            attempts: 1,
            outcome_unknown: false,
        }
    }

    /// An error for a request that got no HTTP answer.
    pub fn from_transport(action: impl Into<String>, error: &TransportError) -> Self {
        let (kind, server_message) = match error {
            TransportError::Timeout => (ErrorKind::Timeout, None),
            TransportError::Network { detail } => (ErrorKind::Network, Some(detail.clone())),
            TransportError::Aborted => (ErrorKind::Aborted, None),
        };
        Self::bare(kind, action.into(), server_message)
    }

    /// A success status whose body could not be read as the documented shape.
    pub fn unexpected_response(action: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::bare(
            ErrorKind::UnexpectedResponse,
            action.into(),
            Some(detail.into()),
        )
    }

    /// The request body could not be serialized, so nothing was sent.
    pub fn request_not_sent(action: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::bare(
            ErrorKind::RequestNotSent,
            action.into(),
            Some(detail.into()),
        )
    }

    fn bare(kind: ErrorKind, action: String, server_message: Option<String>) -> Self {
        Self {
            kind,
            action,
            status: None,
            server_message,
            field_errors: BTreeMap::new(),
            retry_after_seconds: None,
            attempts: 1,
            outcome_unknown: false,
        }
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// Marks a create whose outcome could not be confirmed: it may exist on the server.
    pub(crate) fn with_outcome_unknown(mut self) -> Self {
        self.outcome_unknown = true;
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The HTTP status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// True for 401: the UI sends the user back to Connect.
    pub fn is_unauthorized(&self) -> bool {
        self.kind == ErrorKind::Unauthorized
    }

    /// True for 404.
    pub fn is_not_found(&self) -> bool {
        self.kind == ErrorKind::NotFound
    }

    /// What was being done, as in "Could not {action}".
    pub fn action(&self) -> &str {
        &self.action
    }

    /// The server's own explanation (`detail`, `message`), when it gave one; for errors without
    /// an answer, the transport's or the serializer's description.
    pub fn server_message(&self) -> Option<&str> {
        self.server_message.as_deref()
    }

    /// Per-field errors for the forms, keyed the way Kong keys them (`name`, `paths.2`,
    /// `service.id`, and `@entity` for errors about the whole entity).
    pub fn field_errors(&self) -> &BTreeMap<String, String> {
        &self.field_errors
    }

    /// The server's `Retry-After`, in seconds.
    pub fn retry_after_seconds(&self) -> Option<u64> {
        self.retry_after_seconds
    }

    /// How many times the request was sent.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// True when a create failed in a way that leaves open whether it happened.
    pub fn outcome_unknown(&self) -> bool {
        self.outcome_unknown
    }

    /// What failed and what to do, for the user: `Could not {action}. {cause} {advice}`.
    pub fn user_message(&self) -> String {
        let mut message = format!("Could not {}. {}", self.action, self.cause_and_advice());
        if self.outcome_unknown {
            message
                .push_str(" It may have been created anyway: reload the list before trying again.");
        }
        message
    }

    fn cause_and_advice(&self) -> String {
        let status = self
            .status
            .map(|code| format!(" (HTTP {code})"))
            .unwrap_or_default();
        let tries = self.attempts_note();
        let detail = self.detail_sentence();
        match self.kind {
            ErrorKind::Unauthorized => {
                "Your token was rejected or has expired. Reconnect with a valid token.".to_owned()
            }
            ErrorKind::Forbidden => format!(
                "Your token is not allowed to do this{status}.{detail} Ask an organization administrator for the permission, or connect with a token that has it."
            ),
            ErrorKind::NotFound => format!(
                "It was not found{status}: it may have been deleted, or it belongs to another organization or region.{detail} Reload the list, and check the region in the connection settings."
            ),
            ErrorKind::Conflict if self.field_errors.contains_key("name") => {
                format!("The name is already used by another one{status}. Choose another name.")
            }
            ErrorKind::Conflict => format!(
                "It conflicts with what already exists{status}.{detail} Use another name, or remove what is in the way first."
            ),
            ErrorKind::InUse => format!(
                "It is still in use{status}: other entities refer to it. Delete those first (for a gateway service, its routes), then try again."
            ),
            ErrorKind::InvalidRequest => {
                let fields = self.field_list();
                let advice = if fields.is_empty() {
                    " Correct the values and try again.".to_owned()
                } else {
                    format!(" Correct these fields and try again: {fields}.")
                };
                let entity = match self.field_errors.get(ENTITY_KEY) {
                    Some(problem) => format!(" {}.", capitalized(problem.trim_end_matches('.'))),
                    None => String::new(),
                };
                format!("Konnect refused the values sent{status}.{detail}{entity}{advice}")
            }
            ErrorKind::RateLimited => {
                let wait = match self.retry_after_seconds {
                    Some(seconds) => format!("Wait {seconds} s"),
                    None => "Wait a minute".to_owned(),
                };
                format!(
                    "Konnect is limiting the request rate{status}{tries}. {wait} and try again."
                )
            }
            ErrorKind::ServerError => format!(
                "Konnect had a problem answering{status}{tries}.{detail} Try again in a minute."
            ),
            ErrorKind::UnexpectedStatus => {
                format!(
                    "Konnect answered with an unexpected status{status}.{detail} Try again, or report it if it persists."
                )
            }
            ErrorKind::Timeout => format!(
                "Konnect did not answer in time{tries}. Check your network connection and try again."
            ),
            ErrorKind::Network => format!(
                "Konnect could not be reached{tries}. Check your network connection. If the app calls Konnect directly from the browser, Konnect may refuse the cross-origin request (CORS): use a same-origin proxy prefix in the connection settings."
            ),
            ErrorKind::Aborted => "The request was cancelled.".to_owned(),
            ErrorKind::RequestNotSent => format!(
                "The request could not be prepared, so nothing was sent{}. This is a bug in the app: please report it.",
                self.local_reason()
            ),
            ErrorKind::UnexpectedResponse => format!(
                "The answer was not in the expected format{}. Check that the API address in the connection settings points at Konnect or the local sandbox.",
                self.local_reason()
            ),
        }
    }

    fn attempts_note(&self) -> String {
        if self.attempts > 1 {
            format!(" after {} attempts", self.attempts)
        } else {
            String::new()
        }
    }

    /// For failures found on this side (a body that would not serialize or parse), the
    /// technical reason in parentheses: it is not something Konnect said.
    fn local_reason(&self) -> String {
        self.server_message
            .as_deref()
            .map(|text| format!(" ({text})"))
            .unwrap_or_default()
    }

    fn detail_sentence(&self) -> String {
        match self.server_message.as_deref() {
            Some(text) => {
                let text = text.trim_end_matches('.');
                format!(" Konnect says: \u{201c}{text}\u{201d}.")
            }
            None => String::new(),
        }
    }

    /// `@entity` messages are about the whole entity; the list names fields a form can highlight.
    fn field_list(&self) -> String {
        self.field_errors
            .keys()
            .filter(|key| key.as_str() != ENTITY_KEY)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.user_message())
    }
}

impl std::error::Error for ApiError {}

/// Kong and Konnect word their messages in English, so only an ASCII first letter changes: the
/// Unicode case tables behind `char::to_uppercase` would be the only copy in the wasm.
fn capitalized(text: &str) -> String {
    let mut text = text.to_owned();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

/// How koko words a foreign-key refusal: "… constraint failed for value '…': foreign reference
/// exist: route (id: …)".
const FOREIGN_REFERENCE_MARK: &str = "foreign reference exist";

fn kind_for_status(status: u16) -> ErrorKind {
    match status {
        401 => ErrorKind::Unauthorized,
        403 => ErrorKind::Forbidden,
        404 => ErrorKind::NotFound,
        409 => ErrorKind::Conflict,
        400 | 415 | 422 => ErrorKind::InvalidRequest,
        429 => ErrorKind::RateLimited,
        500..=599 => ErrorKind::ServerError,
        _ => ErrorKind::UnexpectedStatus,
    }
}

/// `Retry-After` is seconds or an HTTP date; only the seconds form is used (an HTTP date would
/// need a clock and a date parser in the wasm binary, and Konnect documents seconds).
pub(crate) fn parse_retry_after(value: &str) -> Option<u64> {
    value.trim().parse().ok()
}
