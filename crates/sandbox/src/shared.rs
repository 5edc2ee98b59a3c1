//! State shared by the API, the data plane and the test controls of one sandbox.

use std::sync::{Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::dataplane::ProxyControl;
use crate::faults::FaultQueue;
use crate::records::RequestLog;
use tokio::sync::Notify;

use crate::store::{SeedOptions, Store};

pub struct Shared {
    store: RwLock<Store>,
    pub records: Mutex<RequestLog>,
    pub faults: Mutex<FaultQueue>,
    pub token: String,
    /// Signalled after every change, for the state-file writer.
    pub state_changed: Notify,
    /// How to rebuild the demo seed (for `/sandbox/reset`).
    pub seed: SeedOptions,
    pub test_controls: bool,
    pub proxy_cors: bool,
    pub proxy: ProxyControl,
}

impl Shared {
    pub fn new(
        store: Store,
        token: String,
        seed: SeedOptions,
        test_controls: bool,
        proxy_cors: bool,
        proxy: ProxyControl,
    ) -> Self {
        Self {
            store: RwLock::new(store),
            records: Mutex::new(RequestLog::default()),
            faults: Mutex::new(FaultQueue::default()),
            token,
            state_changed: Notify::new(),
            seed,
            test_controls,
            proxy_cors,
            proxy,
        }
    }

    // A handler that panicked while holding a lock must not take the whole sandbox down with
    // it: the data is still consistent because every mutation validates before it writes.
    pub fn read_store(&self) -> RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn records(&self) -> MutexGuard<'_, RequestLog> {
        self.records.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn faults(&self) -> MutexGuard<'_, FaultQueue> {
        self.faults.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs one change against the store. `change` must validate before it mutates and
    /// return `Err` only when it changed nothing.
    pub fn mutate<T, E>(&self, change: impl FnOnce(&mut Store) -> Result<T, E>) -> Result<T, E> {
        let mut store = self.write_store();
        let outcome = change(&mut store)?;
        store.touch();
        drop(store);
        self.state_changed.notify_one();
        Ok(outcome)
    }

    /// Replaces the whole state (reset to the seed).
    pub fn replace_store(&self, fresh: Store) {
        let mut store = self.write_store();
        // The new state must look newer than anything derived from the old one (the data
        // plane's compiled router is keyed by generation).
        let previous = store.generation();
        *store = fresh;
        store.continue_after(previous);
        drop(store);
        self.state_changed.notify_one();
    }

    fn write_store(&self) -> RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(PoisonError::into_inner)
    }
}
