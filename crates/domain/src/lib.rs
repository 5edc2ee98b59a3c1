//! Kong Gateway service and route model, validated exactly as Kong Gateway 3.x validates it.
//!
//! The rules, messages and their order follow Kong 3.9.3 (`kong/db/schema/*`, the entity
//! schemas, `typedefs`, `kong/tools/*`) and the default `traditional_compatible` router, which
//! compiles regex paths and `~*` header values with the Rust `regex` crate. See
//! `shared/reference/kong-validation-rules.md` for the source of every rule.
//!
//! Validators take JSON (`serde_json::Value`) because Kong's type checks depend on the JSON
//! type (`"80"` is "expected an integer"); forms build JSON from their text fields.
//!
//! ```
//! use domain::{Target, validate_route};
//! let route = serde_json::json!({"paths": ["/api", "~/items/\\d+$"], "methods": ["GET"]});
//! assert!(validate_route(&route, Target::Konnect).is_ok());
//! let bad = serde_json::json!({"paths": ["/a/./b"]});
//! let errors = validate_route(&bad, Target::Gateway).unwrap_err();
//! assert_eq!(errors.get("paths.1"), Some("non-normalized path, consider use '/a/b' instead"));
//! ```

mod atc;
pub mod curl;
mod errors;
mod example_path;
pub mod export;
mod forms;
pub mod jsonl;
pub mod model;
mod pcre;
pub mod regex_check;
mod route;
mod rules;
mod schema;
mod service;
pub mod short_sort;
mod url;

pub use errors::{ENTITY_KEY, ValidationErrors};
pub use example_path::concrete_path_for;
pub use forms::parse_methods;
pub use route::{ROUTE_FIELDS, validate_route};
pub use rules::path::normalized_path;
pub use service::{SERVICE_FIELDS, validate_service};
pub use url::{UrlParts, join_url, split_url};

/// Whose rules to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Target {
    /// Kong Gateway 3.x exactly.
    #[default]
    Gateway,
    /// Konnect: Kong's rules, except that a gateway service name created through the Service
    /// Hub may also contain `:`.
    Konnect,
}

impl Target {
    /// Parses `gateway` / `konnect` (as the `validate` example's `--target` takes them).
    pub fn parse(text: &str) -> Option<Target> {
        match text {
            "gateway" => Some(Target::Gateway),
            "konnect" => Some(Target::Konnect),
            _ => None,
        }
    }
}
