//! A scripted transport for tests: it answers from a queue and records what was sent and how
//! long the client asked to sleep, without ever sleeping.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::Duration;

use crate::transport::{HttpRequest, HttpResponse, Transport, TransportError};

#[derive(Debug, Default)]
struct Script {
    replies: VecDeque<Result<HttpResponse, TransportError>>,
    requests: Vec<HttpRequest>,
    sleeps: Vec<Duration>,
    jitter: f64,
}

/// Clones share one script, so a test keeps a handle while the client owns another.
#[derive(Clone, Debug, Default)]
pub struct MockTransport {
    script: Rc<RefCell<Script>>,
}

impl MockTransport {
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues the outcome of the next unanswered request.
    pub fn reply(&self, outcome: Result<HttpResponse, TransportError>) -> &Self {
        self.script.borrow_mut().replies.push_back(outcome);
        self
    }

    /// Queues a JSON answer.
    pub fn reply_json(&self, status: u16, body: &str) -> &Self {
        self.reply(Ok(HttpResponse::json(status, body)))
    }

    /// Queues a transport failure.
    pub fn fail(&self, error: TransportError) -> &Self {
        self.reply(Err(error))
    }

    /// The value every [`Transport::jitter`] call returns (0 unless set).
    pub fn set_jitter(&self, jitter: f64) {
        self.script.borrow_mut().jitter = jitter;
    }

    /// Every request sent so far, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.script.borrow().requests.clone()
    }

    /// Every sleep asked for so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.script.borrow().sleeps.clone()
    }

    /// Replies queued but not used yet.
    pub fn unused_replies(&self) -> usize {
        self.script.borrow().replies.len()
    }
}

impl Transport for MockTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut script = self.script.borrow_mut();
        let description = format!("{} {}", request.method, request.url);
        script.requests.push(request);
        script.replies.pop_front().unwrap_or_else(|| {
            Err(TransportError::Network {
                detail: format!("mock transport has no reply for {description}"),
            })
        })
    }

    async fn sleep(&self, duration: Duration) {
        self.script.borrow_mut().sleeps.push(duration);
    }

    fn jitter(&self) -> f64 {
        self.script.borrow().jitter
    }
}
