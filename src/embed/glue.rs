//! The JavaScript side of embedding: reading options, mounting, unmounting.

use super::DECLARATIVE_ATTRIBUTE;
use super::options::RawOptions;
use crate::app::App;
use crate::components::ids::free_prefix;
use std::any::Any;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

/// One mounted app instance.
struct Mounted {
    element: HtmlElement,
    /// Its element id prefix, taken until it is unmounted.
    id_prefix: String,
    /// Dropping it removes the app's nodes and disposes its reactive owner, which runs every
    /// `on_cleanup`: history and pointer listeners, pending requests, timers.
    handle: Box<dyn Any>,
}

thread_local! {
    static MOUNTED: RefCell<Vec<Mounted>> = const { RefCell::new(Vec::new()) };
}

/// A mounted app, as `mount` returns it to JavaScript.
#[wasm_bindgen]
pub struct MountedApp {
    element: HtmlElement,
}

#[wasm_bindgen]
impl MountedApp {
    /// Removes the app and everything it installed; the element is left empty.
    pub fn unmount(&self) {
        unmount(&self.element);
    }

    /// The element the app lives in (and dispatches its events on).
    #[wasm_bindgen(getter)]
    pub fn element(&self) -> HtmlElement {
        self.element.clone()
    }
}

/// Mounts the whole app inside `element`. Options (all optional): `region`, `apiBase`,
/// `service` and `version` (or `start`), `showConnect`, `routing` (`memory`, `hash`,
/// `history`), `base`, and `tokenProvider`, a function returning (a promise of) a token.
/// Mounting again into the same element replaces the app that was there.
#[wasm_bindgen]
pub fn mount(element: HtmlElement, options: JsValue) -> Result<MountedApp, JsError> {
    let token_provider = token_provider(&options);
    let raw = read_options(&options, false);
    mount_with(element, raw, token_provider).map_err(|message| JsError::new(&message))
}

/// Unmounts the app mounted in `element`; returns whether there was one.
#[wasm_bindgen]
pub fn unmount(element: &HtmlElement) -> bool {
    // Take the handle out first: dropping it runs the app's cleanups, which must not find the
    // registry borrowed.
    let removed = MOUNTED.with_borrow_mut(|mounted| {
        let index = mounted.iter().position(|app| app.element == *element)?;
        Some(mounted.swap_remove(index).handle)
    });
    let was_mounted = removed.is_some();
    drop(removed);
    was_mounted
}

/// Mounts every `data-konnect-service-hub` element not yet mounted. An element whose options
/// are wrong shows why instead of the app, and the console says so too.
pub fn mount_declared() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let Ok(elements) = document.query_selector_all(&format!("[{DECLARATIVE_ATTRIBUTE}]")) else {
        return;
    };
    for index in 0..elements.length() {
        let Some(element) = elements
            .item(index)
            .and_then(|node| node.dyn_into::<HtmlElement>().ok())
        else {
            continue;
        };
        let already =
            MOUNTED.with_borrow(|mounted| mounted.iter().any(|app| app.element == element));
        if already {
            continue;
        }
        let dataset: JsValue = element.dataset().into();
        let raw = read_options(&dataset, true);
        let mounted = named_token_provider(&dataset)
            .and_then(|token_provider| mount_with(element.clone(), raw, token_provider));
        if let Err(message) = mounted {
            web_sys::console::error_1(&format!("Konnect Service Hub: {message}").into());
            element.set_text_content(Some(&format!(
                "Konnect Service Hub cannot start: {message}"
            )));
        }
    }
}

fn mount_with(
    element: HtmlElement,
    raw: RawOptions,
    token_provider: Option<js_sys::Function>,
) -> Result<MountedApp, String> {
    let mut options = raw.into_host_options(token_provider.is_some())?;
    options.token_provider = token_provider;
    options.root = Some(element.clone());
    unmount(&element);
    let id_prefix = MOUNTED.with_borrow(|mounted| {
        let in_use: Vec<&str> = mounted.iter().map(|app| app.id_prefix.as_str()).collect();
        free_prefix(&in_use)
    });
    options.id_prefix = id_prefix.clone();
    // What the page put inside (a `<noscript>`, a "loading" line) makes room for the app.
    element.set_text_content(None);
    let handle = leptos::mount::mount_to(element.clone(), move || {
        leptos::view! { <App options /> }
    });
    MOUNTED.with_borrow_mut(|mounted| {
        mounted.push(Mounted {
            element: element.clone(),
            id_prefix,
            handle: Box::new(handle),
        });
    });
    Ok(MountedApp { element })
}

fn property(object: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(object, &JsValue::from_str(key))
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

fn text(object: &JsValue, key: &str) -> Option<String> {
    property(object, key)
        .and_then(|value| value.as_string())
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

/// A boolean from a JavaScript option or from an attribute (`data-show-connect="false"`).
fn flag(object: &JsValue, key: &str) -> Option<bool> {
    let value = property(object, key)?;
    value.as_bool().or_else(|| match value.as_string()?.trim() {
        "" | "true" => Some(true),
        "false" => Some(false),
        _ => None,
    })
}

/// Reads the options from a `mount` options object, or from an element's `dataset` (which
/// gives `data-api-base` as `apiBase`).
fn read_options(object: &JsValue, declarative: bool) -> RawOptions {
    RawOptions {
        region: text(object, "region"),
        api_base: text(object, "apiBase"),
        service: text(object, "service"),
        version: text(object, "version"),
        start: text(object, "start"),
        show_connect: flag(object, "showConnect"),
        routing: text(object, "routing"),
        base: text(object, "base"),
        standalone: declarative && flag(object, "standalone").unwrap_or(false),
    }
}

fn token_provider(options: &JsValue) -> Option<js_sys::Function> {
    property(options, "tokenProvider")?.dyn_into().ok()
}

/// `data-token-provider="getKonnectToken"` names a function on `window`, for portals whose
/// markup can reference a script the portal itself ships.
fn named_token_provider(dataset: &JsValue) -> Result<Option<js_sys::Function>, String> {
    let Some(name) = text(dataset, "tokenProvider") else {
        return Ok(None);
    };
    web_sys::window()
        .and_then(|window| property(&window.into(), &name))
        .and_then(|value| value.dyn_into().ok())
        .map(Some)
        .ok_or_else(|| {
            format!("data-token-provider names {name:?}, which is not a function on window.")
        })
}
