use crate::components::heading::ScreenHeading;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn NotFound() -> impl IntoView {
    let path = use_location().pathname;
    view! {
        <section class="ksh-screen">
            <ScreenHeading>"Page not found"</ScreenHeading>
            <p>"Nothing lives at " <code>{move || path.get()}</code> "."</p>
            <p><A href="/">"Go to the start page"</A></p>
        </section>
    }
}
