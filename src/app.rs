//! The app shell: state, header, and the screen the current location names.

use crate::components::field::track_presses;
use crate::components::header::Header;
use crate::components::ids::IdScope;
use crate::host::{Host, HostOptions};
use crate::router::{Redirect, provide_router};
use crate::routes::Screen;
use crate::screens::configuration::ConfigurationScreen;
use crate::screens::connect::ConnectScreen;
use crate::screens::edit::{AddRouteScreen, EditRouteScreen, EditServiceScreen};
use crate::screens::implement::{ImplementRouteStep, ImplementServiceStep};
use crate::screens::not_found::NotFound;
use crate::screens::service_hub::ServiceHubScreen;
use crate::screens::verify::VerifyScreen;
use crate::screens::version::VersionScreen;
use crate::state::AppState;
use leptos::prelude::*;

/// One instance of the whole app, as the host page configured it.
#[component]
pub fn App(options: HostOptions) -> impl IntoView {
    let state = AppState::restore(&options);
    provide_context(state);
    Host::provide(&options);
    provide_context(IdScope::new(options.id_prefix.clone()));
    let router = provide_router(options.routing.clone(), options.start.as_deref());
    let embedded = options.embedded;
    state.verify_in_background();
    track_presses();

    let screen = Memo::new(move |_| router.screen());
    let connected = Memo::new(move |_| state.connection.with(Option::is_some));
    let outlet = move || {
        let screen = screen.get();
        // Only screens that need a connection follow it: Connect must not re-render when the
        // connection it just made appears.
        if screen.needs_connection() && !connected.get() {
            state.return_to.set(Some(router.current_target()));
            return view! { <Redirect path="/connect" /> }.into_any();
        }
        match screen {
            Screen::Start => {
                let target = if connected.get_untracked() {
                    "/services"
                } else {
                    "/connect"
                };
                view! { <Redirect path=target /> }.into_any()
            }
            Screen::Connect => view! { <ConnectScreen /> }.into_any(),
            Screen::Services => view! { <ServiceHubScreen /> }.into_any(),
            Screen::Version => view! { <VersionScreen /> }.into_any(),
            Screen::ImplementService => view! { <ImplementServiceStep /> }.into_any(),
            Screen::ImplementRoute => view! { <ImplementRouteStep /> }.into_any(),
            Screen::AddRoute => view! { <AddRouteScreen /> }.into_any(),
            Screen::EditRoute => view! { <EditRouteScreen /> }.into_any(),
            Screen::EditService => view! { <EditServiceScreen /> }.into_any(),
            Screen::Configuration => view! { <ConfigurationScreen /> }.into_any(),
            Screen::Verify => view! { <VerifyScreen /> }.into_any(),
            Screen::NotFound => view! { <NotFound /> }.into_any(),
        }
    };
    // A portal page has its own `main` landmark: embedded, the app is one region of it.
    let body = if embedded {
        view! { <div class="ksh-main">{outlet}</div> }.into_any()
    } else {
        view! { <main class="ksh-main">{outlet}</main> }.into_any()
    };
    view! {
        <div class="ksh-app" data-colour-mode=move || state.colour_mode.get().code()>
            <Header />
            {body}
        </div>
    }
}
