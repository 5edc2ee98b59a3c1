//! The Create Implementation wizard: step 1 defines the gateway service (in a runtime group),
//! step 2 its first route; Create makes the service, the route, and links the version.
//!
//! Each step has its own URL. The draft lives in sessionStorage (never the token), so a reload,
//! Back, a failed request or an expired token loses nothing. Create remembers what it already
//! made, so Retry continues from the failed step and never makes a second service.

use crate::components::busy;
use crate::components::error_summary::ErrorSummary;
use crate::components::field::BoundSelectField;
use crate::components::heading::ScreenHeading;
use crate::components::ids::dom_id;
use crate::components::status::load_view;
use crate::forms::{RouteDraft, RouteFields, ServiceDraft, ServiceFields};
use crate::host::{AppEvent, VersionRef, use_host};
use crate::router::A;
use crate::router::use_navigate;
use crate::screens::service_hub::version_path;
use crate::screens::version::use_version_ids;
use crate::state::{AppState, use_app_state};
use crate::storage::{self, Area};
use crate::stored::StoredObject;
use domain::model::{ForeignKey, Nullable, Route, Service};
use konnect_client::{ApiError, ControlPlane, GatewayServiceRef, PageQuery};
use leptos::prelude::*;
use serde::Serialize;
use std::time::Duration;

/// Control planes offered in the runtime group list.
const CONTROL_PLANES_PAGE_SIZE: u32 = 100;
/// Pause after the last keystroke before the route name is looked up.
const NAME_CHECK_DELAY: Duration = Duration::from_millis(350);

/// What Create already made, so that Retry continues instead of starting over.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreatedSoFar {
    pub service: Option<CreatedEntity>,
    pub route: Option<CreatedEntity>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreatedEntity {
    pub id: String,
    pub name: String,
}

/// The whole wizard's draft, as kept in sessionStorage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImplementationDraft {
    pub control_plane_id: String,
    pub service: ServiceDraft,
    pub route: RouteDraft,
    pub created: CreatedSoFar,
    /// The service as it was when created, to tell whether Retry must update it.
    pub service_as_created: Option<ServiceDraft>,
}

impl ImplementationDraft {
    /// The draft as stored (see [`Serialize`]); each missing part takes its default.
    fn from_stored(stored: &StoredObject) -> ImplementationDraft {
        let created = stored.object("created").unwrap_or_default();
        let created_entity = |key: &str| {
            let entity = created.object(key)?;
            Some(CreatedEntity {
                id: entity.text("id")?,
                name: entity.text("name")?,
            })
        };
        ImplementationDraft {
            control_plane_id: stored.text("control_plane_id").unwrap_or_default(),
            service: ServiceDraft::from_stored(&stored.object("service").unwrap_or_default()),
            route: RouteDraft::from_stored(&stored.object("route").unwrap_or_default()),
            created: CreatedSoFar {
                service: created_entity("service"),
                route: created_entity("route"),
            },
            service_as_created: stored
                .object("service_as_created")
                .map(|service| ServiceDraft::from_stored(&service)),
        }
    }
}

fn draft_key(version_id: &str) -> String {
    format!("draft:implement:{version_id}")
}

/// The steps of Create, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateStep {
    Connect,
    Service,
    Route,
    Link,
}

impl CreateStep {
    /// Completes "Failed while …".
    fn doing(self) -> &'static str {
        match self {
            CreateStep::Connect => "connecting to Konnect",
            CreateStep::Service => "creating the gateway service",
            CreateStep::Route => "creating the route",
            CreateStep::Link => "linking the version to the gateway service",
        }
    }
}

/// The step that failed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFailure {
    pub step: CreateStep,
    pub message: String,
}

#[derive(Clone, Copy)]
struct Wizard {
    state: AppState,
    product_id: Memo<String>,
    version_id: Memo<String>,
    control_plane_id: RwSignal<String>,
    service: RwSignal<ServiceDraft>,
    route: RwSignal<RouteDraft>,
    created: RwSignal<CreatedSoFar>,
    service_as_created: RwSignal<Option<ServiceDraft>>,
}

impl Wizard {
    fn restore(state: AppState, product_id: Memo<String>, version_id: Memo<String>) -> Wizard {
        let saved = storage::read_object(Area::Session, &draft_key(&version_id.get_untracked()))
            .map(|stored| ImplementationDraft::from_stored(&stored))
            .unwrap_or_default();
        let wizard = Wizard {
            state,
            product_id,
            version_id,
            control_plane_id: RwSignal::new(saved.control_plane_id),
            service: RwSignal::new(saved.service),
            route: RwSignal::new(saved.route),
            created: RwSignal::new(saved.created),
            service_as_created: RwSignal::new(saved.service_as_created),
        };
        // Every change is saved at once: a reload or an expired token must lose nothing.
        Effect::new(move |_| {
            let draft = ImplementationDraft {
                control_plane_id: wizard.control_plane_id.get(),
                service: wizard.service.get(),
                route: wizard.route.get(),
                created: wizard.created.get(),
                service_as_created: wizard.service_as_created.get(),
            };
            storage::write_json(
                Area::Session,
                &draft_key(&version_id.get_untracked()),
                &draft,
            );
        });
        wizard
    }

    fn base(&self) -> String {
        version_path(
            &self.product_id.get_untracked(),
            &self.version_id.get_untracked(),
        )
    }

    fn forget(&self) {
        storage::remove(Area::Session, &draft_key(&self.version_id.get_untracked()));
    }

    /// Creates what is not created yet, in order, recording each success as it happens.
    async fn create(self) -> Result<GatewayServiceRef, (StepFailure, Option<ApiError>)> {
        let fail = |step: CreateStep, error: ApiError| {
            let message = self.state.describe_error(&error);
            (StepFailure { step, message }, Some(error))
        };
        let local = |step: CreateStep, message: String| (StepFailure { step, message }, None);
        let client = self
            .state
            .client()
            .map_err(|m| local(CreateStep::Connect, m))?;
        let control_plane = self.control_plane_id.get_untracked();
        let service_draft = self.service.get_untracked();
        let service_body = service_draft.validate().map_err(|_| {
            local(
                CreateStep::Service,
                "Step 1 has errors: go Back and fix them.".into(),
            )
        })?;

        let service = match self.created.get_untracked().service {
            Some(created) => {
                // Step 1 was edited after the service was made: update it rather than make another.
                if self.service_as_created.get_untracked().as_ref() != Some(&service_draft) {
                    client
                        .put_service::<Service>(&control_plane, &created.id, &service_body)
                        .await
                        .map_err(|e| fail(CreateStep::Service, e))?;
                    self.service_as_created.set(Some(service_draft));
                }
                created
            }
            None => {
                let made: Service = client
                    .create_service(&control_plane, &service_body)
                    .await
                    .map_err(|e| fail(CreateStep::Service, e))?;
                let created = CreatedEntity {
                    id: made.id.as_value().cloned().unwrap_or_default(),
                    name: made.name.as_value().cloned().unwrap_or_default(),
                };
                self.created.update(|c| c.service = Some(created.clone()));
                self.service_as_created.set(Some(service_draft));
                created
            }
        };

        if self.created.get_untracked().route.is_none() {
            let mut route_body = self.route.get_untracked().validate().map_err(|_| {
                local(
                    CreateStep::Route,
                    "The route has errors: fix them first.".into(),
                )
            })?;
            route_body.service = Nullable::Value(ForeignKey {
                id: service.id.clone(),
            });
            let made: Route = client
                .create_route(&control_plane, &route_body)
                .await
                .map_err(|e| fail(CreateStep::Route, e))?;
            let created = CreatedEntity {
                id: made.id.as_value().cloned().unwrap_or_default(),
                name: made.name.as_value().cloned().unwrap_or_default(),
            };
            self.created.update(|c| c.route = Some(created));
        }

        let link = GatewayServiceRef {
            id: service.id,
            control_plane_id: control_plane,
        };
        client
            .set_version_gateway_service(
                &self.product_id.get_untracked(),
                &self.version_id.get_untracked(),
                Some(&link),
            )
            .await
            .map_err(|e| fail(CreateStep::Link, e))?;
        Ok(link)
    }
}

/// Step 1 of 2: the gateway service and its runtime group.
#[component]
pub fn ImplementServiceStep() -> impl IntoView {
    let state = use_app_state();
    let (product_id, version_id) = use_version_ids();
    let wizard = Wizard::restore(state, product_id, version_id);
    let navigate = use_navigate();
    let show_all = RwSignal::new(false);
    let errors = Memo::new(move |_| wizard.service.with(ServiceDraft::errors));
    let control_plane_error = Memo::new(move |_| {
        wizard.control_plane_id.with(|id| {
            id.is_empty()
                .then(|| "Choose the runtime group.".to_owned())
        })
    });
    let summary = Signal::derive(move || {
        if !show_all.get() {
            return Vec::new();
        }
        let mut entries = Vec::new();
        if let Some(message) = control_plane_error.get() {
            entries.push((
                "runtime-group".to_owned(),
                "Runtime group".to_owned(),
                message,
            ));
        }
        entries.extend(errors.with(|e| e.summary()));
        entries
    });
    let on_next = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        show_all.set(true);
        if errors.with(|e| e.is_empty()) && control_plane_error.with(Option::is_none) {
            navigate(
                &format!("{}/implement/route", wizard.base()),
                Default::default(),
            );
        }
    };
    let created_service = move || wizard.created.with(|c| c.service.clone());

    let title_id = dom_id("wizard-title");
    let labelled_by = title_id.clone();
    view! {
        <section class="ksh-screen ksh-wizard" aria-labelledby=labelled_by>
            <p class="ksh-breadcrumb"><A href=wizard.base()>"Back to the version"</A></p>
            <p class="ksh-wizard-title" id=title_id>"Create Implementation"</p>
            <WizardSteps current=1 />
            <ScreenHeading>"Step 1 of 2: Gateway service"</ScreenHeading>
            <ErrorSummary errors=summary />
            {move || created_service().map(|service| view! {
                <p class="ksh-note" role="note">
                    "Gateway service " <strong>{service.name}</strong>
                    " was already created; changes you make here update it when you choose Create."
                </p>
            })}
            <form class="ksh-form" on:submit=on_next novalidate>
                <RuntimeGroupSelect
                    value=wizard.control_plane_id
                    error=Signal::derive(move || control_plane_error.get().filter(|_| show_all.get()))
                    locked=Signal::derive(move || created_service().is_some())
                />
                <ServiceFields draft=wizard.service errors show_all />
                <div class="ksh-actions">
                    <button type="submit" class="ksh-button ksh-button-primary">"Next"</button>
                    <A href=wizard.base() attr:class="ksh-button">"Cancel"</A>
                </div>
            </form>
        </section>
    }
}

/// The wizard's steps, in order.
const WIZARD_STEPS: [&str; 2] = ["Gateway service", "Add a Route"];

/// Where the user is in the wizard: an ordered list with the current step marked
/// `aria-current="step"`, so assistive technology says which step of how many this is.
#[component]
fn WizardSteps(
    /// The current step, from 1.
    current: usize,
) -> impl IntoView {
    view! {
        <ol class="ksh-wizard-steps" aria-label="Steps">
            {WIZARD_STEPS
                .iter()
                .enumerate()
                .map(|(index, label)| {
                    let is_current = index + 1 == current;
                    view! { <li aria-current=is_current.then_some("step")>{*label}</li> }
                })
                .collect_view()}
        </ol>
    }
}

#[component]
fn RuntimeGroupSelect(
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] locked: Signal<bool>,
) -> impl IntoView {
    let state = use_app_state();
    let control_planes = LocalResource::new(move || async move {
        let client = state.client()?;
        client
            .list_control_planes(&PageQuery::first(CONTROL_PLANES_PAGE_SIZE))
            .await
            .map(|page| page.data)
            .map_err(|error| state.describe_error(&error))
    });
    // With a single runtime group there is nothing to choose.
    Effect::new(move |_| {
        if let Some(Ok(list)) = control_planes.get()
            && value.with_untracked(String::is_empty)
            && let [only] = list.as_slice()
        {
            value.set(only.id.clone());
        }
    });
    move || {
        load_view("runtime groups", control_planes.get(), |list| {
            view! { <RuntimeGroupOptions list value error locked /> }
        })
    }
}

#[component]
fn RuntimeGroupOptions(
    list: Vec<ControlPlane>,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    locked: Signal<bool>,
) -> impl IntoView {
    let options: Vec<(String, String)> =
        std::iter::once((String::new(), "Choose a runtime group".to_owned()))
            .chain(list.into_iter().map(|plane| (plane.id, plane.name)))
            .collect();
    view! {
        <BoundSelectField
            id="runtime-group"
            label="Runtime group"
            value=value
            on_change=Callback::new(move |chosen| value.set(chosen))
            options=Signal::stored(options)
            error
            help="The control plane where the gateway service and its routes are created."
            disabled=locked
        />
    }
}

/// Looks the route name up in the control plane, a moment after the user stops typing, so a
/// duplicate is caught before Create (Konnect would refuse it with a conflict).
pub fn use_route_name_check(
    state: AppState,
    control_plane_id: Signal<String>,
    name: Signal<String>,
    // The route being edited keeps its own name.
    own_route_id: Option<String>,
) -> Signal<Option<String>> {
    // (the name that was checked, the message when it is taken)
    let verdict = RwSignal::new(None::<(String, String)>);
    // Each edit starts a new check; a check superseded by a later edit drops its answer.
    let generation = StoredValue::new(0_u64);
    Effect::new(move |_| {
        let name = name.get().trim().to_owned();
        let control_plane = control_plane_id.get();
        let this_check = generation.get_value().wrapping_add(1);
        generation.set_value(this_check);
        if name.is_empty() || control_plane.is_empty() {
            return;
        }
        let own_route_id = own_route_id.clone();
        let is_current = move || generation.try_get_value() == Some(this_check);
        // Cancelled when the next edit re-runs this effect, or when the screen goes away.
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            sleep(NAME_CHECK_DELAY).await;
            let Some(client) = is_current().then(|| state.client().ok()).flatten() else {
                return;
            };
            let existing = client.get_route::<Route>(&control_plane, &name).await;
            if !is_current() {
                return;
            }
            let taken = matches!(&existing, Ok(Some(route))
                if route.name.as_value() == Some(&name) && route.id.as_value() != own_route_id.as_ref());
            let message = taken.then(|| format!(
                "A route named {name} already exists in this runtime group. Route names are unique and case-sensitive."
            ));
            verdict.try_set(message.map(|message| (name, message)));
        });
    });
    // A verdict about a name the user has since changed no longer applies.
    Signal::derive(move || {
        verdict
            .get()
            .filter(|(checked, _)| name.with(|current| current.trim() == checked))
            .map(|(_, message)| message)
    })
}

async fn sleep(duration: Duration) {
    #[cfg(target_arch = "wasm32")]
    {
        let millis = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ =
                    window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = duration;
}

/// Step 2 of 2: the first route, then Create.
#[component]
pub fn ImplementRouteStep() -> impl IntoView {
    let state = use_app_state();
    let (product_id, version_id) = use_version_ids();
    let wizard = Wizard::restore(state, product_id, version_id);
    let navigate = use_navigate();
    let show_all = RwSignal::new(false);
    let server_errors = RwSignal::new(None::<crate::forms::FormErrors>);
    let errors = Memo::new(move |_| {
        let mut errors = wizard.route.with(RouteDraft::errors);
        if let Some(server) = server_errors.get() {
            errors.merge_server_errors(server.fields());
        }
        errors
    });
    let name_taken = use_route_name_check(
        state,
        Signal::derive(move || wizard.control_plane_id.get()),
        Signal::derive(move || wizard.route.with(|r| r.name.clone())),
        None,
    );
    let failure = RwSignal::new(None::<StepFailure>);

    let host = use_host();
    let create = Action::new_local(move |_: &()| wizard.create());
    Effect::new(move |_| match create.value().get() {
        Some(Ok(link)) => {
            let created = wizard.created.get_untracked();
            let (service, route) = (
                created.service.unwrap_or_default(),
                created.route.unwrap_or_default(),
            );
            host.emit(AppEvent::ImplementationCreated {
                version: VersionRef::of(product_id, version_id),
                control_plane_id: link.control_plane_id,
                service_id: link.id,
                service_name: service.name,
                route_id: route.id,
                route_name: route.name,
            });
            wizard.forget();
            navigate(
                &format!("{}?created=implementation", wizard.base()),
                Default::default(),
            );
        }
        Some(Err((step_failure, api_error))) => {
            // Field errors from the server land on their fields.
            if step_failure.step == CreateStep::Route
                && let Some(error) = api_error.as_ref().filter(|e| !e.field_errors().is_empty())
            {
                let mut form_errors = wizard.route.with_untracked(RouteDraft::errors);
                form_errors.merge_server_errors(error.field_errors());
                server_errors.set(Some(form_errors));
                show_all.set(true);
            }
            failure.set(Some(step_failure));
        }
        None => {}
    });
    // A new edit of the route clears server verdicts about the old text.
    Effect::new(move |_| {
        wizard.route.track();
        server_errors.set(None);
    });
    let pending = create.pending();
    let summary = Signal::derive(move || {
        if !show_all.get() {
            return Vec::new();
        }
        let mut entries = errors.with(|e| e.summary());
        if let Some(message) = name_taken.get() {
            entries.insert(0, ("route-name".to_owned(), "Name".to_owned(), message));
        }
        entries
    });
    let on_create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        show_all.set(true);
        if pending.get_untracked() {
            return;
        }
        let service_ok = wizard.service.with_untracked(|s| s.validate().is_ok());
        if !service_ok {
            failure.set(Some(StepFailure {
                step: CreateStep::Service,
                message: "Step 1 has errors: go Back and fix them.".to_owned(),
            }));
            return;
        }
        if errors.with_untracked(|e| e.is_empty()) && name_taken.get_untracked().is_none() {
            failure.set(None);
            create.dispatch_local(());
        }
    };

    let title_id = dom_id("wizard-title");
    let labelled_by = title_id.clone();
    view! {
        <section class="ksh-screen ksh-wizard" aria-labelledby=labelled_by>
            <p class="ksh-breadcrumb"><A href=wizard.base()>"Back to the version"</A></p>
            <p class="ksh-wizard-title" id=title_id>"Create Implementation"</p>
            <WizardSteps current=2 />
            <ScreenHeading>"Step 2 of 2: Add a Route"</ScreenHeading>
            <ErrorSummary errors=summary />
            <form class="ksh-form" on:submit=on_create novalidate>
                <RouteFields draft=wizard.route errors show_all name_taken />
                <CreateProgress created=wizard.created failure />
                <div class="ksh-actions">
                    <A href=format!("{}/implement", wizard.base()) attr:class="ksh-button">"Back"</A>
                    <button
                        type="submit"
                        class="ksh-button ksh-button-primary"
                        aria-disabled=move || busy(pending.get())
                    >
                        {move || match (pending.get(), failure.with(Option::is_some)) {
                            (true, _) => "Creating…",
                            (false, true) => "Retry",
                            (false, false) => "Create",
                        }}
                    </button>
                </div>
                <p class="ksh-result" role="status">
                    {move || pending.get().then_some("Creating the implementation…")}
                </p>
            </form>
        </section>
    }
}

/// What Create made so far and where it stopped.
#[component]
fn CreateProgress(
    created: RwSignal<CreatedSoFar>,
    failure: RwSignal<Option<StepFailure>>,
) -> impl IntoView {
    view! {
        {move || {
            let so_far = created.get();
            (so_far.service.is_some() || failure.with(Option::is_some)).then(|| view! {
                <div class="ksh-create-progress" aria-live="polite">
                    <ul>
                        {so_far.service.map(|s| view! { <li>"Created gateway service " <strong>{s.name}</strong></li> })}
                        {so_far.route.map(|r| view! { <li>"Created route " <strong>{r.name}</strong></li> })}
                    </ul>
                    {move || failure.get().map(|f| view! {
                        <div class="ksh-error" role="alert">
                            <p><strong>{format!("Failed while {}.", f.step.doing())}</strong></p>
                            <p>{f.message}</p>
                            <p>"Everything you typed is kept. Retry continues from this step; nothing is created twice."</p>
                        </div>
                    })}
                </div>
            })
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wizard_draft_survives_session_storage() {
        let draft = ImplementationDraft {
            control_plane_id: "cp-1".into(),
            service: ServiceDraft {
                name: "flights".into(),
                ..ServiceDraft::default()
            },
            route: RouteDraft {
                name: "flights-route".into(),
                ..RouteDraft::default()
            },
            created: CreatedSoFar {
                service: Some(CreatedEntity {
                    id: "svc-1".into(),
                    name: "flights".into(),
                }),
                route: None,
            },
            service_as_created: Some(ServiceDraft {
                name: "flights".into(),
                ..ServiceDraft::default()
            }),
        };
        let stored = serde_json::to_string(&draft).unwrap_or_default();
        assert_eq!(
            StoredObject::parse(&stored).map(|stored| ImplementationDraft::from_stored(&stored)),
            Some(draft)
        );
    }

    #[test]
    fn an_unreadable_part_is_left_out_and_the_rest_kept() {
        let stored =
            r#"{"control_plane_id":"cp-1","service":"?","created":{"service":{"id":"svc-1"}}}"#;
        assert_eq!(
            StoredObject::parse(stored).map(|stored| ImplementationDraft::from_stored(&stored)),
            Some(ImplementationDraft {
                control_plane_id: "cp-1".into(),
                ..ImplementationDraft::default()
            })
        );
    }
}
