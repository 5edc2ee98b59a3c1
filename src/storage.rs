//! Web storage with keys of our own. Every key starts with [`KEY_PREFIX`], so that the app never
//! reads or overwrites a host page's entries when it is embedded.
//!
//! Storage can be missing or throw (private browsing, sandboxed iframes, quota): every function
//! here degrades to "nothing stored" rather than failing.

use serde::Serialize;

use crate::stored::StoredObject;

const KEY_PREFIX: &str = "konnect-service-hub:";

/// Which storage area a value belongs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Survives reloads of this tab only. The only place a token may ever be kept.
    Session,
    /// Survives browser restarts. Preferences only, never secrets.
    Local,
}

fn storage(area: Area) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    match area {
        Area::Session => window.session_storage().ok().flatten(),
        Area::Local => window.local_storage().ok().flatten(),
    }
}

fn full_key(key: &str) -> String {
    format!("{KEY_PREFIX}{key}")
}

pub fn read_text(area: Area, key: &str) -> Option<String> {
    storage(area)?.get_item(&full_key(key)).ok().flatten()
}

pub fn write_text(area: Area, key: &str, value: &str) {
    if let Some(storage) = storage(area) {
        // A full or blocked storage only costs the user persistence, not the current session.
        let _ = storage.set_item(&full_key(key), value);
    }
}

pub fn remove(area: Area, key: &str) {
    if let Some(storage) = storage(area) {
        let _ = storage.remove_item(&full_key(key));
    }
}

/// Reads a stored JSON object; anything else (nothing stored, a hand edit) counts as absent.
pub fn read_object(area: Area, key: &str) -> Option<StoredObject> {
    StoredObject::parse(&read_text(area, key)?)
}

pub fn write_json<T: Serialize>(area: Area, key: &str, value: &T) {
    if let Ok(text) = serde_json::to_string(value) {
        write_text(area, key, &text);
    }
}
