//! Background work that belongs to the component that started it.

use leptos::prelude::*;
use leptos::task::{spawn_local, spawn_local_scoped_with_cancellation};

/// Starts tasks that are cancelled when the component that made this goes away, also when they
/// start later from an event handler or a timer, which run outside any reactive owner. A request
/// still in flight is dropped then, which aborts its `fetch`.
#[derive(Clone)]
pub struct OwnedTasks(Option<Owner>);

impl OwnedTasks {
    /// Tasks owned by the current reactive owner (the component being built).
    pub fn here() -> Self {
        Self(Owner::current())
    }

    pub fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        match &self.0 {
            Some(owner) => owner.with(|| spawn_local_scoped_with_cancellation(task)),
            None => spawn_local(task),
        }
    }
}
