//! One module per screen; each screen has its own URL.

pub mod connect;
pub mod not_found;
