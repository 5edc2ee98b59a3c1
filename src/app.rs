//! The app shell: state, header, and one route per screen.

use crate::components::field::track_presses;
use crate::components::header::Header;
use crate::screens::configuration::ConfigurationScreen;
use crate::screens::connect::ConnectScreen;
use crate::screens::edit::{AddRouteScreen, EditRouteScreen, EditServiceScreen};
use crate::screens::implement::{ImplementRouteStep, ImplementServiceStep};
use crate::screens::not_found::NotFound;
use crate::screens::service_hub::ServiceHubScreen;
use crate::screens::version::VersionScreen;
use crate::state::{AppState, use_app_state};
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::restore();
    provide_context(state);
    state.verify_in_background();
    track_presses();
    view! {
        <div class="ksh-app" data-colour-mode=move || state.colour_mode.get().code()>
            <Router>
                <Header />
                <main class="ksh-main" id="ksh-main">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Start />
                        <Route path=path!("/connect") view=ConnectScreen />
                        <Route path=path!("/services") view=|| connected(ServiceHubScreen) />
                        <Route
                            path=path!("/services/:product/versions/:version")
                            view=|| connected(VersionScreen)
                        />
                        <Route
                            path=path!("/services/:product/versions/:version/implement")
                            view=|| connected(ImplementServiceStep)
                        />
                        <Route
                            path=path!("/services/:product/versions/:version/implement/route")
                            view=|| connected(ImplementRouteStep)
                        />
                        <Route
                            path=path!("/services/:product/versions/:version/routes/new")
                            view=|| connected(AddRouteScreen)
                        />
                        <Route
                            path=path!("/services/:product/versions/:version/routes/:route/edit")
                            view=|| connected(EditRouteScreen)
                        />
                        <Route
                            path=path!("/services/:product/versions/:version/implementation/edit")
                            view=|| connected(EditServiceScreen)
                        />
                        <Route
                            path=path!("/services/:product/versions/:version/configuration")
                            view=|| connected(ConfigurationScreen)
                        />
                    </Routes>
                </main>
            </Router>
        </div>
    }
}

/// The start page: the Service Hub when connected, else Connect.
#[component]
fn Start() -> impl IntoView {
    let state = use_app_state();
    let target = if state.connection.with_untracked(Option::is_some) {
        "/services"
    } else {
        "/connect"
    };
    view! { <Redirect path=target /> }
}

/// Shows `screen` when there is a connection; otherwise sends the user to Connect and back here
/// afterwards.
fn connected<V: IntoView + 'static>(screen: fn() -> V) -> impl IntoView {
    let state = use_app_state();
    let location = use_location();
    move || {
        if state.connection.with(Option::is_some) {
            screen().into_any()
        } else {
            let here = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            state.return_to.set(Some(here));
            view! { <Redirect path="/connect" /> }.into_any()
        }
    }
}
