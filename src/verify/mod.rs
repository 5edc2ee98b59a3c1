//! The logic behind the Verify panel (issue 6), kept apart from the UI so it is tested natively:
//! the proxy URL setting ([`proxy_setting`]), what a request's outcome means ([`outcome`]), the
//! status-code records table ([`records`]), and the browser side of sending ([`send`], wasm only).

pub mod clipboard;
pub mod outcome;
pub mod proxy_setting;
pub mod records;
pub mod send;
