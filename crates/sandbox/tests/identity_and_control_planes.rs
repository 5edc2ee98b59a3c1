//! Identity, control planes, authentication, CORS and unknown paths over real HTTP.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::json;
use support::TestSandbox;

#[tokio::test]
async fn whoami_returns_the_sandbox_organization_and_user() {
    let t = TestSandbox::start().await;
    let organization = t.get("/v3/organizations/me").await;
    assert_eq!(organization.status, StatusCode::OK);
    assert_eq!(organization.body["name"], "Local sandbox");
    assert_eq!(organization.body["state"], "active");
    let user = t.get("/v3/users/me").await;
    assert_eq!(user.status, StatusCode::OK);
    assert_eq!(user.body["active"], true);
    assert_eq!(organization.body["owner_id"], user.body["id"]);
}

#[tokio::test]
async fn missing_or_wrong_token_gets_konnects_401() {
    let t = TestSandbox::start().await;
    let missing = t.anonymous(Method::GET, "/v3/users/me", None).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        missing.header("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(missing.body["status"], 401);
    assert_eq!(missing.body["title"], "Unauthorized");
    assert_eq!(missing.body["detail"], "A valid token is required");
    assert!(
        missing.body["instance"]
            .as_str()
            .unwrap()
            .starts_with("kong:trace:")
    );

    let wrong = t
        .http
        .get(format!("{}/v2/control-planes", t.sandbox.api_url()))
        .bearer_auth("kpat_not_the_token")
        .send()
        .await
        .unwrap();
    let wrong = support::reply(wrong).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.body["detail"], "Invalid credentials");
}

#[tokio::test]
async fn preflight_needs_no_token_and_responses_carry_cors_headers() {
    let t = TestSandbox::start().await;
    let preflight = t
        .http
        .request(
            Method::OPTIONS,
            format!("{}/v2/api-products", t.sandbox.api_url()),
        )
        .header("Origin", "http://localhost:8080")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    let headers = preflight.headers();
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert_eq!(
        headers["access-control-allow-headers"],
        "Authorization, Content-Type"
    );
    assert_eq!(
        headers["access-control-allow-methods"],
        "GET, POST, PUT, PATCH, DELETE, OPTIONS"
    );

    let answer = t.get("/v3/users/me").await;
    assert_eq!(answer.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        answer.header("access-control-expose-headers"),
        Some("Retry-After")
    );
}

#[tokio::test]
async fn control_planes_list_filter_page_and_get() {
    let t = TestSandbox::start().await;
    let all = t.get("/v2/control-planes").await;
    assert_eq!(all.status, StatusCode::OK);
    let names: Vec<&str> = all.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|cp| cp["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["default", "staging"]);
    assert_eq!(
        all.body["meta"]["page"],
        json!({"number": 1, "size": 10, "total": 2})
    );

    let second_page = t
        .get("/v2/control-planes?page[size]=1&page[number]=2")
        .await;
    assert_eq!(second_page.body["data"][0]["name"], "staging");
    assert_eq!(
        second_page.body["meta"]["page"],
        json!({"number": 2, "size": 1, "total": 2})
    );

    let filtered = t
        .get("/v2/control-planes?filter[name][contains]=STAG")
        .await;
    assert_eq!(filtered.body["meta"]["page"]["total"], 1);
    assert_eq!(filtered.body["data"][0]["name"], "staging");

    let id = t.control_plane_id("default").await;
    let one = t.get(&format!("/v2/control-planes/{id}")).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.body["name"], "default");
    assert_eq!(
        one.body["config"]["cluster_type"],
        "CLUSTER_TYPE_CONTROL_PLANE"
    );
}

#[tokio::test]
async fn control_plane_errors_follow_the_spec_examples() {
    let t = TestSandbox::start().await;
    let missing = t
        .get("/v2/control-planes/00000000-0000-4000-8000-000000000000")
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        missing.body["detail"],
        "The requested control plane was not found."
    );
    assert_eq!(
        missing.header("content-type"),
        Some("application/problem+json")
    );

    let bad_id = t.get("/v2/control-planes/not-a-uuid").await;
    assert_eq!(bad_id.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_id.body["invalid_parameters"][0]["field"], "id");
    assert_eq!(
        bad_id.body["invalid_parameters"][0]["reason"],
        "invalid ID format"
    );

    let bad_page = t.get("/v2/control-planes?page[size]=zero").await;
    assert_eq!(bad_page.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        bad_page.body["invalid_parameters"][0]["field"],
        "page[size]"
    );
}

#[tokio::test]
async fn unknown_paths_get_kongs_no_route_answer_and_controls_are_off_by_default() {
    let t = TestSandbox::start_with(konnect_sandbox::SandboxConfig::ephemeral()).await;
    let unknown = t.get("/v2/nothing-here").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        unknown.body,
        json!({"message": "no Route matched with those values"})
    );
    let controls = t.anonymous(Method::POST, "/sandbox/reset", None).await;
    assert_eq!(controls.status, StatusCode::NOT_FOUND);
}
