//! App-wide state, provided once through context and read by every screen.

use crate::connection::ConnectionSettings;
use crate::storage::{self, Area};
use crate::theme::ColourMode;
use leptos::prelude::*;

const CONNECTION_KEY: &str = "connection";

/// Where the app stands with Konnect, as the header shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionStatus {
    NotConnected,
    /// Settings are valid and saved, but no call has confirmed them.
    Unverified,
    Connecting,
    Connected {
        organization: String,
    },
    /// The last attempt failed; the message says why and what to do.
    Failed(String),
}

impl ConnectionStatus {
    pub fn label(&self) -> String {
        match self {
            ConnectionStatus::NotConnected => "Not connected".to_owned(),
            ConnectionStatus::Unverified => "Settings saved, not connected".to_owned(),
            ConnectionStatus::Connecting => "Connecting…".to_owned(),
            ConnectionStatus::Connected { organization } => format!("Connected to {organization}"),
            ConnectionStatus::Failed(_) => "Connection failed".to_owned(),
        }
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub connection: RwSignal<Option<ConnectionSettings>>,
    pub status: RwSignal<ConnectionStatus>,
    pub colour_mode: RwSignal<ColourMode>,
}

impl AppState {
    /// Restores what this tab remembered: the colour mode always, the connection only when the
    /// user asked for it to be remembered (it lives in sessionStorage, never in localStorage).
    pub fn restore() -> AppState {
        let connection = storage::read_json::<ConnectionSettings>(Area::Session, CONNECTION_KEY);
        let status = if connection.is_some() {
            ConnectionStatus::Unverified
        } else {
            ConnectionStatus::NotConnected
        };
        AppState {
            connection: RwSignal::new(connection),
            status: RwSignal::new(status),
            colour_mode: RwSignal::new(ColourMode::load()),
        }
    }

    pub fn set_connection(&self, settings: ConnectionSettings) {
        if settings.remember {
            storage::write_json(Area::Session, CONNECTION_KEY, &settings);
        } else {
            storage::remove(Area::Session, CONNECTION_KEY);
        }
        self.connection.set(Some(settings));
        self.status.set(ConnectionStatus::Unverified);
    }

    pub fn disconnect(&self) {
        storage::remove(Area::Session, CONNECTION_KEY);
        self.connection.set(None);
        self.status.set(ConnectionStatus::NotConnected);
    }

    pub fn set_colour_mode(&self, mode: ColourMode) {
        mode.save();
        self.colour_mode.set(mode);
    }
}

pub fn use_app_state() -> AppState {
    // Provided by `App` before any screen renders; a missing context is a programming error
    // caught by every test that mounts a screen.
    expect_context::<AppState>()
}
