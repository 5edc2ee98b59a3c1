//! Names, tags and UUIDs (`kong/db/schema/typedefs.lua:118-151`, `init.lua:360-365`).
//!
//! Kong first runs a byte-wise UTF-8 validator (`kong/tools/string.lua:85-104`) whose message is
//! `invalid utf-8 character sequence detected at position <n>`. A Rust `&str` is always valid
//! UTF-8 and Kong's validator accepts every valid sequence, so that check can never fail here.

use crate::Target;

/// `typedefs.utf8_name` (`td:137-151`): ASCII alphanumerics, `.`, `-`, `_`, `~`, or any
/// non-ASCII character. Konnect's Service Hub also accepts `:` in a gateway service name.
pub(crate) fn check_name(name: &str, allow_colon: bool) -> Result<(), String> {
    let allowed = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '.' | '-' | '_' | '~')
            || !c.is_ascii()
            || (allow_colon && c == ':')
    };
    if !name.is_empty() && name.chars().all(allowed) {
        return Ok(());
    }
    let accepted = if allow_colon {
        "alphanumerics or ., -, _, ~, and :"
    } else {
        "alphanumerics or ., -, _, and ~"
    };
    Err(format!(
        "invalid value '{name}': the only accepted ascii characters are {accepted}"
    ))
}

/// Whether the service name rule allows `:` for this target.
pub(crate) fn service_name_allows_colon(target: Target) -> bool {
    matches!(target, Target::Konnect)
}

/// `typedefs.tag` (`td:118-134`): Lua class `[ \033-\043\045\046\048-\126\128-\244]` (decimal
/// escapes): space and printable ASCII except `,` (44) and `/` (47), plus any non-ASCII byte.
pub(crate) fn check_tag(tag: &str) -> Result<(), String> {
    let allowed = |b: u8| matches!(b, b' ' | 33..=43 | 45 | 46 | 48..=126 | 128..=244);
    if !tag.is_empty() && tag.bytes().all(allowed) {
        return Ok(());
    }
    Err(format!(
        "invalid tag '{tag}': expected printable ascii (except `,` and `/`) or valid utf-8 sequences"
    ))
}

/// Kong's `uuid` validator: 36 characters matching the canonical pattern, any letter case.
pub(crate) fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}
