//! The app shell: state, header, and one route per screen.

use crate::components::header::Header;
use crate::screens::connect::ConnectScreen;
use crate::screens::not_found::NotFound;
use crate::state::AppState;
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::restore();
    provide_context(state);
    view! {
        <div class="ksh-app" data-colour-mode=move || state.colour_mode.get().code()>
            <Router>
                <Header />
                <main class="ksh-main" id="ksh-main">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=|| view! { <Redirect path="/connect" /> } />
                        <Route path=path!("/connect") view=ConnectScreen />
                    </Routes>
                </main>
            </Router>
        </div>
    }
}
