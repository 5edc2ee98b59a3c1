//! `POST /v2/api-requests` (analytics-requests-v2-2023-10.yaml): the data plane's request
//! records, filtered by status code, gateway service, route, control plane or API product,
//! within a relative or absolute time range, newest first unless asked otherwise.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use bytes::Bytes;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::body::platform_object;
use super::errors::{ApiError, ApiResult, InvalidParameter};
use crate::records::RequestRecord;
use crate::shared::Shared;
use crate::timefmt;

const DEFAULT_SIZE: usize = 100;
const MAX_SIZE: usize = 1000;

pub async fn query(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let object = platform_object(&headers, &body)?;
    let query = RequestsQuery::parse(&object, SystemTime::now())?;
    let records = shared.records();
    let matching = records.iter().filter(|record| query.accepts(record));
    let ordered: Box<dyn Iterator<Item = &RequestRecord>> = if query.ascending {
        Box::new(matching)
    } else {
        Box::new(matching.rev())
    };
    let results: Vec<Value> = ordered
        .skip(query.offset)
        .take(query.size)
        .map(render)
        .collect();
    Ok(Json(json!({
        "results": results,
        "meta": {
            "time_range": {"start": timefmt::iso_millis(query.start), "end": timefmt::iso_millis(query.end)},
            "query_id": format!("apilog-{}", Uuid::new_v4().hyphenated().to_string().to_uppercase()),
            "size": query.size,
            "offset": query.offset,
        },
    })))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dimension {
    ApiProduct,
    ApiProductVersion,
    Route,
    Application,
    StatusCode,
    StatusCodeGrouped,
    GatewayService,
    ControlPlane,
}

impl Dimension {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "api_product" => Self::ApiProduct,
            "api_product_version" => Self::ApiProductVersion,
            "route" => Self::Route,
            "application" => Self::Application,
            "status_code" => Self::StatusCode,
            "status_code_grouped" => Self::StatusCodeGrouped,
            "gateway_service" => Self::GatewayService,
            "control_plane" => Self::ControlPlane,
            _ => return None,
        })
    }

    /// The record's value for this dimension, in the spec's string form.
    fn value_of(self, record: &RequestRecord) -> Option<String> {
        let scoped = |id: Option<Uuid>| id.map(|id| format!("{}:{id}", record.control_plane));
        match self {
            Self::ApiProduct => record.api_product.map(|id| id.to_string()),
            Self::ApiProductVersion => record.api_product_version.map(|id| id.to_string()),
            Self::Route => scoped(record.route),
            Self::Application => None,
            Self::StatusCode => Some(record.status.to_string()),
            Self::StatusCodeGrouped => Some(format!("{}xx", record.status / 100)),
            Self::GatewayService => scoped(record.gateway_service),
            Self::ControlPlane => Some(record.control_plane.to_string()),
        }
    }
}

struct Filter {
    dimension: Dimension,
    include: bool,
    values: Vec<String>,
}

impl Filter {
    fn accepts(&self, record: &RequestRecord) -> bool {
        let found = self.dimension.value_of(record).is_some_and(|value| {
            self.values
                .iter()
                .any(|wanted| wanted.eq_ignore_ascii_case(&value))
        });
        found == self.include
    }
}

struct RequestsQuery {
    filters: Vec<Filter>,
    start: SystemTime,
    end: SystemTime,
    ascending: bool,
    size: usize,
    offset: usize,
}

impl RequestsQuery {
    fn parse(object: &Map<String, Value>, now: SystemTime) -> ApiResult<Self> {
        let mut problems: Vec<InvalidParameter> = object
            .keys()
            .filter(|key| {
                !matches!(
                    key.as_str(),
                    "filters" | "time_range" | "order" | "size" | "offset"
                )
            })
            .map(|key| InvalidParameter::unknown_property(key))
            .collect();
        let filters = match object.get("filters") {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(index, item)| parse_filter(index, item, &mut problems))
                .collect(),
            Some(_) => {
                problems.push(InvalidParameter::new(
                    "filters",
                    Some("is_array"),
                    "filters must be an array",
                ));
                Vec::new()
            }
        };
        let (start, end) = parse_time_range(object.get("time_range"), now, &mut problems);
        let ascending = match object.get("order").map(Value::as_str) {
            None | Some(Some("descending")) => false,
            Some(Some("ascending")) => true,
            Some(_) => {
                problems.push(InvalidParameter::new(
                    "order",
                    Some("enum"),
                    "order must be one of: ascending, descending",
                ));
                false
            }
        };
        let size = bounded_integer(object, "size", DEFAULT_SIZE, 1, MAX_SIZE, &mut problems);
        let offset = bounded_integer(object, "offset", 0, 0, usize::MAX, &mut problems);
        if !problems.is_empty() {
            return Err(ApiError::invalid_parameters(problems));
        }
        Ok(Self {
            filters,
            start,
            end,
            ascending,
            size,
            offset,
        })
    }

    fn accepts(&self, record: &RequestRecord) -> bool {
        record.started_at >= self.start
            && record.started_at <= self.end
            && self.filters.iter().all(|filter| filter.accepts(record))
    }
}

fn parse_filter(
    index: usize,
    item: &Value,
    problems: &mut Vec<InvalidParameter>,
) -> Option<Filter> {
    let field = |name: &str| format!("filters[{index}].{name}");
    let Some(object) = item.as_object() else {
        problems.push(InvalidParameter::new(
            format!("filters[{index}]"),
            Some("is_object"),
            "filter must be an object",
        ));
        return None;
    };
    for key in object
        .keys()
        .filter(|key| !matches!(key.as_str(), "dimension" | "type" | "values"))
    {
        problems.push(InvalidParameter::unknown_property(&field(key)));
    }
    let dimension = object
        .get("dimension")
        .and_then(Value::as_str)
        .and_then(Dimension::parse);
    if dimension.is_none() {
        problems.push(InvalidParameter::new(
            field("dimension"),
            Some("enum"),
            "dimension is not supported",
        ));
    }
    let include = match object.get("type").and_then(Value::as_str) {
        Some("in") => Some(true),
        Some("not_in") => Some(false),
        _ => {
            problems.push(InvalidParameter::new(
                field("type"),
                Some("enum"),
                "type must be one of: in, not_in",
            ));
            None
        }
    };
    // Status codes are integers in the spec; every other dimension takes strings.
    let values: Option<Vec<String>> = match object.get("values") {
        None if dimension == Some(Dimension::ControlPlane) => Some(Vec::new()),
        Some(Value::Array(values)) => values
            .iter()
            .map(|value| match (dimension, value) {
                (Some(Dimension::StatusCode), Value::Number(number)) => {
                    number.as_u64().map(|n| n.to_string())
                }
                (Some(Dimension::StatusCode), _) => None,
                (_, Value::String(text)) => Some(text.clone()),
                _ => None,
            })
            .collect(),
        _ => None,
    };
    if values.is_none() {
        problems.push(InvalidParameter::new(
            field("values"),
            Some("is_array"),
            "values must be an array of the dimension's values",
        ));
    }
    Some(Filter {
        dimension: dimension?,
        include: include?,
        values: values?,
    })
}

/// Defaults to the last hour, as the spec says.
fn parse_time_range(
    value: Option<&Value>,
    now: SystemTime,
    problems: &mut Vec<InvalidParameter>,
) -> (SystemTime, SystemTime) {
    let last_hour = (now - Duration::from_secs(3600), now);
    let Some(value) = value else { return last_hour };
    let Some(object) = value.as_object() else {
        problems.push(InvalidParameter::new(
            "time_range",
            Some("is_object"),
            "time_range must be an object",
        ));
        return last_hour;
    };
    match object.get("type").and_then(Value::as_str) {
        Some("relative") => {
            let span = match object.get("time_range").and_then(Value::as_str) {
                Some("15M") => Some(15 * 60),
                Some("1H") => Some(3600),
                Some("6H") => Some(6 * 3600),
                Some("12H") => Some(12 * 3600),
                Some("24H") => Some(24 * 3600),
                Some("7D") => Some(7 * 24 * 3600),
                _ => None,
            };
            match span {
                Some(seconds) => (now - Duration::from_secs(seconds), now),
                None => {
                    problems.push(InvalidParameter::new(
                        "time_range.time_range",
                        Some("enum"),
                        "time_range must be one of: 15M, 1H, 6H, 12H, 24H, 7D",
                    ));
                    last_hour
                }
            }
        }
        Some("absolute") => {
            let mut instant = |name: &str| {
                let parsed = object
                    .get(name)
                    .and_then(Value::as_str)
                    .and_then(timefmt::parse_iso);
                if parsed.is_none() {
                    problems.push(InvalidParameter::new(
                        format!("time_range.{name}"),
                        Some("is_date_time"),
                        format!("{name} must be a valid date in ISO format"),
                    ));
                }
                parsed
            };
            let start = instant("start");
            let end = instant("end");
            start.zip(end).unwrap_or(last_hour)
        }
        _ => {
            problems.push(InvalidParameter::new(
                "time_range.type",
                Some("enum"),
                "type must be one of: relative, absolute",
            ));
            last_hour
        }
    }
}

fn bounded_integer(
    object: &Map<String, Value>,
    field: &str,
    default: usize,
    min: usize,
    max: usize,
    problems: &mut Vec<InvalidParameter>,
) -> usize {
    let Some(value) = object.get(field) else {
        return default;
    };
    match value.as_u64().and_then(|n| usize::try_from(n).ok()) {
        Some(number) if (min..=max).contains(&number) => number,
        _ => {
            problems.push(InvalidParameter::new(
                field,
                Some("is_integer"),
                format!("{field} must be an integer between {min} and {max}"),
            ));
            default
        }
    }
}

fn render(record: &RequestRecord) -> Value {
    let scoped = |id: Option<Uuid>| id.map(|id| format!("{}:{id}", record.control_plane));
    json!({
        "request_start": timefmt::iso_millis(record.started_at),
        "api_product": record.api_product,
        "api_product_version": record.api_product_version,
        "application": null,
        "auth_type": null,
        "client_ip": record.client_ip,
        "consumer": null,
        "control_plane": record.control_plane,
        "gateway_service": scoped(record.gateway_service),
        "route": scoped(record.route),
        "header_host": record.header_host,
        "header_user_agent": record.header_user_agent,
        "http_method": record.method,
        "request_uri": record.request_uri,
        "upstream_uri": record.upstream_uri,
        "response_http_status": record.status.to_string(),
        "response_header_content_type": record.response_content_type,
        "response_body_size": record.response_body_size,
        "latencies_response_ms": record.latency_total_ms,
        "latencies_upstream_ms": record.latency_upstream_ms,
        "latencies_kong_gateway_ms": record
            .latency_upstream_ms
            .map_or(record.latency_total_ms, |upstream| record.latency_total_ms.saturating_sub(upstream)),
        "service_protocol": record.service_protocol,
        "service_port": record.service_port.map(|port| port.to_string()),
        "trace_id": record.trace_id,
    })
}
