//! API products and product versions over real HTTP.

mod support;

use konnect_sandbox::SandboxConfig;
use reqwest::StatusCode;
use serde_json::json;
use support::TestSandbox;

#[tokio::test]
async fn seed_products_and_versions_are_listed() {
    let t = TestSandbox::start().await;
    let products = t.get("/v2/api-products").await;
    assert_eq!(products.status, StatusCode::OK);
    let names: Vec<&str> = products.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Flight Data", "Payments"]);
    assert_eq!(products.body["data"][0]["version_count"], 2);
    assert_eq!(
        products.body["meta"]["page"],
        json!({"number": 1, "size": 10, "total": 2})
    );

    let flight = t.product_id("Flight Data").await;
    let versions = t
        .get(&format!("/v2/api-products/{flight}/product-versions"))
        .await;
    let v1 = &versions.body["data"][0];
    let v2 = &versions.body["data"][1];
    assert_eq!(
        (v1["name"].as_str(), v2["name"].as_str()),
        (Some("v1"), Some("v2"))
    );
    assert_eq!(v1["gateway_service"], json!(null));
    let default_cp = t.control_plane_id("default").await;
    assert_eq!(
        v2["gateway_service"]["control_plane_id"],
        default_cp.as_str()
    );
    assert_eq!(
        v2["gateway_service"]["runtime_group_id"],
        default_cp.as_str()
    );
    let service = t
        .get(&format!("{}/services/flight-data-v2", t.core().await))
        .await;
    assert_eq!(v2["gateway_service"]["id"], service.body["id"]);
}

#[tokio::test]
async fn product_create_get_patch_delete() {
    let t = TestSandbox::start().await;
    let created = t
        .post(
            "/v2/api-products",
            json!({"name": "Weather", "description": "Forecasts", "labels": {"team": "sky"}}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.body["name"], "Weather");
    assert_eq!(created.body["version_count"], 0);
    assert_eq!(created.body["portal_ids"], json!([]));
    assert_eq!(created.body["labels"], json!({"team": "sky"}));
    let id = created.body["id"].as_str().unwrap().to_owned();

    let fetched = t.get(&format!("/v2/api-products/{id}")).await;
    assert_eq!(fetched.body, created.body);

    let patched = t
        .patch(
            &format!("/v2/api-products/{id}"),
            json!({"description": null, "name": "Weather v2"}),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK);
    assert_eq!(patched.body["name"], "Weather v2");
    assert_eq!(patched.body["description"], json!(null));

    assert_eq!(
        t.delete(&format!("/v2/api-products/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    let gone = t.get(&format!("/v2/api-products/{id}")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(gone.body["status"], 404);
    assert_eq!(gone.body["title"], "Not Found");
    assert_eq!(
        t.delete(&format!("/v2/api-products/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn product_bodies_are_checked_like_konnect() {
    let t = TestSandbox::start().await;
    let unknown = t
        .post("/v2/api-products", json!({"name": "X", "owner": "me"}))
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        unknown.header("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(
        unknown.body["invalid_parameters"],
        json!([{"field": "owner", "rule": "unknown_property", "reason": "property owner should not exist"}])
    );
    let empty_name = t.post("/v2/api-products", json!({"name": ""})).await;
    assert_eq!(
        empty_name.body["invalid_parameters"],
        json!([{"field": "name", "rule": "min_length", "reason": "name must be longer than or equal to 1 characters"}])
    );
    let no_name = t.post("/v2/api-products", json!({})).await;
    assert_eq!(no_name.body["invalid_parameters"][0]["rule"], "required");

    let not_json = t
        .http
        .post(format!("{}/v2/api-products", t.sandbox.api_url()))
        .bearer_auth(t.sandbox.token())
        .header("content-type", "text/plain")
        .body("name=x")
        .send()
        .await
        .unwrap();
    let not_json = support::reply(not_json).await;
    assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        not_json.body["detail"],
        "This API only supports requests with `Content-Type: application/json`"
    );
}

#[tokio::test]
async fn product_list_pages_and_filters_at_scale() {
    let t = TestSandbox::start_with(SandboxConfig {
        seed_large: 25,
        ..SandboxConfig::ephemeral()
    })
    .await;
    let page = t.get("/v2/api-products?page[size]=10&page[number]=3").await;
    assert_eq!(
        page.body["meta"]["page"],
        json!({"number": 3, "size": 10, "total": 27})
    );
    let names: Vec<&str> = page.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Large Product 00019",
            "Large Product 00020",
            "Large Product 00021",
            "Large Product 00022",
            "Large Product 00023",
            "Large Product 00024",
            "Large Product 00025"
        ]
    );
    let beyond = t.get("/v2/api-products?page[size]=10&page[number]=9").await;
    assert_eq!(beyond.body["data"], json!([]));
    let exact = t.get("/v2/api-products?filter[name]=Payments").await;
    assert_eq!(exact.body["meta"]["page"]["total"], 1);
    let contains = t
        .get("/v2/api-products?filter[name][contains]=product 0001")
        .await;
    assert_eq!(contains.body["meta"]["page"]["total"], 10);
    let excluded = t
        .get("/v2/api-products?filter[name][neq]=Payments&page[size]=100")
        .await;
    assert_eq!(excluded.body["meta"]["page"]["total"], 26);
}

#[tokio::test]
async fn versions_create_link_unlink_and_delete() {
    let t = TestSandbox::start().await;
    let payments = t.product_id("Payments").await;
    let versions = format!("/v2/api-products/{payments}/product-versions");
    let created = t.post(&versions, json!({"name": "2024-06"})).await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.body["publish_status"], "unpublished");
    assert_eq!(created.body["deprecated"], false);
    assert_eq!(created.body["gateway_service"], json!(null));
    let version = format!("{versions}/{}", created.body["id"].as_str().unwrap());

    let staging = t.control_plane_id("staging").await;
    let service = t
        .post(
            &format!("/v2/control-planes/{staging}/core-entities/services"),
            json!({"name": "payments", "url": "http://127.0.0.1:9"}),
        )
        .await;
    let service_id = service.body["id"].as_str().unwrap();
    let linked = t
        .patch(
            &version,
            json!({"gateway_service": {"id": service_id, "control_plane_id": staging}}),
        )
        .await;
    assert_eq!(linked.status, StatusCode::OK, "{}", linked.body);
    assert_eq!(
        linked.body["gateway_service"],
        json!({"id": service_id, "control_plane_id": staging, "runtime_group_id": staging})
    );
    assert_eq!(
        t.get(&version).await.body["gateway_service"]["id"],
        service_id
    );

    let unlinked = t
        .patch(
            &version,
            json!({"gateway_service": null, "publish_status": "published"}),
        )
        .await;
    assert_eq!(unlinked.body["gateway_service"], json!(null));
    assert_eq!(unlinked.body["publish_status"], "published");

    assert_eq!(t.delete(&version).await.status, StatusCode::NO_CONTENT);
    assert_eq!(t.get(&version).await.status, StatusCode::NOT_FOUND);
    let product = t.get(&format!("/v2/api-products/{payments}")).await;
    assert_eq!(product.body["version_count"], 1);
}

#[tokio::test]
async fn version_errors_conflict_bad_link_and_unknown_fields() {
    let t = TestSandbox::start().await;
    let flight = t.product_id("Flight Data").await;
    let versions = format!("/v2/api-products/{flight}/product-versions");
    let duplicate = t.post(&versions, json!({"name": "v1"})).await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);
    assert_eq!(duplicate.body["title"], "Conflict");
    assert_eq!(
        duplicate.body["detail"],
        "API product version with name [v1] already exists"
    );

    let default_cp = t.control_plane_id("default").await;
    let missing_service = "00000000-0000-4000-8000-000000000001";
    let bad_link = t
        .post(&versions, json!({"name": "v3", "gateway_service": {"id": missing_service, "control_plane_id": default_cp}}))
        .await;
    assert_eq!(bad_link.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        bad_link.body["invalid_parameters"][0]["field"],
        "gateway_service.id"
    );

    let unknown = t
        .post(
            &versions,
            json!({"name": "v3", "gateway_service": {"id": missing_service, "cp": "x"}}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        unknown.body["invalid_parameters"][0]["field"],
        "gateway_service.cp"
    );

    let missing_product = t
        .get("/v2/api-products/00000000-0000-4000-8000-000000000002/product-versions")
        .await;
    assert_eq!(missing_product.status, StatusCode::NOT_FOUND);
}
