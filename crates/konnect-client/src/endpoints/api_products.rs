//! `/v2/api-products` and their product versions: the Service Hub's services and versions.

use serde::Serialize;

use super::segment;
use crate::client::{Call, Client, Retry};
use crate::error::ApiError;
use crate::model::{
    ApiProduct, GatewayServiceRef, NewApiProduct, NewProductVersion, Page, ProductVersion,
};
use crate::paging::{ListSource, PageLimits, Pager, Paging};
use crate::transport::{Method, Transport};
use crate::url::Query;

/// The page-size used when a create looks its entity up by name. Names are unique per parent,
/// so the exact match is on the first page.
const LOOKUP_PAGE_SIZE: u32 = 10;

/// One page of a number-paged list, optionally filtered by exact name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageQuery {
    pub size: u32,
    pub number: u32,
    pub name: Option<String>,
    /// Only entries whose name contains this text (`filter[name][contains]`), for search boxes.
    pub name_contains: Option<String>,
}

impl PageQuery {
    /// Page 1 with `size` items.
    pub fn first(size: u32) -> Self {
        Self {
            size,
            number: 1,
            name: None,
            name_contains: None,
        }
    }

    pub fn page(mut self, number: u32) -> Self {
        self.number = number;
        self
    }

    /// Only entries named exactly `name` (`filter[name]`).
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Only entries whose name contains `text` (`filter[name][contains]`).
    pub fn name_containing(mut self, text: impl Into<String>) -> Self {
        self.name_contains = Some(text.into());
        self
    }

    pub(crate) fn to_query(&self) -> Query {
        Query::new()
            .push("page[size]", self.size)
            .push("page[number]", self.number)
            .push_opt("filter[name]", self.name.as_deref())
            .push_opt("filter[name][contains]", self.name_contains.as_deref())
    }
}

fn products_path() -> String {
    "/v2/api-products".to_owned()
}

fn product_path(product_id: &str) -> String {
    format!("/v2/api-products/{}", segment(product_id))
}

fn versions_path(product_id: &str) -> String {
    format!("{}/product-versions", product_path(product_id))
}

fn version_path(product_id: &str, version_id: &str) -> String {
    format!("{}/{}", versions_path(product_id), segment(version_id))
}

/// Body of the PATCH that links or unlinks a version's gateway service. `None` is sent as
/// `null`, which clears the link.
#[derive(Serialize)]
struct GatewayServicePatch<'a> {
    gateway_service: Option<&'a GatewayServiceRef>,
}

impl<T: Transport> Client<T> {
    /// One page of `GET /v2/api-products`.
    pub async fn list_api_products(&self, query: &PageQuery) -> Result<Page<ApiProduct>, ApiError> {
        let path = format!("{}{}", products_path(), query.to_query().to_query_string());
        self.fetch_json(&Call::get_regional(path, "load the services".to_owned()))
            .await
    }

    /// `GET /v2/api-products/{id}`.
    pub async fn get_api_product(&self, product_id: &str) -> Result<ApiProduct, ApiError> {
        let action = format!("load service {product_id}");
        self.fetch_json(&Call::get_regional(product_path(product_id), action))
            .await
    }

    /// `POST /v2/api-products`, never creating two (see the crate docs on creates).
    pub async fn create_api_product(
        &self,
        product: &NewApiProduct,
    ) -> Result<ApiProduct, ApiError> {
        let action = format!("create the service \u{201c}{}\u{201d}", product.name);
        let call = Call::with_body(
            Method::Post,
            products_path(),
            product,
            Retry::OnlyIfRejected,
            action,
        )?;
        self.create(&call, Some(&product.name), async |name: &str| {
            self.find_api_product(name).await
        })
        .await
    }

    /// The API product named exactly `name`, if any.
    pub async fn find_api_product(&self, name: &str) -> Result<Option<ApiProduct>, ApiError> {
        let page = self
            .list_api_products(&PageQuery::first(LOOKUP_PAGE_SIZE).named(name))
            .await?;
        Ok(page.data.into_iter().find(|product| product.name == name))
    }

    /// `DELETE /v2/api-products/{id}` (also deletes its versions).
    pub async fn delete_api_product(&self, product_id: &str) -> Result<(), ApiError> {
        let action = format!("delete service {product_id}");
        self.fetch_nothing(&Call::delete(product_path(product_id), action))
            .await
    }

    /// One page of `GET /v2/api-products/{id}/product-versions`.
    pub async fn list_product_versions(
        &self,
        product_id: &str,
        query: &PageQuery,
    ) -> Result<Page<ProductVersion>, ApiError> {
        let path = format!(
            "{}{}",
            versions_path(product_id),
            query.to_query().to_query_string()
        );
        self.fetch_json(&Call::get_regional(path, "load the versions".to_owned()))
            .await
    }

    /// `GET /v2/api-products/{id}/product-versions/{version}`.
    pub async fn get_product_version(
        &self,
        product_id: &str,
        version_id: &str,
    ) -> Result<ProductVersion, ApiError> {
        let action = format!("load version {version_id}");
        self.fetch_json(&Call::get_regional(
            version_path(product_id, version_id),
            action,
        ))
        .await
    }

    /// `POST /v2/api-products/{id}/product-versions`, never creating two.
    pub async fn create_product_version(
        &self,
        product_id: &str,
        version: &NewProductVersion,
    ) -> Result<ProductVersion, ApiError> {
        let action = format!("create the version \u{201c}{}\u{201d}", version.name);
        let call = Call::with_body(
            Method::Post,
            versions_path(product_id),
            version,
            Retry::OnlyIfRejected,
            action,
        )?;
        self.create(&call, Some(&version.name), async |name: &str| {
            self.find_product_version(product_id, name).await
        })
        .await
    }

    /// The version of `product_id` named exactly `name`, if any.
    pub async fn find_product_version(
        &self,
        product_id: &str,
        name: &str,
    ) -> Result<Option<ProductVersion>, ApiError> {
        let query = PageQuery::first(LOOKUP_PAGE_SIZE).named(name);
        let page = self.list_product_versions(product_id, &query).await?;
        Ok(page.data.into_iter().find(|version| version.name == name))
    }

    /// `PATCH …/product-versions/{version}` with `{"gateway_service": …}`: links the version to
    /// its implementation, or unlinks it with `None`.
    ///
    /// PATCH is not retried after an ambiguous failure (only after a 429).
    pub async fn set_version_gateway_service(
        &self,
        product_id: &str,
        version_id: &str,
        gateway_service: Option<&GatewayServiceRef>,
    ) -> Result<ProductVersion, ApiError> {
        let action = match gateway_service {
            Some(_) => format!("link version {version_id} to its gateway service"),
            None => format!("unlink version {version_id} from its gateway service"),
        };
        let body = GatewayServicePatch { gateway_service };
        let path = version_path(product_id, version_id);
        let call = Call::with_body(Method::Patch, path, &body, Retry::OnlyIfRejected, action)?;
        self.fetch_json(&call).await
    }

    /// `DELETE …/product-versions/{version}`.
    pub async fn delete_product_version(
        &self,
        product_id: &str,
        version_id: &str,
    ) -> Result<(), ApiError> {
        let action = format!("delete version {version_id}");
        self.fetch_nothing(&Call::delete(version_path(product_id, version_id), action))
            .await
    }
}

impl<T: Transport + Clone> Client<T> {
    /// API products, fetched lazily; `name` filters on the exact name.
    pub fn api_products(&self, name: Option<&str>, limits: PageLimits) -> Pager<T, ApiProduct> {
        let source = ListSource {
            path: products_path(),
            filters: Query::new().push_opt("filter[name]", name),
            paging: Paging::Numbered,
            action: "load the services".to_owned(),
        };
        Pager::new(self.clone(), source, limits)
    }

    /// The versions of one API product, fetched lazily.
    pub fn product_versions(
        &self,
        product_id: &str,
        limits: PageLimits,
    ) -> Pager<T, ProductVersion> {
        let source = ListSource {
            path: versions_path(product_id),
            filters: Query::new(),
            paging: Paging::Numbered,
            action: "load the versions".to_owned(),
        };
        Pager::new(self.clone(), source, limits)
    }
}
