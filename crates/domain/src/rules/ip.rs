//! `sources` / `destinations` addresses: `typedefs.ip_or_cidr` (`td:53-59`,
//! `kong/tools/ip.lua:32-110`, `resty.ipmatcher`).

use std::net::{Ipv4Addr, Ipv6Addr};

/// ipmatcher's `parse_ipv4`: glibc `inet_pton(AF_INET)`, which Rust's parser matches
/// (dotted quad, no leading zeros).
fn is_ipv4(text: &str) -> bool {
    text.parse::<Ipv4Addr>().is_ok()
}

/// ipmatcher's `parse_ipv6`: one pair of surrounding brackets is dropped, then
/// `inet_pton(AF_INET6)`.
fn is_ipv6(text: &str) -> bool {
    let inner = text
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(text);
    inner.parse::<Ipv6Addr>().is_ok()
}

/// `split_cidr` (`ip.lua:32-39`): the `/` is searched from the third byte on, and the prefix
/// must be one of the exact decimal strings `0`..=`max_prefix`.
fn split_cidr(text: &str, max_prefix: u8) -> Option<&str> {
    let slash = text.get(2..)?.find('/')? + 2;
    let (address, prefix) = (&text[..slash], &text[slash + 1..]);
    let canonical = prefix.parse::<u8>().ok().filter(|p| *p <= max_prefix)?;
    (canonical.to_string() == prefix).then_some(address)
}

/// Kong's `is_valid_ip_or_cidr`.
pub(crate) fn is_ip_or_cidr(text: &str) -> bool {
    is_ipv4(text)
        || is_ipv6(text)
        || split_cidr(text, 32).is_some_and(is_ipv4)
        || split_cidr(text, 128).is_some_and(is_ipv6)
}

/// The message Kong gives for a rejected `ip` (`td:53-59`).
pub(crate) fn check_ip_or_cidr(text: &str) -> Result<(), String> {
    if is_ip_or_cidr(text) {
        Ok(())
    } else {
        Err(format!("invalid ip or cidr range: '{text}'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // ip.lua:32-110 (§5.6 of the rules reference)
    #[test]
    fn accepts_addresses_and_ranges() {
        for ok in [
            "10.0.0.1",
            "::1",
            "[::1]",
            "10.0.0.0/8",
            "0.0.0.0/0",
            "::/0",
            "[::1]/128",
        ] {
            assert_eq!(check_ip_or_cidr(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn rejects_names_and_bad_prefixes() {
        for bad in [
            "localhost",
            "f",
            "0.0.0.0/-1",
            "::/a",
            "0.0.0.0/33",
            "10.0.0.0/08",
            "01.2.3.4",
        ] {
            assert_eq!(
                check_ip_or_cidr(bad),
                Err(format!("invalid ip or cidr range: '{bad}'")),
                "{bad}"
            );
        }
    }
}
