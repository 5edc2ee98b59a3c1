//! The version overview: the version, its implementation (a gateway service and its routes), the
//! way to Verify, and the Version actions.

use crate::api::KonnectClient;
use crate::components::busy;
use crate::components::heading::ScreenHeading;
use crate::components::ids::dom_id;
use crate::components::status::{ErrorMessage, Loading};
use crate::connection::Region;
use crate::host::{AppEvent, VersionRef, use_host};
use crate::router::A;
use crate::router::{use_params_map, use_query_map};
use crate::screens::service_hub::version_path;
use crate::state::{AppState, use_app_state};
use domain::model::{Route, Service};
use futures::future::join;
use konnect_client::{ApiProduct, GatewayServiceRef, ProductVersion};
use leptos::prelude::*;

/// Routes shown on the overview; more are one click away.
pub const ROUTES_PAGE_SIZE: u32 = 100;

/// Everything the overview needs to render, loaded together.
#[derive(Clone)]
pub struct VersionDetails {
    pub product: ApiProduct,
    pub version: ProductVersion,
    pub implementation: Option<Implementation>,
}

#[derive(Clone)]
pub struct Implementation {
    pub link: GatewayServiceRef,
    /// `false` when the version points at a gateway service that no longer exists.
    pub service_exists: bool,
    pub routes: Vec<Route>,
    pub more_routes: bool,
}

/// The product and version ids in the current URL.
pub fn use_version_ids() -> (Memo<String>, Memo<String>) {
    let params = use_params_map();
    let product = Memo::new(move |_| params.with(|p| p.get("product").unwrap_or_default()));
    let version = Memo::new(move |_| params.with(|p| p.get("version").unwrap_or_default()));
    (product, version)
}

/// Everything the overview needs in three requests and two round trips: the product and the
/// version together, then the routes of the version's gateway service. The service's own settings
/// and its runtime group's name are not needed to render it: [`ServiceSettings`] loads them when
/// asked for.
pub async fn load_version(
    state: AppState,
    product_id: String,
    version_id: String,
) -> Result<VersionDetails, String> {
    let client = state.client()?;
    let describe = |error| state.describe_error(&error);
    let (product, version) = join(
        client.get_api_product(&product_id),
        client.get_product_version(&product_id, &version_id),
    )
    .await;
    let (product, version) = (product.map_err(describe)?, version.map_err(describe)?);
    let implementation = match version.gateway_service.clone() {
        None => None,
        Some(link) => Some(load_implementation(&client, link).await.map_err(describe)?),
    };
    Ok(VersionDetails {
        product,
        version,
        implementation,
    })
}

async fn load_implementation(
    client: &KonnectClient,
    link: GatewayServiceRef,
) -> Result<Implementation, konnect_client::ApiError> {
    let listing = client
        .list_service_routes::<Route>(&link.control_plane_id, &link.id, ROUTES_PAGE_SIZE, None)
        .await;
    // Listing the routes of a service that is gone answers 404: that one answer tells the overview
    // both the routes and whether the service still exists.
    let (service_exists, routes, more_routes) = match listing {
        Ok(page) => {
            let more = page.offset.is_some();
            (true, page.data, more)
        }
        Err(error) if error.is_not_found() => (false, Vec::new(), false),
        Err(error) => return Err(error),
    };
    Ok(Implementation {
        link,
        service_exists,
        routes,
        more_routes,
    })
}

/// The gateway service's settings and its runtime group's name, shown on request.
#[derive(Clone)]
pub struct ServiceFacts {
    /// `None` when the service no longer exists.
    pub service: Option<Service>,
    /// The runtime group's name, or its id when the name could not be read (it is only a label).
    pub runtime_group: String,
}

/// The overview's gateway service settings, loaded the first time something asks for them (the
/// settings disclosure, the delete confirmation) and then shared, so the overview itself renders
/// with three requests.
#[derive(Clone, Copy)]
pub struct ServiceSettings {
    wanted: RwSignal<bool>,
    loaded: LocalResource<Option<Result<ServiceFacts, String>>>,
}

impl ServiceSettings {
    pub fn new(state: AppState, link: GatewayServiceRef) -> Self {
        let wanted = RwSignal::new(false);
        let loaded = LocalResource::new(move || {
            let wanted = wanted.get();
            let link = link.clone();
            async move {
                if !wanted {
                    return None;
                }
                Some(load_service_facts(state, link).await)
            }
        });
        Self { wanted, loaded }
    }

    /// Starts loading, once.
    pub fn request(&self) {
        if !self.wanted.get_untracked() {
            self.wanted.set(true);
        }
    }

    /// `None` until requested and loaded.
    pub fn get(&self) -> Option<Result<ServiceFacts, String>> {
        self.loaded.get().flatten()
    }
}

async fn load_service_facts(
    state: AppState,
    link: GatewayServiceRef,
) -> Result<ServiceFacts, String> {
    let client = state.client()?;
    let (service, control_plane) = join(
        client.get_service::<Service>(&link.control_plane_id, &link.id),
        client.get_control_plane(&link.control_plane_id),
    )
    .await;
    Ok(ServiceFacts {
        service: service.map_err(|error| state.describe_error(&error))?,
        runtime_group: control_plane
            .map_or(link.control_plane_id, |control_plane| control_plane.name),
    })
}

/// Konnect's page for a gateway service, for real regions only.
fn runtime_manager_url(state: &AppState, link: &GatewayServiceRef) -> Option<String> {
    let region = state
        .connection
        .with_untracked(|c| c.as_ref().map(|c| c.region))?;
    (region != Region::Local).then(|| {
        format!(
            "https://cloud.konghq.com/{}/gateway-manager/{}/gateway-services/{}",
            region.code(),
            link.control_plane_id,
            link.id
        )
    })
}

pub fn text_or_dash(value: Option<&String>) -> String {
    value.cloned().unwrap_or_else(|| "—".to_owned())
}

#[component]
pub fn VersionScreen() -> impl IntoView {
    let state = use_app_state();
    let (product_id, version_id) = use_version_ids();
    let reload = RwSignal::new(0_u32);
    let details = LocalResource::new(move || {
        reload.track();
        load_version(state, product_id.get(), version_id.get())
    });
    // Screens that send the user back here say what they did, in the query.
    let query = use_query_map();
    let done = query.with_untracked(|q| q.get("created").or_else(|| q.get("done")));
    let announcement = RwSignal::new(done.as_deref().and_then(done_message).map(str::to_owned));
    // Whoever just created or saved the gateway service wants to see its settings.
    let settings_open = RwSignal::new(matches!(
        done.as_deref(),
        Some("implementation" | "service-updated")
    ));
    provide_context(VersionContext {
        reload,
        announcement,
        settings_open,
    });

    view! {
        <section class="ksh-screen">
            <p class="ksh-breadcrumb"><A href="/services">"Service Hub"</A></p>
            <p class="ksh-result" role="status">{move || announcement.get()}</p>
            {move || match details.get() {
                None => view! { <Loading what="the version" /> }.into_any(),
                Some(Err(message)) => view! {
                    <ScreenHeading>"Version"</ScreenHeading>
                    <ErrorMessage message />
                }
                    .into_any(),
                Some(Ok(details)) => view! { <VersionOverview details /> }.into_any(),
            }}
        </section>
    }
}

fn done_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "implementation" => {
            "Implementation created: the gateway service, its route and the version's link."
        }
        "route-added" => "Route added.",
        "route-updated" => "Route saved.",
        "service-updated" => "Gateway service saved.",
        _ => return None,
    })
}

/// Lets the actions below the overview refresh it and announce what they did.
#[derive(Clone, Copy)]
pub struct VersionContext {
    pub reload: RwSignal<u32>,
    pub announcement: RwSignal<Option<String>>,
    /// Whether the gateway service settings are shown; kept across reloads of the overview.
    pub settings_open: RwSignal<bool>,
}

#[component]
fn VersionOverview(details: VersionDetails) -> impl IntoView {
    let state = use_app_state();
    let VersionDetails {
        product,
        version,
        implementation,
    } = details;
    let base = version_path(&product.id, &version.id);
    let title = format!("{} · {}", product.name, version.name);
    let implemented = implementation.is_some();
    // Shared by the settings disclosure and the delete confirmation, which both name the service.
    if let Some(implementation) = &implementation {
        provide_context(ServiceSettings::new(state, implementation.link.clone()));
    }
    let status = match &implementation {
        None => "Not implemented",
        Some(Implementation {
            service_exists: true,
            ..
        }) => "Implemented by a gateway service",
        Some(Implementation {
            service_exists: false,
            ..
        }) => "Implemented, but its gateway service is missing from its runtime group",
    };

    view! {
        <ScreenHeading>{title}</ScreenHeading>
        <dl class="ksh-facts">
            <dt>"Service"</dt>
            <dd>{product.name.clone()}</dd>
            <dt>"Version"</dt>
            <dd>{version.name.clone()}</dd>
            <dt>"Implementation"</dt>
            <dd>{status}</dd>
        </dl>
        <div class="ksh-toolbar">
            {(!implemented).then(|| view! {
                <A href=format!("{base}/implement") attr:class="ksh-button ksh-button-primary">
                    "New Implementation"
                </A>
            })}
            <VersionActions
                base=base.clone()
                product_id=product.id.clone()
                version=version.clone()
                implementation=implementation.clone()
            />
        </div>
        {implementation.map(|implementation| {
            let link_url = runtime_manager_url(&state, &implementation.link);
            view! {
                <ImplementationDetails implementation base=base.clone() runtime_manager=link_url />
            }
        })}
    }
}

#[component]
fn ImplementationDetails(
    implementation: Implementation,
    base: String,
    runtime_manager: Option<String>,
) -> impl IntoView {
    let Implementation {
        link,
        service_exists,
        routes,
        more_routes,
    } = implementation;
    let implementation_heading = dom_id("implementation-heading");
    let implementation_labelled_by = implementation_heading.clone();
    let routes_heading = dom_id("routes-heading");
    let routes_labelled_by = routes_heading.clone();
    view! {
        <section class="ksh-panel" aria-labelledby=implementation_labelled_by>
            <h2 id=implementation_heading>"Implementation"</h2>
            {if service_exists {
                view! { <SettingsDisclosure /> }.into_any()
            } else {
                view! {
                    <p class="ksh-error">
                        "The version points at gateway service " <code>{link.id.clone()}</code>
                        ", which is missing from its runtime group. Delete the implementation to \
                         implement the version again."
                    </p>
                }
                    .into_any()
            }}
            {match runtime_manager {
                Some(url) => view! {
                    <p>
                        <a href=url target="_blank" rel="noopener noreferrer">
                            "Open the gateway service in Konnect's runtime manager"
                        </a>
                    </p>
                }
                    .into_any(),
                None => view! {
                    <p class="ksh-muted">
                        "Gateway service " <code>{link.id.clone()}</code>
                        " in runtime group " <code>{link.control_plane_id.clone()}</code>
                        " (the local sandbox has no runtime manager)."
                    </p>
                }
                    .into_any(),
            }}
        </section>
        <section class="ksh-panel" aria-labelledby=routes_labelled_by>
            <div class="ksh-panel-head">
                <h2 id=routes_heading>"Routes"</h2>
                <A href=format!("{base}/routes/new") attr:class="ksh-button">"Add route"</A>
            </div>
            <RouteTable
                routes
                base=base.clone()
                control_plane=link.control_plane_id.clone()
            />
            {more_routes.then(|| view! {
                <p class="ksh-muted">
                    {format!("Showing the first {ROUTES_PAGE_SIZE} routes.")}
                </p>
            })}
        </section>
        <VerifyLink base />
    }
}

/// Verify has its own screen: the overview stays light, and a check can be bookmarked.
#[component]
fn VerifyLink(base: String) -> impl IntoView {
    let heading_id = dom_id("verify-heading");
    let labelled_by = heading_id.clone();
    view! {
        <section class="ksh-panel" aria-labelledby=labelled_by>
            <h2 id=heading_id>"Verify"</h2>
            <p class="ksh-muted">
                "Send a request to each route through the proxy of a runtime instance, and see this \
                 version's requests by status code."
            </p>
            <A href=format!("{base}/verify") attr:class="ksh-button">"Verify the implementation"</A>
        </section>
    }
}

/// The gateway service's name, runtime group and upstream settings, loaded when first opened.
#[component]
fn SettingsDisclosure() -> impl IntoView {
    let settings = expect_context::<ServiceSettings>();
    let open = expect_context::<VersionContext>().settings_open;
    if open.get_untracked() {
        settings.request();
    }
    let on_toggle = move |event: leptos::ev::Event| {
        let now_open = event_target::<web_sys::HtmlDetailsElement>(&event).open();
        open.set(now_open);
        if now_open {
            settings.request();
        }
    };
    view! {
        <details class="ksh-settings" open=open.get_untracked() on:toggle=on_toggle>
            <summary>"Gateway service settings"</summary>
            {move || match settings.get() {
                None => view! { <Loading what="the gateway service" /> }.into_any(),
                Some(Err(message)) => view! { <ErrorMessage message /> }.into_any(),
                Some(Ok(ServiceFacts { service: None, .. })) => view! {
                    <p class="ksh-error">"The gateway service is missing from its runtime group."</p>
                }
                    .into_any(),
                Some(Ok(ServiceFacts { service: Some(service), runtime_group })) => {
                    view! { <ServiceSummary service runtime_group /> }.into_any()
                }
            }}
        </details>
    }
}

#[component]
fn ServiceSummary(service: Service, runtime_group: String) -> impl IntoView {
    let url = format!(
        "{}://{}:{}{}",
        service.protocol.as_str(),
        service.host,
        service.port,
        service.path.as_value().cloned().unwrap_or_default()
    );
    view! {
        <dl class="ksh-facts">
            <dt>"Name"</dt>
            <dd>{text_or_dash(service.name.as_value())}</dd>
            <dt>"Runtime group"</dt>
            <dd>{runtime_group}</dd>
            <dt>"Upstream URL"</dt>
            <dd><code>{url}</code></dd>
            <dt>"Retries"</dt>
            <dd>{service.retries.as_value().map(u16::to_string).unwrap_or_else(|| "—".into())}</dd>
            <dt>"Timeouts (connect / write / read)"</dt>
            <dd>
                {format!(
                    "{} / {} / {} ms",
                    service.connect_timeout.as_value().map(u32::to_string).unwrap_or_else(|| "—".into()),
                    service.write_timeout.as_value().map(u32::to_string).unwrap_or_else(|| "—".into()),
                    service.read_timeout.as_value().map(u32::to_string).unwrap_or_else(|| "—".into()),
                )}
            </dd>
        </dl>
    }
}

#[component]
fn RouteTable(routes: Vec<Route>, base: String, control_plane: String) -> impl IntoView {
    if routes.is_empty() {
        return view! { <p class="ksh-empty">"No routes yet: traffic cannot reach this service."</p> }
            .into_any();
    }
    // On a narrow screen the table scrolls sideways rather than breaking words.
    view! {
        <div class="ksh-table-scroll">
            <table class="ksh-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Methods"</th>
                        <th scope="col">"Paths"</th>
                        <th scope="col">"Hosts"</th>
                        <th scope="col"><span class="ksh-visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {routes
                        .into_iter()
                        .map(|route| {
                            view! { <RouteRow route base=base.clone() control_plane=control_plane.clone() /> }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
        .into_any()
}

fn joined(list: Option<&Vec<String>>, empty: &str) -> String {
    match list {
        Some(items) if !items.is_empty() => items.join(", "),
        _ => empty.to_owned(),
    }
}

#[component]
fn RouteRow(route: Route, base: String, control_plane: String) -> impl IntoView {
    let state = use_app_state();
    let context = expect_context::<VersionContext>();
    let id = route.id.as_value().cloned().unwrap_or_default();
    let name = route.name.as_value().cloned().unwrap_or_else(|| id.clone());
    let confirming = RwSignal::new(false);
    // Whether the confirmation was just closed with Keep, so the row's Delete takes focus back.
    let kept = StoredValue::new(false);
    let error = RwSignal::new(None::<String>);
    let host = use_host();
    let (product_id, version_id) = use_version_ids();
    let deleted = (control_plane.clone(), id.clone());
    let delete = {
        let (id, name, control_plane) = (id.clone(), name.clone(), control_plane.clone());
        Action::new_local(move |_: &()| {
            let (id, name, control_plane) = (id.clone(), name.clone(), control_plane.clone());
            async move {
                let client = state.client()?;
                client
                    .delete_route(&control_plane, &id)
                    .await
                    .map(|()| name)
                    .map_err(|e| state.describe_error(&e))
            }
        })
    };
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(name)) => {
            host.emit(AppEvent::RouteDeleted {
                version: VersionRef::of(product_id, version_id),
                control_plane_id: deleted.0.clone(),
                route_id: deleted.1.clone(),
            });
            context
                .announcement
                .set(Some(format!("Route {name} deleted.")));
            context.reload.update(|n| *n += 1);
        }
        Some(Err(message)) => error.set(Some(message)),
        None => {}
    });
    let deleting = delete.pending();
    let label = name.clone();
    view! {
        <tr>
            <th scope="row">{name.clone()}</th>
            <td>{joined(route.methods.as_value(), "any")}</td>
            <td>{joined(route.paths.as_value(), "any")}</td>
            <td>{joined(route.hosts.as_value(), "any")}</td>
            <td>
                <div class="ksh-row-actions">
                    <A href=format!("{base}/routes/{id}/edit") attr:aria-label=format!("Edit route {label}")>
                        "Edit"
                    </A>
                    <Show
                        when=move || confirming.get()
                        fallback=move || {
                            let label = label.clone();
                            // Back from Keep, focus returns here; on the first render it stays put.
                            let take_focus = kept.get_value();
                            kept.set_value(false);
                            view! {
                                <FocusedButton
                                    class="ksh-link-button"
                                    label=format!("Delete route {label}")
                                    take_focus
                                    on_click=Callback::new(move |()| confirming.set(true))
                                >
                                    "Delete"
                                </FocusedButton>
                            }
                        }
                    >
                        <span role="group" aria-label="Confirm deletion">
                            <button
                                type="button"
                                class="ksh-button ksh-button-danger"
                                aria-disabled=move || busy(deleting.get())
                                on:click=move |_| {
                                    if !deleting.get_untracked() {
                                        delete.dispatch_local(());
                                    }
                                }
                            >
                                {move || if deleting.get() { "Deleting…" } else { "Delete route" }}
                            </button>
                            // The safe choice takes the focus the row's Delete had, so a second
                            // Enter keeps the route instead of deleting it.
                            <FocusedButton
                                class="ksh-button"
                                take_focus=true
                                on_click=Callback::new(move |()| {
                                    kept.set_value(true);
                                    confirming.set(false);
                                })
                            >
                                "Keep"
                            </FocusedButton>
                        </span>
                    </Show>
                </div>
                {move || error.get().map(|message| view! { <p class="ksh-field-error" role="alert">{message}</p> })}
            </td>
        </tr>
    }
}

/// A button that can take focus when it appears: the inline delete confirmation replaces the
/// focused button, and without this the focus would fall back to the start of the page.
#[component]
fn FocusedButton(
    class: &'static str,
    /// The accessible name, when the text alone would not say what the button acts on.
    #[prop(optional, into)]
    label: Option<String>,
    take_focus: bool,
    on_click: Callback<()>,
    children: Children,
) -> impl IntoView {
    let button = NodeRef::<leptos::html::Button>::new();
    if take_focus {
        Effect::new(move |_| {
            if let Some(element) = button.get() {
                let _ = element.focus();
            }
        });
    }
    view! {
        <button type="button" class=class aria-label=label node_ref=button on:click=move |_| on_click.run(())>
            {children()}
        </button>
    }
}

/// The Version actions menu: view configuration, edit or delete the implementation, delete the
/// version.
#[component]
fn VersionActions(
    base: String,
    product_id: String,
    version: ProductVersion,
    implementation: Option<Implementation>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let confirm = RwSignal::new(None::<Confirmation>);
    let implemented = implementation.is_some();
    let editable = implementation.as_ref().is_some_and(|i| i.service_exists);
    let button_id = dom_id("version-actions");
    let menu_id = dom_id("version-actions-menu");
    // The menu is only in the page while open: a closed button names no element.
    let controls = {
        let menu_id = menu_id.clone();
        move || open.get().then(|| menu_id.clone())
    };
    view! {
        <div class="ksh-menu">
            <button
                type="button"
                class="ksh-button"
                id=button_id.clone()
                aria-haspopup="true"
                aria-expanded=move || open.get().to_string()
                aria-controls=controls
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "Version actions"
            </button>
            <Show when=move || open.get()>
                <ul class="ksh-menu-list" id=menu_id.clone() aria-labelledby=button_id.clone()>
                    {implemented.then(|| view! {
                        <li><A href=format!("{base}/configuration")>"View configuration"</A></li>
                    })}
                    {editable.then(|| view! {
                        <li><A href=format!("{base}/implementation/edit")>"Edit implementation"</A></li>
                    })}
                    {implemented.then(|| view! {
                        <li>
                            <button type="button" class="ksh-link-button" on:click=move |_| {
                                open.set(false);
                                confirm.set(Some(Confirmation::DeleteImplementation));
                            }>"Delete implementation"</button>
                        </li>
                    })}
                    <li>
                        <button type="button" class="ksh-link-button" on:click=move |_| {
                            open.set(false);
                            confirm.set(Some(Confirmation::DeleteVersion));
                        }>"Delete version"</button>
                    </li>
                </ul>
            </Show>
        </div>
        {move || confirm.get().map(|which| match which {
            Confirmation::DeleteImplementation => view! {
                <crate::screens::delete::DeleteImplementation
                    product_id=product_id.clone()
                    version=version.clone()
                    implementation=implementation.clone()
                    on_cancel=Callback::new(move |()| confirm.set(None))
                />
            }
                .into_any(),
            Confirmation::DeleteVersion => view! {
                <crate::screens::delete::DeleteVersion
                    product_id=product_id.clone()
                    version=version.clone()
                    implementation=implementation.clone()
                    on_cancel=Callback::new(move |()| confirm.set(None))
                />
            }
                .into_any(),
        })}
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Confirmation {
    DeleteImplementation,
    DeleteVersion,
}
