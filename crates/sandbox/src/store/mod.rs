//! The sandbox's state: identity, control planes with their gateway configuration, and API
//! products with their versions. Everything here is persisted to the state file.

mod model;
mod persist;
mod seed;
mod table;

pub use model::{
    ApiProduct, ControlPlane, EntityRef, GatewayConfig, GatewayService, GatewayServiceLink,
    Organization, ProductVersion, Route, User,
};
pub use persist::{
    PersistError, encode_state, load_state_file, write_atomically, write_state_file,
};
pub use seed::{DEFAULT_CONTROL_PLANE, SeedOptions};
pub use table::{Row, Table};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Store {
    pub organization: Organization,
    pub user: User,
    pub control_planes: Table<ControlPlane>,
    pub api_products: Table<ApiProduct>,
    /// Bumped on every change so that derived data (the data plane's compiled router) knows
    /// when to rebuild. Not persisted.
    #[serde(skip)]
    generation: u64,
}

impl Store {
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Records that the state changed (call once per successful mutation).
    pub fn touch(&mut self) {
        self.generation += 1;
    }

    /// Makes this (replacement) state's generation follow `previous`.
    pub fn continue_after(&mut self, previous: u64) {
        self.generation = previous + 1;
    }

    pub fn control_plane(&self, id: Uuid) -> Option<&ControlPlane> {
        self.control_planes.get(id)
    }

    pub fn control_plane_by_name(&self, name: &str) -> Option<&ControlPlane> {
        self.control_planes.get_by_name(name)
    }

    /// Unlinks every product version implemented by a gateway service that is being deleted,
    /// as Konnect does when the implementation disappears.
    pub fn unlink_versions_of(&mut self, service: GatewayServiceLink, now: &str) {
        for product in self.api_products.iter_mut() {
            for version in product.versions.iter_mut() {
                if version.gateway_service == Some(service) {
                    version.gateway_service = None;
                    version.updated_at = now.to_owned();
                }
            }
        }
    }
}
