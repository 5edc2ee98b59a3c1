//! Time stamps in the two formats Konnect uses: ISO-8601 strings (platform APIs, analytics)
//! and unix seconds (core entities).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `2023-01-01T00:00:00.000Z`, as the API products and identity APIs return it.
pub fn iso_millis(at: SystemTime) -> String {
    humantime::format_rfc3339_millis(at).to_string()
}

pub fn now_iso() -> String {
    iso_millis(SystemTime::now())
}

/// Unix seconds, as the core-entities API returns `created_at`/`updated_at`.
pub fn now_unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs()
}

/// Parses `2023-08-12T00:00:00`, `2023-08-12T00:00:00.5Z` and the like (UTC assumed).
pub fn parse_iso(text: &str) -> Option<SystemTime> {
    humantime::parse_rfc3339_weak(text).ok()
}
