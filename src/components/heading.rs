use crate::host::Host;
use crate::router::Router;
use leptos::html;
use leptos::prelude::*;

/// The document title's suffix after the screen's heading.
const TITLE_SUFFIX: &str = "Konnect Service Hub";

/// A screen's `<h1>`. It takes focus when it appears, so that keyboard and screen-reader users
/// land at the start of each new screen or step instead of at the top of the document. Its text
/// also leads the document title, so tabs, history and a wizard's "Step N of M" name the screen.
/// Embedded in a portal, it leaves the title alone and takes focus only once the user has moved.
#[component]
pub fn ScreenHeading(children: Children) -> impl IntoView {
    let heading = NodeRef::<html::H1>::new();
    // A guest in a portal owns neither the title nor, until the user moves inside it, the focus.
    let embedded = use_context::<Host>().is_some_and(|host| host.embedded);
    let moved = use_context::<Router>().is_some_and(|router| router.has_moved());
    Effect::new(move |_| {
        if let Some(element) = heading.get() {
            if !embedded || moved {
                let _ = element.focus();
            }
            if embedded {
                return;
            }
            if let (Some(text), Some(document)) = (element.text_content(), element.owner_document())
            {
                document.set_title(&format!("{} · {TITLE_SUFFIX}", text.trim()));
            }
        }
    });
    view! {
        <h1 class="ksh-screen-heading" tabindex="-1" node_ref=heading>
            {children()}
        </h1>
    }
}
