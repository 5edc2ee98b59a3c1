//! Who the token belongs to (global host).

use crate::client::{Call, Client, Host};
use crate::error::ApiError;
use crate::model::{Organization, User, Whoami};
use crate::transport::Transport;

impl<T: Transport> Client<T> {
    /// `GET /v3/users/me` then `GET /v3/organizations/me` on the global base: checks the token
    /// and gives the organization name the Connect screen shows.
    pub async fn whoami(&self) -> Result<Whoami, ApiError> {
        let user = self.current_user().await?;
        let organization = self.current_organization().await?;
        Ok(Whoami { user, organization })
    }

    /// `GET /v3/users/me`.
    pub async fn current_user(&self) -> Result<User, ApiError> {
        let call = Call::get(
            Host::Global,
            "/v3/users/me".to_owned(),
            "check who the token belongs to".to_owned(),
        );
        self.fetch_json(&call).await
    }

    /// `GET /v3/organizations/me`.
    pub async fn current_organization(&self) -> Result<Organization, ApiError> {
        let call = Call::get(
            Host::Global,
            "/v3/organizations/me".to_owned(),
            "load your organization".to_owned(),
        );
        self.fetch_json(&call).await
    }
}
