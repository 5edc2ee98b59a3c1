//! Deferring work until an element scrolls into view.

use leptos::html;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

type Callback = Closure<dyn FnMut(js_sys::Array)>;

/// Calls `on_visible` once, the first time `target` is at least partly in the viewport. Content
/// below the fold then costs no request until someone scrolls to it. Where IntersectionObserver
/// is missing, `on_visible` runs at once.
pub fn when_first_visible(target: NodeRef<html::Section>, on_visible: impl Fn() + 'static) {
    let observer = StoredValue::new_local(None::<(web_sys::IntersectionObserver, Callback)>);
    let on_visible = Rc::new(on_visible);
    let fired = Rc::new(Cell::new(false));
    // Disconnects only: the callback itself is dropped with its owner, never while it runs.
    let disconnect = move || {
        observer.try_with_value(|observer| {
            if let Some((observer, _)) = observer {
                observer.disconnect();
            }
        });
    };
    Effect::new(move |_| {
        let Some(element) = target.get() else {
            return;
        };
        if fired.get() || observer.with_value(Option::is_some) {
            return;
        }
        let (notify, fired_in_callback) = (on_visible.clone(), fired.clone());
        let callback = Callback::new(move |entries: js_sys::Array| {
            let visible = entries.iter().any(|entry| {
                entry
                    .unchecked_into::<web_sys::IntersectionObserverEntry>()
                    .is_intersecting()
            });
            if visible && !fired_in_callback.replace(true) {
                disconnect();
                notify();
            }
        });
        match web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()) {
            Ok(intersection) => {
                intersection.observe(&element);
                observer.set_value(Some((intersection, callback)));
            }
            Err(_) => {
                fired.set(true);
                on_visible();
            }
        }
    });
    on_cleanup(disconnect);
}
