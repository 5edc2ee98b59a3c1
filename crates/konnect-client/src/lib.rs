//! Typed Konnect API client: requests, responses, one error type, retries.
