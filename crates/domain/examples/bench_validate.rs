//! Times validation the way a form uses it: the same complete entity validated again and again
//! (one run per keystroke). Prints median and p95 per validation.
//!
//! ```text
//! cargo run --release -p domain --example bench_validate
//! ```

use std::hint::black_box;
use std::time::{Duration, Instant};

use domain::{Target, regex_check, validate_route, validate_service};
use serde_json::{Value, json};

const WARMUP: usize = 200;
const SAMPLES: usize = 5_000;

fn complete_service() -> Value {
    json!({
        "name": "orders-api",
        "url": "https://orders.internal.example.com:8443/api/v1",
        "retries": 3,
        "connect_timeout": 5000,
        "write_timeout": 60000,
        "read_timeout": 60000,
        "tags": ["_KonnectService:orders", "team-payments", "env prod"],
        "tls_verify": true,
        "tls_verify_depth": 2,
        "ca_certificates": ["4e3ad2e4-0bc4-4638-8e34-c84a417ba39b"],
        "enabled": true
    })
}

/// Three regex paths, five hosts, two headers (one of them a `~*` regex).
fn complete_route() -> Value {
    json!({
        "name": "orders-route",
        "protocols": ["http", "https"],
        "methods": ["GET", "POST", "PUT"],
        "hosts": ["api.example.com", "*.orders.example.com", "orders.example.*",
                  "10.0.0.12:8000", "orders.internal"],
        "paths": ["~/orders/(?<id>[0-9a-f]{8})$", "~/orders/\\d+/items/\\w+",
                  "~/v[12]/orders(/.*)?$"],
        "headers": {"x-env": ["prod", "staging"], "x-tenant": ["~*^acme-[a-z]+$"]},
        "https_redirect_status_code": 426,
        "regex_priority": 10,
        "strip_path": false,
        "preserve_host": true,
        "tags": ["_KonnectService:orders"],
        "service": {"id": "4e3ad2e4-0bc4-4638-8e34-c84a417ba39b"}
    })
}

fn measure(label: &str, mut validate: impl FnMut() -> bool) {
    for _ in 0..WARMUP {
        assert!(validate(), "{label} must be valid");
    }
    let mut samples: Vec<Duration> = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let start = Instant::now();
        let valid = black_box(validate());
        samples.push(start.elapsed());
        assert!(valid);
    }
    samples.sort_unstable();
    let median = samples[SAMPLES / 2];
    let p95 = samples[SAMPLES * 95 / 100];
    println!(
        "{label:<44} median {:>8.1} µs   p95 {:>8.1} µs",
        micros(median),
        micros(p95)
    );
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

fn main() {
    let service = complete_service();
    let route = complete_route();
    measure("service (url, tags, tls fields)", || {
        validate_service(black_box(&service), Target::Konnect).is_ok()
    });
    let before = regex_check::compile_count();
    measure("route (3 regex paths, 5 hosts, 2 headers)", || {
        validate_route(black_box(&route), Target::Konnect).is_ok()
    });
    let compiled = regex_check::compile_count() - before;
    println!(
        "regex compilations during {} route validations: {compiled} (cached per pattern)",
        WARMUP + SAMPLES
    );

    // A keystroke that changes one regex: only that pattern is compiled again.
    let mut edited = route.clone();
    let mut typed = 0u32;
    let before = regex_check::compile_count();
    measure("route, a regex path edited on every run", || {
        typed += 1;
        edited["paths"][2] = Value::from(format!("~/v[12]/orders{typed}(/.*)?$"));
        validate_route(black_box(&edited), Target::Konnect).is_ok()
    });
    println!(
        "regex compilations while editing: {} for {} edits",
        regex_check::compile_count() - before,
        WARMUP + SAMPLES
    );
}
