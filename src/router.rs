//! The app's own router: one current [`Location`] per app instance, kept in the page's path, in
//! its fragment, or only in memory.
//!
//! Why not `leptos_router`: its 0.8 router always owns the page's path and listens for every
//! click and `popstate` on the window. An app embedded in a portal must leave the host's URL
//! alone (or use only the fragment), run twice on one page, and remove every listener when it is
//! unmounted. This router listens only for the history event its mode needs, removes that
//! listener when the app's owner is cleaned up, and handles clicks on its own links only.

use crate::routes::{Location, ParamsMap, Screen, match_path};
use leptos::prelude::*;

/// Where the current screen lives in the browser's URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoutingMode {
    /// The page's path below `base` (no trailing slash; empty at the site's root). The
    /// standalone app uses this: every screen has a real URL.
    History { base: String },
    /// The URL's fragment (`#/services/…`): the host page's path and query are left alone.
    Hash,
    /// Nowhere in the URL: the host's own router keeps the address bar.
    Memory,
}

impl RoutingMode {
    /// `History` below `base`, with the trailing slash a deployment path usually has removed.
    pub fn history(base: &str) -> RoutingMode {
        RoutingMode::History {
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    /// Parses the embed option `routing`: `history`, `hash` or `memory`.
    pub fn from_option(name: &str, base: &str) -> Option<RoutingMode> {
        match name {
            "history" => Some(RoutingMode::history(base)),
            "hash" => Some(RoutingMode::Hash),
            "memory" => Some(RoutingMode::Memory),
            _ => None,
        }
    }

    /// The `href` a link to `target` (an app path with its query) carries, so that opening it in
    /// a new tab or copying it gives the same screen.
    pub fn href(&self, target: &str) -> String {
        match self {
            RoutingMode::History { base } => format!("{base}{target}"),
            RoutingMode::Hash | RoutingMode::Memory => format!("#{target}"),
        }
    }

    /// The app location a browser URL shows, or `None` when the URL says nothing (memory mode,
    /// an empty fragment, a path outside the base).
    pub fn location_in(&self, pathname: &str, search: &str, hash: &str) -> Option<Location> {
        match self {
            RoutingMode::History { base } => {
                let inside = pathname.strip_prefix(base.as_str())?;
                if !(inside.is_empty() || inside.starts_with('/')) {
                    return None;
                }
                let query = search.trim_start_matches('?');
                Some(Location::parse(&format!("{inside}?{query}")))
            }
            RoutingMode::Hash => {
                let fragment = hash.trim_start_matches('#');
                fragment.starts_with('/').then(|| Location::parse(fragment))
            }
            RoutingMode::Memory => None,
        }
    }
}

/// One app instance's navigation state, provided through context by [`provide_router`].
#[derive(Clone, Copy)]
pub struct Router {
    location: RwSignal<Location>,
    mode: StoredValue<RoutingMode>,
    /// Whether the user has moved since the app started (redirects do not count).
    moved: StoredValue<bool>,
}

/// How [`Router::navigate`] records the move.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NavigateOptions {
    /// Replace the current history entry instead of adding one (redirects).
    pub replace: bool,
}

impl Router {
    /// The current location; tracked.
    pub fn location(&self) -> Location {
        self.location.get()
    }

    /// The screen the current path shows; tracked.
    pub fn screen(&self) -> Screen {
        self.location
            .with(|location| match_path(&location.path).screen)
    }

    /// The current `path?query`, untracked: where to come back to after reconnecting.
    pub fn current_target(&self) -> String {
        self.location.with_untracked(Location::target)
    }

    pub fn href(&self, target: &str) -> String {
        self.mode.with_value(|mode| mode.href(target))
    }

    /// Shows `target` (an app path, optionally with a query) and records it in the URL as the
    /// mode says.
    pub fn navigate(&self, target: &str, options: NavigateOptions) {
        let location = Location::parse(target);
        let url = self.href(&location.target());
        if self.mode.with_value(|mode| *mode != RoutingMode::Memory) {
            browser::record(&url, options.replace);
        }
        if !options.replace {
            self.moved.set_value(true);
        }
        self.location.set(location);
    }

    /// Whether the user has gone to another screen since the app started.
    pub fn has_moved(&self) -> bool {
        self.moved.get_value()
    }

    fn follow_browser(&self) {
        let mode = self.mode.get_value();
        self.moved.set_value(true);
        if let Some(location) = browser::location_in(&mode) {
            self.location.set(location);
        }
    }
}

/// Creates the router for one app instance and provides it to everything below. `start` is the
/// first screen when the URL names none (always, in memory mode).
pub fn provide_router(mode: RoutingMode, start: Option<&str>) -> Router {
    let from_url = browser::location_in(&mode);
    let router = Router {
        location: RwSignal::new(
            from_url
                .clone()
                .or_else(|| start.map(Location::parse))
                .unwrap_or_else(|| Location::parse("/")),
        ),
        mode: StoredValue::new(mode.clone()),
        moved: StoredValue::new(false),
    };
    provide_context(router);
    if from_url.is_none() && start.is_some() && mode != RoutingMode::Memory {
        // Make the start screen a real URL, so that a reload comes back to it.
        let target = router.current_target();
        browser::record(&router.href(&target), true);
    }
    let listener = match mode {
        RoutingMode::History { .. } => {
            Some(window_event_listener(leptos::ev::popstate, move |_| {
                router.follow_browser()
            }))
        }
        RoutingMode::Hash => Some(window_event_listener(leptos::ev::hashchange, move |_| {
            router.follow_browser()
        })),
        RoutingMode::Memory => None,
    };
    if let Some(listener) = listener {
        on_cleanup(move || listener.remove());
    }
    router
}

pub fn use_router() -> Router {
    // Provided by `App` before any screen renders, like the app state.
    expect_context::<Router>()
}

/// A function that navigates, as screens call it after an action succeeds.
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone + 'static {
    let router = use_router();
    move |target: &str, options: NavigateOptions| router.navigate(target, options)
}

/// The names in the current path (`product`, `version`, `route`).
pub fn use_params_map() -> Memo<ParamsMap> {
    let router = use_router();
    Memo::new(move |_| {
        router
            .location
            .with(|location| match_path(&location.path).params)
    })
}

/// The current query string's names and values.
pub fn use_query_map() -> Memo<ParamsMap> {
    let router = use_router();
    Memo::new(move |_| {
        router
            .location
            .with(|location| ParamsMap::from_query(&location.query))
    })
}

/// Whether a link to `href` names the current screen or one below it, for `aria-current`.
fn is_current(href: &str, current_path: &str) -> bool {
    let path = Location::parse(href).path;
    current_path == path
        || (path != "/"
            && current_path.starts_with(&path)
            && current_path[path.len()..].starts_with('/'))
}

/// A link to an app screen. A plain click navigates inside the app; a click with a modifier or
/// another button does what the browser does with any link (new tab, new window, download).
#[component]
pub fn A(#[prop(into)] href: Signal<String>, children: Children) -> impl IntoView {
    let router = use_router();
    let url = move || href.with(|href| router.href(href));
    let current = move || {
        router
            .location
            .with(|location| href.with(|href| is_current(href, &location.path)))
            .then_some("page")
    };
    let on_click = move |event: leptos::ev::MouseEvent| {
        let modified = event.meta_key() || event.ctrl_key() || event.shift_key() || event.alt_key();
        if event.default_prevented() || event.button() != 0 || modified {
            return;
        }
        event.prevent_default();
        router.navigate(&href.get_untracked(), NavigateOptions::default());
    };
    view! {
        <a href=url aria-current=current on:click=on_click>
            {children()}
        </a>
    }
}

/// Sends the app to `target` once it has rendered, replacing the current history entry.
#[component]
pub fn Redirect(#[prop(into)] path: String) -> impl IntoView {
    let router = use_router();
    // After the render that asked for it: navigating changes what the outlet is rendering.
    Effect::new(move |_| router.navigate(&path, NavigateOptions { replace: true }));
}

mod browser {
    //! The browser's URL and history; nothing here runs in native unit tests.
    use super::RoutingMode;
    use crate::routes::Location;

    pub fn location_in(mode: &RoutingMode) -> Option<Location> {
        if *mode == RoutingMode::Memory {
            return None;
        }
        let location = web_sys::window()?.location();
        mode.location_in(
            &location.pathname().ok()?,
            &location.search().ok()?,
            &location.hash().ok()?,
        )
    }

    /// Adds or replaces a history entry. A browser that refuses (a sandboxed frame, too many
    /// calls) only loses the URL; the app still shows the screen.
    pub fn record(url: &str, replace: bool) {
        let Some(history) = web_sys::window().and_then(|window| window.history().ok()) else {
            return;
        };
        let state = wasm_bindgen::JsValue::NULL;
        let _ = if replace {
            history.replace_state_with_url(&state, "", Some(url))
        } else {
            history.push_state_with_url(&state, "", Some(url))
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_links_carry_the_base() {
        let mode = RoutingMode::history("/tools/hub/");
        assert_eq!(mode.href("/services?q=a"), "/tools/hub/services?q=a");
        assert_eq!(RoutingMode::history("/").href("/connect"), "/connect");
        assert_eq!(RoutingMode::Hash.href("/connect"), "#/connect");
        assert_eq!(RoutingMode::Memory.href("/connect"), "#/connect");
    }

    #[test]
    fn history_mode_reads_the_path_below_its_base_only() {
        let mode = RoutingMode::history("/hub");
        assert_eq!(
            mode.location_in("/hub/services", "?q=x", "#top"),
            Some(Location {
                path: "/services".into(),
                query: "q=x".into()
            })
        );
        assert_eq!(
            mode.location_in("/hub", "", "").map(|l| l.path),
            Some("/".into())
        );
        assert_eq!(mode.location_in("/hubble/services", "", ""), None);
        assert_eq!(mode.location_in("/other", "", ""), None);
    }

    #[test]
    fn hash_mode_reads_only_app_fragments() {
        let mode = RoutingMode::Hash;
        assert_eq!(
            mode.location_in("/portal/page", "?tab=2", "#/connect")
                .map(|l| l.target()),
            Some("/connect".into())
        );
        assert_eq!(mode.location_in("/", "", ""), None);
        // A host's own in-page anchor is not an app screen.
        assert_eq!(mode.location_in("/", "", "#section-2"), None);
        assert_eq!(
            RoutingMode::Memory.location_in("/connect", "", "#/connect"),
            None
        );
    }

    #[test]
    fn routing_options_by_name() {
        assert_eq!(
            RoutingMode::from_option("hash", "/x"),
            Some(RoutingMode::Hash)
        );
        assert_eq!(
            RoutingMode::from_option("memory", ""),
            Some(RoutingMode::Memory)
        );
        assert_eq!(
            RoutingMode::from_option("history", "/x/"),
            Some(RoutingMode::History { base: "/x".into() })
        );
        assert_eq!(RoutingMode::from_option("pushstate", ""), None);
    }

    #[test]
    fn links_are_current_on_their_screen_and_below() {
        assert!(is_current("/services", "/services"));
        assert!(is_current("/services", "/services/p/versions/v"));
        assert!(!is_current("/services", "/servicesx"));
        assert!(!is_current("/", "/services"));
        assert!(is_current("/", "/"));
        assert!(is_current("/services?page=2", "/services"));
    }
}
