//! `/v2/control-planes`.

use super::{PageQuery, segment};
use crate::client::{Call, Client};
use crate::error::ApiError;
use crate::model::{ControlPlane, Page};
use crate::paging::{ListSource, PageLimits, Pager, Paging};
use crate::transport::Transport;
use crate::url::Query;

const LIST_ACTION: &str = "load the control planes";

impl<T: Transport> Client<T> {
    /// One page of `GET /v2/control-planes` (`page[size]`, `page[number]`, `filter[name]`).
    pub async fn list_control_planes(
        &self,
        query: &PageQuery,
    ) -> Result<Page<ControlPlane>, ApiError> {
        let path = format!("/v2/control-planes{}", query.to_query().to_query_string());
        self.fetch_json(&Call::get_regional(path, LIST_ACTION.to_owned()))
            .await
    }

    /// `GET /v2/control-planes/{id}`.
    pub async fn get_control_plane(&self, id: &str) -> Result<ControlPlane, ApiError> {
        let path = format!("/v2/control-planes/{}", segment(id));
        let action = format!("load control plane {id}");
        self.fetch_json(&Call::get_regional(path, action)).await
    }
}

impl<T: Transport + Clone> Client<T> {
    /// All control planes, fetched lazily.
    pub fn control_planes(&self, limits: PageLimits) -> Pager<T, ControlPlane> {
        let source = ListSource {
            path: "/v2/control-planes".to_owned(),
            filters: Query::new(),
            paging: Paging::Numbered,
            action: LIST_ACTION.to_owned(),
        };
        Pager::new(self.clone(), source, limits)
    }
}
