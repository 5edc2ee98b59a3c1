//! Components mounted in a real browser (headless Chromium through wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

mod support;

use konnect_service_hub::screens::connect::ConnectScreen;
use leptos::prelude::*;
use leptos::tachys::view::Mountable;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the Connect screen into a fresh container, with the app state it reads. Connect
/// navigates after connecting, so it needs a router too.
fn mount_connect() -> (HtmlElement, leptos::mount::UnmountHandle<impl Mountable>) {
    support::mount(|| {
        support::provide_app_contexts("/connect");
        view! { <ConnectScreen /> }
    })
}

fn by_id<T: JsCast>(host: &HtmlElement, id: &str) -> T {
    host.query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap_or_else(|| panic!("no #{id}"))
        .unchecked_into()
}

fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    input.dispatch_event(&Event::new("input").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn a_bad_token_is_flagged_on_the_field_itself() {
    let (host, _handle) = mount_connect();
    let token: HtmlInputElement = by_id(&host, "token");
    assert_eq!(
        token.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );

    type_into(&token, "kpat_short");
    token.dispatch_event(&Event::new("blur").unwrap()).unwrap();
    leptos::task::tick().await;

    assert_eq!(token.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        token.get_attribute("aria-describedby").as_deref(),
        Some("token-help token-error")
    );
    let message: HtmlElement = by_id(&host, "token-error");
    assert_eq!(
        message.text_content().as_deref(),
        Some("This token is too short: it was probably cut when copied.")
    );

    type_into(&token, "kpat_abcdefghijklmnopqrstuvwxyz0123456789");
    leptos::task::tick().await;
    assert_eq!(
        token.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert!(host.query_selector("#token-error").unwrap().is_none());
    host.remove();
}

#[wasm_bindgen_test]
async fn submitting_an_empty_form_lists_each_problem_and_keeps_input() {
    let (host, _handle) = mount_connect();
    support::submit_form(&host);
    leptos::task::tick().await;

    let summary: HtmlElement = host
        .query_selector(".ksh-error-summary")
        .unwrap()
        .expect("an error summary")
        .unchecked_into();
    assert_eq!(summary.get_attribute("role").as_deref(), Some("alert"));
    let links = summary.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 1, "only the token is missing");
    let link: HtmlElement = links.get(0).unwrap().unchecked_into();
    assert_eq!(link.get_attribute("href").as_deref(), Some("#token"));

    let token: HtmlInputElement = by_id(&host, "token");
    assert_eq!(token.get_attribute("aria-invalid").as_deref(), Some("true"));
    host.remove();
}

#[wasm_bindgen_test]
async fn proxy_prefix_appears_only_for_proxy_access() {
    let (host, _handle) = mount_connect();
    assert!(host.query_selector("#proxy-prefix").unwrap().is_none());
    let proxy: HtmlInputElement = by_id(&host, "access-proxy");
    proxy.set_checked(true);
    proxy
        .dispatch_event(&Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    let prefix: HtmlInputElement = by_id(&host, "proxy-prefix");
    assert_eq!(prefix.value(), "/konnect");
    host.remove();
}
