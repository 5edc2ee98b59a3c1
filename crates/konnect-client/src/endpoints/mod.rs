//! The typed Konnect calls, one file per API.

mod api_products;
mod api_requests;
mod control_planes;
mod core_entities;
mod identity;

pub use api_products::PageQuery;

use crate::url::percent_encode;

/// One path segment from an id or a name: `/` and the like cannot escape it.
pub(crate) fn segment(value: &str) -> String {
    percent_encode(value)
}
