//! A local Konnect sandbox: a real HTTP server that speaks the subset of the Konnect API the
//! Service Hub app uses, keeps state (optionally persisted to a JSON file), and runs a small
//! Kong-like data plane plus an echo upstream so that "verify" works end to end.
//!
//! # Embedding (tests)
//!
//! ```no_run
//! # async fn demo() -> Result<(), konnect_sandbox::StartError> {
//! use konnect_sandbox::{Sandbox, SandboxConfig};
//!
//! // Port 0 everywhere: every listener gets an ephemeral port.
//! let config = SandboxConfig { test_controls: true, ..SandboxConfig::ephemeral() };
//! let sandbox = Sandbox::start(config).await?;
//! let _base = sandbox.api_url(); // e.g. "http://127.0.0.1:41234"
//! let _bearer = sandbox.token();
//! sandbox.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! The binary `konnect-sandbox` wraps the same API; see the crate README for flags and endpoints.

mod api;
pub mod cli;
mod config;
mod dataplane;
mod echo;
mod faults;
mod http_server;
mod records;
mod server;
mod shared;
mod state_writer;
mod store;
mod timefmt;
mod validation;

pub use config::{DEFAULT_TOKEN, SandboxConfig};
pub use server::{RunningSandbox, Sandbox, StartError};
