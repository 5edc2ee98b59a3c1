//! Service `path` and route `paths` rules (`typedefs.lua:71-93`, `318-328`, `500-530`) and
//! Kong's URI normalization (`kong/tools/uri.lua:78-167`).

use crate::pcre;

/// Why `validate_path` (`td:71-93`) rejected a path; route paths ignore the first kind.
enum PathProblem {
    /// A character outside the RFC 3986 set.
    Charset(String),
    /// A `%` not followed by two hex digits.
    Percent(String),
}

/// Lua `^/[%w%.%-%_%~%/%%%:%@%!%$%&%'%(%)%*%+%,%;%=]*$`.
fn is_rfc3986_path_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'.' | b'-'
                | b'_'
                | b'~'
                | b'/'
                | b'%'
                | b':'
                | b'@'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
        )
}

fn validate_path(path: &str) -> Result<(), PathProblem> {
    let bytes = path.as_bytes();
    if bytes.first() != Some(&b'/') || !bytes.iter().all(|b| is_rfc3986_path_byte(*b)) {
        return Err(PathProblem::Charset(format!(
            "invalid path: '{path}' (characters outside of the reserved list of RFC 3986 found)"
        )));
    }
    // Kong replaces every well-formed `%XX` with `___`, then reports the first `%` left and
    // up to two bytes after it (taken from the replaced text).
    let mut replaced = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let is_escape = bytes[index] == b'%'
            && bytes.get(index + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(index + 2).is_some_and(u8::is_ascii_hexdigit);
        if is_escape {
            replaced.extend_from_slice(b"___");
            index += 3;
        } else {
            replaced.push(bytes[index]);
            index += 1;
        }
    }
    if let Some(start) = replaced.iter().position(|b| *b == b'%') {
        let end = (start + 3).min(replaced.len());
        let shown = String::from_utf8_lossy(&replaced[start..end]);
        return Err(PathProblem::Percent(format!(
            "invalid url-encoded value: '{shown}'"
        )));
    }
    Ok(())
}

/// Service `path` (`typedefs.path`): `starts_with`, then `match_none //`, then `validate_path`.
/// The empty string is rejected before, by the string length rule.
pub(crate) fn check_service_path(path: &str) -> Result<(), String> {
    if !path.starts_with('/') {
        return Err("should start with: /".to_string());
    }
    if path.contains("//") {
        return Err("must not have empty segments".to_string());
    }
    validate_path(path).map_err(|problem| match problem {
        PathProblem::Charset(message) | PathProblem::Percent(message) => message,
    })
}

/// Route `paths` element (`typedefs.router_path`): `match_none //`, then `match_any ^/ ^~/`,
/// then percent-encoding, normalization (prefix paths) or PCRE compilation (regex paths).
/// Router-flavor checks (Rust `regex`) are entity checks, see `atc`.
pub(crate) fn check_route_path(path: &str) -> Result<(), String> {
    if path.contains("//") {
        return Err("must not have empty segments".to_string());
    }
    if !(path.starts_with('/') || path.starts_with("~/")) {
        return Err("should start with: / (fixed path) or ~/ (regex path)".to_string());
    }
    if let Err(PathProblem::Percent(message)) = validate_path(path) {
        return Err(message);
    }
    match path.strip_prefix('~') {
        Some(regex) => pcre::compile_error(regex).map_or(Ok(()), |error| {
            Err(format!("invalid regex: '{regex}' (PCRE returned: {error})"))
        }),
        None => match normalized_path(path) {
            Some(normalized) => Err(format!(
                "non-normalized path, consider use '{normalized}' instead"
            )),
            None => Ok(()),
        },
    }
}

/// The normalized form Kong suggests for a prefix path, or `None` when the path is already
/// normalized (or is a `~` regex path, which Kong does not normalize).
///
/// Kong decodes `%XX` of unreserved and "other" bytes, upper-cases the hex of reserved ones,
/// removes dot segments and merges `//` (`uri.lua:78-167`, called with `merge_slashes = true`).
pub fn normalized_path(path: &str) -> Option<String> {
    if path.starts_with('~') {
        return None;
    }
    let normalized = normalize(path.as_bytes());
    (normalized != path.as_bytes()).then(|| String::from_utf8_lossy(&normalized).into_owned())
}

/// `uri.lua` RESERVED_CHARS: escapes of these stay escaped.
fn is_reserved(b: u8) -> bool {
    b"!*'();:@&=+$,/?%#[]".contains(&b)
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

fn decode_unreserved(uri: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(uri.len());
    let mut index = 0;
    while index < uri.len() {
        let escape = (uri[index] == b'%')
            .then(|| {
                Some((
                    hex_value(*uri.get(index + 1)?)?,
                    hex_value(*uri.get(index + 2)?)?,
                ))
            })
            .flatten();
        match escape {
            Some((high, low)) => {
                let byte = high * 16 + low;
                if is_reserved(byte) {
                    out.push(b'%');
                    out.push(uri[index + 1].to_ascii_uppercase());
                    out.push(uri[index + 2].to_ascii_uppercase());
                } else {
                    out.push(byte);
                }
                index += 3;
            }
            None => {
                out.push(uri[index]);
                index += 1;
            }
        }
    }
    out
}

/// `normalize(uri, true)` from `kong/tools/uri.lua`, on bytes (decoding may yield non-UTF-8).
fn normalize(uri: &[u8]) -> Vec<u8> {
    if uri.is_empty() || uri == b"/" {
        return uri.to_vec();
    }
    let uri = if uri.contains(&b'%') {
        decode_unreserved(uri)
    } else {
        uri.to_vec()
    };
    if !uri.contains(&b'.') && !uri.windows(2).any(|w| w == b"//") {
        return uri;
    }
    // RFC 3986 5.2.4 dot-segment removal, as Kong's loop does it.
    let mut output: Vec<&[u8]> = Vec::new();
    let mut rest: &[u8] = &uri;
    while !rest.is_empty() {
        if rest == b"/." {
            // Kong rewrites the tail to "/", which its next iteration emits as a segment.
            output.push(b"/");
            break;
        } else if rest == b"/.." {
            output.pop();
            output.push(b"/");
            break;
        } else if rest == b"." || rest == b".." {
            break;
        } else if rest.starts_with(b"../") {
            rest = &rest[3..];
        } else if rest.starts_with(b"./") || rest.starts_with(b"/./") {
            rest = &rest[2..];
        } else if rest.starts_with(b"/../") {
            rest = &rest[3..];
            output.pop();
        } else if rest.starts_with(b"//") {
            rest = &rest[1..];
        } else {
            let end = rest[1..]
                .iter()
                .position(|b| *b == b'/')
                .map_or(rest.len(), |i| i + 1);
            output.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    output.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    // typedefs.lua:71-93, 318-328 (service path)
    #[test]
    fn service_path_messages() {
        assert_eq!(check_service_path("/a/../b"), Ok(()));
        assert_eq!(check_service_path("/foo%20bar"), Ok(()));
        assert_eq!(
            check_service_path("foo"),
            Err("should start with: /".into())
        );
        assert_eq!(
            check_service_path("/a//b"),
            Err("must not have empty segments".into())
        );
        assert_eq!(
            check_service_path("/a?b"),
            Err(
                "invalid path: '/a?b' (characters outside of the reserved list of RFC 3986 found)"
                    .into()
            )
        );
        assert_eq!(
            check_service_path("/%2w"),
            Err("invalid url-encoded value: '%2w'".into())
        );
        assert_eq!(
            check_service_path("/a%"),
            Err("invalid url-encoded value: '%'".into())
        );
        assert_eq!(
            check_service_path("/%ax"),
            Err("invalid url-encoded value: '%ax'".into())
        );
    }

    // uri.lua:78-167 examples from §5.4 of the rules reference
    #[test]
    fn normalization_examples() {
        let cases = [
            ("/foo%20bar", Some("/foo bar")),
            ("/%41", Some("/A")),
            ("/%7Efoo", Some("/~foo")),
            ("/%C3%A4", Some("/ä")),
            ("/foo%2fbar", Some("/foo%2Fbar")),
            ("/a/./b", Some("/a/b")),
            ("/a/../b", Some("/b")),
            ("/a/.", Some("/a/")),
            ("/a/..", Some("/")),
            ("/foo%2Fbar", None),
            ("/%25", None),
            ("/", None),
            ("/ä", None),
            ("~/a/../b", None),
        ];
        for (path, expected) in cases {
            assert_eq!(normalized_path(path).as_deref(), expected, "{path}");
        }
    }

    // typedefs.lua:500-530 (router_path)
    #[test]
    fn route_path_messages() {
        assert_eq!(check_route_path("/foo bar"), Ok(()));
        assert_eq!(check_route_path("/a b%zz"), Ok(()));
        assert_eq!(check_route_path("~/foo%zz"), Ok(()));
        assert_eq!(
            check_route_path("~//x"),
            Err("must not have empty segments".into())
        );
        assert_eq!(
            check_route_path("foo"),
            Err("should start with: / (fixed path) or ~/ (regex path)".into())
        );
        assert_eq!(
            check_route_path("/%zz"),
            Err("invalid url-encoded value: '%zz'".into())
        );
        assert_eq!(
            check_route_path("/a/./b"),
            Err("non-normalized path, consider use '/a/b' instead".into())
        );
    }
}
