//! Every endpoint against the in-process sandbox, over real HTTP on 127.0.0.1.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use konnect_client::{
    ApiRequestsQuery, ErrorKind, GatewayServiceRef, NewApiProduct, NewProductVersion, PageLimits,
    PageQuery, RelativeTimeRange, RequestsFilter, TimeRange, Token,
};
use serde_json::{Value, json};
use support::native::{ReqwestTransport, control_plane_id, sandbox_client, start_sandbox};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whoami_shows_the_sandbox_organization() {
    let sandbox = start_sandbox().await;
    let whoami = sandbox_client(&sandbox).whoami().await.unwrap();
    assert_eq!(whoami.organization.name, "Local sandbox");
    assert_eq!(
        whoami.user.email.as_deref(),
        Some("developer@sandbox.local")
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_token_is_unauthorized_with_advice() {
    let sandbox = start_sandbox().await;
    let client = konnect_client::Client::new(
        ReqwestTransport::default(),
        konnect_client::ApiBase::single(&sandbox.api_url()),
        Token::new("kpat_wrong"),
    );
    let error = client.whoami().await.unwrap_err();
    assert!(error.is_unauthorized());
    assert_eq!(error.status(), Some(401));
    assert_eq!(
        error.user_message(),
        "Could not check who the token belongs to. Your token was rejected or has expired. Reconnect with a valid token."
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_planes_are_listed_paged_and_fetched() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox);
    let mut pager = client.control_planes(PageLimits::new(1, 10));
    let mut names = Vec::new();
    while let Some(page) = pager.next_page().await.unwrap() {
        assert!(page.len() <= 1);
        names.extend(page.into_iter().map(|cp| cp.name));
    }
    names.sort();
    assert_eq!(names, vec!["default", "staging"]);
    assert_eq!(pager.total(), Some(2));

    let id = control_plane_id(&client, "staging").await;
    assert_eq!(client.get_control_plane(&id).await.unwrap().name, "staging");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_products_and_versions() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox);
    let page = client
        .list_api_products(&PageQuery::first(10).named("Flight Data"))
        .await
        .unwrap();
    assert_eq!(page.data.len(), 1);
    let flight_data = &page.data[0];
    assert_eq!(
        client.get_api_product(&flight_data.id).await.unwrap().name,
        "Flight Data"
    );

    let versions = client
        .product_versions(&flight_data.id, PageLimits::new(10, 10))
        .collect_remaining()
        .await
        .unwrap();
    let mut summary: Vec<_> = versions
        .iter()
        .map(|v| (v.name.as_str(), v.is_implemented()))
        .collect();
    summary.sort();
    assert_eq!(summary, vec![("v1", false), ("v2", true)]);

    let all = client
        .api_products(None, PageLimits::new(1, 100))
        .collect_remaining()
        .await
        .unwrap();
    let mut names: Vec<_> = all.iter().map(|product| product.name.as_str()).collect();
    names.sort();
    assert_eq!(names, vec!["Flight Data", "Payments"]);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn implement_a_version_end_to_end_then_take_it_apart() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox);
    let cp = control_plane_id(&client, "default").await;

    let product = client
        .create_api_product(&NewApiProduct {
            name: "Weather".into(),
            description: Some("Forecasts".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let version = client
        .create_product_version(
            &product.id,
            &NewProductVersion {
                name: "v1".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(!version.is_implemented());

    let service: Value = client
        .create_service(
            &cp,
            &json!({"name": "weather-v1", "protocol": "http", "host": "example.com", "port": 80, "path": "/weather"}),
        )
        .await
        .unwrap();
    let service_id = service["id"].as_str().unwrap_or_default().to_owned();
    let route: Value = client
        .create_route(
            &cp,
            &json!({"name": "weather-forecast", "paths": ["/weather"], "methods": ["GET"], "service": {"id": service_id}}),
        )
        .await
        .unwrap();
    let route_id = route["id"].as_str().unwrap_or_default().to_owned();

    let link = GatewayServiceRef {
        id: service_id.clone(),
        control_plane_id: cp.clone(),
    };
    let linked = client
        .set_version_gateway_service(&product.id, &version.id, Some(&link))
        .await
        .unwrap();
    assert_eq!(linked.gateway_service, Some(link));
    assert!(
        client
            .get_product_version(&product.id, &version.id)
            .await
            .unwrap()
            .is_implemented()
    );

    let found: Option<Value> = client.get_service(&cp, "weather-v1").await.unwrap();
    assert_eq!(found.map(|s| s["id"].clone()), Some(json!(service_id)));
    let routes = client
        .list_service_routes::<Value>(&cp, &service_id, 10, None)
        .await
        .unwrap();
    assert_eq!(routes.data.len(), 1);
    assert_eq!(routes.data[0]["name"], "weather-forecast");

    let edited: Value = client
        .put_route(
            &cp,
            &route_id,
            &json!({"name": "weather-forecast", "paths": ["/weather", "/forecast"], "methods": ["GET"], "service": {"id": service_id}}),
        )
        .await
        .unwrap();
    assert_eq!(edited["paths"], json!(["/weather", "/forecast"]));
    let edited_service: Value = client
        .put_service(
            &cp,
            &service_id,
            &json!({"name": "weather-v1", "protocol": "http", "host": "example.org", "port": 80}),
        )
        .await
        .unwrap();
    assert_eq!(edited_service["host"], "example.org");

    let in_use = client.delete_service(&cp, &service_id).await.unwrap_err();
    assert_eq!(in_use.kind(), ErrorKind::InUse);
    assert!(
        in_use
            .user_message()
            .contains("Delete those first (for a gateway service, its routes)")
    );

    client.delete_route(&cp, &route_id).await.unwrap();
    assert_eq!(
        client.get_route::<Value>(&cp, &route_id).await.unwrap(),
        None
    );
    client.delete_service(&cp, &service_id).await.unwrap();
    assert_eq!(
        client.get_service::<Value>(&cp, &service_id).await.unwrap(),
        None
    );

    let unlinked = client
        .set_version_gateway_service(&product.id, &version.id, None)
        .await
        .unwrap();
    assert!(!unlinked.is_implemented());
    client
        .delete_product_version(&product.id, &version.id)
        .await
        .unwrap();
    client.delete_api_product(&product.id).await.unwrap();
    assert!(
        client
            .get_api_product(&product.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_taken_service_name_is_a_409_naming_the_field() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox);
    let cp = control_plane_id(&client, "default").await;
    let body =
        json!({"name": "flight-data-v2", "protocol": "http", "host": "example.com", "port": 80});
    let error = client
        .create_service::<Value>(&cp, &body)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert_eq!(error.status(), Some(409));
    assert!(
        error.field_errors().contains_key("name"),
        "{:?}",
        error.field_errors()
    );
    assert_eq!(
        error.user_message(),
        "Could not create the gateway service \u{201c}flight-data-v2\u{201d}. The name is already used by another \
         one (HTTP 409). Choose another name."
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_and_unknown_fields_come_back_per_field() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox);
    let cp = control_plane_id(&client, "default").await;
    let error = client
        .create_service::<Value>(
            &cp,
            &json!({"name": "bad", "protocol": "http", "host": "example.com", "colour": "red"}),
        )
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert!(error.field_errors().contains_key("colour"), "{error:?}");

    let error = client
        .create_api_product(&NewApiProduct {
            name: String::new(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error:?}");
    assert!(error.field_errors().contains_key("name"), "{error:?}");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn services_pager_pages_with_offsets_and_stops_at_the_cap() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox);
    let cp = control_plane_id(&client, "default").await;
    for index in 0..4 {
        let body = json!({"name": format!("svc-{index}"), "protocol": "http", "host": "example.com", "port": 80});
        client.create_service::<Value>(&cp, &body).await.unwrap();
    }
    let mut pager = client.services::<Value>(&cp, PageLimits::new(2, 3));
    let first = pager.next_page().await.unwrap().unwrap_or_default();
    assert_eq!(first.len(), 2);
    let second = pager.next_page().await.unwrap().unwrap_or_default();
    assert_eq!(second.len(), 1);
    assert!(pager.reached_cap());
    assert_eq!(pager.next_page().await.unwrap(), None);

    let everything = client
        .services::<Value>(&cp, PageLimits::new(2, 100))
        .collect_remaining()
        .await
        .unwrap();
    assert_eq!(everything.len(), 5, "4 new services plus the demo one");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proxied_requests_are_recorded_and_queryable() {
    let sandbox = start_sandbox().await;
    let client = sandbox_client(&sandbox);
    let cp = control_plane_id(&client, "default").await;
    let proxied = reqwest::get(format!("{}/flight-data/v2/flights", sandbox.proxy_url()))
        .await
        .unwrap();
    assert_eq!(proxied.status().as_u16(), 200);

    let query = ApiRequestsQuery {
        filters: vec![
            RequestsFilter::control_plane(&cp),
            RequestsFilter::status_codes(&[200]),
        ],
        time_range: Some(TimeRange::last(RelativeTimeRange::FifteenMinutes)),
        ..Default::default()
    };
    let answer = client.query_api_requests(&query).await.unwrap();
    assert_eq!(answer.results.len(), 1, "{answer:?}");
    let record = &answer.results[0];
    assert_eq!(record.status_code(), Some(200));
    assert_eq!(record.control_plane.as_deref(), Some(cp.as_str()));
    assert_eq!(record.http_method.as_deref(), Some("GET"));
    sandbox.shutdown().await;
}
