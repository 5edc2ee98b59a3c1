//! A concrete request path for a regex route, so "Verify" can call a route that only has
//! `~/…` paths. Best effort: walk the regex's syntax tree taking the shortest, most
//! URL-friendly choice everywhere, then confirm the result really matches.

use regex_syntax::hir::{Class, Hir, HirKind};

use crate::regex_check;

/// Characters tried first when a character class must produce one character.
const PREFERRED: [char; 8] = ['a', '1', 'x', '0', '-', '_', '.', '~'];

/// An example path that Kong's router would match for the `~` regex path `regex_path`
/// (the leading `~` is optional here), or `None` when none could be produced.
pub fn concrete_path_for(regex_path: &str) -> Option<String> {
    let pattern = regex_check::router_pattern(regex_path);
    let hir = regex_syntax::Parser::new().parse(&pattern).ok()?;
    let mut example = String::new();
    write_example(&hir, &mut example)?;
    let matches = regex_check::is_match(&pattern, &example).ok()?;
    (matches && example.starts_with('/')).then_some(example)
}

fn write_example(hir: &Hir, out: &mut String) -> Option<()> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(class) => out.push(pick_from_class(class)?),
        HirKind::Repetition(repetition) => {
            // One occurrence even for `*`: "/items/" + nothing is a poor example.
            let count = repetition.min.clamp(1, 64);
            for _ in 0..count {
                write_example(&repetition.sub, out)?;
            }
        }
        HirKind::Capture(capture) => write_example(&capture.sub, out)?,
        HirKind::Concat(parts) => {
            for part in parts {
                write_example(part, out)?;
            }
        }
        HirKind::Alternation(branches) => write_example(branches.first()?, out)?,
    }
    Some(())
}

fn pick_from_class(class: &Class) -> Option<char> {
    match class {
        Class::Unicode(unicode) => {
            let contains = |c: char| {
                unicode
                    .ranges()
                    .iter()
                    .any(|r| r.start() <= c && c <= r.end())
            };
            PREFERRED.into_iter().find(|c| contains(*c)).or_else(|| {
                unicode
                    .ranges()
                    .iter()
                    .map(|r| r.start())
                    .find(|c| *c != '/')
            })
        }
        Class::Bytes(bytes) => {
            let contains = |c: u8| {
                bytes
                    .ranges()
                    .iter()
                    .any(|r| r.start() <= c && c <= r.end())
            };
            PREFERRED
                .into_iter()
                .filter_map(|c| u8::try_from(c).ok())
                .find(|c| contains(*c))
                .or_else(|| bytes.ranges().first().map(|r| r.start()))
                .filter(u8::is_ascii)
                .map(char::from)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn produces_matching_paths() {
        let cases = [
            ("~/items/\\d+$", "/items/1"),
            ("~/users/(?<id>[0-9a-f]{4})/profile", "/users/aaaa/profile"),
            ("~/(foo|bar)/.*", "/foo/a"),
            ("/plain", "/plain"),
            ("~/v[12]/x+", "/v1/x"),
        ];
        for (regex_path, expected) in cases {
            assert_eq!(
                concrete_path_for(regex_path).as_deref(),
                Some(expected),
                "{regex_path}"
            );
        }
    }

    #[test]
    fn gives_up_on_invalid_or_unmatchable_patterns() {
        assert_eq!(concrete_path_for("~/a("), None);
        assert_eq!(concrete_path_for("~x"), None);
    }
}
