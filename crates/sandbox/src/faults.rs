//! Fault injection for client tests: the next N matching API requests fail in a chosen way.

use serde::Deserialize;

/// What `POST /sandbox/faults` accepts.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    /// HTTP method to match (any when absent).
    #[serde(default)]
    pub method: Option<String>,
    /// Path prefix to match (any when absent).
    #[serde(default)]
    pub path_prefix: Option<String>,
    /// How many matching requests fail.
    #[serde(default = "one")]
    pub count: u32,
    /// Status to answer with; absent with a delay means "slow but successful".
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub retry_after_seconds: Option<u64>,
    #[serde(default)]
    pub delay_ms: u64,
    /// Close the connection without any response.
    #[serde(default)]
    pub drop_connection: bool,
    /// Perform the operation first, then fail: the ambiguous outcome a client must survive
    /// without duplicating creates.
    #[serde(default)]
    pub after_commit: bool,
}

fn one() -> u32 {
    1
}

impl FaultSpec {
    /// Why this spec cannot be armed, if it cannot.
    pub fn problem(&self) -> Option<String> {
        if self.count == 0 {
            return Some("count must be at least 1".to_owned());
        }
        if let Some(status) = self.status
            && !(100..=599).contains(&status)
        {
            return Some(format!("status {status} is not an HTTP status"));
        }
        if self.status.is_none() && !self.drop_connection && self.delay_ms == 0 {
            return Some("a fault needs a status, drop_connection or delay_ms".to_owned());
        }
        None
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        let method_matches = self
            .method
            .as_deref()
            .is_none_or(|wanted| wanted.eq_ignore_ascii_case(method));
        let path_matches = self
            .path_prefix
            .as_deref()
            .is_none_or(|prefix| path.starts_with(prefix));
        method_matches && path_matches
    }
}

#[derive(Debug, Default)]
pub struct FaultQueue {
    armed: Vec<FaultSpec>,
}

impl FaultQueue {
    pub fn arm(&mut self, spec: FaultSpec) {
        self.armed.push(spec);
    }

    pub fn clear(&mut self) {
        self.armed.clear();
    }

    pub fn remaining(&self) -> u32 {
        self.armed.iter().map(|fault| fault.count).sum()
    }

    /// Consumes one use of the first armed fault matching this request.
    pub fn take(&mut self, method: &str, path: &str) -> Option<FaultSpec> {
        let index = self
            .armed
            .iter()
            .position(|fault| fault.matches(method, path))?;
        let fault = &mut self.armed[index];
        fault.count -= 1;
        let taken = fault.clone();
        if fault.count == 0 {
            self.armed.remove(index);
        }
        Some(taken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: &str) -> FaultSpec {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn takes_only_matching_requests_and_only_count_times() {
        let mut queue = FaultQueue::default();
        queue.arm(spec(
            r#"{"method":"post","path_prefix":"/v2/control-planes/","count":2,"status":503}"#,
        ));
        assert_eq!(queue.take("GET", "/v2/control-planes/x"), None);
        assert_eq!(queue.take("POST", "/v2/api-products"), None);
        assert_eq!(
            queue
                .take("POST", "/v2/control-planes/x")
                .and_then(|f| f.status),
            Some(503)
        );
        assert_eq!(queue.remaining(), 1);
        assert!(queue.take("POST", "/v2/control-planes/y").is_some());
        assert_eq!(queue.take("POST", "/v2/control-planes/z"), None);
    }

    #[test]
    fn rejects_specs_that_do_nothing() {
        assert_eq!(
            spec(r#"{"count":1}"#).problem().as_deref(),
            Some("a fault needs a status, drop_connection or delay_ms")
        );
        assert_eq!(
            spec(r#"{"status":700}"#).problem().as_deref(),
            Some("status 700 is not an HTTP status")
        );
        assert_eq!(spec(r#"{"delay_ms":10}"#).problem(), None);
        assert!(serde_json::from_str::<FaultSpec>(r#"{"status":503,"typo":1}"#).is_err());
    }
}
