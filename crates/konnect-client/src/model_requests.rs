//! `POST /v2/api-requests`: the records of proxied requests (the "status code 200" check).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The query body. Everything is optional; Konnect defaults to the last hour, newest first,
/// 100 records.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ApiRequestsQuery {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<RequestsFilter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_range: Option<TimeRange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<RequestsOrder>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestsOrder {
    Ascending,
    Descending,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterDimension {
    ApiProduct,
    ApiProductVersion,
    Route,
    Application,
    StatusCode,
    StatusCodeGrouped,
    GatewayService,
    ControlPlane,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterType {
    In,
    NotIn,
}

/// One filter; build it with the constructors, which format the values as Konnect wants them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RequestsFilter {
    pub dimension: FilterDimension,
    #[serde(rename = "type")]
    pub filter_type: FilterType,
    pub values: Vec<Value>,
}

impl RequestsFilter {
    pub fn control_plane(control_plane_id: &str) -> Self {
        Self::including(
            FilterDimension::ControlPlane,
            vec![Value::from(control_plane_id)],
        )
    }

    /// Gateway service ids are only unique within a control plane: Konnect wants `cp:service`.
    pub fn gateway_service(control_plane_id: &str, service_id: &str) -> Self {
        let value = format!("{control_plane_id}:{service_id}");
        Self::including(FilterDimension::GatewayService, vec![Value::from(value)])
    }

    /// Route ids too: `cp:route`.
    pub fn route(control_plane_id: &str, route_id: &str) -> Self {
        let value = format!("{control_plane_id}:{route_id}");
        Self::including(FilterDimension::Route, vec![Value::from(value)])
    }

    pub fn status_codes(codes: &[u16]) -> Self {
        Self::including(
            FilterDimension::StatusCode,
            codes.iter().map(|code| Value::from(*code)).collect(),
        )
    }

    fn including(dimension: FilterDimension, values: Vec<Value>) -> Self {
        Self {
            dimension,
            filter_type: FilterType::In,
            values,
        }
    }
}

/// The period to search, relative to now or absolute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum TimeRange {
    Relative {
        time_range: RelativeTimeRange,
        #[serde(skip_serializing_if = "Option::is_none")]
        tz: Option<String>,
    },
    Absolute {
        start: String,
        end: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        tz: Option<String>,
    },
}

impl TimeRange {
    pub fn last(range: RelativeTimeRange) -> Self {
        TimeRange::Relative {
            time_range: range,
            tz: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RelativeTimeRange {
    #[serde(rename = "15M")]
    FifteenMinutes,
    #[serde(rename = "1H")]
    OneHour,
    #[serde(rename = "6H")]
    SixHours,
    #[serde(rename = "12H")]
    TwelveHours,
    #[serde(rename = "24H")]
    OneDay,
    #[serde(rename = "7D")]
    SevenDays,
}

/// The answer: records and paging information.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiRequestsResponse {
    pub results: Vec<ApiRequestRecord>,
    pub meta: ApiRequestsMeta,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiRequestsMeta {
    #[serde(default)]
    pub query_id: Option<String>,
    #[serde(default)]
    pub size: Option<u64>,
    #[serde(default)]
    pub offset: Option<u64>,
    #[serde(default)]
    pub time_range: Option<MetaTimeRange>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaTimeRange {
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
}

/// One proxied request. Only the fields the app shows are kept; ids of services and routes are
/// `cp:id` pairs, and the status is a string, as Konnect sends them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiRequestRecord {
    #[serde(default)]
    pub request_start: Option<String>,
    #[serde(default)]
    pub control_plane: Option<String>,
    #[serde(default)]
    pub gateway_service: Option<String>,
    #[serde(default)]
    pub route: Option<String>,
    #[serde(default)]
    pub http_method: Option<String>,
    #[serde(default)]
    pub request_uri: Option<String>,
    #[serde(default)]
    pub upstream_uri: Option<String>,
    #[serde(default)]
    pub response_http_status: Option<String>,
    #[serde(default)]
    pub latencies_response_ms: Option<i64>,
}

impl ApiRequestRecord {
    /// The HTTP status as a number, when Konnect sent a readable one.
    pub fn status_code(&self) -> Option<u16> {
        self.response_http_status.as_deref()?.trim().parse().ok()
    }
}
