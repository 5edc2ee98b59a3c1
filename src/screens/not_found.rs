use crate::components::heading::ScreenHeading;
use crate::router::A;
use crate::router::use_router;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let router = use_router();
    let path = move || router.location().path;
    view! {
        <section class="ksh-screen">
            <ScreenHeading>"Page not found"</ScreenHeading>
            <p>"Nothing lives at " <code>{path}</code> "."</p>
            <p><A href="/">"Go to the start page"</A></p>
        </section>
    }
}
