//! App-wide state, provided once through context and read by every screen.

use crate::connection::{
    Access, ConnectionSettings, DEFAULT_PROXY_PREFIX, DEFAULT_SANDBOX_URL, Region,
};
use crate::host::{AppEvent, HostOptions, use_host};
use crate::storage::{self, Area};
use crate::theme::ColourMode;
use leptos::prelude::*;

const CONNECTION_KEY: &str = "connection";
/// The organization Konnect named when the remembered connection was made: a reload shows it
/// without asking again (the first request of the screen proves the token anyway).
const ORGANIZATION_KEY: &str = "organization";

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
    /// Konnect rejected the token mid-session (HTTP 401). Drafts are kept; the user reconnects.
    Expired,
}

impl ConnectionStatus {
    pub fn label(&self) -> String {
        match self {
            ConnectionStatus::NotConnected => "Not connected".to_owned(),
            ConnectionStatus::Unverified => "Settings saved, not connected".to_owned(),
            ConnectionStatus::Connecting => "Connecting…".to_owned(),
            ConnectionStatus::Connected { organization } => format!("Connected to {organization}"),
            ConnectionStatus::Failed(_) => "Connection failed".to_owned(),
            ConnectionStatus::Expired => "Token expired or rejected".to_owned(),
        }
    }

    pub fn needs_reconnect(&self) -> bool {
        matches!(
            self,
            ConnectionStatus::Failed(_) | ConnectionStatus::Expired
        )
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub connection: RwSignal<Option<ConnectionSettings>>,
    pub status: RwSignal<ConnectionStatus>,
    pub colour_mode: RwSignal<ColourMode>,
    /// Where to go back to after (re)connecting, so an expired token costs no navigation.
    pub return_to: RwSignal<Option<String>>,
    /// What the Connect form starts from when there is no connection (a host's region).
    pub suggested: StoredValue<Option<ConnectionSettings>>,
    /// The embedding page's token function, when it supplies tokens (see [`HostOptions`]).
    pub token_provider: StoredValue<Option<js_sys::Function>, LocalStorage>,
}

impl AppState {
    /// The connection the host fixed, or else what this tab remembered: the colour mode always,
    /// the connection only when the user asked for it to be remembered (it lives in
    /// sessionStorage, never in localStorage).
    pub fn restore(options: &HostOptions) -> AppState {
        let remembered = || {
            storage::read_object(Area::Session, CONNECTION_KEY)
                .and_then(|stored| ConnectionSettings::from_stored(&stored))
                .or_else(sandbox_connection)
        };
        // A host's region without its token provider only pre-fills the Connect form.
        let (connection, suggested) = match (&options.connection, &options.token_provider) {
            (Some(fixed), Some(_)) => (Some(fixed.clone()), None),
            (suggested, None) => (remembered(), suggested.clone()),
            (None, Some(_)) => (remembered(), None),
        };
        let remembered_organization = || {
            connection
                .as_ref()
                .filter(|settings| settings.remember)
                .and_then(|_| storage::read_text(Area::Session, ORGANIZATION_KEY))
        };
        let status = match (&connection, remembered_organization()) {
            (Some(_), Some(organization)) => ConnectionStatus::Connected { organization },
            (Some(_), None) => ConnectionStatus::Unverified,
            (None, _) => ConnectionStatus::NotConnected,
        };
        AppState {
            connection: RwSignal::new(connection),
            status: RwSignal::new(status),
            colour_mode: RwSignal::new(ColourMode::load()),
            return_to: RwSignal::new(None),
            suggested: StoredValue::new(suggested),
            token_provider: StoredValue::new_local(options.token_provider.clone()),
        }
    }

    /// Stores settings that Konnect just accepted.
    pub fn set_connection(&self, settings: ConnectionSettings, organization: String) {
        if settings.remember {
            storage::write_json(Area::Session, CONNECTION_KEY, &settings);
            storage::write_text(Area::Session, ORGANIZATION_KEY, &organization);
        } else {
            storage::remove(Area::Session, CONNECTION_KEY);
            storage::remove(Area::Session, ORGANIZATION_KEY);
        }
        self.connection.set(Some(settings));
        self.status
            .set(ConnectionStatus::Connected { organization });
    }

    /// Confirms restored settings with Konnect without blocking the first screen.
    pub fn verify_in_background(&self) {
        let state = *self;
        if state.status.get_untracked() != ConnectionStatus::Unverified {
            return;
        }
        let Ok(client) = state.client() else { return };
        let host = use_host();
        state.status.set(ConnectionStatus::Connecting);
        // Cancelled if the app is unmounted first.
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            // The organization alone proves the token and names the connection; `/users/me`
            // would cost a request and does not exist for system-account tokens.
            match client.current_organization().await {
                Ok(organization) => {
                    let region = state
                        .connection
                        .with_untracked(|settings| settings.as_ref().map(|s| s.region.code()));
                    if let Some(region) = region {
                        host.emit(AppEvent::Connected {
                            organization: organization.name.clone(),
                            region,
                        });
                    }
                    state.status.set(ConnectionStatus::Connected {
                        organization: organization.name,
                    });
                }
                Err(error) => {
                    let message = state.describe_error(&error);
                    if !error.is_unauthorized() {
                        state.status.set(ConnectionStatus::Failed(message));
                    }
                }
            }
        });
    }

    pub fn disconnect(&self) {
        storage::remove(Area::Session, CONNECTION_KEY);
        storage::remove(Area::Session, ORGANIZATION_KEY);
        self.connection.set(None);
        self.status.set(ConnectionStatus::NotConnected);
    }

    pub fn set_colour_mode(&self, mode: ColourMode) {
        mode.save();
        self.colour_mode.set(mode);
    }
}

/// `make serve` builds the app with the local sandbox's token, so that a newcomer lands in a
/// working Service Hub. Release builds never carry a token.
fn sandbox_connection() -> Option<ConnectionSettings> {
    let token = option_env!("KSH_SANDBOX_TOKEN")?;
    Some(ConnectionSettings {
        region: Region::Local,
        access: Access::Proxy {
            prefix: DEFAULT_PROXY_PREFIX.to_owned(),
        },
        sandbox_url: DEFAULT_SANDBOX_URL.to_owned(),
        token: token.to_owned(),
        remember: false,
    })
}

pub fn use_app_state() -> AppState {
    // Provided by `App` before any screen renders; a missing context is a programming error
    // caught by every test that mounts a screen.
    expect_context::<AppState>()
}
