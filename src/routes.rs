//! The app's URL scheme: which screen each path shows and what it names (pure, no web
//! dependencies). [`crate::router`] keeps the current path; this module only reads it.

use konnect_client::percent_decode;

/// Every screen the app has a URL for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// `/`: the Service Hub when connected, else Connect.
    Start,
    Connect,
    Services,
    Version,
    ImplementService,
    ImplementRoute,
    AddRoute,
    EditRoute,
    EditService,
    Configuration,
    Verify,
    NotFound,
}

impl Screen {
    /// Screens that need a connection to show anything.
    pub fn needs_connection(self) -> bool {
        !matches!(self, Screen::Start | Screen::Connect | Screen::NotFound)
    }
}

/// Names read from a path (`product`, `version`, `route`) or a query string, decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParamsMap(Vec<(String, String)>);

impl ParamsMap {
    /// The first value of `key`, as `leptos_router`'s map of the same name returns it.
    pub fn get(&self, key: &str) -> Option<String> {
        self.get_str(key).map(str::to_owned)
    }

    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }

    fn insert(&mut self, key: &str, value: String) {
        self.0.push((key.to_owned(), value));
    }

    /// Parses `a=1&b=two%20words` (no leading `?`).
    pub fn from_query(query: &str) -> ParamsMap {
        let mut params = ParamsMap::default();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            params.insert(&percent_decode(key), percent_decode(value));
        }
        params
    }
}

/// Where the app is: a path below the app's base, and its query string without `?`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub query: String,
}

impl Location {
    /// Splits `/services?q=x#frag` into path and query; the fragment is dropped. An empty path
    /// is the start page.
    pub fn parse(target: &str) -> Location {
        let target = target.split('#').next().unwrap_or_default();
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        Location {
            path,
            query: query.to_owned(),
        }
    }

    /// `path?query`, as links and history entries carry it.
    pub fn target(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }
}

/// The screen a path shows, and the names in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteMatch {
    pub screen: Screen,
    pub params: ParamsMap,
}

/// Matches a path (no query) against the app's URL scheme. A trailing slash is ignored.
pub fn match_path(path: &str) -> RouteMatch {
    let segments: Vec<&str> = path
        .trim_start_matches('/')
        .trim_end_matches('/')
        .split('/')
        .filter(|segment| !segment.is_empty())
        .collect();
    let mut params = ParamsMap::default();
    let screen = match segments.as_slice() {
        [] => Screen::Start,
        ["connect"] => Screen::Connect,
        ["services"] => Screen::Services,
        ["services", product, "versions", version, rest @ ..] => {
            let screen = match rest {
                [] => Some(Screen::Version),
                ["implement"] => Some(Screen::ImplementService),
                ["implement", "route"] => Some(Screen::ImplementRoute),
                ["routes", "new"] => Some(Screen::AddRoute),
                ["routes", route, "edit"] => {
                    params.insert("route", percent_decode(route));
                    Some(Screen::EditRoute)
                }
                ["implementation", "edit"] => Some(Screen::EditService),
                ["configuration"] => Some(Screen::Configuration),
                ["verify"] => Some(Screen::Verify),
                _ => None,
            };
            params.insert("product", percent_decode(product));
            params.insert("version", percent_decode(version));
            screen.unwrap_or(Screen::NotFound)
        }
        _ => Screen::NotFound,
    };
    if screen == Screen::NotFound {
        params = ParamsMap::default();
    }
    RouteMatch { screen, params }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(path: &str) -> Screen {
        match_path(path).screen
    }

    #[test]
    fn every_screen_has_its_path() {
        assert_eq!(screen("/"), Screen::Start);
        assert_eq!(screen(""), Screen::Start);
        assert_eq!(screen("/connect"), Screen::Connect);
        assert_eq!(screen("/services"), Screen::Services);
        assert_eq!(screen("/services/"), Screen::Services);
        assert_eq!(screen("/services/p/versions/v"), Screen::Version);
        assert_eq!(
            screen("/services/p/versions/v/implement"),
            Screen::ImplementService
        );
        assert_eq!(
            screen("/services/p/versions/v/implement/route"),
            Screen::ImplementRoute
        );
        assert_eq!(
            screen("/services/p/versions/v/routes/new"),
            Screen::AddRoute
        );
        assert_eq!(
            screen("/services/p/versions/v/routes/r/edit"),
            Screen::EditRoute
        );
        assert_eq!(
            screen("/services/p/versions/v/implementation/edit"),
            Screen::EditService
        );
        assert_eq!(
            screen("/services/p/versions/v/configuration"),
            Screen::Configuration
        );
        assert_eq!(screen("/services/p/versions/v/verify"), Screen::Verify);
    }

    #[test]
    fn unknown_paths_are_not_found_and_name_nothing() {
        for path in [
            "/nope",
            "/services/p",
            "/services/p/versions",
            "/services/p/versions/v/routes",
            "/services/p/versions/v/routes/r",
            "/services/p/versions/v/extra/more",
            "/connect/again",
        ] {
            let matched = match_path(path);
            assert_eq!(matched.screen, Screen::NotFound, "{path}");
            assert_eq!(matched.params, ParamsMap::default(), "{path}");
        }
    }

    #[test]
    fn path_names_are_decoded() {
        let matched = match_path("/services/a%20b/versions/v%2F1/routes/r%C3%A9/edit");
        assert_eq!(matched.params.get("product").as_deref(), Some("a b"));
        assert_eq!(matched.params.get("version").as_deref(), Some("v/1"));
        assert_eq!(matched.params.get("route").as_deref(), Some("ré"));
        assert_eq!(matched.params.get("missing"), None);
    }

    #[test]
    fn query_strings_are_decoded_first_value_wins() {
        let query = ParamsMap::from_query("q=two%20words&page=2&flag&page=3&plus=a+b");
        assert_eq!(query.get_str("q"), Some("two words"));
        assert_eq!(query.get_str("page"), Some("2"));
        assert_eq!(query.get_str("flag"), Some(""));
        assert_eq!(query.get_str("plus"), Some("a+b"));
        assert_eq!(ParamsMap::from_query(""), ParamsMap::default());
    }

    #[test]
    fn locations_split_path_and_query_and_drop_fragments() {
        let location = Location::parse("/services?q=x#top");
        assert_eq!(location.path, "/services");
        assert_eq!(location.query, "q=x");
        assert_eq!(location.target(), "/services?q=x");
        assert_eq!(Location::parse("").target(), "/");
        assert_eq!(Location::parse("connect").target(), "/connect");
    }

    #[test]
    fn only_start_connect_and_not_found_work_without_a_connection() {
        assert!(!Screen::Start.needs_connection());
        assert!(!Screen::Connect.needs_connection());
        assert!(!Screen::NotFound.needs_connection());
        assert!(Screen::Services.needs_connection());
        assert!(Screen::EditRoute.needs_connection());
    }
}
