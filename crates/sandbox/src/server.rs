//! Starting and stopping a sandbox: three listeners (API, data plane, echo upstream) sharing
//! one state.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::config::SandboxConfig;
use crate::dataplane::ProxyControl;
use crate::shared::Shared;
use crate::store::{PersistError, SeedOptions, Store, load_state_file, write_state_file};
use crate::{api, echo, http_server, state_writer};

/// Entry point: `Sandbox::start(config).await`.
pub struct Sandbox;

#[derive(Debug)]
pub enum StartError {
    /// A listener could not be bound (address in use, permission…).
    Bind {
        listener: &'static str,
        addr: SocketAddr,
        source: io::Error,
    },
    /// The state file exists but could not be read, or the first save failed.
    State(PersistError),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bind {
                listener,
                addr,
                source,
            } => {
                write!(f, "cannot listen for the {listener} on {addr}: {source}")
            }
            Self::State(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Bind { source, .. } => Some(source),
            Self::State(error) => Some(error),
        }
    }
}

/// A started sandbox. Dropping it stops the listeners; [`RunningSandbox::shutdown`] also waits
/// for them to finish.
pub struct RunningSandbox {
    api_addr: SocketAddr,
    upstream_addr: SocketAddr,
    token: String,
    shared: Arc<Shared>,
    shutdown: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds the three listeners, loads the state file (or seeds the demo data) and starts
    /// serving. Ports given as 0 are replaced by ephemeral ones; ask the result for the URLs.
    pub async fn start(config: SandboxConfig) -> Result<RunningSandbox, StartError> {
        let upstream = bind("echo upstream", config.upstream_addr).await?;
        let api = bind("API", config.api_addr).await?;
        let proxy = bind("data plane", config.proxy_addr).await?;
        let upstream_addr = local_addr("echo upstream", &upstream)?;
        let api_addr = local_addr("API", &api)?;
        let proxy_addr = local_addr("data plane", &proxy)?;

        let seed = SeedOptions {
            upstream: upstream_addr,
            large: config.seed_large,
        };
        let loaded = match &config.state_file {
            Some(path) => load_state_file(path).map_err(StartError::State)?,
            None => None,
        };
        let needs_first_save = loaded.is_none();
        let store = loaded.unwrap_or_else(|| Store::seeded(&seed));
        if let Some(path) = config.state_file.as_deref().filter(|_| needs_first_save) {
            // Saving the seed right away also proves the file is writable before serving.
            write_state_file(path, &store).map_err(StartError::State)?;
        }
        let saved_generation = store.generation();

        let shutdown = CancellationToken::new();
        let shared = Arc::new(Shared::new(
            store,
            config.token.clone(),
            seed,
            config.test_controls,
            config.proxy_cors,
            ProxyControl::new(proxy_addr, shutdown.clone()),
        ));
        let mut tasks = Vec::new();
        if let Some(path) = config.state_file.clone() {
            tasks.push(tokio::spawn(state_writer::run(
                Arc::clone(&shared),
                path,
                saved_generation,
                shutdown.clone(),
            )));
        }

        let echo_task = tokio::spawn(http_server::serve(
            upstream,
            shutdown.clone(),
            |request, _peer| async { Ok(echo::handle(request).await) },
        ));
        let router = api::router(Arc::clone(&shared));
        let api_shared = Arc::clone(&shared);
        let api_task = tokio::spawn(http_server::serve(
            api,
            shutdown.clone(),
            move |request, _peer| api::handle(Arc::clone(&api_shared), router.clone(), request),
        ));
        shared.proxy.serve_on(proxy, Arc::clone(&shared)).await;
        tasks.extend([echo_task, api_task]);

        Ok(RunningSandbox {
            api_addr,
            upstream_addr,
            token: config.token,
            shared,
            shutdown,
            tasks,
        })
    }
}

impl RunningSandbox {
    /// Base URL of the Konnect API, e.g. `http://127.0.0.1:8070` (no trailing slash).
    pub fn api_url(&self) -> String {
        format!("http://{}", self.api_addr)
    }

    /// Base URL of the data plane, e.g. `http://127.0.0.1:8000`.
    pub fn proxy_url(&self) -> String {
        format!("http://{}", self.shared.proxy.addr())
    }

    /// Base URL of the echo upstream, e.g. `http://127.0.0.1:8071`.
    pub fn upstream_url(&self) -> String {
        format!("http://{}", self.upstream_addr)
    }

    /// The bearer token the API accepts.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Stops every listener, closes open connections, saves the state file one last time (when
    /// there is one) and waits until all of that has ended.
    pub async fn shutdown(mut self) {
        self.shutdown.cancel();
        self.shared.proxy.stop().await;
        for task in std::mem::take(&mut self.tasks) {
            // The loops end on cancellation; a join error means one panicked, and it is gone
            // either way.
            let _ = task.await;
        }
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

async fn bind(listener: &'static str, addr: SocketAddr) -> Result<TcpListener, StartError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Bind {
            listener,
            addr,
            source,
        })
}

fn local_addr(listener: &'static str, bound: &TcpListener) -> Result<SocketAddr, StartError> {
    bound.local_addr().map_err(|source| StartError::Bind {
        listener,
        addr: SocketAddr::from(([0, 0, 0, 0], 0)),
        source,
    })
}
