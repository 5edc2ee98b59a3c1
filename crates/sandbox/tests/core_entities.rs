//! Gateway services and routes (core entities) over real HTTP: CRUD, upsert, paging, the 409
//! on duplicate names, the delete-with-routes refusal and Konnect's error bodies.

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::TestSandbox;

const DETAIL_TYPE: &str = "type.googleapis.com/kong.admin.model.v1.ErrorDetail";

#[tokio::test]
async fn service_create_get_by_id_and_name_and_defaults() {
    let t = TestSandbox::start().await;
    let core = t.core().await;
    let created = t
        .post(
            &format!("{core}/services"),
            json!({"name": "orders", "url": "http://orders.internal:8080/v1"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let body = &created.body;
    assert_eq!(body["protocol"], "http");
    assert_eq!(body["host"], "orders.internal");
    assert_eq!(body["port"], 8080);
    assert_eq!(body["path"], "/v1");
    assert_eq!(body["retries"], 5);
    assert_eq!(body["connect_timeout"], 60000);
    assert_eq!(body["enabled"], true);
    assert!(body["created_at"].is_u64());
    assert!(body.get("url").is_none());

    let by_id = t
        .get(&format!("{core}/services/{}", body["id"].as_str().unwrap()))
        .await;
    assert_eq!(by_id.body, created.body);
    let by_name = t.get(&format!("{core}/services/orders")).await;
    assert_eq!(by_name.body, created.body);
}

#[tokio::test]
async fn service_put_upserts_by_name_and_replaces_by_id() {
    let t = TestSandbox::start().await;
    let core = t.core().await;
    let created = t
        .put(
            &format!("{core}/services/inventory"),
            json!({"host": "inventory.internal"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK);
    assert_eq!(created.body["name"], "inventory");
    let id = created.body["id"].as_str().unwrap().to_owned();

    let replaced = t
        .put(
            &format!("{core}/services/{id}"),
            json!({"name": "inventory", "host": "inv2.internal", "port": 81}),
        )
        .await;
    assert_eq!(replaced.status, StatusCode::OK);
    assert_eq!(replaced.body["id"], id.as_str());
    assert_eq!(replaced.body["host"], "inv2.internal");
    assert_eq!(replaced.body["port"], 81);
    assert_eq!(replaced.body["created_at"], created.body["created_at"]);

    let new_id = "6c2a5b3e-5f4e-4d7c-9a53-4f1b7d7d2b11";
    let made_by_id = t
        .put(
            &format!("{core}/services/{new_id}"),
            json!({"host": "by-id.internal"}),
        )
        .await;
    assert_eq!(made_by_id.body["id"], new_id);

    let mismatch = t
        .put(
            &format!("{core}/services/inventory"),
            json!({"name": "other", "host": "x.internal"}),
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn services_page_with_size_offset_and_next() {
    let t = TestSandbox::start().await;
    let core = t.core().await;
    for index in 0..4 {
        let created = t
            .post(
                &format!("{core}/services"),
                json!({"name": format!("svc-{index}"), "host": "h.internal", "tags": ["paged"]}),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED);
    }
    let first = t.get(&format!("{core}/services?size=2")).await;
    let names = |page: &Value| -> Vec<String> {
        page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&first.body), ["flight-data-v2", "svc-0"]);
    let offset = first.body["offset"].as_str().unwrap();
    assert_eq!(
        first.body["next"],
        format!("{core}/services?offset={offset}&size=2")
    );

    let second = t
        .get(&format!("{core}/services?size=2&offset={offset}"))
        .await;
    assert_eq!(names(&second.body), ["svc-1", "svc-2"]);
    let third = t
        .get(&format!(
            "{core}/services?size=2&offset={}",
            second.body["offset"].as_str().unwrap()
        ))
        .await;
    assert_eq!(names(&third.body), ["svc-3"]);
    assert_eq!(third.body["next"], json!(null));
    assert!(third.body.get("offset").is_none());

    let tagged = t.get(&format!("{core}/services?tags=paged")).await;
    assert_eq!(tagged.body["data"].as_array().unwrap().len(), 4);
    let too_big = t.get(&format!("{core}/services?size=1001")).await;
    assert_eq!(too_big.status, StatusCode::BAD_REQUEST);
    assert_eq!(too_big.body["code"], 3);
}

#[tokio::test]
async fn duplicate_names_get_409_with_konnects_constraint_body() {
    let t = TestSandbox::start().await;
    let core = t.core().await;
    let service = t
        .post(
            &format!("{core}/services"),
            json!({"name": "flight-data-v2", "host": "dup.internal"}),
        )
        .await;
    assert_eq!(service.status, StatusCode::CONFLICT);
    assert_eq!(
        service.body,
        json!({
            "code": 6,
            "message": "data constraint error",
            "details": [{
                "@type": DETAIL_TYPE,
                "type": "ERROR_TYPE_REFERENCE",
                "field": "name",
                "messages": ["name (type: unique) constraint failed for value 'flight-data-v2': "],
            }],
        })
    );
    let route = t
        .post(
            &format!("{core}/routes"),
            json!({"name": "flight-data-v2-route", "paths": ["/dup"]}),
        )
        .await;
    assert_eq!(route.status, StatusCode::CONFLICT);
    assert_eq!(
        route.body["details"][0]["messages"][0],
        "name (type: unique) constraint failed for value 'flight-data-v2-route': "
    );

    // Renaming through PUT into a taken name conflicts too; the same name in another control
    // plane does not.
    let other = t
        .post(
            &format!("{core}/services"),
            json!({"name": "other", "host": "o.internal"}),
        )
        .await;
    let renamed = t
        .put(
            &format!("{core}/services/{}", other.body["id"].as_str().unwrap()),
            json!({"name": "flight-data-v2", "host": "o.internal"}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::CONFLICT);
    let staging = t.control_plane_id("staging").await;
    let elsewhere = t
        .post(
            &format!("/v2/control-planes/{staging}/core-entities/services"),
            json!({"name": "flight-data-v2", "host": "s.internal"}),
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::CREATED);
}

#[tokio::test]
async fn deleting_a_service_with_routes_fails_until_the_routes_are_gone() {
    let t = TestSandbox::start().await;
    let core = t.core().await;
    let service = t.get(&format!("{core}/services/flight-data-v2")).await;
    let service_id = service.body["id"].as_str().unwrap().to_owned();
    let route = t.get(&format!("{core}/routes/flight-data-v2-route")).await;
    let route_id = route.body["id"].as_str().unwrap().to_owned();

    let refused = t.delete(&format!("{core}/services/{service_id}")).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.body,
        json!({
            "code": 3,
            "message": "data constraint error",
            "details": [{
                "@type": DETAIL_TYPE,
                "type": "ERROR_TYPE_REFERENCE",
                "messages": [format!(" (type: foreign) constraint failed for value '{service_id}': foreign reference exist: route (id: {route_id})")],
            }],
        })
    );
    assert_eq!(
        t.get(&format!("{core}/services/{service_id}")).await.status,
        StatusCode::OK
    );

    assert_eq!(
        t.delete(&format!("{core}/routes/{route_id}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        t.delete(&format!("{core}/services/flight-data-v2"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let gone = t.get(&format!("{core}/services/{service_id}")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(gone.body, json!({"code": 5, "message": "not found"}));
    // Deleting what does not exist is a 204, as the spec says.
    assert_eq!(
        t.delete(&format!("{core}/services/{service_id}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );

    // The version it implemented is no longer linked.
    let flight = t.product_id("Flight Data").await;
    let versions = t
        .get(&format!(
            "/v2/api-products/{flight}/product-versions?filter[name]=v2"
        ))
        .await;
    assert_eq!(versions.body["data"][0]["gateway_service"], json!(null));
}

#[tokio::test]
async fn unknown_fields_and_invalid_values_are_rejected() {
    let t = TestSandbox::start().await;
    let core = t.core().await;
    let unknown = t
        .post(
            &format!("{core}/services"),
            json!({"name": "x", "host": "x.internal", "colour": "red"}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        unknown.body,
        json!({"code": 3, "message": "proto: unknown field \"colour\""})
    );

    let invalid = t
        .post(
            &format!("{core}/services"),
            json!({"name": "x", "host": "x.internal", "port": 70000}),
        )
        .await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
    assert_eq!(invalid.body["code"], 3);
    assert_eq!(invalid.body["message"], "validation error");
    assert_eq!(invalid.body["details"][0]["@type"], DETAIL_TYPE);
    assert_eq!(invalid.body["details"][0]["type"], "ERROR_TYPE_FIELD");
    assert_eq!(invalid.body["details"][0]["field"], "port");

    let no_match_fields = t
        .post(&format!("{core}/routes"), json!({"name": "bare"}))
        .await;
    assert_eq!(no_match_fields.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        no_match_fields.body["details"][0]["type"],
        "ERROR_TYPE_ENTITY"
    );

    let not_json = t
        .http
        .post(format!("{}{core}/services", t.sandbox.api_url()))
        .bearer_auth(t.sandbox.token())
        .body("{not json")
        .send()
        .await
        .unwrap();
    let not_json = support::reply(not_json).await;
    assert_eq!(not_json.status, StatusCode::BAD_REQUEST);
    assert_eq!(not_json.body["code"], 3);
}

#[tokio::test]
async fn routes_top_level_and_nested() {
    let t = TestSandbox::start().await;
    let core = t.core().await;
    let service = t
        .post(
            &format!("{core}/services"),
            json!({"name": "books", "host": "books.internal"}),
        )
        .await;
    let service_id = service.body["id"].as_str().unwrap().to_owned();

    let top = t
        .post(
            &format!("{core}/routes"),
            json!({"name": "books-top", "paths": ["/books"], "service": {"id": service_id}}),
        )
        .await;
    assert_eq!(
        top.status,
        StatusCode::OK,
        "the spec documents 200 for a top-level create"
    );
    assert_eq!(top.body["protocols"], json!(["http", "https"]));
    assert_eq!(top.body["strip_path"], true);
    assert_eq!(top.body["preserve_host"], false);
    assert_eq!(top.body["regex_priority"], 0);
    assert_eq!(top.body["https_redirect_status_code"], 426);
    assert_eq!(top.body["service"], json!({"id": service_id}));

    let nested = t
        .post(
            &format!("{core}/services/books/routes"),
            json!({"name": "books-nested", "methods": ["GET"], "paths": ["/b"]}),
        )
        .await;
    assert_eq!(nested.status, StatusCode::CREATED);
    assert_eq!(nested.body["service"], json!({"id": service_id}));

    let listed = t.get(&format!("{core}/services/{service_id}/routes")).await;
    let names: Vec<&str> = listed.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["books-top", "books-nested"]);
    let all = t.get(&format!("{core}/routes")).await;
    assert_eq!(all.body["data"].as_array().unwrap().len(), 3);

    let nested_get = t
        .get(&format!("{core}/services/books/routes/books-nested"))
        .await;
    assert_eq!(nested_get.body["id"], nested.body["id"]);
    let wrong_parent = t
        .get(&format!(
            "{core}/services/flight-data-v2/routes/books-nested"
        ))
        .await;
    assert_eq!(wrong_parent.status, StatusCode::NOT_FOUND);

    let updated = t
        .put(
            &format!("{core}/services/books/routes/books-nested"),
            json!({"paths": ["/b2"], "strip_path": false}),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK);
    assert_eq!(updated.body["id"], nested.body["id"]);
    assert_eq!(updated.body["paths"], json!(["/b2"]));
    assert!(
        updated.body.get("methods").is_none(),
        "PUT replaces the whole route"
    );

    assert_eq!(
        t.delete(&format!("{core}/services/books/routes/books-nested"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        t.get(&format!("{core}/routes/books-nested")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn route_references_and_control_planes_must_exist() {
    let t = TestSandbox::start().await;
    let core = t.core().await;
    let ghost = "9a1b7c3e-0000-4000-8000-00000000abcd";
    let dangling = t
        .post(
            &format!("{core}/routes"),
            json!({"paths": ["/x"], "service": {"id": ghost}}),
        )
        .await;
    assert_eq!(dangling.status, StatusCode::BAD_REQUEST);
    assert_eq!(dangling.body["message"], "data constraint error");
    assert_eq!(dangling.body["details"][0]["field"], "service.id");
    assert_eq!(
        dangling.body["details"][0]["messages"][0],
        format!("service_id (type: foreign) constraint failed for value '{ghost}': ")
    );

    let no_parent = t
        .post(
            &format!("{core}/services/{ghost}/routes"),
            json!({"paths": ["/x"]}),
        )
        .await;
    assert_eq!(no_parent.status, StatusCode::NOT_FOUND);

    let unknown_cp = t
        .get(&format!(
            "/v2/control-planes/{ghost}/core-entities/services"
        ))
        .await;
    assert_eq!(unknown_cp.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown_cp.body, json!({"message": "Not Found"}));
}

#[tokio::test]
async fn top_level_route_put_creates_by_name_and_updates_by_id() {
    let t = TestSandbox::start().await;
    let core = t.core().await;
    let service = t.get(&format!("{core}/services/flight-data-v2")).await;
    let service_id = service.body["id"].as_str().unwrap().to_owned();
    let created = t
        .put(
            &format!("{core}/routes/status"),
            json!({"paths": ["/status"], "service": {"id": service_id}}),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK);
    assert_eq!(created.body["name"], "status");
    assert_eq!(created.body["service"], json!({"id": service_id}));
    let id = created.body["id"].as_str().unwrap().to_owned();

    let updated = t
        .put(
            &format!("{core}/routes/{id}"),
            json!({"name": "status", "paths": ["/health"], "methods": ["GET", "HEAD"]}),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK);
    assert_eq!(updated.body["id"], id.as_str());
    assert_eq!(updated.body["paths"], json!(["/health"]));
    assert_eq!(updated.body["methods"], json!(["GET", "HEAD"]));
    assert!(
        updated.body.get("service").is_none(),
        "PUT replaces the whole route"
    );
    assert_eq!(
        t.get(&format!("{core}/routes/{id}")).await.body,
        updated.body
    );
}
