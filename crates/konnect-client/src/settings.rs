//! Where requests go: the regional and global base URLs from the connection settings.

use std::fmt;
use std::str::FromStr;

/// A Konnect region. Gateway services, routes, control planes, API products and request records
/// live in a region; identity (`/v3/users/me`, `/v3/organizations/me`) is global.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Region {
    Us,
    Eu,
    Au,
    Me,
    In,
}

impl Region {
    /// Every region, in the order the UI lists them.
    pub const ALL: [Region; 5] = [Region::Us, Region::Eu, Region::Au, Region::Me, Region::In];

    /// The host label: `us` in `https://us.api.konghq.com`.
    pub fn code(self) -> &'static str {
        match self {
            Region::Us => "us",
            Region::Eu => "eu",
            Region::Au => "au",
            Region::Me => "me",
            Region::In => "in",
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The text did not name a Konnect region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRegion(pub String);

impl fmt::Display for UnknownRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown Konnect region {:?} (expected us, eu, au, me or in)",
            self.0
        )
    }
}

impl std::error::Error for UnknownRegion {}

impl FromStr for Region {
    type Err = UnknownRegion;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim().to_ascii_lowercase();
        Region::ALL
            .into_iter()
            .find(|region| region.code() == wanted)
            .ok_or_else(|| UnknownRegion(text.to_owned()))
    }
}

/// The two base URLs every request is built on, without a trailing slash.
///
/// `regional` serves `/v2/...`; `global` serves identity (`/v3/users/me`, `/v3/organizations/me`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiBase {
    pub regional: String,
    pub global: String,
}

impl ApiBase {
    /// Direct calls to Konnect: `https://{region}.api.konghq.com` and `https://global.api.konghq.com`.
    pub fn konnect(region: Region) -> Self {
        Self {
            regional: format!("https://{}.api.konghq.com", region.code()),
            global: "https://global.api.konghq.com".to_owned(),
        }
    }

    /// Calls through a same-origin proxy mounted at `prefix` (for example `/konnect`), which
    /// forwards `{prefix}/{region}/…` to the regional host and `{prefix}/global/…` to the global
    /// one. This is the way around Konnect not answering cross-origin browser calls.
    pub fn same_origin_proxy(prefix: &str, region: Region) -> Self {
        let prefix = trim_trailing_slashes(prefix);
        Self {
            regional: format!("{prefix}/{}", region.code()),
            global: format!("{prefix}/global"),
        }
    }

    /// One server for everything, as the local sandbox is (`http://127.0.0.1:8070`).
    pub fn single(base: &str) -> Self {
        let base = trim_trailing_slashes(base).to_owned();
        Self {
            regional: base.clone(),
            global: base,
        }
    }
}

fn trim_trailing_slashes(url: &str) -> &str {
    url.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn konnect_hosts_per_region() {
        assert_eq!(
            ApiBase::konnect(Region::Eu),
            ApiBase {
                regional: "https://eu.api.konghq.com".into(),
                global: "https://global.api.konghq.com".into(),
            }
        );
        assert_eq!(
            ApiBase::konnect(Region::In).regional,
            "https://in.api.konghq.com"
        );
    }

    #[test]
    fn same_origin_proxy_prefixes() {
        let base = ApiBase::same_origin_proxy("/konnect/", Region::Au);
        assert_eq!(base.regional, "/konnect/au");
        assert_eq!(base.global, "/konnect/global");
    }

    #[test]
    fn single_base_serves_both() {
        let base = ApiBase::single("http://127.0.0.1:8070/");
        assert_eq!(base.regional, "http://127.0.0.1:8070");
        assert_eq!(base.global, "http://127.0.0.1:8070");
    }

    #[test]
    fn regions_parse_case_insensitively() {
        assert_eq!("ME".parse::<Region>(), Ok(Region::Me));
        assert_eq!(" us ".parse::<Region>(), Ok(Region::Us));
        assert_eq!("ap".parse::<Region>(), Err(UnknownRegion("ap".into())));
    }
}
