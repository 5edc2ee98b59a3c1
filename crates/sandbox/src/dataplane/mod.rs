//! The data plane: a Kong-like proxy serving the routes of the "default" control plane.

mod proxy;
mod router;

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::http_server;
use crate::shared::Shared;
use proxy::UpstreamClient;
pub use router::CompiledRouter;

struct Listening {
    stop: CancellationToken,
    task: JoinHandle<()>,
}

/// Starts and stops the proxy listener (the test controls stop it to simulate "proxy down")
/// and caches the compiled router between state changes.
pub struct ProxyControl {
    addr: SocketAddr,
    shutdown: CancellationToken,
    listening: tokio::sync::Mutex<Option<Listening>>,
    router: Mutex<Option<Arc<CompiledRouter>>>,
    client: UpstreamClient,
}

impl ProxyControl {
    /// `addr` is the address the listener was first bound to (real port, never 0).
    pub fn new(addr: SocketAddr, shutdown: CancellationToken) -> Self {
        Self {
            addr,
            shutdown,
            listening: tokio::sync::Mutex::new(None),
            router: Mutex::new(None),
            client: UpstreamClient::new(),
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves on an already bound listener (the first start, so port 0 resolves early).
    pub async fn serve_on(&self, listener: TcpListener, shared: Arc<Shared>) {
        let mut listening = self.listening.lock().await;
        if listening.is_none() {
            *listening = Some(self.spawn(listener, shared));
        }
    }

    /// Listens again on the same address; a no-op when already listening.
    pub async fn start(&self, shared: Arc<Shared>) -> io::Result<()> {
        let mut listening = self.listening.lock().await;
        if listening.is_none() {
            let listener = TcpListener::bind(self.addr).await?;
            *listening = Some(self.spawn(listener, shared));
        }
        Ok(())
    }

    /// Closes the listener and every open proxy connection, then waits for them to end.
    pub async fn stop(&self) {
        let running = self.listening.lock().await.take();
        if let Some(Listening { stop, task }) = running {
            stop.cancel();
            // The task only ends by cancellation; a join error would mean it panicked, and
            // the listener is gone either way.
            let _ = task.await;
        }
    }

    fn spawn(&self, listener: TcpListener, shared: Arc<Shared>) -> Listening {
        let stop = self.shutdown.child_token();
        let handler = move |request, peer| {
            let shared = Arc::clone(&shared);
            async move { Ok(proxy::handle(&shared, request, peer).await) }
        };
        let task = tokio::spawn(http_server::serve(listener, stop.clone(), handler));
        Listening { stop, task }
    }

    /// The router for the current state, rebuilt only when the state changed.
    fn router(&self, shared: &Shared) -> Option<Arc<CompiledRouter>> {
        let store = shared.read_store();
        let mut cached = self.router.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(router) = cached
            .as_ref()
            .filter(|r| r.generation == store.generation())
        {
            return Some(Arc::clone(router));
        }
        let control_plane = store.control_plane_by_name(crate::store::DEFAULT_CONTROL_PLANE)?;
        let implementations = store
            .api_products
            .iter()
            .flat_map(|product| {
                product.versions.iter().filter_map(move |version| {
                    let link = version.gateway_service?;
                    (link.control_plane_id == control_plane.id)
                        .then_some((link.id, (product.id, version.id)))
                })
            })
            .collect();
        let router = Arc::new(CompiledRouter::build(
            store.generation(),
            control_plane.id,
            control_plane.gateway.routes.iter(),
            control_plane.gateway.services.iter(),
            implementations,
        ));
        *cached = Some(Arc::clone(&router));
        Some(router)
    }
}
