//! Kong's string rules (names, tags, hosts, paths, IPs), each returning Kong's exact message.

pub(crate) mod host;
pub(crate) mod ip;
pub(crate) mod path;
pub(crate) mod text;
