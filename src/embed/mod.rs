//! Running the app inside any page: `mount(element, options)` and `unmount(element)` for
//! scripts, and `data-konnect-service-hub` elements picked up when the module starts, for
//! portals that can only write markup. The app's own `index.html` is one such element.

pub mod options;

#[cfg(target_arch = "wasm32")]
mod glue;

#[cfg(target_arch = "wasm32")]
pub use glue::{MountedApp, mount, mount_declared, unmount};

/// The attribute that marks an element for the declarative form.
pub const DECLARATIVE_ATTRIBUTE: &str = "data-konnect-service-hub";
