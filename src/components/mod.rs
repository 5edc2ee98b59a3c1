//! Small building blocks shared by the screens.

pub mod copy;
pub mod error_summary;
pub mod field;
pub mod header;
pub mod heading;
pub mod ids;
pub mod status;
pub mod visible;

/// The `aria-disabled` value of a button whose action is running. Not `disabled`: a button that
/// becomes disabled loses the keyboard focus, which falls back to the start of the page. The
/// button's handler ignores presses while its action runs instead.
pub fn busy(running: bool) -> Option<&'static str> {
    running.then_some("true")
}
