//! Adding a route to an implemented version, and editing the gateway service or a route.
//! Edits are sent with PUT, and Save is enabled only when something changed.

use crate::components::busy;
use crate::components::error_summary::ErrorSummary;
use crate::components::heading::ScreenHeading;
use crate::components::status::load_view;
use crate::forms::{FormErrors, RouteDraft, RouteFields, ServiceDraft, ServiceFields};
use crate::host::{AppEvent, VersionRef, use_host};
use crate::router::A;
use crate::router::{use_navigate, use_params_map};
use crate::screens::implement::use_route_name_check;
use crate::screens::service_hub::version_path;
use crate::screens::version::use_version_ids;
use crate::state::{AppState, use_app_state};
use domain::model::{ForeignKey, Nullable, Route, Service};
use konnect_client::GatewayServiceRef;
use leptos::prelude::*;

/// The version's implementation link, or why there is none.
async fn load_link(
    state: AppState,
    product_id: String,
    version_id: String,
) -> Result<GatewayServiceRef, String> {
    let client = state.client()?;
    let version = client
        .get_product_version(&product_id, &version_id)
        .await
        .map_err(|e| state.describe_error(&e))?;
    version.gateway_service.ok_or_else(|| {
        "This version is not implemented yet: create an implementation first.".to_owned()
    })
}

/// Form errors plus what the server said about the fields, for the error summary and the fields.
fn with_server_errors(mut errors: FormErrors, server: Option<&FormErrors>) -> FormErrors {
    if let Some(server) = server {
        errors.merge_server_errors(server.fields());
        for message in server.form_messages() {
            errors.add_form_message(message);
        }
    }
    errors
}

/// After a failed save: its field errors on the fields, its message above the form.
fn server_verdict(
    state: &AppState,
    error: &konnect_client::ApiError,
    empty: FormErrors,
) -> (String, FormErrors) {
    let mut fields = empty;
    fields.merge_server_errors(error.field_errors());
    (state.describe_error(error), fields)
}

#[component]
pub fn AddRouteScreen() -> impl IntoView {
    let state = use_app_state();
    let (product_id, version_id) = use_version_ids();
    let base = move || version_path(&product_id.get(), &version_id.get());
    let link = LocalResource::new(move || load_link(state, product_id.get(), version_id.get()));
    view! {
        <section class="ksh-screen">
            <p class="ksh-breadcrumb"><A href=base>"Back to the version"</A></p>
            <ScreenHeading>"Add a Route"</ScreenHeading>
            {move || {
                load_view("the implementation", link.get(), |link| {
                    view! { <RouteEditor link route=None base=base() /> }
                })
            }}
        </section>
    }
}

#[component]
pub fn EditRouteScreen() -> impl IntoView {
    let state = use_app_state();
    let (product_id, version_id) = use_version_ids();
    let params = use_params_map();
    let route_id = Memo::new(move |_| params.with(|p| p.get("route").unwrap_or_default()));
    let base = move || version_path(&product_id.get(), &version_id.get());
    let loaded = LocalResource::new(move || {
        let (product_id, version_id, route_id) =
            (product_id.get(), version_id.get(), route_id.get());
        async move {
            let link = load_link(state, product_id, version_id).await?;
            let client = state.client()?;
            let route: Option<Route> = client
                .get_route(&link.control_plane_id, &route_id)
                .await
                .map_err(|e| state.describe_error(&e))?;
            let route = route.ok_or_else(|| "This route no longer exists.".to_owned())?;
            Ok::<_, String>((link, route))
        }
    });
    view! {
        <section class="ksh-screen">
            <p class="ksh-breadcrumb"><A href=base>"Back to the version"</A></p>
            <ScreenHeading>"Edit route"</ScreenHeading>
            {move || {
                load_view("the route", loaded.get(), |(link, route)| {
                    view! { <RouteEditor link route=Some(route) base=base() /> }
                })
            }}
        </section>
    }
}

/// The route form for a new route (POST) or an existing one (PUT).
#[component]
fn RouteEditor(link: GatewayServiceRef, route: Option<Route>, base: String) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let original = route.as_ref().map(RouteDraft::from_route);
    let route_id = route.as_ref().and_then(|r| r.id.as_value().cloned());
    // A PUT replaces the whole route: fields the form does not show keep their stored values.
    let stored_route = StoredValue::new(route.clone());
    let draft = RwSignal::new(original.clone().unwrap_or_default());
    let show_all = RwSignal::new(false);
    let server = RwSignal::new(None::<FormErrors>);
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        draft.track();
        server.set(None);
    });
    let errors = Memo::new(move |_| {
        server.with(|server| with_server_errors(draft.with(RouteDraft::errors), server.as_ref()))
    });
    let control_plane = link.control_plane_id.clone();
    let name_taken = use_route_name_check(
        state,
        Signal::derive(move || control_plane.clone()),
        Signal::derive(move || draft.with(|d| d.name.clone())),
        route_id.clone(),
    );
    let changed = {
        let original = original.clone();
        Memo::new(move |_| match &original {
            Some(original) => draft.with(|d| !d.changed_fields(original).is_empty()),
            None => true,
        })
    };
    let is_edit = original.is_some();
    // Every route of the version belongs to its one gateway service.
    let service_for_route = StoredValue::new(link.id.clone());

    let save = Action::new_local(move |body: &Route| {
        let (body, link, route_id) = (body.clone(), link.clone(), route_id.clone());
        async move {
            let client = state.client().map_err(|m| (m, None))?;
            let saved: Result<Route, _> = match &route_id {
                Some(id) => client.put_route(&link.control_plane_id, id, &body).await,
                None => client.create_route(&link.control_plane_id, &body).await,
            };
            saved
                .map(|route| {
                    let id = route.id.as_value().cloned().unwrap_or_default();
                    let name = route.name.as_value().cloned().unwrap_or_default();
                    (link.control_plane_id, id, name)
                })
                .map_err(|e| {
                    let (message, fields) =
                        server_verdict(&state, &e, draft.with_untracked(RouteDraft::errors));
                    (message, Some(fields))
                })
        }
    });
    let done_base = base.clone();
    let host = use_host();
    let (product_id, version_id) = use_version_ids();
    Effect::new(move |_| match save.value().get() {
        Some(Ok((control_plane_id, route_id, route_name))) => {
            let version = VersionRef::of(product_id, version_id);
            let (what, event) = if is_edit {
                let event = AppEvent::RouteUpdated {
                    version,
                    control_plane_id,
                    route_id,
                    route_name,
                };
                ("route-updated", event)
            } else {
                let event = AppEvent::RouteAdded {
                    version,
                    control_plane_id,
                    route_id,
                    route_name,
                };
                ("route-added", event)
            };
            host.emit(event);
            navigate(&format!("{done_base}?done={what}"), Default::default());
        }
        Some(Err((message, fields))) => {
            if let Some(fields) = fields {
                server.set(Some(fields));
                show_all.set(true);
            }
            failure.set(Some(message));
        }
        None => {}
    });
    let pending = save.pending();
    let summary = Signal::derive(move || {
        if !show_all.get() {
            return Vec::new();
        }
        let mut entries = errors.with(FormErrors::summary);
        if let Some(message) = name_taken.get() {
            entries.insert(0, ("route-name".to_owned(), "Name".to_owned(), message));
        }
        entries
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        show_all.set(true);
        if pending.get_untracked()
            || !changed.get_untracked()
            || name_taken.get_untracked().is_some()
        {
            return;
        }
        let body = stored_route.with_value(|stored| match stored {
            Some(stored) => draft.with_untracked(|d| d.validate_edit(stored)),
            None => draft.with_untracked(RouteDraft::validate),
        });
        match body {
            Ok(mut body) => {
                failure.set(None);
                body.service = Nullable::Value(ForeignKey {
                    id: service_for_route.get_value(),
                });
                save.dispatch_local(body);
            }
            Err(_) => failure.set(None),
        }
    };
    view! {
        <ErrorSummary errors=summary />
        <form class="ksh-form" on:submit=on_submit novalidate>
            <RouteFields draft errors show_all name_taken />
            {move || failure.get().map(|message| view! { <div class="ksh-error" role="alert"><p>{message}</p></div> })}
            <div class="ksh-actions">
                <button
                    type="submit"
                    class="ksh-button ksh-button-primary"
                    disabled=move || !changed.get()
                    aria-disabled=move || busy(pending.get())
                >
                    {move || match (pending.get(), is_edit) {
                        (true, _) => "Saving…",
                        (false, true) => "Save",
                        (false, false) => "Create",
                    }}
                </button>
                <A href=base.clone() attr:class="ksh-button">"Cancel"</A>
            </div>
        </form>
    }
}

#[component]
pub fn EditServiceScreen() -> impl IntoView {
    let state = use_app_state();
    let (product_id, version_id) = use_version_ids();
    let base = move || version_path(&product_id.get(), &version_id.get());
    let loaded = LocalResource::new(move || {
        let (product_id, version_id) = (product_id.get(), version_id.get());
        async move {
            let link = load_link(state, product_id, version_id).await?;
            let client = state.client()?;
            let service: Option<Service> = client
                .get_service(&link.control_plane_id, &link.id)
                .await
                .map_err(|e| state.describe_error(&e))?;
            let service =
                service.ok_or_else(|| "The gateway service no longer exists.".to_owned())?;
            Ok::<_, String>((link, service))
        }
    });
    view! {
        <section class="ksh-screen">
            <p class="ksh-breadcrumb"><A href=base>"Back to the version"</A></p>
            <ScreenHeading>"Edit implementation"</ScreenHeading>
            {move || {
                load_view("the gateway service", loaded.get(), |(link, service)| {
                    view! { <ServiceEditor link service base=base() /> }
                })
            }}
        </section>
    }
}

#[component]
fn ServiceEditor(link: GatewayServiceRef, service: Service, base: String) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let original = ServiceDraft::from_service(&service);
    // A PUT replaces the whole service: fields the form does not show keep their stored values.
    let stored_service = StoredValue::new(service);
    let draft = RwSignal::new(original.clone());
    let show_all = RwSignal::new(false);
    let server = RwSignal::new(None::<FormErrors>);
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        draft.track();
        server.set(None);
    });
    let errors = Memo::new(move |_| {
        server.with(|server| with_server_errors(draft.with(ServiceDraft::errors), server.as_ref()))
    });
    let changed = Memo::new(move |_| draft.with(|d| !d.changed_fields(&original).is_empty()));
    let save = Action::new_local(move |body: &Service| {
        let (body, link) = (body.clone(), link.clone());
        async move {
            let client = state.client().map_err(|m| (m, None))?;
            client
                .put_service::<Service>(&link.control_plane_id, &link.id, &body)
                .await
                .map(|saved| {
                    let name = saved.name.as_value().cloned().unwrap_or_default();
                    (link, name)
                })
                .map_err(|e| {
                    let (message, fields) =
                        server_verdict(&state, &e, draft.with_untracked(ServiceDraft::errors));
                    (message, Some(fields))
                })
        }
    });
    let done_base = base.clone();
    let host = use_host();
    let (product_id, version_id) = use_version_ids();
    Effect::new(move |_| match save.value().get() {
        Some(Ok((link, service_name))) => {
            host.emit(AppEvent::ImplementationUpdated {
                version: VersionRef::of(product_id, version_id),
                control_plane_id: link.control_plane_id,
                service_id: link.id,
                service_name,
            });
            navigate(
                &format!("{done_base}?done=service-updated"),
                Default::default(),
            );
        }
        Some(Err((message, fields))) => {
            if let Some(fields) = fields {
                server.set(Some(fields));
                show_all.set(true);
            }
            failure.set(Some(message));
        }
        None => {}
    });
    let pending = save.pending();
    let summary = Signal::derive(move || {
        if show_all.get() {
            errors.with(FormErrors::summary)
        } else {
            Vec::new()
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        show_all.set(true);
        if pending.get_untracked() || !changed.get_untracked() {
            return;
        }
        let body =
            stored_service.with_value(|stored| draft.with_untracked(|d| d.validate_edit(stored)));
        if let Ok(body) = body {
            failure.set(None);
            save.dispatch_local(body);
        }
    };
    view! {
        <ErrorSummary errors=summary />
        <form class="ksh-form" on:submit=on_submit novalidate>
            <ServiceFields draft errors show_all />
            {move || failure.get().map(|message| view! { <div class="ksh-error" role="alert"><p>{message}</p></div> })}
            <div class="ksh-actions">
                <button
                    type="submit"
                    class="ksh-button ksh-button-primary"
                    disabled=move || !changed.get()
                    aria-disabled=move || busy(pending.get())
                >
                    {move || if pending.get() { "Saving…" } else { "Save" }}
                </button>
                <A href=base.clone() attr:class="ksh-button">"Cancel"</A>
            </div>
        </form>
    }
}
