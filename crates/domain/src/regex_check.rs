//! The one place that compiles regular expressions.
//!
//! Kong's `traditional_compatible` router compiles `~` regex paths and `~*` header values with
//! the Rust `regex` crate (atc-router). Forms validate on every keystroke, so compiled regexes
//! (and compile errors) are cached per thread, keyed by the exact pattern text: a regex that did
//! not change is never compiled twice. The cache is bounded; the least recently used entry is
//! evicted first.
//! The interface is deliberately narrow: [`engine`] compiles exactly as the `regex` crate does,
//! at a fraction of its size in the wasm bundle.

mod engine;

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};

use engine::CompiledRegex;

/// How many distinct patterns a thread keeps compiled (least recently used evicted first).
const CACHE_CAPACITY: usize = 128;

#[derive(Default)]
struct Cache {
    compiled: HashMap<String, Result<CompiledRegex, String>>,
    /// Insertion order, for eviction.
    order: VecDeque<String>,
}

impl Cache {
    /// Marks `pattern` as just used, so patterns a form keeps validating are never evicted by
    /// the stream of intermediate patterns typed into another field.
    fn touch(&mut self, pattern: &str) {
        if let Some(index) = self.order.iter().position(|known| known == pattern)
            && let Some(key) = self.order.remove(index)
        {
            self.order.push_back(key);
        }
    }
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
    static COMPILATIONS: Cell<u64> = const { Cell::new(0) };
}

/// Runs `use_regex` on the cached compilation of `pattern`, compiling it on first use.
fn with_compiled<T>(
    pattern: &str,
    use_regex: impl FnOnce(&mut Result<CompiledRegex, String>) -> T,
) -> T {
    CACHE.with(|cell| {
        let mut cache = cell.borrow_mut();
        if cache.compiled.contains_key(pattern) {
            cache.touch(pattern);
        } else {
            COMPILATIONS.with(|count| count.set(count.get() + 1));
            let compiled = CompiledRegex::new(pattern);
            if cache.order.len() >= CACHE_CAPACITY
                && let Some(oldest) = cache.order.pop_front()
            {
                cache.compiled.remove(&oldest);
            }
            cache.order.push_back(pattern.to_string());
            cache.compiled.insert(pattern.to_string(), compiled);
        }
        match cache.compiled.get_mut(pattern) {
            Some(compiled) => use_regex(compiled),
            None => use_regex(&mut Err("regex cache lost its entry".to_string())),
        }
    })
}

/// Whether `pattern` compiles with the Rust `regex` crate; the error is the crate's message.
pub fn check(pattern: &str) -> Result<(), String> {
    with_compiled(pattern, |compiled| {
        compiled.as_ref().map(|_| ()).map_err(Clone::clone)
    })
}

/// Whether `pattern` (unanchored, as given) matches somewhere in `text`.
pub fn is_match(pattern: &str, text: &str) -> Result<bool, String> {
    with_compiled(pattern, |compiled| match compiled {
        Ok(regex) => Ok(regex.is_match(text)),
        Err(error) => Err(error.clone()),
    })
}

/// How many patterns this thread has compiled so far (cache misses); for tests and benchmarks.
pub fn compile_count() -> u64 {
    COMPILATIONS.with(Cell::get)
}

/// The pattern Kong's router really compiles for a `~` regex path (`transform.lua:322-331`):
/// the `~` dropped, anchored with `^`, and `?<` rewritten to `?P<`.
pub fn router_pattern(regex_path: &str) -> String {
    let body = regex_path.strip_prefix('~').unwrap_or(regex_path);
    format!("^{}", body.replace("?<", "?P<"))
}

/// Whether a request path matches a route path as Kong's router would: a `~` path is an
/// anchored regex, any other path a plain prefix.
pub fn route_path_matches(route_path: &str, request_path: &str) -> Result<bool, String> {
    if route_path.starts_with('~') {
        is_match(&router_pattern(route_path), request_path)
    } else {
        Ok(request_path.starts_with(route_path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_reports_the_regex_crate_message() {
        assert_eq!(check("^/a+"), Ok(()));
        let error = check("^/a(").err().unwrap_or_default();
        assert!(error.ends_with("error: unclosed group"), "{error}");
    }

    #[test]
    fn unchanged_patterns_are_compiled_once() {
        let before = compile_count();
        for _ in 0..50 {
            assert_eq!(check("^/cached/(?P<id>\\d+)$"), Ok(()));
            assert_eq!(is_match("^/cached/(?P<id>\\d+)$", "/cached/42"), Ok(true));
        }
        assert_eq!(compile_count() - before, 1);
    }

    #[test]
    fn patterns_in_use_survive_eviction() {
        assert_eq!(check("^/kept"), Ok(()));
        let before = compile_count();
        for n in 0..(CACHE_CAPACITY * 2) {
            assert_eq!(check(&format!("^/typed{n}")), Ok(()));
            assert_eq!(check("^/kept"), Ok(()));
        }
        assert_eq!(compile_count() - before, (CACHE_CAPACITY * 2) as u64);
    }

    #[test]
    fn cache_is_bounded() {
        for n in 0..(CACHE_CAPACITY + 10) {
            assert_eq!(check(&format!("^/p{n}")), Ok(()));
        }
        let size = CACHE.with(|cell| cell.borrow().compiled.len());
        assert_eq!(size, CACHE_CAPACITY);
    }

    #[test]
    fn router_pattern_matches_kong_transform() {
        assert_eq!(router_pattern("~/(?<id>\\d+)"), "^/(?P<id>\\d+)");
        assert_eq!(route_path_matches("~/items/\\d+$", "/items/12"), Ok(true));
        assert_eq!(
            route_path_matches("~/items/\\d+$", "/x/items/12"),
            Ok(false)
        );
        assert_eq!(route_path_matches("/api", "/api/v1"), Ok(true));
        assert_eq!(route_path_matches("/api", "/ap"), Ok(false));
    }
}
