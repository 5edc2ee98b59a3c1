//! `POST /v2/api-requests`: records of proxied requests.

use crate::client::{Call, Client, Retry};
use crate::error::ApiError;
use crate::model_requests::{ApiRequestsQuery, ApiRequestsResponse};
use crate::transport::{Method, Transport};

impl<T: Transport> Client<T> {
    /// Queries the request records. This POST only reads, so it is retried like a GET.
    pub async fn query_api_requests(
        &self,
        query: &ApiRequestsQuery,
    ) -> Result<ApiRequestsResponse, ApiError> {
        let call = Call::with_body(
            Method::Post,
            "/v2/api-requests".to_owned(),
            query,
            Retry::Idempotent,
            "load the request records".to_owned(),
        )?;
        self.fetch_json(&call).await
    }
}
