//! View configuration: the implementation as JSON, as YAML and as a decK file, each with a Copy
//! button. Built from the gateway service and its routes only, so no credential can end up in
//! the copied text.

use crate::components::copy::CopyButton;
use crate::components::heading::ScreenHeading;
use crate::components::ids::dom_id;
use crate::components::status::load_view;
use crate::router::A;
use crate::screens::service_hub::version_path;
use crate::screens::version::use_version_ids;
use crate::state::{AppState, use_app_state};
use domain::export::{DeckOptions, deck_file, implementation_json, implementation_yaml};
use domain::model::{Route, Service};
use konnect_client::PageLimits;
use leptos::prelude::*;

/// Routes exported at most; a decK file of more is better produced by decK itself.
const MAX_EXPORTED_ROUTES: usize = 1000;

#[derive(Clone)]
struct Exports {
    json: String,
    yaml: String,
    deck: String,
    truncated: bool,
}

async fn load_exports(
    state: AppState,
    product_id: String,
    version_id: String,
) -> Result<Exports, String> {
    let client = state.client()?;
    let describe = |e: konnect_client::ApiError| state.describe_error(&e);
    let version = client
        .get_product_version(&product_id, &version_id)
        .await
        .map_err(describe)?;
    let link = version.gateway_service.ok_or_else(|| {
        "This version is not implemented yet: there is no configuration to show.".to_owned()
    })?;
    let service: Service = client
        .get_service(&link.control_plane_id, &link.id)
        .await
        .map_err(describe)?
        .ok_or_else(|| "The gateway service no longer exists.".to_owned())?;
    let mut pager = client.service_routes::<Route>(
        &link.control_plane_id,
        &link.id,
        PageLimits::new(100, MAX_EXPORTED_ROUTES),
    );
    let routes = pager.collect_remaining().await.map_err(describe)?;
    let export_error =
        |e: domain::export::ExportError| format!("Could not write the configuration: {e}");
    Ok(Exports {
        json: implementation_json(&service, &routes).map_err(export_error)?,
        yaml: implementation_yaml(&service, &routes).map_err(export_error)?,
        deck: deck_file(&service, &routes, &DeckOptions::default()).map_err(export_error)?,
        truncated: pager.reached_cap(),
    })
}

#[component]
pub fn ConfigurationScreen() -> impl IntoView {
    let state = use_app_state();
    let (product_id, version_id) = use_version_ids();
    let base = move || version_path(&product_id.get(), &version_id.get());
    let exports =
        LocalResource::new(move || load_exports(state, product_id.get(), version_id.get()));
    view! {
        <section class="ksh-screen">
            <p class="ksh-breadcrumb"><A href=base>"Back to the version"</A></p>
            <ScreenHeading>"Configuration"</ScreenHeading>
            <p class="ksh-lead">
                "The gateway service and its routes, as Konnect returns them (JSON, YAML) and as a decK file you can apply with deck gateway sync."
            </p>
            {move || load_view("the configuration", exports.get(), |exports| view! {
                    {exports.truncated.then(|| view! {
                        <p class="ksh-note" role="note">
                            {format!("Only the first {MAX_EXPORTED_ROUTES} routes are included.")}
                        </p>
                    })}
                    <ExportBlock id="config-json" title="JSON" copy_label="Copy JSON" text=exports.json />
                    <ExportBlock id="config-yaml" title="YAML" copy_label="Copy YAML" text=exports.yaml />
                    <ExportBlock id="config-deck" title="decK file" copy_label="Copy decK file" text=exports.deck />
            })}
        </section>
    }
}

#[component]
fn ExportBlock(
    id: &'static str,
    title: &'static str,
    copy_label: &'static str,
    text: String,
) -> impl IntoView {
    let block_id = dom_id(id);
    let heading_id = dom_id(&format!("{id}-heading"));
    let labelled_by = heading_id.clone();
    let copied = Signal::stored(text.clone());
    view! {
        <section class="ksh-panel" aria-labelledby=labelled_by>
            <div class="ksh-panel-head">
                <h2 id=heading_id>{title}</h2>
                <CopyButton text=copied label=copy_label />
            </div>
            <pre class="ksh-code-block" id=block_id tabindex="0"><code>{text}</code></pre>
        </section>
    }
}
