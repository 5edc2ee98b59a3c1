//! The app's side of the Konnect API: one client per connection, and what every screen does with
//! an error (a 401 anywhere means the token expired: ask to reconnect, keep every draft).

use crate::connection::ConnectionSettings;
use crate::state::{AppState, ConnectionStatus};
use konnect_client::{ApiBase, ApiError, Client, Token};
use leptos::prelude::*;

#[cfg(target_arch = "wasm32")]
pub use host_token::HostTokenTransport as AppTransport;
/// Native builds only run unit tests of pure logic; they never send a request.
#[cfg(not(target_arch = "wasm32"))]
pub type AppTransport = konnect_client::mock::MockTransport;

pub type KonnectClient = Client<AppTransport>;

/// How the answer made up for a host that supplied no token begins.
const HOST_TOKEN_MISSING: &str = "The host page supplied no Konnect token";

/// A client for these settings. Cheap: it holds two base URLs and the token (or the host's
/// function that supplies one).
pub fn client_for(
    settings: &ConnectionSettings,
    token_provider: Option<js_sys::Function>,
) -> KonnectClient {
    let base = ApiBase {
        regional: settings.regional_base(),
        global: settings.global_base(),
    };
    #[cfg(target_arch = "wasm32")]
    let transport = AppTransport::new(token_provider);
    #[cfg(not(target_arch = "wasm32"))]
    let transport = {
        let _ = token_provider;
        AppTransport::default()
    };
    Client::new(transport, base, Token::new(settings.token.clone()))
}

impl AppState {
    /// The client for the current connection, or the message to show when there is none.
    pub fn client(&self) -> Result<KonnectClient, String> {
        let token_provider = self.token_provider.get_value();
        self.connection
            .with_untracked(|connection| {
                connection
                    .as_ref()
                    .map(|settings| client_for(settings, token_provider))
            })
            .ok_or_else(|| "You are not connected to Konnect. Connect first.".to_owned())
    }

    /// Turns an API error into the message a screen shows. A rejected token also marks the
    /// session as expired, so the header offers to reconnect; drafts are left untouched.
    pub fn describe_error(&self, error: &ApiError) -> String {
        if !error.is_unauthorized() {
            return error.user_message();
        }
        self.status.set(ConnectionStatus::Expired);
        if self.token_provider.with_value(Option::is_none) {
            return error.user_message();
        }
        // The host page supplies the token: reconnecting here is not the user's way out.
        let reason = error
            .server_message()
            .filter(|message| message.starts_with(HOST_TOKEN_MISSING))
            .unwrap_or("Konnect rejected the token this page supplied.");
        format!("{reason} Sign in again on this page, then retry.")
    }
}

#[cfg(target_arch = "wasm32")]
mod host_token {
    //! A portal that embeds the app supplies the token through a JavaScript function, asked
    //! before every request, so that the host's own login refreshes it and the app never keeps
    //! it anywhere.

    use konnect_client::{
        BrowserTransport, HttpRequest, HttpResponse, Token, Transport, TransportError,
    };
    use std::time::Duration;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    #[derive(Clone)]
    pub struct HostTokenTransport {
        browser: BrowserTransport,
        token_provider: Option<js_sys::Function>,
    }

    impl HostTokenTransport {
        pub fn new(token_provider: Option<js_sys::Function>) -> Self {
            Self {
                browser: BrowserTransport,
                token_provider,
            }
        }
    }

    /// Calls the provider and awaits its promise (or takes its plain return value).
    async fn ask(provider: &js_sys::Function) -> Result<String, String> {
        let returned = provider
            .call0(&JsValue::NULL)
            .map_err(|error| describe(&error))?;
        let value = match returned.dyn_into::<js_sys::Promise>() {
            Ok(promise) => JsFuture::from(promise)
                .await
                .map_err(|error| describe(&error))?,
            Err(value) => value,
        };
        value
            .as_string()
            .filter(|token| !token.trim().is_empty())
            .ok_or_else(|| "it returned no token".to_owned())
    }

    fn describe(error: &JsValue) -> String {
        error
            .dyn_ref::<js_sys::Error>()
            .map(|error| String::from(error.message()))
            .or_else(|| error.as_string())
            .unwrap_or_else(|| "it failed".to_owned())
    }

    impl Transport for HostTokenTransport {
        async fn send(&self, mut request: HttpRequest) -> Result<HttpResponse, TransportError> {
            if let Some(provider) = &self.token_provider {
                match ask(provider).await {
                    Ok(token) => request.bearer_token = Some(Token::new(token)),
                    // No token is what Konnect would answer 401 to: the app shows the session
                    // as expired and keeps every draft until the host can supply one.
                    Err(reason) => {
                        let body = serde_json::json!({
                            "status": 401,
                            "message": format!("{}: {reason}.", super::HOST_TOKEN_MISSING),
                        });
                        return Ok(HttpResponse::json(401, body.to_string()));
                    }
                }
            }
            self.browser.send(request).await
        }

        fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
            self.browser.sleep(duration)
        }

        fn jitter(&self) -> f64 {
            self.browser.jitter()
        }
    }
}
