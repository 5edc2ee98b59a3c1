//! One module per screen; each screen has its own URL.

pub mod configuration;
pub mod connect;
pub mod delete;
pub mod edit;
pub mod implement;
pub mod not_found;
pub mod service_hub;
pub mod verify;
pub mod version;
