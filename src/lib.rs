//! Konnect Service Hub: put a service online through Kong Konnect from the browser.
//!
//! Layers: [`domain`] (Kong's model and validation, pure Rust), [`konnect_client`] (typed API
//! calls), and this crate's UI: [`app`] (shell and routes), [`screens`] (one per URL) built from
//! [`components`] (shared controls), with app-wide [`state`] in context.

pub mod api;
pub mod app;
pub mod components;
pub mod connection;
pub mod forms;
pub mod screens;
pub mod state;
pub mod storage;
pub mod theme;
pub mod verify;

/// Mounts the whole app into `<body>` (the standalone page).
pub fn start() {
    #[cfg(target_arch = "wasm32")]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
