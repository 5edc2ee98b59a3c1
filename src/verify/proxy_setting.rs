//! The proxy URL the Verify panel sends requests to: validation, and where the browser stands
//! with it (secure page, loopback and private addresses) for [`super::outcome`].

use crate::storage::{self, Area};

/// What Konnect's runtime instances listen on by default.
pub const DEFAULT_PROXY_URL: &str = "http://localhost:8000";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

/// A valid proxy URL: an http(s) origin and an optional path prefix (a proxy behind a path on a
/// load balancer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyTarget {
    pub scheme: Scheme,
    /// As typed, lowercased; IPv6 addresses keep their brackets.
    pub host: String,
    pub port: Option<u16>,
    /// Empty, or starting with `/` and without a trailing `/`.
    pub path_prefix: String,
}

impl ProxyTarget {
    /// `scheme://host[:port]`, as the browser names the server in its messages.
    pub fn origin(&self) -> String {
        let scheme = match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        match self.port {
            Some(port) => format!("{scheme}://{}:{port}", self.host),
            None => format!("{scheme}://{}", self.host),
        }
    }

    /// The base that request paths are appended to (`domain::curl::proxy_url`).
    pub fn base(&self) -> String {
        format!("{}{}", self.origin(), self.path_prefix)
    }

    /// Loopback hosts are "potentially trustworthy": browsers let an https page call them over
    /// plain http (no mixed-content block), but private-network rules then apply.
    pub fn is_loopback(&self) -> bool {
        is_loopback_host(&self.host)
    }

    /// Loopback or a private (RFC 1918, link-local, IPv6 unique-local) address: what Chrome's
    /// private/local network access rules protect from public pages.
    pub fn is_local_network(&self) -> bool {
        is_local_network_host(&self.host)
    }
}

/// Checks what the user typed; the error is the message shown next to the field.
pub fn parse_proxy_url(text: &str) -> Result<ProxyTarget, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!(
            "Enter the proxy URL, for example {DEFAULT_PROXY_URL}."
        ));
    }
    let (scheme, rest) = split_scheme(text).ok_or_else(|| {
        format!("Start with http:// or https://, for example {DEFAULT_PROXY_URL}.")
    })?;
    if let Some(bad) = rest.chars().find(|c| c.is_whitespace()) {
        let what = if bad == ' ' {
            "a space"
        } else {
            "a blank character"
        };
        return Err(format!("The proxy URL contains {what}: remove it."));
    }
    if rest.contains(['?', '#']) {
        return Err(
            "Leave out the query and fragment (? and #): the panel adds each route's path."
                .to_owned(),
        );
    }
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, ""),
    };
    if authority.contains('@') {
        return Err(
            "Leave out the user name and password: requests are sent without credentials."
                .to_owned(),
        );
    }
    let (host, port) = split_host_port(authority)?;
    Ok(ProxyTarget {
        scheme,
        host: host.to_ascii_lowercase(),
        port,
        path_prefix: path.trim_end_matches('/').to_owned(),
    })
}

fn split_scheme(text: &str) -> Option<(Scheme, &str)> {
    let (scheme, rest) = text.split_once("://")?;
    match scheme.to_ascii_lowercase().as_str() {
        "http" => Some((Scheme::Http, rest)),
        "https" => Some((Scheme::Https, rest)),
        _ => None,
    }
}

fn split_host_port(authority: &str) -> Result<(&str, Option<u16>), String> {
    let (host, port) = if authority.starts_with('[') {
        // An IPv6 literal: the port, if any, follows the closing bracket.
        let end = authority
            .find(']')
            .ok_or("The IPv6 address needs its closing bracket ].")?;
        let (host, after) = authority.split_at(end + 1);
        let port = match after {
            "" => None,
            _ => Some(
                after
                    .strip_prefix(':')
                    .ok_or("Put a : between the address and the port.")?,
            ),
        };
        (host, port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() || host == "[]" {
        return Err(format!(
            "Add the host name, for example {DEFAULT_PROXY_URL}."
        ));
    }
    if !host.starts_with('[')
        && let Some(bad) = host
            .chars()
            .find(|c| !(c.is_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Err(format!("A host name cannot contain {bad}."));
    }
    let port = match port {
        None => None,
        Some(port) => Some(
            port.parse::<u16>()
                .ok()
                .filter(|port| *port > 0)
                .ok_or_else(|| {
                    format!("The port must be a number from 1 to 65535, not {port:?}.")
                })?,
        ),
    };
    Ok((host, port))
}

fn ipv4_octets(host: &str) -> Option<[u8; 4]> {
    let parts: Vec<u8> = host
        .split('.')
        .map(|part| part.parse::<u8>().ok())
        .collect::<Option<_>>()?;
    parts.try_into().ok()
}

fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || ipv4_octets(host).is_some_and(|octets| octets[0] == 127)
}

fn is_local_network_host(host: &str) -> bool {
    if is_loopback_host(host) {
        return true;
    }
    if let Some([a, b, ..]) = ipv4_octets(host) {
        return a == 10
            || (a == 172 && (16..=31).contains(&b))
            || (a == 192 && b == 168)
            || (a == 169 && b == 254);
    }
    // IPv6 unique-local (fc00::/7) and link-local (fe80::/10).
    let v6 = host.trim_start_matches('[');
    host.starts_with('[')
        && (v6.starts_with("fc")
            || v6.starts_with("fd")
            || v6.starts_with("fe8")
            || v6.starts_with("fe9")
            || v6.starts_with("fea")
            || v6.starts_with("feb"))
}

/// Whether a page served from `host` (the app's own host name) is itself on the local network;
/// private-network rules only restrict calls from public pages to local ones.
pub fn page_host_is_local(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let name = match host.rsplit_once(':') {
        Some((name, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            name.to_owned()
        }
        _ => host,
    };
    is_local_network_host(&name)
}

/// The setting is per runtime group: two groups usually have two different proxies.
fn storage_key(control_plane_id: &str) -> String {
    format!("verify-proxy-url:{control_plane_id}")
}

/// The proxy URL remembered for this runtime group, or the default.
pub fn load_proxy_url(control_plane_id: &str) -> String {
    storage::read_text(Area::Local, &storage_key(control_plane_id))
        .unwrap_or_else(|| DEFAULT_PROXY_URL.to_owned())
}

/// Remembers a valid proxy URL (a URL, not a secret, so localStorage is fine).
pub fn save_proxy_url(control_plane_id: &str, url: &str) {
    storage::write_text(Area::Local, &storage_key(control_plane_id), url);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(text: &str) -> ProxyTarget {
        match parse_proxy_url(text) {
            Ok(target) => target,
            Err(message) => panic!("{text} was refused: {message}"),
        }
    }

    fn refusal(text: &str) -> String {
        match parse_proxy_url(text) {
            Ok(target) => panic!("{text} was accepted as {target:?}"),
            Err(message) => message,
        }
    }

    #[test]
    fn accepts_origins_with_an_optional_path_prefix() {
        let default = target(DEFAULT_PROXY_URL);
        assert_eq!(default.scheme, Scheme::Http);
        assert_eq!(default.host, "localhost");
        assert_eq!(default.port, Some(8000));
        assert_eq!(default.base(), "http://localhost:8000");

        let prefixed = target("  HTTPS://Gateway.Example.com/kong/ ");
        assert_eq!(prefixed.origin(), "https://gateway.example.com");
        assert_eq!(prefixed.base(), "https://gateway.example.com/kong");
        assert_eq!(target("http://[::1]:8000/").base(), "http://[::1]:8000");
        assert_eq!(target("http://127.0.0.1:40123").port, Some(40123));
    }

    #[test]
    fn refusals_say_what_to_change() {
        assert_eq!(
            refusal(" "),
            "Enter the proxy URL, for example http://localhost:8000."
        );
        assert_eq!(
            refusal("localhost:8000"),
            "Start with http:// or https://, for example http://localhost:8000."
        );
        assert_eq!(
            refusal("ftp://localhost"),
            "Start with http:// or https://, for example http://localhost:8000."
        );
        assert_eq!(
            refusal("http://"),
            "Add the host name, for example http://localhost:8000."
        );
        assert_eq!(
            refusal("http://localhost:80000"),
            "The port must be a number from 1 to 65535, not \"80000\"."
        );
        assert_eq!(
            refusal("http://localhost:0"),
            "The port must be a number from 1 to 65535, not \"0\"."
        );
        assert_eq!(
            refusal("http://localhost:8000/x?y=1"),
            "Leave out the query and fragment (? and #): the panel adds each route's path."
        );
        assert_eq!(
            refusal("http://user:pw@localhost"),
            "Leave out the user name and password: requests are sent without credentials."
        );
        assert_eq!(
            refusal("http://local host"),
            "The proxy URL contains a space: remove it."
        );
        assert_eq!(
            refusal("http://local_host"),
            "A host name cannot contain _."
        );
        assert_eq!(
            refusal("http://[::1"),
            "The IPv6 address needs its closing bracket ]."
        );
    }

    #[test]
    fn knows_loopback_and_private_hosts() {
        for local in [
            "http://localhost:8000",
            "http://127.0.0.1",
            "http://[::1]",
            "http://api.localhost",
        ] {
            assert!(target(local).is_loopback(), "{local}");
            assert!(target(local).is_local_network(), "{local}");
        }
        for private in [
            "http://10.0.0.5",
            "http://172.20.1.1",
            "http://192.168.1.10",
            "http://[fd00::1]",
        ] {
            assert!(!target(private).is_loopback(), "{private}");
            assert!(target(private).is_local_network(), "{private}");
        }
        for public in [
            "http://172.32.0.1",
            "https://kong.example.com",
            "http://8.8.8.8",
            "http://127.example.com",
        ] {
            assert!(!target(public).is_local_network(), "{public}");
        }
    }

    #[test]
    fn page_hosts_with_ports() {
        assert!(page_host_is_local("127.0.0.1:8080"));
        assert!(page_host_is_local("localhost"));
        assert!(page_host_is_local("[::1]:8080"));
        assert!(!page_host_is_local("hub.example.com"));
        assert!(!page_host_is_local("hub.example.com:443"));
    }
}
