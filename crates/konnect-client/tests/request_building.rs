//! What goes on the wire for each endpoint: method, URL (with query encoding), headers, body.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use konnect_client::mock::MockTransport;
use konnect_client::{
    ApiBase, ApiRequestsQuery, Client, GatewayServiceRef, HttpRequest, Method, NewApiProduct,
    NewProductVersion, PageLimits, PageQuery, PublishStatus, Region, RelativeTimeRange,
    RequestsFilter, TimeRange, Token,
};
use serde_json::{Value, json};
use support::{TOKEN, mock_client, run};

const CP: &str = "e4d9ebb1-26b4-426a-b00e-cb67044f3baf";
const PRODUCT: &str = "d32d905a-ed33-46a3-a093-d8f536af9a8a";
const VERSION: &str = "9f5061ce-78f6-4452-9108-ad7c02821fd5";
const US: &str = "https://us.api.konghq.com";

const PRODUCT_JSON: &str = r#"{"id":"d32d905a-ed33-46a3-a093-d8f536af9a8a","name":"Flight Data","description":null,
    "portal_ids":[],"version_count":2,"labels":{},"created_at":"2023-01-01T00:00:00.000Z","updated_at":"2023-01-01T00:00:00.000Z"}"#;
const VERSION_JSON: &str = r#"{"id":"9f5061ce-78f6-4452-9108-ad7c02821fd5","name":"v2",
    "gateway_service":{"runtime_group_id":"e4d9ebb1-26b4-426a-b00e-cb67044f3baf","control_plane_id":"e4d9ebb1-26b4-426a-b00e-cb67044f3baf","id":"09b4786a-3e48-4631-8f6b-62d1d8e1a7f3"},
    "publish_status":"unpublished","deprecated":false,"created_at":"2023-01-01T00:00:00.000Z","updated_at":"2023-01-01T00:00:00.000Z"}"#;
const EMPTY_NUMBER_PAGE: &str = r#"{"data":[],"meta":{"page":{"number":1,"size":10,"total":0}}}"#;
const EMPTY_OFFSET_PAGE: &str = r#"{"data":[],"next":null}"#;

fn only_request(transport: &MockTransport) -> HttpRequest {
    let mut requests = transport.requests();
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {requests:?}"
    );
    requests.remove(0)
}

fn body_json(request: &HttpRequest) -> Value {
    let body = request.body.as_deref().unwrap_or("null");
    serde_json::from_str(body).unwrap_or(Value::Null)
}

fn assert_get(request: &HttpRequest, url: &str) {
    assert_eq!(request.method, Method::Get);
    assert_eq!(request.url, url);
    assert_eq!(request.body, None);
    assert_eq!(request.header("content-type"), None);
}

#[test]
fn every_request_carries_the_bearer_token_only_in_the_authorization_header() {
    let (transport, client) = mock_client();
    transport.reply_json(200, EMPTY_NUMBER_PAGE);
    run(client.list_control_planes(&PageQuery::first(10))).unwrap();
    let request = only_request(&transport);
    let headers: Vec<_> = request.header_pairs().collect();
    assert_eq!(
        headers,
        vec![
            ("accept", "application/json".to_owned()),
            ("authorization", format!("Bearer {TOKEN}")),
        ]
    );
    assert!(!request.url.contains(TOKEN));
    assert!(!format!("{request:?}").contains(TOKEN));
    assert!(!format!("{client:?}").contains(TOKEN));
    assert_eq!(request.timeout, konnect_client::DEFAULT_TIMEOUT);
}

#[test]
fn identity_goes_to_the_global_host() {
    let (transport, client) = mock_client();
    transport
        .reply_json(200, r#"{"id":"7f9fd312-a987-4628-b4c5-bb4f4fddd5f7","email":"user@email.com","full_name":"Test User"}"#)
        .reply_json(200, r#"{"id":"023bfa42-3513-4cbf-b059-a9ddb4ea995d","name":"Acme Co.","state":"active"}"#);
    let whoami = run(client.whoami()).unwrap();
    assert_eq!(whoami.organization.name, "Acme Co.");
    assert_eq!(whoami.user.email.as_deref(), Some("user@email.com"));
    let urls: Vec<_> = transport
        .requests()
        .into_iter()
        .map(|request| request.url)
        .collect();
    assert_eq!(
        urls,
        vec![
            "https://global.api.konghq.com/v3/users/me",
            "https://global.api.konghq.com/v3/organizations/me"
        ]
    );
}

#[test]
fn same_origin_proxy_and_sandbox_bases_prefix_every_path() {
    let transport = MockTransport::new();
    let proxied = Client::new(
        transport.clone(),
        ApiBase::same_origin_proxy("/konnect", Region::Eu),
        Token::new("t"),
    );
    transport
        .reply_json(200, EMPTY_NUMBER_PAGE)
        .reply_json(200, r#"{"id":"u"}"#);
    run(proxied.list_api_products(&PageQuery::first(5))).unwrap();
    run(proxied.current_user()).unwrap();
    let urls: Vec<_> = transport
        .requests()
        .into_iter()
        .map(|request| request.url)
        .collect();
    assert_eq!(
        urls,
        vec![
            "/konnect/eu/v2/api-products?page%5Bsize%5D=5&page%5Bnumber%5D=1",
            "/konnect/global/v3/users/me"
        ]
    );

    let transport = MockTransport::new();
    let sandbox = Client::new(
        transport.clone(),
        ApiBase::single("http://127.0.0.1:8070"),
        Token::new("t"),
    );
    transport.reply_json(200, r#"{"id":"o","name":"Local sandbox"}"#);
    run(sandbox.current_organization()).unwrap();
    assert_eq!(
        only_request(&transport).url,
        "http://127.0.0.1:8070/v3/organizations/me"
    );
}

#[test]
fn control_plane_list_and_get() {
    let (transport, client) = mock_client();
    transport.reply_json(200, EMPTY_NUMBER_PAGE);
    run(client.list_control_planes(&PageQuery::first(20).page(3).named("default"))).unwrap();
    assert_get(
        &only_request(&transport),
        &format!(
            "{US}/v2/control-planes?page%5Bsize%5D=20&page%5Bnumber%5D=3&filter%5Bname%5D=default"
        ),
    );

    let (transport, client) = mock_client();
    transport.reply_json(
        200,
        &format!(r#"{{"id":"{CP}","name":"default","labels":{{"env":"test"}}}}"#),
    );
    let control_plane = run(client.get_control_plane(CP)).unwrap();
    assert_eq!(control_plane.id, CP);
    assert_eq!(control_plane.name, "default");
    assert_get(
        &only_request(&transport),
        &format!("{US}/v2/control-planes/{CP}"),
    );
}

#[test]
fn api_product_list_encodes_the_name_filter() {
    let (transport, client) = mock_client();
    transport.reply_json(200, EMPTY_NUMBER_PAGE);
    run(client.list_api_products(&PageQuery::first(10).named("Flight Data & Co/2"))).unwrap();
    assert_get(
        &only_request(&transport),
        &format!(
            "{US}/v2/api-products?page%5Bsize%5D=10&page%5Bnumber%5D=1&filter%5Bname%5D=Flight%20Data%20%26%20Co%2F2"
        ),
    );
}

#[test]
fn api_product_create_get_delete() {
    let (transport, client) = mock_client();
    transport.reply_json(201, PRODUCT_JSON);
    let new = NewApiProduct {
        name: "Flight Data".into(),
        description: Some("Flights".into()),
        ..Default::default()
    };
    let product = run(client.create_api_product(&new)).unwrap();
    assert_eq!(product.id, PRODUCT);
    assert_eq!(product.version_count, 2);
    let request = only_request(&transport);
    assert_eq!(request.method, Method::Post);
    assert_eq!(request.url, format!("{US}/v2/api-products"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        body_json(&request),
        json!({"name": "Flight Data", "description": "Flights"})
    );

    let (transport, client) = mock_client();
    transport.reply_json(200, PRODUCT_JSON);
    run(client.get_api_product(PRODUCT)).unwrap();
    assert_get(
        &only_request(&transport),
        &format!("{US}/v2/api-products/{PRODUCT}"),
    );

    let (transport, client) = mock_client();
    transport.reply(Ok(konnect_client::HttpResponse {
        status: 204,
        headers: vec![],
        body: String::new(),
    }));
    run(client.delete_api_product(PRODUCT)).unwrap();
    let request = only_request(&transport);
    assert_eq!(request.method, Method::Delete);
    assert_eq!(request.url, format!("{US}/v2/api-products/{PRODUCT}"));
    assert_eq!(request.body, None);
}

#[test]
fn product_versions_list_create_get_delete() {
    let versions = format!("{US}/v2/api-products/{PRODUCT}/product-versions");

    let (transport, client) = mock_client();
    transport.reply_json(200, EMPTY_NUMBER_PAGE);
    run(client.list_product_versions(PRODUCT, &PageQuery::first(50).named("v2"))).unwrap();
    assert_get(
        &only_request(&transport),
        &format!("{versions}?page%5Bsize%5D=50&page%5Bnumber%5D=1&filter%5Bname%5D=v2"),
    );

    let (transport, client) = mock_client();
    transport.reply_json(201, VERSION_JSON);
    let new = NewProductVersion {
        name: "v2".into(),
        publish_status: Some(PublishStatus::Unpublished),
        ..Default::default()
    };
    let version = run(client.create_product_version(PRODUCT, &new)).unwrap();
    assert!(version.is_implemented());
    let request = only_request(&transport);
    assert_eq!(
        (request.method, request.url.as_str()),
        (Method::Post, versions.as_str())
    );
    assert_eq!(
        body_json(&request),
        json!({"name": "v2", "publish_status": "unpublished"})
    );

    let (transport, client) = mock_client();
    transport.reply_json(200, VERSION_JSON);
    run(client.get_product_version(PRODUCT, VERSION)).unwrap();
    assert_get(&only_request(&transport), &format!("{versions}/{VERSION}"));

    let (transport, client) = mock_client();
    transport.reply_json(204, "");
    run(client.delete_product_version(PRODUCT, VERSION)).unwrap();
    let request = only_request(&transport);
    assert_eq!(
        (request.method, request.url.clone()),
        (Method::Delete, format!("{versions}/{VERSION}"))
    );
}

#[test]
fn version_gateway_service_is_patched_or_cleared_with_null() {
    let url = format!("{US}/v2/api-products/{PRODUCT}/product-versions/{VERSION}");
    let link = GatewayServiceRef {
        id: "09b4786a-3e48-4631-8f6b-62d1d8e1a7f3".into(),
        control_plane_id: CP.into(),
    };

    let (transport, client) = mock_client();
    transport.reply_json(200, VERSION_JSON);
    let version = run(client.set_version_gateway_service(PRODUCT, VERSION, Some(&link))).unwrap();
    assert_eq!(version.gateway_service, Some(link.clone()));
    let request = only_request(&transport);
    assert_eq!(
        (request.method, request.url.as_str()),
        (Method::Patch, url.as_str())
    );
    assert_eq!(
        body_json(&request),
        json!({"gateway_service": {"id": "09b4786a-3e48-4631-8f6b-62d1d8e1a7f3", "control_plane_id": CP}})
    );

    let (transport, client) = mock_client();
    transport.reply_json(
        200,
        &VERSION_JSON.replace(
            r#""id":"09b4786a-3e48-4631-8f6b-62d1d8e1a7f3""#,
            r#""id":null"#,
        ),
    );
    let version = run(client.set_version_gateway_service(PRODUCT, VERSION, None)).unwrap();
    assert_eq!(
        version.gateway_service, None,
        "an object with a null id means not implemented"
    );
    assert_eq!(
        body_json(&only_request(&transport)),
        json!({"gateway_service": null})
    );
}

#[test]
fn services_list_get_create_put_delete() {
    let services = format!("{US}/v2/control-planes/{CP}/core-entities/services");

    let (transport, client) = mock_client();
    transport.reply_json(200, EMPTY_OFFSET_PAGE);
    run(client.list_services::<Value>(CP, 100, Some("b2Zmc2V0+/="))).unwrap();
    assert_get(
        &only_request(&transport),
        &format!("{services}?size=100&offset=b2Zmc2V0%2B%2F%3D"),
    );

    let (transport, client) = mock_client();
    transport.reply_json(200, r#"{"id":"s1","name":"flights","host":"example.com"}"#);
    let found = run(client.get_service::<Value>(CP, "flights")).unwrap();
    assert_eq!(
        found,
        Some(json!({"id":"s1","name":"flights","host":"example.com"}))
    );
    assert_get(&only_request(&transport), &format!("{services}/flights"));

    let body = json!({"name": "flights", "protocol": "http", "host": "example.com", "port": 80, "enabled": true});
    let (transport, client) = mock_client();
    transport.reply_json(201, r#"{"id":"s1","name":"flights"}"#);
    run(client.create_service(CP, &body)).unwrap();
    let request = only_request(&transport);
    assert_eq!(
        (request.method, request.url.as_str()),
        (Method::Post, services.as_str())
    );
    assert_eq!(body_json(&request), body);

    let (transport, client) = mock_client();
    transport.reply_json(200, r#"{"id":"s1","name":"flights"}"#);
    run(client.put_service(CP, "s1", &body)).unwrap();
    let request = only_request(&transport);
    assert_eq!(
        (request.method, request.url.clone()),
        (Method::Put, format!("{services}/s1"))
    );
    assert_eq!(body_json(&request), body);

    let (transport, client) = mock_client();
    transport.reply_json(204, "");
    run(client.delete_service(CP, "s1")).unwrap();
    let request = only_request(&transport);
    assert_eq!(
        (request.method, request.url.clone()),
        (Method::Delete, format!("{services}/s1"))
    );
}

#[test]
fn routes_list_get_create_put_delete_and_nested_list() {
    let core = format!("{US}/v2/control-planes/{CP}/core-entities");

    let (transport, client) = mock_client();
    transport.reply_json(200, EMPTY_OFFSET_PAGE);
    run(client.list_routes::<Value>(CP, 5, None)).unwrap();
    assert_get(&only_request(&transport), &format!("{core}/routes?size=5"));

    let (transport, client) = mock_client();
    transport.reply_json(200, EMPTY_OFFSET_PAGE);
    run(client.list_service_routes::<Value>(CP, "s 1", 7, None)).unwrap();
    assert_get(
        &only_request(&transport),
        &format!("{core}/services/s%201/routes?size=7"),
    );

    let (transport, client) = mock_client();
    transport.reply_json(200, r#"{"id":"r1","name":"list-flights"}"#);
    run(client.get_route::<Value>(CP, "r1")).unwrap();
    assert_get(&only_request(&transport), &format!("{core}/routes/r1"));

    let body = json!({"name": "list-flights", "paths": ["/flights"], "service": {"id": "s1"}});
    let (transport, client) = mock_client();
    transport.reply_json(201, r#"{"id":"r1","name":"list-flights"}"#);
    run(client.create_route(CP, &body)).unwrap();
    let request = only_request(&transport);
    assert_eq!(
        (request.method, request.url.clone()),
        (Method::Post, format!("{core}/routes"))
    );
    assert_eq!(body_json(&request), body);

    let (transport, client) = mock_client();
    transport.reply_json(200, r#"{"id":"r1","name":"list-flights"}"#);
    run(client.put_route(CP, "r1", &body)).unwrap();
    let request = only_request(&transport);
    assert_eq!(
        (request.method, request.url.clone()),
        (Method::Put, format!("{core}/routes/r1"))
    );

    let (transport, client) = mock_client();
    transport.reply_json(204, "");
    run(client.delete_route(CP, "r1")).unwrap();
    let request = only_request(&transport);
    assert_eq!(
        (request.method, request.url.clone()),
        (Method::Delete, format!("{core}/routes/r1"))
    );
}

#[test]
fn api_requests_query_body() {
    let (transport, client) = mock_client();
    transport.reply_json(
        200,
        r#"{"results":[{"request_start":"2020-02-02T01:00:00.000Z","control_plane":"cp","response_http_status":"200","http_method":"GET"}],
            "meta":{"time_range":{"start":"a","end":"b"},"query_id":"q","size":1,"offset":0}}"#,
    );
    let query = ApiRequestsQuery {
        filters: vec![
            RequestsFilter::gateway_service(CP, "s1"),
            RequestsFilter::status_codes(&[200]),
        ],
        time_range: Some(TimeRange::last(RelativeTimeRange::FifteenMinutes)),
        size: Some(20),
        ..Default::default()
    };
    let answer = run(client.query_api_requests(&query)).unwrap();
    assert_eq!(answer.results[0].status_code(), Some(200));
    let request = only_request(&transport);
    assert_eq!(
        (request.method, request.url.clone()),
        (Method::Post, format!("{US}/v2/api-requests"))
    );
    assert_eq!(
        body_json(&request),
        json!({
            "filters": [
                {"dimension": "gateway_service", "type": "in", "values": [format!("{CP}:s1")]},
                {"dimension": "status_code", "type": "in", "values": [200]}
            ],
            "time_range": {"type": "relative", "time_range": "15M"},
            "size": 20
        })
    );
}

#[test]
fn pagers_fetch_lazily_and_stop_at_the_cap() {
    let (transport, client) = mock_client();
    let mut pager = client.services::<Value>(CP, PageLimits::new(2, 3));
    assert!(
        transport.requests().is_empty(),
        "creating a pager sends nothing"
    );

    transport.reply_json(
        200,
        r#"{"data":[{"name":"a"},{"name":"b"}],"offset":"next-1","next":"/x"}"#,
    );
    let first = run(pager.next_page()).unwrap().unwrap_or_default();
    assert_eq!(first.len(), 2);
    assert!(pager.has_more());

    transport.reply_json(
        200,
        r#"{"data":[{"name":"c"},{"name":"d"}],"offset":"next-2","next":"/y"}"#,
    );
    let second = run(pager.next_page()).unwrap().unwrap_or_default();
    assert_eq!(
        second,
        vec![json!({"name": "c"})],
        "the cap of 3 truncates the second page"
    );
    assert!(pager.reached_cap());
    assert!(!pager.has_more());
    assert_eq!(run(pager.next_page()).unwrap(), None);

    let urls: Vec<_> = transport
        .requests()
        .into_iter()
        .map(|request| request.url)
        .collect();
    let services = format!("{US}/v2/control-planes/{CP}/core-entities/services");
    assert_eq!(
        urls,
        vec![
            format!("{services}?size=2"),
            format!("{services}?size=2&offset=next-1")
        ]
    );
}

#[test]
fn number_pager_follows_meta_total() {
    let (transport, client) = mock_client();
    let mut pager = client.api_products(Some("Flight"), PageLimits::new(1, 10));
    let page = |name: &str, number: u64| {
        format!(
            r#"{{"data":[{{"id":"{name}","name":"{name}","portal_ids":[],"version_count":0,"labels":{{}}}}],"meta":{{"page":{{"number":{number},"size":1,"total":2}}}}}}"#
        )
    };
    transport
        .reply_json(200, &page("a", 1))
        .reply_json(200, &page("b", 2));
    let all = run(pager.collect_remaining()).unwrap();
    assert_eq!(
        all.iter()
            .map(|product| product.name.as_str())
            .collect::<Vec<_>>(),
        vec!["a", "b"]
    );
    assert_eq!(pager.total(), Some(2));
    assert!(!pager.reached_cap());
    let urls: Vec<_> = transport
        .requests()
        .into_iter()
        .map(|request| request.url)
        .collect();
    assert_eq!(
        urls,
        vec![
            format!(
                "{US}/v2/api-products?filter%5Bname%5D=Flight&page%5Bsize%5D=1&page%5Bnumber%5D=1"
            ),
            format!(
                "{US}/v2/api-products?filter%5Bname%5D=Flight&page%5Bsize%5D=1&page%5Bnumber%5D=2"
            ),
        ]
    );
}

#[test]
fn number_pager_trusts_the_page_size_the_server_reports() {
    let (transport, client) = mock_client();
    let mut pager = client.control_planes(PageLimits::new(100, 1000));
    transport.reply_json(
        200,
        &format!(r#"{{"data":[{{"id":"{CP}","name":"default"}}],"meta":{{"page":{{"number":1,"size":1,"total":2}}}}}}"#),
    );
    let first = run(pager.next_page()).unwrap().unwrap_or_default();
    assert_eq!(first.len(), 1);
    assert!(
        pager.has_more(),
        "1 of 2 served although 100 were asked for"
    );
    transport.reply_json(200, r#"{"data":[{"id":"cp2","name":"staging"}],"meta":{"page":{"number":2,"size":1,"total":2}}}"#);
    assert_eq!(
        run(pager.next_page()).unwrap().map(|page| page.len()),
        Some(1)
    );
    assert!(!pager.has_more());
    assert_eq!(run(pager.next_page()).unwrap(), None);
    assert_eq!(transport.requests().len(), 2);
}
