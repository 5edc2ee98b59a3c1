//! Typed Konnect API client: requests, responses, one error type, retries.
//!
//! The client is transport-agnostic: [`Client`] builds [`HttpRequest`]s and hands them to a
//! [`Transport`]. In the app that is [`BrowserTransport`] (`fetch`, on wasm32 only); native tests
//! use reqwest or the scripted [`mock::MockTransport`].
//!
//! - **Where**: [`ApiBase`] holds the regional and the global base URL (direct Konnect hosts, a
//!   same-origin proxy prefix, or one sandbox URL). The [`Token`] goes only into the
//!   `Authorization: Bearer` header and never shows in `Debug` output.
//! - **Retries** ([`RetryPolicy`]): 429 (honouring `Retry-After`), 502, 503, 504, timeouts and
//!   network failures are retried with exponential backoff and jitter, on idempotent requests
//!   only (GET, PUT, DELETE, and the read-only `POST /v2/api-requests`). POST and PATCH are
//!   retried only after a 429.
//! - **Creates** are never repeated blindly: after an ambiguous failure the entity is looked up
//!   by name and returned if it exists; only otherwise is the create sent once more.
//! - **Errors**: every call returns [`ApiError`], which reads all three Konnect/Kong error bodies
//!   and gives a [`ApiError::user_message`] and per-field [`ApiError::field_errors`].
//! - **Lists** are paged lazily by a [`Pager`] with a cap the caller chooses.
//! - **Cancellation**: drop the future. The browser transport aborts the `fetch`.

mod client;
mod endpoints;
mod error;
mod error_body;
pub mod mock;
mod model;
mod model_requests;
mod paging;
mod retry;
mod secret;
mod settings;
mod transport;
mod url;

#[cfg(target_arch = "wasm32")]
mod browser;

#[cfg(target_arch = "wasm32")]
pub use browser::BrowserTransport;
pub use client::{Client, DEFAULT_TIMEOUT};
pub use endpoints::PageQuery;
pub use error::{ApiError, ErrorKind};
pub use error_body::ENTITY_KEY;
pub use model::{
    ApiProduct, ControlPlane, GatewayServiceRef, NamedEntity, NewApiProduct, NewProductVersion,
    OffsetPage, Organization, Page, PageMeta, PageNumbers, ProductVersion, PublishStatus, User,
    Whoami,
};
pub use model_requests::{
    ApiRequestRecord, ApiRequestsMeta, ApiRequestsQuery, ApiRequestsResponse, FilterDimension,
    FilterType, MetaTimeRange, RelativeTimeRange, RequestsFilter, RequestsOrder, TimeRange,
};
pub use paging::{PageLimits, Pager};
pub use retry::RetryPolicy;
pub use secret::Token;
pub use settings::{ApiBase, Region, UnknownRegion};
pub use transport::{HttpRequest, HttpResponse, Method, Transport, TransportError};
pub use url::percent_decode;
