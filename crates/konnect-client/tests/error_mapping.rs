//! Every recorded error body, through a real endpoint call, to the error the UI gets.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::BTreeMap;

use konnect_client::{ErrorKind, PageQuery, TransportError};
use serde_json::{Value, json};
use support::{mock_client_without_retries, recorded, run};

const CP: &str = "e4d9ebb1-26b4-426a-b00e-cb67044f3baf";

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn problem_json_invalid_parameters_become_field_errors() {
    let (transport, client) = mock_client_without_retries();
    transport.reply(Ok(recorded(400, "problem-400-invalid-parameters.json")));
    let product = konnect_client::NewApiProduct {
        name: String::new(),
        ..Default::default()
    };
    let error = run(client.create_api_product(&product)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert_eq!(error.status(), Some(400));
    assert_eq!(error.server_message(), Some("Invalid Parameters"));
    assert_eq!(
        error.field_errors(),
        &fields(&[("name", "name must be longer than or equal to 1 characters")])
    );
    assert_eq!(
        error.user_message(),
        "Could not create the service \u{201c}\u{201d}. Konnect refused the values sent (HTTP 400). \
         Konnect says: \u{201c}Invalid Parameters\u{201d}. Correct these fields and try again: name."
    );
}

#[test]
fn problem_json_with_several_invalid_parameters_keeps_each() {
    let (transport, client) = mock_client_without_retries();
    transport.reply(Ok(recorded(400, "problem-400-unknown-property.json")));
    let error = run(client.query_api_requests(&Default::default())).unwrap_err();
    assert_eq!(
        error.field_errors(),
        &fields(&[
            (
                "time_range.start_date",
                "start must be a valid date in ISO format"
            ),
            (
                "time_range.time_range",
                "property time_range should not exist"
            ),
        ])
    );
}

#[test]
fn unauthorized_tells_the_user_to_reconnect() {
    let (transport, client) = mock_client_without_retries();
    transport.reply(Ok(recorded(401, "problem-401.json")));
    let error = run(client.whoami()).unwrap_err();
    assert!(error.is_unauthorized());
    assert_eq!(error.status(), Some(401));
    assert_eq!(
        error.user_message(),
        "Could not check who the token belongs to. Your token was rejected or has expired. Reconnect with a valid token."
    );
}

#[test]
fn core_entities_unauthorized_body_is_the_same_error() {
    let (transport, client) = mock_client_without_retries();
    transport.reply(Ok(recorded(401, "core-entities-401.json")));
    let error = run(client.list_services::<Value>(CP, 10, None)).unwrap_err();
    assert!(error.is_unauthorized());
    assert_eq!(error.server_message(), Some("Unauthorized"));
}

#[test]
fn forbidden_names_the_permission_problem() {
    let (transport, client) = mock_client_without_retries();
    transport.reply(Ok(recorded(403, "problem-403.json")));
    let error = run(client.list_control_planes(&PageQuery::first(10))).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Forbidden);
    assert_eq!(
        error.user_message(),
        "Could not load the control planes. Your token is not allowed to do this (HTTP 403). Konnect says: \
         \u{201c}You do not have permission to perform this action\u{201d}. Ask an organization administrator \
         for the permission, or connect with a token that has it."
    );
}

#[test]
fn not_found_on_a_product_is_an_error_but_on_a_core_entity_get_is_none() {
    let (transport, client) = mock_client_without_retries();
    transport.reply(Ok(recorded(404, "problem-404.json")));
    let error = run(client.get_api_product("d32d905a-ed33-46a3-a093-d8f536af9a8a")).unwrap_err();
    assert!(error.is_not_found());
    assert_eq!(
        error.user_message(),
        "Could not load service d32d905a-ed33-46a3-a093-d8f536af9a8a. It was not found (HTTP 404): it may have \
         been deleted, or it belongs to another organization or region. Konnect says: \u{201c}Not Found\u{201d}. \
         Reload the list, and check the region in the connection settings."
    );

    transport.reply(Ok(recorded(404, "kong-404-not-found.json")));
    let missing = run(client.get_service::<Value>(CP, "flights")).unwrap();
    assert_eq!(missing, None);
}

#[test]
fn problem_json_conflict() {
    let (transport, client) = mock_client_without_retries();
    transport.reply(Ok(recorded(409, "problem-409.json")));
    let version = konnect_client::NewProductVersion {
        name: "v1".into(),
        ..Default::default()
    };
    let error = run(client.create_product_version("p1", &version)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert!(error.field_errors().is_empty());
    assert!(error.user_message().starts_with(
        "Could not create the version \u{201c}v1\u{201d}. It conflicts with what already exists (HTTP 409)."
    ));
    assert!(
        error
            .user_message()
            .ends_with("Use another name, or remove what is in the way first.")
    );
}

#[test]
fn core_entities_validation_details_map_per_field_and_entity() {
    let (transport, client) = mock_client_without_retries();
    transport.reply(Ok(recorded(400, "core-entities-400-validation.json")));
    let error = run(client.create_service(CP, &json!({"name": "bad name!"}))).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert_eq!(error.server_message(), Some("validation error"));
    assert_eq!(
        error.field_errors(),
        &fields(&[
            ("@entity", "at least one of 'url' or 'host' must be set"),
            ("host", "missing properties: 'host'"),
            (
                "name",
                "must match pattern '^[0-9a-zA-Z.\\-_~]*$'; length must be at most 128"
            ),
        ])
    );
    assert_eq!(
        error.user_message(),
        "Could not create the gateway service \u{201c}bad name!\u{201d}. Konnect refused the values sent (HTTP 400). \
         Konnect says: \u{201c}validation error\u{201d}. At least one of 'url' or 'host' must be set. \
         Correct these fields and try again: host, name."
    );
}

#[test]
fn kong_admin_schema_violation_is_flattened_like_kong_keys_it() {
    let (transport, client) = mock_client_without_retries();
    transport.reply(Ok(recorded(400, "kong-admin-400-schema-violation.json")));
    let error = run(client.create_route(CP, &json!({"name": "r1"}))).unwrap_err();
    assert_eq!(
        error.field_errors(),
        &fields(&[
            (
                "@entity",
                "at least one of these fields must be non-empty: 'methods', 'hosts', 'headers', 'paths', 'snis'"
            ),
            (
                "paths.2",
                "should start with: / (fixed path) or ~/ (regex path)"
            ),
            ("protocols", "unknown type: htp"),
            ("service.id", "expected a valid UUID"),
        ])
    );
    assert!(
        error
            .user_message()
            .ends_with("Correct these fields and try again: paths.2, protocols, service.id.")
    );
}

#[test]
fn kong_admin_unique_violation_is_a_conflict_with_kongs_message() {
    let (transport, client) = mock_client_without_retries();
    transport.reply(Ok(recorded(409, "kong-admin-409-unique.json")));
    let error = run(client.put_service(CP, "flights", &json!({"name": "flights"}))).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert_eq!(
        error.server_message(),
        Some("UNIQUE violation detected on '{name=\"flights\"}'")
    );
    assert_eq!(error.field_errors(), &fields(&[("name", "flights")]));
    assert_eq!(
        error.user_message(),
        "Could not save the gateway service \u{201c}flights\u{201d}. The name is already used by another one (HTTP 409). \
         Choose another name."
    );
}

#[test]
fn deleting_a_service_that_routes_still_use_says_to_delete_the_routes_first() {
    let (transport, client) = mock_client_without_retries();
    transport.reply(Ok(recorded(
        400,
        "core-entities-400-foreign-reference.json",
    )));
    let error = run(client.delete_service(CP, "flights")).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InUse);
    assert_eq!(
        error.user_message(),
        "Could not delete the gateway service \u{201c}flights\u{201d}. It is still in use (HTTP 400): other entities \
         refer to it. Delete those first (for a gateway service, its routes), then try again."
    );
}

#[test]
fn nestjs_constraint_list_maps_to_fields() {
    let (transport, client) = mock_client_without_retries();
    transport.reply(Ok(recorded(400, "nestjs-400.json")));
    let error = run(client.list_api_products(&PageQuery::first(1))).unwrap_err();
    assert_eq!(
        error.field_errors(),
        &fields(&[(
            "name",
            "name must be shorter than or equal to 100 characters"
        )])
    );
}

#[test]
fn rate_limit_after_retries_says_how_long_to_wait() {
    let (transport, client) = mock_client_without_retries();
    transport.reply(Ok(
        recorded(429, "problem-429.json").with_header("Retry-After", "30")
    ));
    let error = run(client.list_control_planes(&PageQuery::first(10))).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::RateLimited);
    assert_eq!(error.retry_after_seconds(), Some(30));
    assert_eq!(
        error.user_message(),
        "Could not load the control planes. Konnect is limiting the request rate (HTTP 429). Wait 30 s and try again."
    );
}

#[test]
fn server_errors_with_problem_or_html_bodies() {
    let (transport, client) = mock_client_without_retries();
    transport.reply(Ok(recorded(503, "problem-503.json")));
    let error = run(client.list_control_planes(&PageQuery::first(10))).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ServerError);
    assert_eq!(
        error.user_message(),
        "Could not load the control planes. Konnect had a problem answering (HTTP 503). Konnect says: \
         \u{201c}Could not retrieve permissions to check resource accessibility\u{201d}. Try again in a minute."
    );

    transport.reply(Ok(recorded(502, "html-502.html")));
    let error = run(client.list_control_planes(&PageQuery::first(10))).unwrap_err();
    assert_eq!(error.server_message(), None);
    assert_eq!(
        error.user_message(),
        "Could not load the control planes. Konnect had a problem answering (HTTP 502). Try again in a minute."
    );
}

#[test]
fn network_failure_mentions_cors_and_the_proxy_setting() {
    let (transport, client) = mock_client_without_retries();
    transport.fail(TransportError::Network {
        detail: "TypeError: Failed to fetch".into(),
    });
    let error = run(client.whoami()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Network);
    assert_eq!(error.status(), None);
    assert_eq!(
        error.user_message(),
        "Could not check who the token belongs to. Konnect could not be reached. Check your network connection. \
         If the app calls Konnect directly from the browser, Konnect may refuse the cross-origin request (CORS): \
         use a same-origin proxy prefix in the connection settings."
    );
}

#[test]
fn timeout_and_cancellation() {
    let (transport, client) = mock_client_without_retries();
    transport.fail(TransportError::Timeout);
    let error = run(client.get_control_plane("cp")).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert_eq!(
        error.user_message(),
        "Could not load control plane cp. Konnect did not answer in time. Check your network connection and try again."
    );

    transport.fail(TransportError::Aborted);
    let error = run(client.get_control_plane("cp")).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Aborted);
    assert_eq!(
        error.user_message(),
        "Could not load control plane cp. The request was cancelled."
    );
}

#[test]
fn a_success_with_an_unreadable_body_is_an_unexpected_response() {
    let (transport, client) = mock_client_without_retries();
    transport.reply_json(200, "<html>captive portal</html>");
    let error = run(client.current_organization()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::UnexpectedResponse);
    assert_eq!(
        error.user_message(),
        "Could not load your organization. The answer was not in the expected format (expected value at line 1 \
         column 1). Check that the API address in the connection settings points at Konnect or the local sandbox."
    );
}

/// A body whose serialization fails, as a map with non-string keys would.
#[derive(serde::Deserialize)]
struct Unwritable;

impl serde::Serialize for Unwritable {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("key must be a string"))
    }
}

impl konnect_client::NamedEntity for Unwritable {
    fn entity_name(&self) -> Option<&str> {
        Some("odd")
    }
}

#[test]
fn a_body_that_cannot_be_written_is_not_sent() {
    let (transport, client) = mock_client_without_retries();
    let error = match run(client.create_service(CP, &Unwritable)) {
        Ok(_) => panic!("an unwritable body was accepted"),
        Err(error) => error,
    };
    assert!(transport.requests().is_empty());
    assert_eq!(error.kind(), ErrorKind::RequestNotSent);
    assert_eq!(
        error.user_message(),
        "Could not create the gateway service \u{201c}odd\u{201d}. The request could not be prepared, so nothing \
         was sent (key must be a string). This is a bug in the app: please report it."
    );
}
