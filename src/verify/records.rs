//! The status-code records: a version's recent requests (`POST /v2/api-requests`) counted by
//! HTTP status.

use domain::short_sort;
use konnect_client::{
    ApiRequestRecord, ApiRequestsQuery, RelativeTimeRange, RequestsFilter, RequestsOrder, TimeRange,
};

/// How many records one query asks for; the table says "at least" when this many came back.
pub const RECORDS_LIMIT: u32 = 1000;

/// The version's requests of the last hour, newest first: Konnect records a request under the
/// gateway service that served it, and service ids are only unique within a control plane.
pub fn records_query(control_plane_id: &str, service_id: &str) -> ApiRequestsQuery {
    ApiRequestsQuery {
        filters: vec![
            RequestsFilter::control_plane(control_plane_id),
            RequestsFilter::gateway_service(control_plane_id, service_id),
        ],
        time_range: Some(TimeRange::last(RelativeTimeRange::OneHour)),
        order: Some(RequestsOrder::Descending),
        size: Some(RECORDS_LIMIT),
        offset: None,
    }
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCount {
    /// `None` for records without a readable status.
    pub status: Option<u16>,
    pub count: usize,
    /// The latest `request_start` among them, as Konnect wrote it (ISO-8601 UTC).
    pub last_seen: Option<String>,
}

/// Counts records by status, in status order (unreadable statuses last).
pub fn group_by_status(records: &[ApiRequestRecord]) -> Vec<StatusCount> {
    let mut rows: Vec<StatusCount> = Vec::new();
    for record in records {
        let status = record.status_code();
        let index = match rows.iter().position(|row| row.status == status) {
            Some(index) => index,
            None => {
                rows.push(StatusCount {
                    status,
                    count: 0,
                    last_seen: None,
                });
                rows.len() - 1
            }
        };
        let row = &mut rows[index];
        row.count += 1;
        // ISO-8601 timestamps in one format and zone sort as text, so no date parsing is needed.
        if let Some(start) = &record.request_start
            && row.last_seen.as_ref().is_none_or(|seen| start > seen)
        {
            row.last_seen = Some(start.clone());
        }
    }
    short_sort::sort_by_key(&mut rows, |row| (row.status.is_none(), row.status));
    rows
}

/// `2026-12-04T17:50:12.345Z` → `2026-12-04 17:50:12 UTC`; anything else is shown as sent.
pub fn readable_time(timestamp: &str) -> String {
    let Some((date, time)) = timestamp.split_once('T') else {
        return timestamp.to_owned();
    };
    let utc = time.ends_with('Z');
    let seconds = time
        .get(..8)
        .filter(|clock| clock.len() == 8 && clock.as_bytes()[2] == b':');
    match (seconds, utc) {
        (Some(clock), true) => format!("{date} {clock} UTC"),
        _ => timestamp.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(status: &str, start: &str) -> ApiRequestRecord {
        ApiRequestRecord {
            response_http_status: Some(status.to_owned()),
            request_start: Some(start.to_owned()),
            ..ApiRequestRecord::default()
        }
    }

    #[test]
    fn counts_by_status_with_the_latest_time() {
        let records = [
            record("404", "2026-12-04T17:50:03Z"),
            record("200", "2026-12-04T17:50:02Z"),
            record("200", "2026-12-04T17:50:09Z"),
            record("200", "2026-12-04T17:49:59Z"),
            record("oops", "2026-12-04T17:40:00Z"),
            record("502", "2026-12-04T17:45:00Z"),
        ];
        assert_eq!(
            group_by_status(&records),
            vec![
                StatusCount {
                    status: Some(200),
                    count: 3,
                    last_seen: Some("2026-12-04T17:50:09Z".into())
                },
                StatusCount {
                    status: Some(404),
                    count: 1,
                    last_seen: Some("2026-12-04T17:50:03Z".into())
                },
                StatusCount {
                    status: Some(502),
                    count: 1,
                    last_seen: Some("2026-12-04T17:45:00Z".into())
                },
                StatusCount {
                    status: None,
                    count: 1,
                    last_seen: Some("2026-12-04T17:40:00Z".into())
                },
            ]
        );
        assert_eq!(group_by_status(&[]), vec![]);
    }

    #[test]
    fn a_record_without_a_time_still_counts() {
        let records = [ApiRequestRecord {
            response_http_status: Some("200".into()),
            ..ApiRequestRecord::default()
        }];
        assert_eq!(
            group_by_status(&records),
            vec![StatusCount {
                status: Some(200),
                count: 1,
                last_seen: None
            }]
        );
    }

    #[test]
    fn the_query_filters_by_control_plane_and_gateway_service() {
        let query = serde_json::to_value(records_query("cp-1", "svc-9")).ok();
        assert_eq!(
            query,
            Some(serde_json::json!({
                "filters": [
                    {"dimension": "control_plane", "type": "in", "values": ["cp-1"]},
                    {"dimension": "gateway_service", "type": "in", "values": ["cp-1:svc-9"]}
                ],
                "time_range": {"type": "relative", "time_range": "1H"},
                "order": "descending",
                "size": 1000
            }))
        );
    }

    #[test]
    fn times_are_shown_to_the_second_in_utc() {
        assert_eq!(
            readable_time("2026-12-04T17:50:12.345Z"),
            "2026-12-04 17:50:12 UTC"
        );
        assert_eq!(
            readable_time("2026-12-04T17:50:12Z"),
            "2026-12-04 17:50:12 UTC"
        );
        assert_eq!(
            readable_time("2026-12-04T17:50:12+01:00"),
            "2026-12-04T17:50:12+01:00"
        );
        assert_eq!(readable_time("yesterday"), "yesterday");
        assert_eq!(readable_time("2026-12-04T1"), "2026-12-04T1");
    }
}
