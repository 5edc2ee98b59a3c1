//! Configuration of one sandbox instance (the binary's flags map onto this one to one).

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

/// The token the sandbox accepts when none is configured. It has the shape of a Konnect
/// system-account token (`spat_…`) so that the app's token-format hints accept it.
pub const DEFAULT_TOKEN: &str = "spat_LocalSandboxToken0000000000000000000000";

/// Everything needed to start a sandbox. A port of 0 asks the OS for an ephemeral port;
/// the running sandbox reports the real addresses.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Address of the Konnect API (identity, control planes, API products, core entities,
    /// api-requests and, when enabled, the `/sandbox/*` test controls).
    pub api_addr: SocketAddr,
    /// Address of the data plane (the Kong proxy).
    pub proxy_addr: SocketAddr,
    /// Address of the built-in echo upstream the demo gateway services point to.
    pub upstream_addr: SocketAddr,
    /// The only bearer token the API accepts.
    pub token: String,
    /// JSON file holding the state: loaded at start when present, rewritten atomically after
    /// every change. `None` keeps the state in memory only.
    pub state_file: Option<PathBuf>,
    /// Extra API products to seed (each with a version, a gateway service and a route).
    pub seed_large: usize,
    /// Enables the unauthenticated `/sandbox/*` control endpoints (faults, reset, proxy stop/start).
    pub test_controls: bool,
    /// Answer on the data plane as if Kong's CORS plugin were enabled with origins `*`.
    pub proxy_cors: bool,
}

impl SandboxConfig {
    /// Ephemeral ports on 127.0.0.1 for all three listeners, everything else as [`Default`].
    pub fn ephemeral() -> Self {
        let any_port = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        Self {
            api_addr: any_port,
            proxy_addr: any_port,
            upstream_addr: any_port,
            ..Self::default()
        }
    }
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            api_addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 8070)),
            proxy_addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 8000)),
            upstream_addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 8071)),
            token: DEFAULT_TOKEN.to_owned(),
            state_file: None,
            seed_large: 0,
            test_controls: false,
            proxy_cors: true,
        }
    }
}
