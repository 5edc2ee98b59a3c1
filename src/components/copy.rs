//! A Copy button for a block of text, with the outcome announced.

use leptos::prelude::*;

use crate::verify::clipboard::copy_text;

/// Copies `text` to the clipboard. `label` names what is copied, for screen readers
/// ("Copy JSON"). When the browser refuses (no clipboard access on plain http, for example),
/// the message says to select the text instead.
#[component]
pub fn CopyButton(#[prop(into)] text: Signal<String>, label: &'static str) -> impl IntoView {
    let outcome = RwSignal::new(None::<&'static str>);
    let copy = Action::new_local(move |text: &String| {
        let text = text.clone();
        async move { copy_text(&text).await }
    });
    Effect::new(move |_| {
        if let Some(copied) = copy.value().get() {
            outcome.set(Some(if copied {
                "Copied."
            } else {
                "The browser did not allow copying: select the text and copy it instead."
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
