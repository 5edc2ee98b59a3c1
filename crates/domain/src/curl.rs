//! What the Verify panel sends for a route, and the equivalent `curl -i` command.
//!
//! Everything here works on text the user typed or a server returned, so nothing may panic and
//! the shell command must stay one `curl` call whatever the input holds: every argument built
//! from data is single-quoted for a POSIX shell.
//!
//! ```
//! use domain::curl::{curl_command, proxy_url};
//!
//! let url = proxy_url("http://localhost:8000/", "/flights");
//! assert_eq!(url, "http://localhost:8000/flights");
//! assert_eq!(
//!     curl_command("GET", &url, Some("example.com"), &[]),
//!     "curl -i 'http://localhost:8000/flights' -H 'Host: example.com'"
//! );
//! ```

use crate::model::{Protocol, Route};
use crate::{concrete_path_for, regex_check};

/// A ready request for one route, as the Verify panel first shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestedRequest {
    /// `GET` when the route accepts it (or any method), else the route's first method.
    pub method: String,
    /// The route path the request targets; `None` when the route has no paths (it matches
    /// every path).
    pub route_path: Option<String>,
    /// The request path: the plain route path itself, an example that matches a regex path,
    /// `/` for a route without paths, or `None` when no example could be made for a regex path.
    pub path: Option<String>,
    /// The `Host` header to send when the route matches on hosts (wildcards made concrete).
    pub host_header: Option<String>,
    /// Headers the route matches on, with a value that matches (first plain value of each).
    pub headers: Vec<(String, String)>,
    /// The route path is a regex: the user should see, and may change, the concrete path
    /// ([`path_matches_route_path`] tells whether what they typed still matches).
    pub needs_concrete_path: bool,
    /// Why the request may need the user's attention, in words for the panel.
    pub notes: Vec<String>,
}

/// Prefix that marks a route path as a regular expression.
const REGEX_PATH_PREFIX: char = '~';
/// Prefix that marks a route header value as a (case-insensitive) regular expression.
const REGEX_HEADER_PREFIX: &str = "~*";

/// The request the Verify panel offers for `route`.
pub fn request_for_route(route: &Route) -> SuggestedRequest {
    let mut notes = Vec::new();
    let paths = route
        .paths
        .as_value()
        .map(Vec::as_slice)
        .unwrap_or_default();
    // A plain path needs no example, so it is the better choice when a route has both kinds.
    let route_path = paths
        .iter()
        .find(|path| !path.starts_with(REGEX_PATH_PREFIX))
        .or_else(|| paths.first())
        .cloned();
    let needs_concrete_path = route_path
        .as_deref()
        .is_some_and(|path| path.starts_with(REGEX_PATH_PREFIX));
    let path = match route_path.as_deref() {
        None => Some("/".to_string()),
        Some(regex_path) if needs_concrete_path => {
            let example = concrete_path_for(regex_path);
            notes.push(match example {
                Some(_) => format!(
                    "The route path {regex_path} is a regular expression: the path shown is an \
                     example that matches it; change it to the path you want to call."
                ),
                None => format!(
                    "The route path {regex_path} is a regular expression and no example could \
                     be made from it: type a concrete path that matches it."
                ),
            });
            example
        }
        Some(plain) => Some(plain.to_string()),
    };

    let headers = matching_headers(route, &mut notes);
    if !route.protocols.contains(&Protocol::Http) && route.protocols.contains(&Protocol::Https) {
        notes.push(format!(
            "This route accepts HTTPS only: over plain HTTP Kong answers with status {} \
             (https_redirect_status_code); use the proxy's HTTPS address.",
            route.https_redirect_status_code
        ));
    }

    SuggestedRequest {
        method: preferred_method(route),
        route_path,
        path,
        host_header: route
            .hosts
            .as_value()
            .and_then(|hosts| hosts.first())
            .map(|host| concrete_host(host)),
        headers,
        needs_concrete_path,
        notes,
    }
}

/// `GET` is the easiest request to send from a browser, so it wins whenever the route allows it.
fn preferred_method(route: &Route) -> String {
    let methods = route
        .methods
        .as_value()
        .map(Vec::as_slice)
        .unwrap_or_default();
    match methods.first() {
        Some(first) if !methods.iter().any(|method| method == "GET") => first.clone(),
        _ => "GET".to_string(),
    }
}

/// One header per header the route matches on, with its first plain value; a header that only
/// has regex values cannot be guessed, so a note asks the user for a value instead.
fn matching_headers(route: &Route, notes: &mut Vec<String>) -> Vec<(String, String)> {
    let Some(route_headers) = route.headers.as_value() else {
        return Vec::new();
    };
    let mut headers = Vec::new();
    for (name, values) in route_headers {
        match values
            .iter()
            .find(|value| !value.starts_with(REGEX_HEADER_PREFIX))
        {
            Some(value) => headers.push((name.clone(), value.clone())),
            None => notes.push(format!(
                "The route matches the header {name} against a regular expression ({}): \
                 add that header with a value that matches.",
                values.join(", ")
            )),
        }
    }
    headers
}

/// A host name a request can send for a route host: Kong's wildcards (`*.example.com`,
/// `example.*`, with an optional port) made concrete with `www` / `com`.
fn concrete_host(host: &str) -> String {
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            (name, Some(port))
        }
        _ => (host, None),
    };
    let name = if let Some(rest) = name.strip_prefix("*.") {
        format!("www.{rest}")
    } else if let Some(rest) = name.strip_suffix(".*") {
        format!("{rest}.com")
    } else {
        name.to_string()
    };
    match port {
        Some(port) => format!("{name}:{port}"),
        None => name,
    }
}

/// Whether a request for `concrete` would match the route path `route_path` as Kong's router
/// decides it: a plain path is a prefix, a `~` path a regex anchored at the start only
/// (`regex_check::router_pattern`). A regex that does not compile matches nothing.
pub fn path_matches_route_path(route_path: &str, concrete: &str) -> bool {
    regex_check::route_path_matches(route_path, concrete).unwrap_or(false)
}

/// The proxy URL `base` joined with the request path `path`: exactly one `/` between them,
/// and every character that cannot appear in a URL path percent-encoded (as UTF-8). Valid
/// characters and existing `%XX` escapes are kept. `?` and `#` are encoded too, because `path`
/// is a path: they are part of what the route must match, not a query or a fragment.
pub fn proxy_url(base: &str, path: &str) -> String {
    let base = base.trim().trim_end_matches('/');
    let mut url = String::with_capacity(base.len() + path.len() + 1);
    url.push_str(base);
    if !path.starts_with('/') {
        url.push('/');
    }
    let bytes = path.as_bytes();
    for (index, &byte) in bytes.iter().enumerate() {
        let is_escape = byte == b'%'
            && bytes.get(index + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(index + 2).is_some_and(u8::is_ascii_hexdigit);
        if is_escape || is_path_byte(byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// RFC 3986 `pchar` and `/`: unreserved, sub-delims, `:` and `@`.
fn is_path_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&byte)
}

/// The `curl` command that sends the same request: `-i` to show the response headers (`-I`
/// for `HEAD`, since curl waits for a body after `-X HEAD`), `-X` unless the method is `GET`,
/// the `Host` header first, then `headers`. URL and headers are always single-quoted.
pub fn curl_command(
    method: &str,
    url: &str,
    host_header: Option<&str>,
    headers: &[(String, String)],
) -> String {
    let mut words: Vec<String> = vec!["curl".into()];
    match method {
        "HEAD" => words.push("-I".into()),
        "GET" | "" => words.push("-i".into()),
        other => words.extend(["-i".into(), "-X".into(), shell_quote(other)]),
    }
    if url.starts_with('-') {
        // Otherwise curl would read the URL as an option.
        words.push("--url".into());
    }
    words.push(single_quoted(url));
    let all_headers = host_header.map(|host| ("Host", host)).into_iter().chain(
        headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str())),
    );
    for (name, value) in all_headers {
        words.push("-H".into());
        words.push(single_quoted(&header_argument(name, value)));
    }
    words.join(" ")
}

/// curl's `-H` syntax: `Name: value`, except that `Name:` would *remove* the header, so an
/// empty value is written `Name;`.
fn header_argument(name: &str, value: &str) -> String {
    if value.is_empty() {
        format!("{name};")
    } else {
        format!("{name}: {value}")
    }
}

/// `word` as one POSIX shell word: unchanged when it only holds characters no shell treats
/// specially, single-quoted otherwise.
pub fn shell_quote(word: &str) -> String {
    let is_safe = |c: char| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c);
    if !word.is_empty() && word.chars().all(is_safe) {
        word.to_string()
    } else {
        single_quoted(word)
    }
}

/// Between single quotes a POSIX shell takes every character literally, newlines included;
/// only `'` itself must leave the quotes: `'\''` closes, adds an escaped quote, reopens.
fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_hosts_become_concrete() {
        assert_eq!(concrete_host("example.com"), "example.com");
        assert_eq!(concrete_host("*.example.com"), "www.example.com");
        assert_eq!(concrete_host("example.*"), "example.com");
        assert_eq!(concrete_host("*.example.com:8080"), "www.example.com:8080");
        assert_eq!(concrete_host("example.*:8443"), "example.com:8443");
        assert_eq!(concrete_host("[::1]:8000"), "[::1]:8000");
        assert_eq!(concrete_host("::1"), "::1");
    }

    #[test]
    fn empty_header_values_use_curls_semicolon_form() {
        assert_eq!(header_argument("X-Empty", ""), "X-Empty;");
        assert_eq!(header_argument("X-A", "b"), "X-A: b");
    }
}
