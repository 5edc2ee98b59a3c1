//! The service and route forms mounted in a real browser (headless Chromium through
//! wasm-bindgen-test-runner): messages on blur, ARIA wiring, Add Path focus, the disclosure.
#![cfg(target_arch = "wasm32")]

mod support;

use konnect_service_hub::forms::{
    FormErrors, RouteDraft, RouteFields, ServiceDraft, ServiceFields,
};
use leptos::prelude::*;
use leptos::tachys::view::Mountable;
use support::document;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The service form with its errors computed from the draft, as the wizard does it.
fn mount_service(
    initial: ServiceDraft,
    show_all: RwSignal<bool>,
) -> (HtmlElement, leptos::mount::UnmountHandle<impl Mountable>) {
    support::mount(move || {
        let draft = RwSignal::new(initial);
        let errors: Signal<FormErrors> = Signal::derive(move || draft.with(ServiceDraft::errors));
        view! { <ServiceFields draft errors show_all /> }
    })
}

fn mount_route(
    initial: RouteDraft,
    show_all: RwSignal<bool>,
    name_taken: RwSignal<Option<String>>,
) -> (HtmlElement, leptos::mount::UnmountHandle<impl Mountable>) {
    support::mount(move || {
        let draft = RwSignal::new(initial);
        let errors: Signal<FormErrors> = Signal::derive(move || draft.with(RouteDraft::errors));
        view! { <RouteFields draft errors show_all name_taken /> }
    })
}

fn find<T: JsCast>(host: &HtmlElement, id: &str) -> Option<T> {
    host.query_selector(&format!("#{id}"))
        .unwrap()
        .map(JsCast::unchecked_into)
}

fn by_id<T: JsCast>(host: &HtmlElement, id: &str) -> T {
    find(host, id).unwrap_or_else(|| panic!("no #{id}"))
}

fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    input.dispatch_event(&Event::new("input").unwrap()).unwrap();
}

fn blur(element: &HtmlElement) {
    element
        .dispatch_event(&Event::new("blur").unwrap())
        .unwrap();
}

fn attribute(element: &HtmlElement, name: &str) -> Option<String> {
    element.get_attribute(name)
}

fn text_of(host: &HtmlElement, id: &str) -> Option<String> {
    find::<HtmlElement>(host, id).and_then(|element| element.text_content())
}

/// Waits for the next animation frame (focus moves happen there, after the re-render).
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn focused_id() -> Option<String> {
    document().active_element().map(|element| element.id())
}

const NAME_MESSAGE: &str = "invalid value 'Example Service': the only accepted ascii characters \
    are alphanumerics or ., -, _, ~, and :";

#[wasm_bindgen_test]
async fn a_bad_service_name_is_flagged_after_blur_then_live() {
    let (host, _handle) = mount_service(ServiceDraft::default(), RwSignal::new(false));
    let name: HtmlInputElement = by_id(&host, "service-name");
    assert_eq!(attribute(&name, "aria-invalid").as_deref(), Some("false"));
    assert_eq!(
        attribute(&name, "aria-describedby").as_deref(),
        Some("service-name-help")
    );

    type_into(&name, "Example Service");
    leptos::task::tick().await;
    // Not before the field is left.
    assert_eq!(attribute(&name, "aria-invalid").as_deref(), Some("false"));
    assert_eq!(text_of(&host, "service-name-error"), None);

    blur(&name);
    leptos::task::tick().await;
    assert_eq!(attribute(&name, "aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        attribute(&name, "aria-describedby").as_deref(),
        Some("service-name-help service-name-error")
    );
    assert_eq!(
        text_of(&host, "service-name-error").as_deref(),
        Some(NAME_MESSAGE)
    );

    // From now on the message follows every keystroke.
    type_into(&name, "Example-Service");
    leptos::task::tick().await;
    assert_eq!(attribute(&name, "aria-invalid").as_deref(), Some("false"));
    assert_eq!(text_of(&host, "service-name-error"), None);
    host.remove();
}

#[wasm_bindgen_test]
async fn url_errors_name_the_part_and_show_all_reveals_untouched_fields() {
    let show_all = RwSignal::new(false);
    let (host, _handle) = mount_service(ServiceDraft::default(), show_all);
    assert_eq!(text_of(&host, "service-url-error"), None);
    show_all.set(true);
    leptos::task::tick().await;
    assert_eq!(
        text_of(&host, "service-url-error").as_deref(),
        Some("host: required field missing")
    );

    let url: HtmlInputElement = by_id(&host, "service-url");
    type_into(&url, "http://api.example.com/a b");
    leptos::task::tick().await;
    assert_eq!(
        text_of(&host, "service-url-error").as_deref(),
        Some(
            "path: invalid path: '/a b' (characters outside of the reserved list of RFC 3986 found)"
        )
    );
    assert_eq!(attribute(&url, "aria-invalid").as_deref(), Some("true"));
    host.remove();
}

#[wasm_bindgen_test]
async fn the_mode_switch_carries_the_url_into_its_parts() {
    let initial = ServiceDraft {
        url: "https://api.example.com:8443/flights".into(),
        ..ServiceDraft::default()
    };
    let (host, _handle) = mount_service(initial, RwSignal::new(false));
    let parts: HtmlInputElement = by_id(&host, "service-input-mode-parts");
    parts.set_checked(true);
    parts
        .dispatch_event(&Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;

    assert!(find::<HtmlElement>(&host, "service-url").is_none());
    let protocol: web_sys::HtmlSelectElement = by_id(&host, "service-protocol");
    assert_eq!(protocol.value(), "https");
    let host_input: HtmlInputElement = by_id(&host, "service-host");
    assert_eq!(host_input.value(), "api.example.com");
    let port: HtmlInputElement = by_id(&host, "service-port");
    assert_eq!(port.value(), "8443");
    let path: HtmlInputElement = by_id(&host, "service-path");
    assert_eq!(path.value(), "/flights");
    let legend = host
        .query_selector("#service-input-mode legend")
        .unwrap()
        .and_then(|legend| legend.text_content());
    assert_eq!(legend.as_deref(), Some("Upstream address"));
    host.remove();
}

#[wasm_bindgen_test]
async fn the_advanced_disclosure_toggles_and_tls_fields_follow_the_protocol() {
    let initial = ServiceDraft {
        url: "http://api.example.com".into(),
        ..ServiceDraft::default()
    };
    let (host, _handle) = mount_service(initial, RwSignal::new(false));
    let toggle: HtmlElement = by_id(&host, "service-advanced-toggle");
    let region: HtmlElement = by_id(&host, "service-advanced");
    assert_eq!(
        attribute(&toggle, "aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(
        attribute(&toggle, "aria-controls").as_deref(),
        Some("service-advanced")
    );
    assert_eq!(
        toggle.text_content().as_deref(),
        Some("View 6 Advanced Fields")
    );
    assert!(region.hidden());

    toggle.click();
    leptos::task::tick().await;
    assert_eq!(attribute(&toggle, "aria-expanded").as_deref(), Some("true"));
    assert_eq!(
        toggle.text_content().as_deref(),
        Some("Hide advanced fields")
    );
    assert!(!region.hidden());
    assert!(find::<HtmlElement>(&host, "service-retries").is_some());
    assert!(find::<HtmlElement>(&host, "service-client-certificate").is_none());

    let url: HtmlInputElement = by_id(&host, "service-url");
    type_into(&url, "https://api.example.com");
    leptos::task::tick().await;
    for id in [
        "service-client-certificate",
        "service-ca-certificates",
        "service-tls-verify",
        "service-tls-verify-depth",
    ] {
        assert!(find::<HtmlElement>(&host, id).is_some(), "{id}");
    }

    toggle.click();
    leptos::task::tick().await;
    assert_eq!(
        attribute(&toggle, "aria-expanded").as_deref(),
        Some("false")
    );
    assert!(region.hidden());
    host.remove();
}

#[wasm_bindgen_test]
async fn an_advanced_error_opens_the_section_when_everything_is_shown() {
    let show_all = RwSignal::new(false);
    let initial = ServiceDraft {
        url: "http://api.example.com".into(),
        retries: "many".into(),
        ..ServiceDraft::default()
    };
    let (host, _handle) = mount_service(initial, show_all);
    let toggle: HtmlElement = by_id(&host, "service-advanced-toggle");
    assert_eq!(
        attribute(&toggle, "aria-expanded").as_deref(),
        Some("false")
    );
    show_all.set(true);
    leptos::task::tick().await;
    leptos::task::tick().await;
    assert_eq!(attribute(&toggle, "aria-expanded").as_deref(), Some("true"));
    assert_eq!(
        text_of(&host, "service-retries-error").as_deref(),
        Some("expected an integer")
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn a_bad_path_is_flagged_on_its_own_input() {
    let (host, _handle) = mount_route(
        RouteDraft::default(),
        RwSignal::new(false),
        RwSignal::new(None),
    );
    let path: HtmlInputElement = by_id(&host, "route-path-1");
    assert_eq!(
        attribute(&path, "aria-describedby").as_deref(),
        Some("route-paths-help")
    );
    type_into(&path, "flights");
    blur(&path);
    leptos::task::tick().await;
    assert_eq!(attribute(&path, "aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        attribute(&path, "aria-describedby").as_deref(),
        Some("route-paths-help route-path-1-error")
    );
    assert_eq!(
        text_of(&host, "route-path-1-error").as_deref(),
        Some("should start with: / (fixed path) or ~/ (regex path)")
    );
    let help = text_of(&host, "route-paths-help").unwrap_or_default();
    assert!(
        help.contains("Start a path with ~ to make it a regular expression"),
        "{help}"
    );

    type_into(&path, "/flights");
    leptos::task::tick().await;
    assert_eq!(attribute(&path, "aria-invalid").as_deref(), Some("false"));
    host.remove();
}

#[wasm_bindgen_test]
async fn add_path_adds_an_input_and_focuses_it_and_remove_moves_focus_back() {
    let (host, _handle) = mount_route(
        RouteDraft::default(),
        RwSignal::new(false),
        RwSignal::new(None),
    );
    let first: HtmlInputElement = by_id(&host, "route-path-1");
    type_into(&first, "/a");
    let add: HtmlElement = by_id(&host, "route-add-path");
    add.click();
    leptos::task::tick().await;
    next_frame().await;
    let second: HtmlInputElement = by_id(&host, "route-path-2");
    assert_eq!(second.value(), "");
    assert_eq!(focused_id().as_deref(), Some("route-path-2"));
    let label = host
        .query_selector("label[for='route-path-2']")
        .unwrap()
        .and_then(|label| label.text_content());
    assert_eq!(label.as_deref(), Some("Path 2"));

    // Removing the last input moves focus to the one before it.
    let remove_second: HtmlElement = host
        .query_selector_all(".ksh-path-row button")
        .unwrap()
        .get(1)
        .unwrap()
        .unchecked_into();
    assert_eq!(
        remove_second.text_content().as_deref(),
        Some("Remove path 2")
    );
    remove_second.click();
    leptos::task::tick().await;
    next_frame().await;
    assert!(find::<HtmlElement>(&host, "route-path-2").is_none());
    assert_eq!(focused_id().as_deref(), Some("route-path-1"));
    assert_eq!(
        by_id::<HtmlInputElement>(&host, "route-path-1").value(),
        "/a"
    );

    // Removing the only input leaves Add Path focused.
    let remove_first: HtmlElement = host
        .query_selector(".ksh-path-row button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    remove_first.click();
    leptos::task::tick().await;
    next_frame().await;
    assert!(find::<HtmlElement>(&host, "route-path-1").is_none());
    assert_eq!(focused_id().as_deref(), Some("route-add-path"));
    host.remove();
}

#[wasm_bindgen_test]
async fn a_taken_route_name_is_shown_on_the_name_field() {
    let name_taken = RwSignal::new(None);
    let (host, _handle) = mount_route(RouteDraft::default(), RwSignal::new(false), name_taken);
    let name: HtmlInputElement = by_id(&host, "route-name");
    assert_eq!(attribute(&name, "aria-invalid").as_deref(), Some("false"));
    name_taken.set(Some(
        "A route named flights already exists in this control plane.".into(),
    ));
    leptos::task::tick().await;
    assert_eq!(attribute(&name, "aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        text_of(&host, "route-name-error").as_deref(),
        Some("A route named flights already exists in this control plane.")
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn the_route_disclosure_toggles_and_form_messages_show_with_everything() {
    let show_all = RwSignal::new(false);
    let (host, _handle) = mount_route(RouteDraft::default(), show_all, RwSignal::new(None));
    let toggle: HtmlElement = by_id(&host, "route-advanced-toggle");
    assert_eq!(
        toggle.text_content().as_deref(),
        Some("View 4 Advanced Fields")
    );
    toggle.click();
    leptos::task::tick().await;
    assert_eq!(attribute(&toggle, "aria-expanded").as_deref(), Some("true"));
    for id in [
        "route-hosts",
        "route-headers",
        "route-strip-path",
        "route-preserve-host",
    ] {
        assert!(find::<HtmlElement>(&host, id).is_some(), "{id}");
    }
    let strip: HtmlInputElement = by_id(&host, "route-strip-path");
    assert!(strip.checked());

    assert_eq!(text_of(&host, "route-form-messages"), None);
    show_all.set(true);
    leptos::task::tick().await;
    assert_eq!(
        text_of(&host, "route-form-messages").as_deref(),
        Some(
            "must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https'"
        )
    );
    host.remove();
}
