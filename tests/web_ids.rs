//! Two app instances on one page (headless Chromium through wasm-bindgen-test-runner): each
//! writes its own element ids, and every label, description and error-summary link resolves
//! inside its own instance.
#![cfg(target_arch = "wasm32")]

mod support;

use std::collections::BTreeSet;

use konnect_service_hub::components::ids::IdScope;
use konnect_service_hub::forms::{FormErrors, RouteDraft, RouteFields};
use konnect_service_hub::screens::connect::ConnectScreen;
use leptos::prelude::*;
use leptos::tachys::view::Mountable;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a view into a fresh container in the page, inside the instance scope `prefix`.
fn mount_scoped<N: IntoView + 'static>(
    prefix: &'static str,
    view: impl FnOnce() -> N + 'static,
) -> (HtmlElement, leptos::mount::UnmountHandle<impl Mountable>) {
    support::mount(move || {
        provide_context(IdScope::new(prefix));
        view()
    })
}

/// The route form with every message shown, so help and error lines are all in the page.
fn mount_route(
    prefix: &'static str,
) -> (HtmlElement, leptos::mount::UnmountHandle<impl Mountable>) {
    mount_scoped(prefix, || {
        let draft = RwSignal::new(RouteDraft {
            name: "two words".into(),
            paths: vec!["flights".into()],
            ..RouteDraft::default()
        });
        let errors: Signal<FormErrors> = Signal::derive(move || draft.with(RouteDraft::errors));
        let name_taken = RwSignal::new(None::<String>);
        view! { <RouteFields draft errors show_all=true name_taken /> }
    })
}

fn mount_connect(
    prefix: &'static str,
) -> (HtmlElement, leptos::mount::UnmountHandle<impl Mountable>) {
    mount_scoped(prefix, || {
        support::provide_app_contexts("/connect");
        view! { <ConnectScreen /> }
    })
}

fn elements(root: &HtmlElement, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|index| list.get(index))
        .map(JsCast::unchecked_into)
        .collect()
}

fn ids_in(root: &HtmlElement) -> Vec<String> {
    elements(root, "[id]").iter().map(Element::id).collect()
}

/// Every id an attribute of `root`'s elements names, with the attribute.
fn references_in(root: &HtmlElement) -> Vec<(String, String)> {
    let mut references = Vec::new();
    for attribute in [
        "for",
        "aria-describedby",
        "aria-labelledby",
        "aria-controls",
    ] {
        for element in elements(root, &format!("[{attribute}]")) {
            let value = element.get_attribute(attribute).unwrap_or_default();
            for id in value.split_whitespace() {
                references.push((attribute.to_owned(), id.to_owned()));
            }
        }
    }
    references
}

/// Asserts that each reference in `root` finds, in the whole document, an element of `root`.
fn assert_references_stay_inside(root: &HtmlElement) {
    let references = references_in(root);
    assert!(
        !references.is_empty(),
        "labels and descriptions name their elements"
    );
    for (attribute, id) in references {
        let target = document()
            .get_element_by_id(&id)
            .unwrap_or_else(|| panic!("{attribute}={id} names nothing"));
        assert!(
            root.contains(Some(&target)),
            "{attribute}={id} resolves in another instance"
        );
    }
}

#[wasm_bindgen_test]
async fn two_route_forms_keep_their_ids_and_references_apart() {
    let (first, _first_handle) = mount_route("");
    let (second, _second_handle) = mount_route("ksh2-");
    leptos::task::tick().await;

    let first_ids = ids_in(&first);
    let second_ids = ids_in(&second);
    assert!(first_ids.contains(&"route-name".to_owned()));
    assert!(first_ids.contains(&"route-name-error".to_owned()));
    assert!(first_ids.contains(&"route-path-1-error".to_owned()));
    let expected_second: Vec<String> = first_ids.iter().map(|id| format!("ksh2-{id}")).collect();
    assert_eq!(second_ids, expected_second, "same elements, prefixed ids");
    let all: BTreeSet<&String> = first_ids.iter().chain(&second_ids).collect();
    assert_eq!(all.len(), first_ids.len() + second_ids.len(), "no id twice");

    let path: Element = second
        .query_selector("#ksh2-route-path-1")
        .unwrap()
        .unwrap();
    assert_eq!(
        path.get_attribute("aria-describedby").as_deref(),
        Some("ksh2-route-paths-help ksh2-route-path-1-error")
    );
    assert_references_stay_inside(&first);
    assert_references_stay_inside(&second);
    first.remove();
    second.remove();
}

#[wasm_bindgen_test]
async fn an_error_summary_link_focuses_the_control_of_its_own_instance() {
    let (first, _first_handle) = mount_connect("");
    let (second, _second_handle) = mount_connect("ksh2-");
    support::submit_form(&first);
    support::submit_form(&second);
    leptos::task::tick().await;

    // The second instance first, so that focus moves across instances both ways.
    for (host, token_id) in [(&second, "ksh2-token"), (&first, "token")] {
        let link: HtmlElement = host
            .query_selector(".ksh-error-summary a")
            .unwrap()
            .expect("a summary link")
            .unchecked_into();
        let target = format!("#{token_id}");
        assert_eq!(link.get_attribute("href").as_deref(), Some(target.as_str()));
        link.click();
        let focused = document().active_element().expect("a focused element");
        assert_eq!(focused.id(), token_id);
        assert!(host.contains(Some(&focused)));
    }

    assert_references_stay_inside(&first);
    assert_references_stay_inside(&second);
    first.remove();
    second.remove();
}
