//! Bench-only binary (`make bench`, feature `bench`): never part of `dist/`.
//!
//! Times what the route form does on every keystroke, validating the whole draft with Kong's
//! rules, inside the browser's wasm engine. The timing itself is done in JavaScript around
//! [`validate_keystrokes`], so this file holds no clock and the app is not modified.

use domain::regex_check;
use konnect_service_hub::forms::RouteDraft;
use wasm_bindgen::prelude::wasm_bindgen;

fn main() {}

/// Issue 7's complete route form: 3 regex paths, 5 hosts, 2 headers (one a `~*` regex).
fn complete_form() -> RouteDraft {
    RouteDraft {
        name: "orders".to_string(),
        protocols: "http, https".to_string(),
        methods: "GET, POST".to_string(),
        paths: vec![
            r"~/orders/(?<id>\d+)$".to_string(),
            r"~/orders/\d+/items/[a-z0-9-]+$".to_string(),
            r"~/v[12]/customers/(?<customer>[^/]+)/orders$".to_string(),
        ],
        hosts: "shop.example.com, api.example.com, *.example.org, example.net, api.example.io"
            .to_string(),
        headers: "x-api-version: v1, v2\nx-tenant: ~*tenant-[a-z]+".to_string(),
        strip_path: true,
        preserve_host: false,
    }
}

/// Validates the complete form once, compiling its regexes; whether Kong accepts it.
#[wasm_bindgen]
pub fn validate_first() -> bool {
    complete_form().validate().is_ok()
}

/// Validates the complete form `keystrokes` times, the route name changing between runs as
/// when the user types into it (the regexes stay as they are). Returns how many regexes were
/// compiled meanwhile: 0 when the cache does its job.
#[wasm_bindgen]
pub fn validate_keystrokes(keystrokes: u32) -> u32 {
    let mut draft = complete_form();
    let compiled_before = regex_check::compile_count();
    let mut accepted = 0u32;
    for keystroke in 0..keystrokes {
        draft.name.truncate("orders".len());
        draft.name.push(char::from(b'a' + (keystroke % 26) as u8));
        accepted += u32::from(std::hint::black_box(draft.validate()).is_ok());
    }
    // Every run must be accepted, or the figure would time the error path instead.
    if accepted != keystrokes {
        return u32::MAX;
    }
    u32::try_from(regex_check::compile_count() - compiled_before).unwrap_or(u32::MAX)
}
