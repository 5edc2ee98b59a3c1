//! Compiles and runs a pattern the way `regex::Regex::new` (regex 1.x, the engine behind Kong's
//! atc-router) does, from the `regex` crate's own building blocks, without its meta engine.
//!
//! `regex::Regex::new` parses and translates the pattern with `regex-syntax`, compiles a
//! Thompson NFA with a 10 MiB size limit and, because its lazy DFA is enabled, a reverse NFA
//! with the same limit; every compile error comes from one of those steps. On top, its meta
//! engine adds a lazy DFA, a one-pass DFA, a bounded backtracker and literal prefilters
//! (aho-corasick, memchr): they only make searches faster, never change whether a pattern
//! compiles or what it matches, and cost about 100 KB brotli in the wasm. Here the same
//! steps run with the same settings, and the PikeVM (the meta engine's fallback that
//! handles every pattern) matches.
//!
//! One divergence is possible, and only in theory: for an unanchored pattern made only of
//! literals (e.g. thousands of `|`-separated words), `regex` may answer with a literal
//! searcher and skip the NFA, so such a pattern whose NFA exceeds 10 MiB (a megabyte of
//! pattern text) compiles there and fails here. Route paths are always anchored (`^…`), so
//! they are never concerned.

use regex_automata::nfa::thompson::pikevm::{Cache, PikeVM};
use regex_automata::nfa::thompson::{self, BuildError, NFA, WhichCaptures};

/// `regex::RegexBuilder::size_limit`'s default: the most heap one compiled NFA may use.
const NFA_SIZE_LIMIT: usize = 10 * (1 << 20);

/// A compiled pattern with the scratch space its searches reuse.
pub struct CompiledRegex {
    vm: PikeVM,
    cache: Cache,
}

impl CompiledRegex {
    /// Compiles `pattern`; the error text is exactly `regex::Error`'s `Display`.
    pub fn new(pattern: &str) -> Result<Self, String> {
        // `regex_syntax::Parser`'s defaults are `regex`'s: Unicode on, UTF-8 only, nest limit
        // 250, no flags set.
        let hir = regex_syntax::Parser::new()
            .parse(pattern)
            .map_err(|error| error.to_string())?;
        // The settings of `regex_automata::meta::Config::to_thompson_config` under `regex`'s
        // `Regex::new` (UTF-8 empty matches, all captures, `\n` line terminator).
        let forward = thompson::Config::new()
            .utf8(true)
            .nfa_size_limit(Some(NFA_SIZE_LIMIT))
            .shrink(false)
            .which_captures(WhichCaptures::All);
        let nfa = thompson::Compiler::new()
            .configure(forward.clone())
            .build_from_hir(&hir)
            .map_err(|error| build_error_message(&error))?;
        // `regex` also builds the reverse NFA its lazy DFA needs; it has its own size.
        thompson::Compiler::new()
            .configure(forward.which_captures(WhichCaptures::None).reverse(true))
            .build_from_hir(&hir)
            .map_err(|error| build_error_message(&error))?;
        Self::from_nfa(nfa)
    }

    fn from_nfa(nfa: NFA) -> Result<Self, String> {
        let vm = PikeVM::new_from_nfa(nfa).map_err(|error| build_error_message(&error))?;
        let cache = vm.create_cache();
        Ok(Self { vm, cache })
    }

    /// Whether the pattern matches anywhere in `text` (unanchored), as `Regex::is_match`.
    pub fn is_match(&mut self, text: &str) -> bool {
        self.vm.is_match(&mut self.cache, text)
    }
}

/// `regex::Error::from_meta_build_error`: a size limit becomes `CompiledTooBig`; any other
/// NFA failure (e.g. too many states) shows the meta engine's generic message.
fn build_error_message(error: &BuildError) -> String {
    match error.size_limit() {
        Some(limit) => format!("Compiled regex exceeds size limit of {limit} bytes."),
        None => "error building NFA".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The `regex` crate's own verdict: `Ok` or its error message.
    fn regex_crate(pattern: &str) -> Result<regex::Regex, String> {
        regex::Regex::new(pattern).map_err(|error| error.to_string())
    }

    /// Both engines accept `pattern` and agree on `text`, or both reject it with one message.
    fn same_as_regex_crate(pattern: &str, text: &str) -> Result<(), TestCaseError> {
        match (regex_crate(pattern), CompiledRegex::new(pattern)) {
            (Ok(regex), Ok(mut compiled)) => {
                prop_assert_eq!(
                    compiled.is_match(text),
                    regex.is_match(text),
                    "{} on {}",
                    pattern,
                    text
                );
            }
            (expected, ours) => {
                prop_assert_eq!(ours.map(|_| ()), expected.map(|_| ()), "{}", pattern);
            }
        }
        Ok(())
    }

    fn verdict(pattern: &str) -> Result<(), String> {
        CompiledRegex::new(pattern).map(|_| ())
    }

    #[test]
    fn syntax_errors_are_the_regex_crate_messages() {
        for pattern in [
            "^/a(",
            "^/(?=x)",
            r"^/\p{NotAProperty}",
            "^/a{2,1}",
            r"^/\1",
            "^/[z-a]",
            "^/(?P<n>a)(?P<n>b)",
            &format!("^{}", "(".repeat(300)),
        ] {
            let expected = regex_crate(pattern).map(|_| ());
            assert!(expected.is_err(), "{pattern}");
            assert_eq!(verdict(pattern), expected, "{pattern}");
        }
    }

    #[test]
    fn unicode_patterns_compile_as_in_the_regex_crate() {
        for pattern in [
            r"^/\p{Greek}+",
            r"^/(?i)straße",
            r"^/\w+\b",
            r"^/\p{Script=Han}\P{L}",
            r"^/[\p{Lu}&&\p{Latin}]",
            r"^/\d{3}",
        ] {
            assert!(regex_crate(pattern).is_ok(), "{pattern}");
            assert_eq!(verdict(pattern), Ok(()), "{pattern}");
        }
    }

    #[test]
    fn size_limit_is_the_regex_crate_error() {
        let pattern = r"^/(\w{100}){100}";
        let expected = regex_crate(pattern).map(|_| ());
        assert_eq!(
            expected,
            Err("Compiled regex exceeds size limit of 10485760 bytes.".to_string())
        );
        assert_eq!(verdict(pattern), expected);
    }

    /// Where a repeated class starts to exceed the size limit depends on the exact ranges of
    /// that class (here Perl `\w`, age, case folding with a general category, script
    /// extensions). The largest accepted counts were found against `regex` 1.x.
    #[test]
    fn size_limit_boundary_follows_each_class_exact_ranges() {
        let limit = Err("Compiled regex exceeds size limit of 10485760 bytes.".to_string());
        for (class, largest_accepted) in [
            (r"\w", 209),
            (r"\p{Age=6.0}", 295),
            (r"(?i)\p{Lu}", 982),
            (r"\p{scx=Deva}", 12024),
        ] {
            let accepted = format!("^(?:{class}){{{largest_accepted}}}");
            let refused = format!("^(?:{class}){{{}}}", largest_accepted + 1);
            assert_eq!(regex_crate(&accepted).map(|_| ()), Ok(()), "{accepted}");
            assert_eq!(verdict(&accepted), Ok(()), "{accepted}");
            assert_eq!(regex_crate(&refused).map(|_| ()), limit, "{refused}");
            assert_eq!(verdict(&refused), limit, "{refused}");
        }
    }

    #[test]
    fn matches_like_the_regex_crate() {
        let cases = [
            (r"^/items/(?P<id>\d+)$", "/items/42", true),
            (r"^/items/(?P<id>\d+)$", "/items/42/x", false),
            (r"^/\p{Greek}+$", "/αβγ", true),
            (r"^/(?i)STRASSE", "/strasse", true),
            (r"tenant-[a-z]+", "x-tenant-abc", true),
            (r"^/a\b", "/a-b", true),
            (r"^/a\b", "/ab", false),
        ];
        for (pattern, text, expected) in cases {
            let mut compiled = CompiledRegex::new(pattern).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(compiled.is_match(text), expected, "{pattern} on {text}");
        }
    }

    /// Pieces of route regexes, valid and not, space-separated; glued together at random.
    const PATTERN_PIECES: &str = r"/ a é . \d \w \s \b \B [a-z] [^/] [ ] ( ) (?P<id> (?<x> (?: (?i) (?-u) | * + ? {2} {1,3} {,2} $ ^ \p{L} \p{Greek} \pN \x{1F600} \Q \z - { } \ *?";

    fn pattern_piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(PATTERN_PIECES.split(' ').collect::<Vec<_>>())
    }

    /// Pieces that reach every Unicode table `regex` compiles in (age, boolean properties, case
    /// folding, general categories, Perl classes, scripts and script extensions, segmentation),
    /// unknown names and values, set operations, and repetitions large enough to hit the size
    /// limit, where the verdict depends on each class's exact ranges.
    const UNICODE_PIECES: &str = r"/ \p{Age=6.0} \p{age:3.2} \p{Age=99} \p{Alphabetic} \p{White_Space} \p{Emoji} \p{Lu} \p{gc=Nd} \p{Greek} \p{sc=Cyrillic} \p{scx=Deva} \p{Greeek} \p{gcb=Extend} \p{wb=ALetter} \p{sb=ATerm} \p{wb=Nope} \P{L} \w \W \d \s \b (?i) (?-i) (?-u) [ ] [^ && -- ~~ k ß Ω é . ( ) | * + {40} {210} {300}";

    fn unicode_piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(UNICODE_PIECES.split(' ').collect::<Vec<_>>())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn unicode_classes_case_folding_and_size_limit_as_the_regex_crate(
            pieces in prop::collection::vec(unicode_piece(), 0..10),
            text in "[/aé0-9 _Ωωk\u{212A}K\u{0915}\u{0301}ß-]{0,10}",
        ) {
            let pattern = format!("^{}", pieces.concat());
            same_as_regex_crate(&pattern, &text)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn same_verdict_message_and_matches_as_the_regex_crate(
            pieces in prop::collection::vec(pattern_piece(), 0..12),
            text in "[/a-zé0-9 _-]{0,12}",
        ) {
            let pattern = pieces.concat();
            same_as_regex_crate(&pattern, &text)?;
        }
    }
}
