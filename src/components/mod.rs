//! Small building blocks shared by the screens.

pub mod copy;
pub mod error_summary;
pub mod field;
pub mod header;
pub mod heading;
pub mod ids;
pub mod status;
pub mod visible;
