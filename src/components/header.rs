use crate::state::{ConnectionStatus, use_app_state};
use crate::theme::ColourMode;
use leptos::prelude::*;
use leptos_router::components::A;

/// The top bar: the product name, where the app is connected, and the colour mode.
#[component]
pub fn Header() -> impl IntoView {
    let state = use_app_state();
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
                <A href="/connect">"Connection"</A>
            </nav>
            <p class=status_class role="status" aria-live="polite">
                <span class="ksh-status-dot" aria-hidden="true"></span>
                {move || state.status.get().label()}
            </p>
            <Show when=move || state.status.with(ConnectionStatus::needs_reconnect)>
                <A
                    href="/connect"
                    attr:class="ksh-button ksh-button-primary"
                    on:click=move |_| {
                        // Come back to the same screen, with its draft, once reconnected.
                        let here = use_location_path();
                        state.return_to.set(here);
                    }
                >
                    "Reconnect"
                </A>
            </Show>
            <ColourModeSelect />
        </header>
    }
}

fn use_location_path() -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!(
        "{}{}",
        location.pathname().ok()?,
        location.search().ok()?
    ))
}

#[component]
fn ColourModeSelect() -> impl IntoView {
    let state = use_app_state();
    view! {
        <div class="ksh-colour-mode">
            <label for="ksh-colour-mode">"Colours"</label>
            <select
                id="ksh-colour-mode"
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
        </div>
    }
}
