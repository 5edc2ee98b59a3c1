//! The Service Hub: the organization's services (API products), searchable and paged, each with
//! its versions. The search text and page live in the URL, so every list can be linked and
//! reloaded.

use crate::components::heading::ScreenHeading;
use crate::components::ids::dom_id;
use crate::components::status::load_view;
use crate::router::A;
use crate::router::{use_navigate, use_query_map};
use crate::state::use_app_state;
use konnect_client::{ApiProduct, PageQuery, ProductVersion};
use leptos::prelude::*;

/// Services per page: one request renders a whole page.
const PAGE_SIZE: u32 = 20;
/// Versions shown when a service is expanded; a service rarely has more.
const VERSIONS_PAGE_SIZE: u32 = 50;

pub fn version_path(product_id: &str, version_id: &str) -> String {
    format!("/services/{product_id}/versions/{version_id}")
}

fn list_path(search: &str, page: u32) -> String {
    let mut query = Vec::new();
    if !search.is_empty() {
        query.push(format!("q={}", js_sys::encode_uri_component(search)));
    }
    if page > 1 {
        query.push(format!("page={page}"));
    }
    if query.is_empty() {
        "/services".to_owned()
    } else {
        format!("/services?{}", query.join("&"))
    }
}

#[component]
pub fn ServiceHubScreen() -> impl IntoView {
    let state = use_app_state();
    let query = use_query_map();
    let search = Memo::new(move |_| query.with(|q| q.get("q").unwrap_or_default()));
    let page = Memo::new(move |_| {
        query
            .with(|q| {
                q.get("page")
                    .and_then(|p| p.parse::<u32>().ok())
                    .filter(|p| *p >= 1)
            })
            .unwrap_or(1)
    });

    let products = LocalResource::new(move || {
        let search = search.get();
        let page = page.get();
        async move {
            let client = state.client()?;
            let mut request = PageQuery::first(PAGE_SIZE).page(page);
            if !search.is_empty() {
                request = request.name_containing(search);
            }
            client
                .list_api_products(&request)
                .await
                .map_err(|error| state.describe_error(&error))
        }
    });

    let search_text = RwSignal::new(search.get_untracked());
    let navigate = use_navigate();
    let on_search = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        navigate(
            &list_path(search_text.get_untracked().trim(), 1),
            Default::default(),
        );
    };

    let search_id = dom_id("service-search");
    view! {
        <section class="ksh-screen">
            <ScreenHeading>"Service Hub"</ScreenHeading>
            <p class="ksh-lead">"Pick a service and one of its versions to implement it, add routes, or verify it."</p>
            <form class="ksh-search" role="search" on:submit=on_search>
                <label for=search_id.clone()>"Search services"</label>
                <input
                    id=search_id
                    type="search"
                    prop:value=move || search_text.get()
                    on:input=move |event| search_text.set(event_target_value(&event))
                />
                <button type="submit" class="ksh-button">"Search"</button>
            </form>
            {move || load_view("services", products.get(), |page_of_products| {
                    let total = page_of_products.meta.page.total;
                    let shown = page_of_products.data.len();
                    if shown == 0 {
                        let text = if search.get_untracked().is_empty() {
                            "This organization has no services yet.".to_owned()
                        } else {
                            format!("No service name contains \u{201c}{}\u{201d}.", search.get_untracked())
                        };
                        return view! { <p class="ksh-empty" role="status">{text}</p> }.into_any();
                    }
                    view! {
                        <p class="ksh-count" role="status">
                            {format!("{total} service{}", if total == 1 { "" } else { "s" })}
                        </p>
                        <ul class="ksh-product-list">
                            {page_of_products
                                .data
                                .into_iter()
                                .map(|product| view! { <ProductItem product /> })
                                .collect_view()}
                        </ul>
                        <Pagination search=search.get_untracked() page=page.get_untracked() total />
                    }
                        .into_any()
            })}
        </section>
    }
}

#[component]
fn Pagination(search: String, page: u32, total: u64) -> impl IntoView {
    let pages = total.div_ceil(u64::from(PAGE_SIZE)).max(1);
    (pages > 1).then(|| {
        let previous = (page > 1).then(|| list_path(&search, page - 1));
        let next = (u64::from(page) < pages).then(|| list_path(&search, page + 1));
        view! {
            <nav class="ksh-pagination" aria-label="Pages of services">
                {previous.map(|href| view! { <A href=href>"Previous page"</A> })}
                <span>{format!("Page {page} of {pages}")}</span>
                {next.map(|href| view! { <A href=href>"Next page"</A> })}
            </nav>
        }
    })
}

/// One service; its versions are fetched only when the user opens it.
#[component]
fn ProductItem(product: ApiProduct) -> impl IntoView {
    let expanded = RwSignal::new(false);
    let list_id = dom_id(&format!("versions-{}", product.id));
    let product_id = product.id.clone();
    let count = product.version_count;
    view! {
        <li class="ksh-product">
            <div class="ksh-product-head">
                <button
                    type="button"
                    class="ksh-disclosure"
                    aria-expanded=move || expanded.get().to_string()
                    aria-controls=list_id.clone()
                    on:click=move |_| expanded.update(|open| *open = !*open)
                >
                    <span class="ksh-product-name">{product.name.clone()}</span>
                </button>
                <span class="ksh-muted">
                    {format!("{count} version{}", if count == 1 { "" } else { "s" })}
                </span>
            </div>
            {product.description.clone().map(|text| view! { <p class="ksh-muted">{text}</p> })}
            <div id=list_id.clone()>
                <Show when=move || expanded.get()>
                    <VersionList product_id=product_id.clone() />
                </Show>
            </div>
        </li>
    }
}

#[component]
fn VersionList(product_id: String) -> impl IntoView {
    let state = use_app_state();
    let id = product_id.clone();
    let versions = LocalResource::new(move || {
        let id = id.clone();
        async move {
            let client = state.client()?;
            client
                .list_product_versions(&id, &PageQuery::first(VERSIONS_PAGE_SIZE))
                .await
                .map(|page| page.data)
                .map_err(|error| state.describe_error(&error))
        }
    });
    move || {
        load_view("versions", versions.get(), |list| {
            if list.is_empty() {
                return view! { <p class="ksh-empty">"No versions yet."</p> }.into_any();
            }
            view! {
                <ul class="ksh-version-list">
                    {list
                        .into_iter()
                        .map(|version| view! { <VersionLink product_id=product_id.clone() version /> })
                        .collect_view()}
                </ul>
            }
                .into_any()
        })
    }
}

#[component]
fn VersionLink(product_id: String, version: ProductVersion) -> impl IntoView {
    let implemented = version.is_implemented();
    let state_label = if implemented {
        "Implemented"
    } else {
        "Not implemented"
    };
    let href = version_path(&product_id, &version.id);
    view! {
        <li>
            <A href=href>{version.name}</A>
            <span class="ksh-badge" class:ksh-badge-ok=implemented>
                {state_label}
            </span>
        </li>
    }
}
