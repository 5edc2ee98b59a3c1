//! Deleting an implementation (routes, then the gateway service, then the version's link) and
//! deleting a version (type its name to confirm). Both show what will go before anything does.

use crate::api::KonnectClient;
use crate::components::busy;
use crate::components::field::TextField;
use crate::components::ids::dom_id;
use crate::host::{AppEvent, VersionRef, use_host};
use crate::router::use_navigate;
use crate::screens::version::{Implementation, ServiceSettings, VersionContext};
use crate::state::use_app_state;
use domain::model::Route;
use konnect_client::{GatewayServiceRef, ProductVersion};
use leptos::html;
use leptos::prelude::*;

/// Routes deleted per listing round; the loop lists again until none are left.
const DELETE_BATCH: u32 = 100;

/// Deletes every route of the gateway service, then the service. Safe to run again after a
/// failure: whatever is already gone is simply not found any more.
async fn delete_gateway_service(
    client: &KonnectClient,
    link: &GatewayServiceRef,
    progress: RwSignal<Vec<String>>,
) -> Result<(), konnect_client::ApiError> {
    loop {
        let page = client
            .list_service_routes::<Route>(&link.control_plane_id, &link.id, DELETE_BATCH, None)
            .await;
        let routes = match page {
            Ok(page) => page.data,
            // The service itself is already gone, and its routes with it.
            Err(error) if error.is_not_found() => return Ok(()),
            Err(error) => return Err(error),
        };
        if routes.is_empty() {
            break;
        }
        for route in routes {
            let Some(id) = route.id.as_value() else {
                continue;
            };
            client.delete_route(&link.control_plane_id, id).await?;
            let name = route.name.as_value().cloned().unwrap_or_else(|| id.clone());
            progress.update(|done| done.push(format!("Deleted route {name}")));
        }
    }
    match client
        .delete_service(&link.control_plane_id, &link.id)
        .await
    {
        Err(error) if !error.is_not_found() => return Err(error),
        _ => {}
    }
    progress.update(|done| done.push("Deleted the gateway service".to_owned()));
    Ok(())
}

/// A confirmation panel that takes focus when it opens.
#[component]
fn ConfirmPanel(title: &'static str, children: Children) -> impl IntoView {
    let panel = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if let Some(element) = panel.get() {
            let _ = element.focus();
        }
    });
    let title_id = dom_id("confirm-title");
    let labelled_by = title_id.clone();
    let body_id = dom_id("confirm-body");
    let described_by = body_id.clone();
    view! {
        <div
            class="ksh-confirm"
            role="alertdialog"
            aria-labelledby=labelled_by
            aria-describedby=described_by
            tabindex="-1"
            node_ref=panel
        >
            <h2 id=title_id>{title}</h2>
            <div id=body_id>{children()}</div>
        </div>
    }
}

/// A confirmation's two buttons: the dangerous one, enabled once the user may confirm and busy
/// while the deletion runs, and Cancel.
#[component]
fn ConfirmActions(
    label: Signal<&'static str>,
    /// Whether the user may confirm (e.g. has typed the version's name).
    #[prop(optional, into)]
    ready: Option<Signal<bool>>,
    running: Signal<bool>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let ready = move || ready.is_none_or(|ready| ready.get());
    view! {
        <div class="ksh-actions">
            <button
                type="button"
                class="ksh-button ksh-button-danger"
                disabled=move || !ready()
                aria-disabled=move || busy(running.get())
                on:click=move |_| {
                    if !running.get_untracked() {
                        on_confirm.run(());
                    }
                }
            >
                {move || label.get()}
            </button>
            <button type="button" class="ksh-button" on:click=move |_| on_cancel.run(())>
                "Cancel"
            </button>
        </div>
    }
}

fn route_names(implementation: &Option<Implementation>) -> Vec<String> {
    implementation
        .as_ref()
        .map(|i| {
            i.routes
                .iter()
                .filter_map(|route| route.name.as_value().or(route.id.as_value()).cloned())
                .collect()
        })
        .unwrap_or_default()
}

/// The gateway service's name once the overview's shared settings have loaded, its id until then.
fn service_name(implementation: &Implementation) -> impl Fn() -> String + Send + Sync + use<> {
    let id = implementation.link.id.clone();
    let settings = use_context::<ServiceSettings>();
    if let Some(settings) = settings {
        settings.request();
    }
    move || {
        settings
            .and_then(|settings| settings.get())
            .and_then(Result::ok)
            .and_then(|facts| facts.service)
            .and_then(|service| service.name.as_value().cloned())
            .unwrap_or_else(|| id.clone())
    }
}

#[component]
fn WhatGoes(implementation: Option<Implementation>) -> impl IntoView {
    let routes = route_names(&implementation);
    let more = implementation.as_ref().is_some_and(|i| i.more_routes);
    implementation.as_ref().map(service_name).map(|service| {
        view! {
            <ul>
                {routes
                    .into_iter()
                    .map(|name| view! { <li>"Route " <strong>{name}</strong></li> })
                    .collect_view()}
                {more.then(|| view! { <li>"…and every other route of the service"</li> })}
                <li>"Gateway service " <strong>{service}</strong></li>
            </ul>
        }
    })
}

#[component]
fn Progress(done: RwSignal<Vec<String>>, error: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <ul class="ksh-progress" aria-live="polite">
            {move || done.get().into_iter().map(|step| view! { <li>{step}</li> }).collect_view()}
        </ul>
        {move || error.get().map(|message| view! { <p class="ksh-error" role="alert">{message}</p> })}
    }
}

#[component]
pub fn DeleteImplementation(
    product_id: String,
    version: ProductVersion,
    implementation: Option<Implementation>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let state = use_app_state();
    let context = expect_context::<VersionContext>();
    let host = use_host();
    let done = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<String>);
    let link = implementation.as_ref().map(|i| i.link.clone());
    let deleted = (
        VersionRef {
            product_id: product_id.clone(),
            version_id: version.id.clone(),
        },
        link.clone(),
    );
    let run = Action::new_local(move |_: &()| {
        let (product_id, version_id, link) = (product_id.clone(), version.id.clone(), link.clone());
        async move {
            let client = state.client()?;
            let describe = |e: konnect_client::ApiError| state.describe_error(&e);
            if let Some(link) = &link {
                delete_gateway_service(&client, link, done)
                    .await
                    .map_err(describe)?;
            }
            client
                .set_version_gateway_service(&product_id, &version_id, None)
                .await
                .map_err(describe)?;
            done.update(|steps| steps.push("Unlinked the version".to_owned()));
            Ok::<(), String>(())
        }
    });
    Effect::new(move |_| match run.value().get() {
        Some(Ok(())) => {
            let (version, link) = deleted.clone();
            let (control_plane_id, service_id) = link
                .map(|link| (link.control_plane_id, link.id))
                .unwrap_or_default();
            host.emit(AppEvent::ImplementationDeleted {
                version,
                control_plane_id,
                service_id,
            });
            context
                .announcement
                .set(Some("Implementation deleted.".to_owned()));
            context.reload.update(|n| *n += 1);
        }
        Some(Err(message)) => error.set(Some(format!(
            "{message} Nothing was rolled back: choose Retry to continue from here."
        ))),
        None => {}
    });
    let pending = run.pending();
    view! {
        <ConfirmPanel title="Delete the implementation?">
            <p>"These will be deleted, in this order, and the version will no longer be implemented:"</p>
            <WhatGoes implementation />
            <Progress done error />
            <ConfirmActions
                label=Signal::derive(move || match (pending.get(), error.with(Option::is_some)) {
                    (true, _) => "Deleting…",
                    (false, true) => "Retry",
                    (false, false) => "Delete implementation",
                })
                running=pending.into()
                on_confirm=Callback::new(move |()| {
                    error.set(None);
                    run.dispatch_local(());
                })
                on_cancel
            />
        </ConfirmPanel>
    }
}

#[component]
pub fn DeleteVersion(
    product_id: String,
    version: ProductVersion,
    implementation: Option<Implementation>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let host = use_host();
    let deleted_version = VersionRef {
        product_id: product_id.clone(),
        version_id: version.id.clone(),
    };
    let typed = RwSignal::new(String::new());
    let done = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<String>);
    let version_name = version.name.clone();
    let expected = version_name.clone();
    let matches = move || typed.with(|text| text.trim() == expected);
    let link = implementation.as_ref().map(|i| i.link.clone());
    let run = Action::new_local(move |_: &()| {
        let (product_id, version_id, link) = (product_id.clone(), version.id.clone(), link.clone());
        async move {
            let client = state.client()?;
            let describe = |e: konnect_client::ApiError| state.describe_error(&e);
            if let Some(link) = &link {
                delete_gateway_service(&client, link, done)
                    .await
                    .map_err(describe)?;
            }
            match client
                .delete_product_version(&product_id, &version_id)
                .await
            {
                Err(error) if !error.is_not_found() => return Err(describe(error)),
                _ => {}
            }
            Ok::<(), String>(())
        }
    });
    let deleted_name = version_name.clone();
    Effect::new(move |_| match run.value().get() {
        Some(Ok(())) => {
            host.emit(AppEvent::VersionDeleted {
                version: deleted_version.clone(),
            });
            state.return_to.set(None);
            navigate(
                &format!(
                    "/services?deleted={}",
                    js_sys::encode_uri_component(&deleted_name)
                ),
                Default::default(),
            );
        }
        Some(Err(message)) => error.set(Some(message)),
        None => {}
    });
    let pending = run.pending();
    view! {
        <ConfirmPanel title="Delete this version?">
            <p>
                "Version " <strong>{version_name.clone()}</strong>
                " will be deleted for good, with its implementation:"
            </p>
            <WhatGoes implementation />
            <TextField
                id="confirm-version-name"
                label="Type the version's name to confirm"
                value=typed
                error=Signal::derive(|| None::<String>)
            />
            <Progress done error />
            <ConfirmActions
                label=Signal::derive(move || if pending.get() { "Deleting…" } else { "Delete version" })
                ready=Signal::derive(matches)
                running=pending.into()
                on_confirm=Callback::new(move |()| {
                    error.set(None);
                    run.dispatch_local(());
                })
                on_cancel
            />
        </ConfirmPanel>
    }
}
