//! Konnect Service Hub: put a service online through Kong Konnect from the browser.
//!
//! Layers: [`domain`] (Kong's model and validation, pure Rust), [`konnect_client`] (typed API
//! calls), and this crate's UI: [`app`] (shell and routes), [`screens`] (one per URL) built from
//! [`components`] (shared controls), with app-wide [`state`] in context, navigated by the app's
//! own [`router`] and run by a [`host`] page: standalone or [`embed`]ded.

pub mod api;
pub mod app;
pub mod components;
pub mod connection;
pub mod embed;
pub mod forms;
pub mod host;
pub mod router;
pub mod routes;
pub mod screens;
pub mod state;
pub mod storage;
pub mod stored;
pub mod tasks;
pub mod theme;
pub mod verify;

/// Runs when the module is initialised: mounts every `data-konnect-service-hub` element, the
/// standalone page's included. A host that mounts from script finds nothing mounted behind its
/// back.
pub fn start() {
    #[cfg(target_arch = "wasm32")]
    {
        console_error_panic_hook::set_once();
        embed::mount_declared();
    }
}
