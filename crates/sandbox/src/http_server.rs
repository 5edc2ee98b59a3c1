//! A small accept loop over hyper, shared by the three listeners.
//!
//! The sandbox runs its own loop instead of `axum::serve` for two reasons: a handler must be
//! able to drop a connection without answering (fault injection), and stopping a listener
//! must also close its open keep-alive connections (so a stopped proxy really refuses).

use std::fmt;
use std::future::Future;
use std::net::SocketAddr;

use axum::body::Body;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// Returned by a handler to close the connection without a response.
#[derive(Debug)]
pub struct DropConnection;

impl fmt::Display for DropConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped on purpose (fault injection)")
    }
}

impl std::error::Error for DropConnection {}

/// Serves connections until `stop` is cancelled; cancelling also closes open connections.
pub async fn serve<H, F>(listener: TcpListener, stop: CancellationToken, handler: H)
where
    H: Fn(Request<Incoming>, SocketAddr) -> F + Clone + Send + Sync + 'static,
    F: Future<Output = Result<Response<Body>, DropConnection>> + Send + 'static,
{
    loop {
        let (stream, peer) = tokio::select! {
            () = stop.cancelled() => return,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Usually a transient resource limit (EMFILE); the next accept may succeed.
                Err(error) => {
                    eprintln!("konnect-sandbox: accept failed: {error}");
                    continue;
                }
            },
        };
        let handler = handler.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handler(request, peer));
            let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                // Errors here are client disconnects or deliberate drops: nothing to report.
                _ = connection => {}
                () = stop.cancelled() => {}
            }
        });
    }
}
