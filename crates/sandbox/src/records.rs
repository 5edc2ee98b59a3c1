//! What the data plane remembers about each proxied request, for `POST /v2/api-requests`.

use std::collections::VecDeque;
use std::time::SystemTime;

use uuid::Uuid;

/// Oldest records are dropped beyond this, so a long-running sandbox stays memory-sane.
const MAX_RECORDS: usize = 10_000;

#[derive(Debug, Clone)]
pub struct RequestRecord {
    pub started_at: SystemTime,
    pub control_plane: Uuid,
    pub gateway_service: Option<Uuid>,
    pub route: Option<Uuid>,
    pub api_product: Option<Uuid>,
    pub api_product_version: Option<Uuid>,
    pub status: u16,
    pub method: String,
    /// Path and query as the client sent them.
    pub request_uri: String,
    /// Path and query as sent upstream, when the request was forwarded.
    pub upstream_uri: Option<String>,
    pub header_host: Option<String>,
    pub header_user_agent: Option<String>,
    pub client_ip: String,
    pub service_protocol: Option<String>,
    pub service_port: Option<u16>,
    pub response_content_type: Option<String>,
    pub response_body_size: usize,
    pub latency_total_ms: u64,
    pub latency_upstream_ms: Option<u64>,
    pub trace_id: String,
}

#[derive(Debug, Default)]
pub struct RequestLog {
    records: VecDeque<RequestRecord>,
}

impl RequestLog {
    pub fn push(&mut self, record: RequestRecord) {
        if self.records.len() == MAX_RECORDS {
            self.records.pop_front();
        }
        self.records.push_back(record);
    }

    pub fn clear(&mut self) {
        self.records.clear();
    }

    /// Oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &RequestRecord> {
        self.records.iter()
    }
}
