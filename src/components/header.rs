use crate::host::use_host;
use crate::router::{A, NavigateOptions, use_router};
use crate::state::{ConnectionStatus, use_app_state};
use crate::theme::ColourMode;
use leptos::prelude::*;

/// The top bar: the product name, where the app is connected, and the colour mode.
#[component]
pub fn Header() -> impl IntoView {
    let state = use_app_state();
    let router = use_router();
    let host = use_host();
    let status_class = move || match state.status.get() {
        ConnectionStatus::Connected { .. } => "ksh-status ksh-status-ok",
        ConnectionStatus::Failed(_) => "ksh-status ksh-status-error",
        _ => "ksh-status",
    };
    view! {
        <header class="ksh-header">
            <A href="/" attr:class="ksh-brand">"Konnect Service Hub"</A>
            <nav aria-label="Main">
                <Show when=move || state.connection.with(Option::is_some)>
                    <A href="/services">"Service Hub"</A>
                </Show>
                <Show when=move || host.show_connect>
                    <A href="/connect">"Connection"</A>
                </Show>
            </nav>
            <p class=status_class role="status" aria-live="polite">
                <span class="ksh-status-dot" aria-hidden="true"></span>
                {move || state.status.get().label()}
            </p>
            <Show when=move || {
                host.show_connect && state.status.with(ConnectionStatus::needs_reconnect)
            }>
                // A plain link: where to come back to must be noted before navigating away.
                <a
                    href=router.href("/connect")
                    class="ksh-button ksh-button-primary"
                    on:click=move |event| {
                        event.prevent_default();
                        state.return_to.set(Some(router.current_target()));
                        router.navigate("/connect", NavigateOptions::default());
                    }
                >
                    "Reconnect"
                </a>
            </Show>
            <ColourModeSelect />
        </header>
    }
}

#[component]
fn ColourModeSelect() -> impl IntoView {
    let state = use_app_state();
    view! {
        // The label wraps its select rather than naming an id: two app instances on one page
        // would otherwise share one.
        <label class="ksh-colour-mode">
            "Colours"
            <select
                on:change=move |event| {
                    if let Some(mode) = ColourMode::from_code(&event_target_value(&event)) {
                        state.set_colour_mode(mode);
                    }
                }
            >
                {ColourMode::ALL
                    .into_iter()
                    .map(|mode| {
                        view! {
                            <option
                                value=mode.code()
                                selected=move || state.colour_mode.get() == mode
                            >
                                {mode.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
