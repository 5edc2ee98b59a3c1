//! What the browser tests share: the page, a fresh container per mounted view, and the contexts
//! `App` provides, for mounting one screen alone. Each test binary uses part of it.
#![allow(dead_code)]

use konnect_service_hub::host::{Host, HostOptions};
use konnect_service_hub::router::{RoutingMode, provide_router};
use konnect_service_hub::state::AppState;
use leptos::prelude::*;
use leptos::tachys::view::Mountable;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement, HtmlFormElement};

pub fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

/// Mounts a view into a fresh container in the page.
pub fn mount<N: IntoView + 'static>(
    view: impl FnOnce() -> N + 'static,
) -> (HtmlElement, leptos::mount::UnmountHandle<impl Mountable>) {
    let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), view);
    (host, handle)
}

/// The app state, host and router a screen reads, as the standalone app provides them, with
/// the router in memory at `start` so that the test page's URL is left alone.
pub fn provide_app_contexts(start: &str) {
    let options = HostOptions::standalone("");
    provide_context(AppState::restore(&options));
    Host::provide(&options);
    provide_router(RoutingMode::Memory, Some(start));
}

/// Submits the first form inside `host`, as pressing its submit button would.
pub fn submit_form(host: &HtmlElement) {
    let form: HtmlFormElement = host
        .query_selector("form")
        .unwrap()
        .expect("a form")
        .unchecked_into();
    form.request_submit().unwrap();
}
