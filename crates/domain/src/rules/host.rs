//! Host names and IP literals as `kong/tools/ip.lua:121-276` classifies and checks them, and the
//! three host rules built on it (`typedefs.lua:24-35`, `172-202`, `575-592`).

/// What `hostname_type` decided the text is. It decides by exclusion, before validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HostKind {
    Ipv4,
    Ipv6,
    Name,
}

/// A host accepted by `normalize_ip`, with the port it carried, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CheckedHost {
    pub kind: HostKind,
    pub port: Option<u16>,
}

const INVALID_PORT: &str = "invalid port number";

/// `hostname_type` (`ip.lua:121-130`): more than one `:` is IPv6; only digits and dots (once the
/// colons are removed) is IPv4; anything else is a name.
pub(crate) fn hostname_type(address: &str) -> HostKind {
    let colons = address.bytes().filter(|b| *b == b':').count();
    if colons > 1 {
        return HostKind::Ipv6;
    }
    let remainder = address.bytes().filter(|b| *b != b':');
    let mut any = false;
    for b in remainder {
        any = true;
        if !(b.is_ascii_digit() || b == b'.') {
            return HostKind::Name;
        }
    }
    if any { HostKind::Ipv4 } else { HostKind::Name }
}

/// `normalize_ip` (`ip.lua:256-276`): classify, then check with the matching parser.
/// Errors are the library's own texts (`invalid hostname: …`, `invalid port number`, …).
pub(crate) fn normalize_ip(address: &str) -> Result<CheckedHost, String> {
    let kind = hostname_type(address);
    let port = match kind {
        HostKind::Ipv4 => check_ipv4(address)?,
        HostKind::Ipv6 => check_ipv6(address)?,
        HostKind::Name => check_hostname(address)?,
    };
    Ok(CheckedHost { kind, port })
}

/// Lua `tonumber` of a run of ASCII digits, then Kong's `> 65535` test.
fn port_from_digits(digits: &str) -> Result<u16, String> {
    let value = digits.bytes().fold(0u32, |acc, b| {
        acc.saturating_mul(10).saturating_add(u32::from(b - b'0'))
    });
    u16::try_from(value).map_err(|_| INVALID_PORT.to_string())
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// `normalize_ipv4` (`ip.lua:136-161`): four 1–3 digit octets ≤ 255 (leading zeros allowed),
/// then an optional `:<digits>` port.
fn check_ipv4(address: &str) -> Result<Option<u16>, String> {
    let invalid = || format!("invalid ipv4 address: {address}");
    let (quad, port) = match address.split_once(':') {
        Some((quad, port)) if all_digits(port) => (quad, Some(port)),
        Some(_) => return Err(invalid()),
        None => (address, None),
    };
    let octets: Vec<&str> = quad.split('.').collect();
    let octets_ok = octets.len() == 4
        && octets.iter().all(|octet| {
            (1..=3).contains(&octet.len())
                && all_digits(octet)
                && octet.parse::<u16>().is_ok_and(|n| n <= 255)
        });
    if !octets_ok {
        return Err(invalid());
    }
    port.map(port_from_digits).transpose()
}

/// `normalize_ipv6` (`ip.lua:167-218`): optional `[…]` with an optional `:port` after it, then
/// exactly eight groups of 1–4 hex digits once a single `::` is expanded.
fn check_ipv6(address: &str) -> Result<Option<u16>, String> {
    let (mut check, port) = match bracketed_prefix(address) {
        Some((inner, rest)) => {
            let port = if rest.is_empty() {
                None
            } else {
                // `^:(%d-)$`; an empty digit run makes Kong compare nil with a number (HTTP
                // 500), which we report as the malformed-address error instead.
                match rest.strip_prefix(':') {
                    Some(digits) if all_digits(digits) => Some(port_from_digits(digits)?),
                    _ => return Err("invalid ipv6 address".to_string()),
                }
            };
            (inner.to_string(), port)
        }
        None => (address.to_string(), None),
    };
    if check.starts_with(':') {
        check.insert(0, '0');
    }
    if check.ends_with(':') {
        check.push('0');
    }
    if check.contains("::") {
        let colons = check.bytes().filter(|b| *b == b':').count();
        let insert = format!(":{}", "0:".repeat(8usize.saturating_sub(colons)));
        check = check.replacen("::", &insert, 1);
    }
    let groups: Vec<&str> = check.split(':').collect();
    let valid = groups.len() == 8
        && groups
            .iter()
            .all(|g| (1..=4).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_hexdigit()));
    if valid {
        Ok(port)
    } else {
        Err(format!("invalid ipv6 address: {address}"))
    }
}

/// Lua `^(%b[])(.-)$`: a leading bracket group, balanced, and whatever follows it.
fn bracketed_prefix(address: &str) -> Option<(&str, &str)> {
    if !address.starts_with('[') {
        return None;
    }
    let mut depth = 0usize;
    for (index, b) in address.bytes().enumerate() {
        match b {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some((&address[1..index], &address[index + 1..]));
                }
            }
            _ => {}
        }
    }
    None
}

/// `check_hostname` (`ip.lua:224-250`): optional trailing `:<digits>` port, then
/// `^[%d%a%-%.%_]+$`, no label ending in `-`, no empty label except the last one.
fn check_hostname(address: &str) -> Result<Option<u16>, String> {
    let (name, port) = match address.rsplit_once(':') {
        Some((name, digits)) if all_digits(digits) => (name, Some(port_from_digits(digits)?)),
        _ => (address, None),
    };
    let invalid = || format!("invalid hostname: {address}");
    let charset_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
    if !charset_ok {
        return Err(invalid());
    }
    let labels: Vec<&str> = name.split('.').collect();
    let last = labels.len() - 1;
    let bad_label = labels
        .iter()
        .enumerate()
        .any(|(index, label)| label.ends_with('-') || (label.is_empty() && index != last));
    if bad_label { Err(invalid()) } else { Ok(port) }
}

/// Service `host` (`typedefs.host`, `td:24-35`): no port, no wildcard.
pub(crate) fn check_service_host(host: &str) -> Result<(), String> {
    match normalize_ip(host) {
        Err(message) if message != INVALID_PORT => Err(format!("invalid value: {host}")),
        Err(_) => Err("must not have a port".to_string()),
        Ok(CheckedHost { port: Some(_), .. }) => Err("must not have a port".to_string()),
        Ok(_) => Ok(()),
    }
}

/// Route `hosts` element (`td:575-592`): at most one `*`, as a whole leftmost or rightmost
/// label, then the host check with `*` read as `abc`; a port is allowed.
pub(crate) fn check_route_host(host: &str) -> Result<(), String> {
    let stars = host.bytes().filter(|b| *b == b'*').count();
    if stars > 1 {
        return Err("invalid wildcard: must have at most one wildcard".to_string());
    }
    if stars == 1 && !(host.starts_with("*.") || host.ends_with(".*")) {
        return Err("invalid wildcard: must be placed at leftmost or rightmost label".to_string());
    }
    normalize_ip(&host.replace('*', "abc")).map(|_| ())
}

/// `typedefs.wildcard_host` (`td:172-202`), used for route `snis` under the default
/// `traditional_compatible` router.
pub(crate) fn check_wildcard_host(host: &str) -> Result<(), String> {
    let mut candidate = host.to_string();
    if let Some(index) = host.find('*') {
        if index != 0 && index != host.len() - 1 {
            return Err("wildcard must be leftmost or rightmost character".to_string());
        }
        if host.matches('*').count() > 1 {
            return Err("only one wildcard must be specified".to_string());
        }
        candidate = host.replace('*', "wildcard");
    }
    match normalize_ip(&candidate) {
        Err(message) if message != INVALID_PORT => Err(format!("invalid value: {candidate}")),
        Err(_) => Err("must not have a port".to_string()),
        Ok(checked) if checked.kind != HostKind::Name => Err("must not be an IP".to_string()),
        Ok(CheckedHost { port: Some(_), .. }) => Err("must not have a port".to_string()),
        Ok(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // ip.lua:121-130
    #[test]
    fn classifies_like_hostname_type() {
        assert_eq!(hostname_type("1.2.3.4:80"), HostKind::Ipv4);
        assert_eq!(hostname_type("123"), HostKind::Ipv4);
        assert_eq!(hostname_type("some::thing"), HostKind::Ipv6);
        assert_eq!(hostname_type("example.com:80"), HostKind::Name);
    }

    // ip.lua:136-161: leading zeros pass, 256 does not, port over 65535 does not.
    #[test]
    fn ipv4_rules() {
        assert_eq!(normalize_ip("01.2.3.4").map(|h| h.port), Ok(None));
        assert_eq!(normalize_ip("1.2.3.4:8080").map(|h| h.port), Ok(Some(8080)));
        assert_eq!(
            normalize_ip("1.2.3.256"),
            Err("invalid ipv4 address: 1.2.3.256".into())
        );
        assert_eq!(
            normalize_ip("1.2.3"),
            Err("invalid ipv4 address: 1.2.3".into())
        );
        assert_eq!(
            normalize_ip("1.2.3.4:70000"),
            Err("invalid port number".into())
        );
    }

    // ip.lua:167-218
    #[test]
    fn ipv6_rules() {
        assert!(normalize_ip("::1").is_ok());
        assert_eq!(normalize_ip("[::1]:80").map(|h| h.port), Ok(Some(80)));
        assert_eq!(
            normalize_ip("::ffff:1.2.3.4"),
            Err("invalid ipv6 address: ::ffff:1.2.3.4".into())
        );
        assert_eq!(
            normalize_ip("fe80::1%eth0"),
            Err("invalid ipv6 address: fe80::1%eth0".into())
        );
        assert_eq!(normalize_ip("[::1]x"), Err("invalid ipv6 address".into()));
        assert_eq!(
            normalize_ip("[::1]:99999"),
            Err("invalid port number".into())
        );
    }

    // ip.lua:224-250: labels ending in '-' or empty inner labels are rejected.
    #[test]
    fn hostname_rules() {
        for ok in ["example.test.", "-with-SUPER-MONKEYS.com", "a_b.c", "x"] {
            assert!(normalize_ip(ok).is_ok(), "{ok}");
        }
        for bad in [".example", "a..b", "a..", "example-.org", "exa$mple.com"] {
            assert_eq!(
                normalize_ip(bad),
                Err(format!("invalid hostname: {bad}")),
                "{bad}"
            );
        }
    }

    // typedefs.lua:24-35
    #[test]
    fn service_host_messages() {
        assert_eq!(check_service_host("example.com"), Ok(()));
        assert_eq!(
            check_service_host("example.com:80"),
            Err("must not have a port".into())
        );
        assert_eq!(
            check_service_host("example.com:99999"),
            Err("must not have a port".into())
        );
        assert_eq!(
            check_service_host("*example.com"),
            Err("invalid value: *example.com".into())
        );
    }

    // typedefs.lua:575-592
    #[test]
    fn route_host_messages() {
        assert_eq!(check_route_host("*.example.com:8000"), Ok(()));
        assert_eq!(check_route_host("example.*"), Ok(()));
        assert_eq!(
            check_route_host("*.*.com"),
            Err("invalid wildcard: must have at most one wildcard".into())
        );
        assert_eq!(
            check_route_host("*"),
            Err("invalid wildcard: must be placed at leftmost or rightmost label".into())
        );
        assert_eq!(
            check_route_host("*.exa$mple.com"),
            Err("invalid hostname: abc.exa$mple.com".into())
        );
    }

    // typedefs.lua:172-202
    #[test]
    fn wildcard_host_messages() {
        assert_eq!(check_wildcard_host("*.example.org"), Ok(()));
        assert_eq!(check_wildcard_host("*"), Ok(()));
        assert_eq!(check_wildcard_host("foo*"), Ok(()));
        assert_eq!(
            check_wildcard_host("a*b"),
            Err("wildcard must be leftmost or rightmost character".into())
        );
        assert_eq!(
            check_wildcard_host("*.a.*"),
            Err("only one wildcard must be specified".into())
        );
        assert_eq!(
            check_wildcard_host("1.2.3.4"),
            Err("must not be an IP".into())
        );
        assert_eq!(
            check_wildcard_host("a.com:443"),
            Err("must not have a port".into())
        );
        assert_eq!(
            check_wildcard_host("*.a b"),
            Err("invalid value: wildcard.a b".into())
        );
    }
}
