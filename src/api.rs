//! The app's side of the Konnect API: one client per connection, and what every screen does with
//! an error (a 401 anywhere means the token expired: ask to reconnect, keep every draft).

use crate::connection::ConnectionSettings;
use crate::state::{AppState, ConnectionStatus};
use konnect_client::{ApiBase, ApiError, Client, Token};
use leptos::prelude::*;

#[cfg(target_arch = "wasm32")]
pub type AppTransport = konnect_client::BrowserTransport;
/// Native builds only run unit tests of pure logic; they never send a request.
#[cfg(not(target_arch = "wasm32"))]
pub type AppTransport = konnect_client::mock::MockTransport;

pub type KonnectClient = Client<AppTransport>;

/// A client for these settings. Cheap: it holds two base URLs and the token.
pub fn client_for(settings: &ConnectionSettings) -> KonnectClient {
    let base = ApiBase {
        regional: settings.regional_base(),
        global: settings.global_base(),
    };
    Client::new(
        AppTransport::default(),
        base,
        Token::new(settings.token.clone()),
    )
}

impl AppState {
    /// The client for the current connection, or the message to show when there is none.
    pub fn client(&self) -> Result<KonnectClient, String> {
        self.connection
            .with_untracked(|connection| connection.as_ref().map(client_for))
            .ok_or_else(|| "You are not connected to Konnect. Connect first.".to_owned())
    }

    /// Turns an API error into the message a screen shows. A rejected token also marks the
    /// session as expired, so the header offers to reconnect; drafts are left untouched.
    pub fn describe_error(&self, error: &ApiError) -> String {
        if error.is_unauthorized() {
            self.status.set(ConnectionStatus::Expired);
        }
        error.user_message()
    }
}
