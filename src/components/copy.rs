//! A Copy button for a block of text, with the outcome announced.

use leptos::prelude::*;

async fn write_to_clipboard(text: String) -> Result<(), ()> {
    let window = web_sys::window().ok_or(())?;
    let promise = window.navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| ())
}

/// Copies `text` to the clipboard. `label` names what is copied, for screen readers
/// ("Copy JSON"). When the browser refuses (no clipboard access on plain http, for example),
/// the message says to select the text instead.
#[component]
pub fn CopyButton(#[prop(into)] text: Signal<String>, label: &'static str) -> impl IntoView {
    let outcome = RwSignal::new(None::<&'static str>);
    let copy = Action::new_local(move |text: &String| write_to_clipboard(text.clone()));
    Effect::new(move |_| {
        if let Some(result) = copy.value().get() {
            outcome.set(Some(match result {
                Ok(()) => "Copied.",
                Err(()) => {
                    "The browser did not allow copying: select the text and copy it instead."
                }
            }));
        }
    });
    view! {
        <span class="ksh-copy">
            <button
                type="button"
                class="ksh-button"
                on:click=move |_| {
                    outcome.set(None);
                    copy.dispatch_local(text.get_untracked());
                }
            >
                {label}
            </button>
            <span class="ksh-copy-outcome" role="status">{move || outcome.get()}</span>
        </span>
    }
}
