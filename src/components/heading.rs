use leptos::html;
use leptos::prelude::*;

/// A screen's `<h1>`. It takes focus when it appears, so that keyboard and screen-reader users
/// land at the start of each new screen or step instead of at the top of the document.
#[component]
pub fn ScreenHeading(children: Children) -> impl IntoView {
    let heading = NodeRef::<html::H1>::new();
    Effect::new(move |_| {
        if let Some(element) = heading.get() {
            let _ = element.focus();
        }
    });
    view! {
        <h1 class="ksh-screen-heading" tabindex="-1" node_ref=heading>
            {children()}
        </h1>
    }
}
