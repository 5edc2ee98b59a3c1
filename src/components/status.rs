//! How screens show that something is loading, or why it failed.

use leptos::prelude::*;

/// A visible, announced progress state.
#[component]
pub fn Loading(what: &'static str) -> impl IntoView {
    view! {
        <p class="ksh-loading" role="status">
            <span class="ksh-spinner" aria-hidden="true"></span>
            {format!("Loading {what}…")}
        </p>
    }
}

/// An error a screen could not recover from on its own, with what to do about it.
#[component]
pub fn ErrorMessage(#[prop(into)] message: String) -> impl IntoView {
    view! {
        <div class="ksh-error" role="alert">
            <p>{message}</p>
        </div>
    }
}

/// Renders what an API load has come to: progress while it runs, its error, or `ready` with the
/// value. Every screen shows loads the same way through this.
pub fn load_view<T, V>(
    what: &'static str,
    state: Option<Result<T, String>>,
    ready: impl FnOnce(T) -> V,
) -> AnyView
where
    V: IntoView + 'static,
{
    match state {
        None => view! { <Loading what /> }.into_any(),
        Some(Err(message)) => view! { <ErrorMessage message /> }.into_any(),
        Some(Ok(value)) => ready(value).into_any(),
    }
}
