//! The Connect screen: region, how to reach the API, and the token.

use crate::api::client_for;
use crate::components::busy;
use crate::components::error_summary::ErrorSummary;
use crate::components::field::{CheckboxField, SelectField, TextField};
use crate::components::heading::ScreenHeading;
use crate::components::ids::dom_id;
use crate::components::status::ErrorMessage;
use crate::connection::{ConnectionDraft, ConnectionSettings, Region, field};
use crate::forms::{FormErrors, FormLayout, ShownErrors};
use crate::host::{AppEvent, use_host};
use crate::router::use_navigate;
use crate::state::{ConnectionStatus, use_app_state};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// Form fields in the order they appear, with their labels (used by the error summary).
const FIELD_ORDER: [(&str, &str); 5] = [
    (field::REGION, "Region"),
    (field::ACCESS, "API access"),
    (field::PROXY_PREFIX, "Proxy path prefix"),
    (field::SANDBOX_URL, "Sandbox address"),
    (field::TOKEN, "Token"),
];

#[component]
pub fn ConnectScreen() -> impl IntoView {
    if !use_host().show_connect {
        return view! { <ConnectedByHost /> }.into_any();
    }
    view! { <ConnectForm /> }.into_any()
}

/// A portal that supplies the token itself hides the form: the user can only see how the
/// connection stands.
#[component]
fn ConnectedByHost() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="ksh-screen">
            <ScreenHeading>"Connection"</ScreenHeading>
            <p>"This page connects to Konnect for you."</p>
            <p role="status">{move || state.status.get().label()}</p>
            {move || {
                match state.status.get() {
                ConnectionStatus::Failed(message) => Some(message),
                ConnectionStatus::Expired => Some(
                    "Konnect rejected the page's token. Sign in again on this page, then retry."
                        .to_owned(),
                ),
                _ => None,
            }
                .map(|message| view! { <ErrorMessage message /> })
            }}
        </section>
    }
}

#[component]
fn ConnectForm() -> impl IntoView {
    let state = use_app_state();
    let initial = state
        .connection
        .get_untracked()
        .or_else(|| state.suggested.get_value())
        .map(|settings| ConnectionDraft::from_settings(&settings))
        .unwrap_or_else(ConnectionDraft::new_default);

    let region = RwSignal::new(initial.region);
    let access = RwSignal::new(initial.access);
    let proxy_prefix = RwSignal::new(initial.proxy_prefix);
    let sandbox_url = RwSignal::new(initial.sandbox_url);
    let token = RwSignal::new(initial.token);
    let remember = RwSignal::new(initial.remember);

    let draft = move || ConnectionDraft {
        region: region.get(),
        access: access.get(),
        proxy_prefix: proxy_prefix.get(),
        sandbox_url: sandbox_url.get(),
        token: token.get(),
        remember: remember.get(),
    };
    // Messages appear once a field has been left or the form submitted, as in every form.
    let errors = Memo::new(move |_| {
        let mut errors = FormErrors::new(FormLayout::Fields(&FIELD_ORDER));
        if let Err(problems) = draft().validate() {
            for (field, message) in problems {
                errors.add_field_message(field, &message);
            }
        }
        errors
    });
    let submitted = RwSignal::new(false);
    let shown = ShownErrors::new(errors.into(), submitted.into());
    let summary = Signal::derive(move || {
        if submitted.get() {
            errors.with(FormErrors::summary)
        } else {
            Vec::new()
        }
    });

    let uses_proxy = move || access.get() == "proxy";
    let uses_sandbox_url = move || region.get() == Region::Local.code() && access.get() == "direct";
    let result = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let host = use_host();

    // Asks Konnect who the token belongs to; only settings that work are kept.
    let connect = Action::new_local(move |settings: &ConnectionSettings| {
        let settings = settings.clone();
        async move {
            // Who the organization is proves the token; system-account tokens have no user.
            let outcome = client_for(&settings, None).current_organization().await;
            (settings, outcome)
        }
    });
    Effect::new(move |_| {
        let Some((settings, outcome)) = connect.value().get() else {
            return;
        };
        match outcome {
            Ok(organization) => {
                let organization = organization.name;
                result.set(Some(format!("Connected to {organization}.")));
                host.emit(AppEvent::Connected {
                    organization: organization.clone(),
                    region: settings.region.code(),
                });
                state.set_connection(settings, organization);
                let destination = state
                    .return_to
                    .try_update(Option::take)
                    .flatten()
                    .unwrap_or_else(|| "/services".to_owned());
                navigate(&destination, Default::default());
            }
            Err(error) => {
                let message = error.user_message();
                state.status.set(ConnectionStatus::Failed(message.clone()));
                result.set(Some(message));
            }
        }
    });
    let connecting = connect.pending();

    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        result.set(None);
        if connecting.get_untracked() {
            return;
        }
        if let Ok(settings) = draft().validate() {
            state.status.set(ConnectionStatus::Connecting);
            connect.dispatch_local(settings);
        }
    };

    let region_options = Region::ALL
        .into_iter()
        .map(|region| (region.code(), region.label()))
        .collect::<Vec<_>>();

    view! {
        <section class="ksh-screen ksh-connect">
            <ScreenHeading>"Connect to Konnect"</ScreenHeading>
            <p class="ksh-lead">
                "Choose your organization's region and paste a personal access token or a system account token. "
                "The token is sent only to the Konnect API, in the Authorization header."
            </p>
            <ErrorSummary errors=summary />
            <form class="ksh-form" on:submit=on_submit novalidate>
                <SelectField
                    id=field::REGION
                    label="Region"
                    value=region
                    options=region_options
                    error=shown.error_for(field::REGION)
                    help="Where your Konnect organization lives. Local sandbox is the built-in test server."
                />
                <fieldset
                    class="ksh-field ksh-radio-group"
                    id=dom_id(field::ACCESS)
                    aria-describedby=dom_id("access-help")
                >
                    <legend>"API access"</legend>
                    <p class="ksh-help" id=dom_id("access-help")>
                        "Call Konnect directly, or through a path on this site that your reverse proxy forwards to Konnect (when the browser may not call Konnect from this origin)."
                    </p>
                    <AccessOption value="direct" label="Directly" access />
                    <AccessOption value="proxy" label="Through a same-origin proxy" access />
                </fieldset>
                <Show when=uses_proxy>
                    <TextField
                        id=field::PROXY_PREFIX
                        label="Proxy path prefix"
                        value=proxy_prefix
                        error=shown.error_for(field::PROXY_PREFIX)
                        help="The app calls {prefix}/{region}/… and {prefix}/global/…, for example /konnect/eu/v2/api-products."
                        on_blur=shown.touch(field::PROXY_PREFIX)
                    />
                </Show>
                <Show when=uses_sandbox_url>
                    <TextField
                        id=field::SANDBOX_URL
                        label="Sandbox address"
                        value=sandbox_url
                        input_type="url"
                        error=shown.error_for(field::SANDBOX_URL)
                        help="Printed by make sandbox, for example http://127.0.0.1:8070."
                        on_blur=shown.touch(field::SANDBOX_URL)
                    />
                </Show>
                <TextField
                    id=field::TOKEN
                    label="Token"
                    value=token
                    input_type="password"
                    error=shown.error_for(field::TOKEN)
                    help="kpat_… (personal access token) or spat_… (system account token)."
                    on_blur=shown.touch(field::TOKEN)
                />
                <CheckboxField
                    id="remember"
                    label="Remember for this browser tab"
                    checked=remember
                    help="Kept in this tab's session storage until the tab closes; never stored anywhere else."
                />
                <div class="ksh-actions">
                    <button
                        type="submit"
                        class="ksh-button ksh-button-primary"
                        aria-disabled=move || busy(connecting.get())
                    >
                        {move || if connecting.get() { "Connecting…" } else { "Connect" }}
                    </button>
                </div>
                <p class="ksh-result" role="status">{move || result.get()}</p>
            </form>
        </section>
    }
}

#[component]
fn AccessOption(
    value: &'static str,
    label: &'static str,
    access: RwSignal<String>,
) -> impl IntoView {
    let id = dom_id(&format!("access-{value}"));
    view! {
        <div class="ksh-radio">
            <input
                type="radio"
                id=id.clone()
                name="access"
                value=value
                prop:checked=move || access.get() == value
                on:change=move |_| access.set(value.to_owned())
            />
            <label for=id>{label}</label>
        </div>
    }
}
