//! Connection settings: which Konnect region to talk to, how to reach it, and with which token.
//!
//! Pure logic, no web dependencies: the Connect form turns what the user typed into a
//! [`ConnectionDraft`], and [`ConnectionDraft::validate`] either yields [`ConnectionSettings`] or one
//! message per field, worded for the person who typed it.

use crate::stored::StoredObject;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Where the Konnect organization lives, plus the built-in local sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    Us,
    Eu,
    Au,
    Me,
    In,
    /// The local Konnect sandbox started by `make serve` (see `crates/sandbox`).
    Local,
}

impl Region {
    pub const ALL: [Region; 6] = [
        Region::Us,
        Region::Eu,
        Region::Au,
        Region::Me,
        Region::In,
        Region::Local,
    ];

    /// The short code used in Konnect host names, URLs and proxy prefixes.
    pub fn code(self) -> &'static str {
        match self {
            Region::Us => "us",
            Region::Eu => "eu",
            Region::Au => "au",
            Region::Me => "me",
            Region::In => "in",
            Region::Local => "local",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Region::Us => "United States (US)",
            Region::Eu => "Europe (EU)",
            Region::Au => "Australia (AU)",
            Region::Me => "Middle East (ME)",
            Region::In => "India (IN)",
            Region::Local => "Local sandbox",
        }
    }

    pub fn from_code(code: &str) -> Option<Region> {
        Region::ALL.into_iter().find(|region| region.code() == code)
    }
}

/// How the browser reaches the Konnect API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "mode", rename_all = "lowercase")]
pub enum Access {
    /// Call the API host directly (`https://{region}.api.konghq.com`, or the sandbox URL).
    Direct,
    /// Call a same-origin path that a reverse proxy forwards to Konnect, for deployments where
    /// the browser may not call Konnect cross-origin. The prefix has no trailing slash.
    Proxy { prefix: String },
}

/// The default address of the local sandbox's API (`make sandbox`).
pub const DEFAULT_SANDBOX_URL: &str = "http://127.0.0.1:8070";
/// The proxy prefix the README's nginx example and Trunk's dev proxy use.
pub const DEFAULT_PROXY_PREFIX: &str = "/konnect";

/// A validated, usable connection.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct ConnectionSettings {
    pub region: Region,
    pub access: Access,
    /// Only used for [`Region::Local`] with direct access.
    pub sandbox_url: String,
    pub token: String,
    /// Keep the settings (token included) in this tab's sessionStorage.
    pub remember: bool,
}

// The token must never reach logs or panic messages.
impl fmt::Debug for ConnectionSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionSettings")
            .field("region", &self.region)
            .field("access", &self.access)
            .field("sandbox_url", &self.sandbox_url)
            .field("token", &token_kind(&self.token))
            .field("remember", &self.remember)
            .finish()
    }
}

impl ConnectionSettings {
    /// The settings as stored (see [`Serialize`]): all of them, or none.
    pub fn from_stored(stored: &StoredObject) -> Option<ConnectionSettings> {
        let access = stored.object("access")?;
        Some(ConnectionSettings {
            region: Region::from_code(&stored.text("region")?)?,
            access: match access.text("mode")?.as_str() {
                "direct" => Access::Direct,
                "proxy" => Access::Proxy {
                    prefix: access.text("prefix")?,
                },
                _ => return None,
            },
            sandbox_url: stored.text("sandbox_url")?,
            token: stored.text("token")?,
            remember: stored.flag("remember")?,
        })
    }

    /// Base URL for the regional API (control planes, API products, core entities, analytics).
    pub fn regional_base(&self) -> String {
        match (&self.access, self.region) {
            (Access::Proxy { prefix }, region) => format!("{prefix}/{}", region.code()),
            (Access::Direct, Region::Local) => self.sandbox_url.clone(),
            (Access::Direct, region) => format!("https://{}.api.konghq.com", region.code()),
        }
    }

    /// Base URL for the global API (identity: who am I, which organization).
    pub fn global_base(&self) -> String {
        match (&self.access, self.region) {
            // The sandbox serves identity itself, on the same address.
            (_, Region::Local) => self.regional_base(),
            (Access::Proxy { prefix }, _) => format!("{prefix}/global"),
            (Access::Direct, _) => "https://global.api.konghq.com".to_owned(),
        }
    }

    /// What the header shows: never the token itself.
    pub fn describe(&self) -> String {
        match &self.access {
            Access::Direct => format!("{} · {}", self.region.label(), self.regional_base()),
            Access::Proxy { prefix } => {
                format!(
                    "{} · through {prefix}/{}",
                    self.region.label(),
                    self.region.code()
                )
            }
        }
    }
}

/// Which kind of token this looks like, for display.
pub fn token_kind(token: &str) -> &'static str {
    if token.starts_with(PERSONAL_TOKEN_PREFIX) {
        "personal access token"
    } else if token.starts_with(SYSTEM_TOKEN_PREFIX) {
        "system account token"
    } else {
        "token"
    }
}

const PERSONAL_TOKEN_PREFIX: &str = "kpat_";
const SYSTEM_TOKEN_PREFIX: &str = "spat_";
/// Konnect tokens carry a long random part; anything much shorter was cut when copied.
const MIN_TOKEN_SECRET_LEN: usize = 20;

/// Field names, shared by the form (ids, error keys) and the validator.
pub mod field {
    pub const REGION: &str = "region";
    pub const ACCESS: &str = "access";
    pub const PROXY_PREFIX: &str = "proxy-prefix";
    pub const SANDBOX_URL: &str = "sandbox-url";
    pub const TOKEN: &str = "token";
}

/// What the user typed, before validation. Everything is text, as it comes from the form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConnectionDraft {
    pub region: String,
    /// `"direct"` or `"proxy"`.
    pub access: String,
    pub proxy_prefix: String,
    pub sandbox_url: String,
    pub token: String,
    pub remember: bool,
}

impl ConnectionDraft {
    /// A draft pre-filled from saved settings, so that editing keeps what worked.
    pub fn from_settings(settings: &ConnectionSettings) -> ConnectionDraft {
        let (access, proxy_prefix) = match &settings.access {
            Access::Direct => ("direct", DEFAULT_PROXY_PREFIX.to_owned()),
            Access::Proxy { prefix } => ("proxy", prefix.clone()),
        };
        ConnectionDraft {
            region: settings.region.code().to_owned(),
            access: access.to_owned(),
            proxy_prefix,
            sandbox_url: settings.sandbox_url.clone(),
            token: settings.token.clone(),
            remember: settings.remember,
        }
    }

    pub fn new_default() -> ConnectionDraft {
        ConnectionDraft {
            region: Region::Us.code().to_owned(),
            access: "direct".to_owned(),
            proxy_prefix: DEFAULT_PROXY_PREFIX.to_owned(),
            sandbox_url: DEFAULT_SANDBOX_URL.to_owned(),
            token: String::new(),
            remember: false,
        }
    }

    /// Validates every field and reports all problems at once, keyed by [`field`] names.
    pub fn validate(&self) -> Result<ConnectionSettings, BTreeMap<&'static str, String>> {
        let mut errors = BTreeMap::new();
        let region = Region::from_code(self.region.trim());
        if region.is_none() {
            errors.insert(field::REGION, "Choose a region.".to_owned());
        }
        let access = match self.access.as_str() {
            "direct" => Some(Access::Direct),
            "proxy" => match validate_proxy_prefix(&self.proxy_prefix) {
                Ok(prefix) => Some(Access::Proxy { prefix }),
                Err(message) => {
                    errors.insert(field::PROXY_PREFIX, message);
                    None
                }
            },
            _ => {
                errors.insert(field::ACCESS, "Choose how to reach the API.".to_owned());
                None
            }
        };
        let uses_sandbox_url = region == Some(Region::Local) && access == Some(Access::Direct);
        let sandbox_url = if uses_sandbox_url {
            match validate_sandbox_url(&self.sandbox_url) {
                Ok(url) => url,
                Err(message) => {
                    errors.insert(field::SANDBOX_URL, message);
                    String::new()
                }
            }
        } else {
            self.sandbox_url.trim().to_owned()
        };
        let token = match validate_token(&self.token) {
            Ok(token) => Some(token),
            Err(message) => {
                errors.insert(field::TOKEN, message);
                None
            }
        };
        match (region, access, token) {
            (Some(region), Some(access), Some(token)) if errors.is_empty() => {
                Ok(ConnectionSettings {
                    region,
                    access,
                    sandbox_url,
                    token,
                    remember: self.remember,
                })
            }
            _ => Err(errors),
        }
    }
}

/// The connection an embedding page fixes with `region` and, optionally, `apiBase`: either
/// Konnect's own host for the region, a prefix its reverse proxy serves the region under (the
/// base ends in `/{region}`), or, for the local sandbox, the sandbox's address. The token is left
/// empty: the host's token provider supplies it per request.
pub fn host_connection(region: &str, api_base: Option<&str>) -> Result<ConnectionSettings, String> {
    let region = Region::from_code(region.trim()).ok_or_else(|| {
        format!(
            "Unknown region {region:?}: use one of {}.",
            Region::ALL.map(Region::code).join(", ")
        )
    })?;
    let base = api_base
        .map(|base| base.trim().trim_end_matches('/'))
        .unwrap_or_default();
    let direct = |sandbox_url: &str| ConnectionSettings {
        region,
        access: Access::Direct,
        sandbox_url: sandbox_url.to_owned(),
        token: String::new(),
        remember: false,
    };
    if base.is_empty() || base == format!("https://{}.api.konghq.com", region.code()) {
        return Ok(direct(DEFAULT_SANDBOX_URL));
    }
    if let Some(prefix) = base.strip_suffix(&format!("/{}", region.code())) {
        let prefix_is_path = prefix.starts_with('/') && validate_proxy_prefix(prefix).is_ok();
        let prefix_is_url = prefix.starts_with("https://") || prefix.starts_with("http://");
        if prefix_is_path || prefix_is_url {
            return Ok(ConnectionSettings {
                access: Access::Proxy {
                    prefix: prefix.to_owned(),
                },
                ..direct(DEFAULT_SANDBOX_URL)
            });
        }
    }
    if region == Region::Local {
        return validate_sandbox_url(base).map(|url| direct(&url));
    }
    Err(format!(
        "apiBase {base:?} must be https://{code}.api.konghq.com or end with /{code} (a proxy prefix).",
        code = region.code()
    ))
}

/// Checks a Konnect personal access token (`kpat_…`) or system account token (`spat_…`).
/// Surrounding whitespace, which copying often adds, is removed.
pub fn validate_token(raw: &str) -> Result<String, String> {
    let token = raw.trim();
    if token.is_empty() {
        return Err(
            "Enter a personal access token (kpat_…) or a system account token (spat_…).".into(),
        );
    }
    if token.chars().any(char::is_whitespace) {
        return Err("The token cannot contain spaces or line breaks.".into());
    }
    let Some(secret) = token
        .strip_prefix(PERSONAL_TOKEN_PREFIX)
        .or_else(|| token.strip_prefix(SYSTEM_TOKEN_PREFIX))
    else {
        return Err(
            "A Konnect token starts with kpat_ (personal access token) or spat_ (system account token)."
                .into(),
        );
    };
    if let Some(bad) = secret.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(format!(
            "The token contains '{bad}', which Konnect tokens never do: copy it again."
        ));
    }
    if secret.len() < MIN_TOKEN_SECRET_LEN {
        return Err("This token is too short: it was probably cut when copied.".into());
    }
    Ok(token.to_owned())
}

/// Checks a same-origin path prefix such as `/konnect`. Returns it without a trailing slash.
pub fn validate_proxy_prefix(raw: &str) -> Result<String, String> {
    let prefix = raw.trim().trim_end_matches('/');
    if raw.trim().is_empty() {
        return Err("Enter the path your proxy serves Konnect under, for example /konnect.".into());
    }
    if !raw.trim().starts_with('/') || raw.trim().starts_with("//") {
        return Err(
            "Enter a path on this site that starts with a single /, for example /konnect.".into(),
        );
    }
    if prefix.is_empty() {
        return Err("The prefix cannot be / alone: use a path such as /konnect.".into());
    }
    if let Some(bad) = prefix
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.' | '~')))
    {
        return Err(format!(
            "A path prefix may contain letters, digits, / - _ . ~ only, not '{bad}'."
        ));
    }
    if prefix
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        return Err("The prefix cannot contain . or .. segments.".into());
    }
    Ok(prefix.to_owned())
}

/// Checks the local sandbox's address: `http(s)://host[:port]`, no path.
pub fn validate_sandbox_url(raw: &str) -> Result<String, String> {
    let url = raw.trim().trim_end_matches('/');
    let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return Err("Enter the sandbox address, for example http://127.0.0.1:8070.".into());
    };
    if rest.is_empty()
        || rest.contains(['/', '?', '#', '@'])
        || rest.chars().any(char::is_whitespace)
    {
        return Err(
            "Enter only the scheme, host and port, for example http://127.0.0.1:8070.".into(),
        );
    }
    if let Some((_, port)) = rest.rsplit_once(':')
        && !rest.ends_with(']')
        && port.parse::<u16>().map_or(true, |port| port == 0)
    {
        return Err("The port must be a number from 1 to 65535.".into());
    }
    Ok(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "kpat_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";

    #[test]
    fn settings_survive_session_storage_whole_or_not_at_all() {
        let settings = [
            ConnectionSettings {
                region: Region::Eu,
                access: Access::Proxy {
                    prefix: "/konnect".into(),
                },
                sandbox_url: DEFAULT_SANDBOX_URL.into(),
                token: TOKEN.into(),
                remember: true,
            },
            ConnectionSettings {
                region: Region::Local,
                access: Access::Direct,
                sandbox_url: "http://127.0.0.1:9000".into(),
                token: TOKEN.into(),
                remember: true,
            },
        ];
        for settings in settings {
            let stored = serde_json::to_string(&settings).unwrap_or_default();
            let read =
                StoredObject::parse(&stored).and_then(|s| ConnectionSettings::from_stored(&s));
            assert_eq!(read, Some(settings));
        }
        let without_token =
            r#"{"region":"eu","access":{"mode":"direct"},"sandbox_url":"","remember":true}"#;
        let unknown_region = format!(
            r#"{{"region":"xx","access":{{"mode":"direct"}},"sandbox_url":"","token":"{TOKEN}","remember":true}}"#
        );
        for stored in [without_token, unknown_region.as_str()] {
            let read =
                StoredObject::parse(stored).and_then(|s| ConnectionSettings::from_stored(&s));
            assert_eq!(read, None, "{stored}");
        }
    }

    fn draft() -> ConnectionDraft {
        ConnectionDraft {
            token: TOKEN.into(),
            ..ConnectionDraft::new_default()
        }
    }

    #[test]
    fn accepts_both_token_kinds_and_trims_copy_whitespace() {
        assert_eq!(
            validate_token(&format!("  {TOKEN}\n")),
            Ok(TOKEN.to_owned())
        );
        let system = TOKEN.replacen("kpat_", "spat_", 1);
        assert_eq!(validate_token(&system), Ok(system.clone()));
        assert_eq!(token_kind(&system), "system account token");
        assert_eq!(token_kind(TOKEN), "personal access token");
    }

    #[test]
    fn rejects_bad_tokens_with_a_reason() {
        assert_eq!(
            validate_token(""),
            Err(
                "Enter a personal access token (kpat_…) or a system account token (spat_…).".into()
            )
        );
        assert_eq!(
            validate_token("Bearer kpat_abc"),
            Err("The token cannot contain spaces or line breaks.".into())
        );
        assert_eq!(
            validate_token("kpt_abcdefghijklmnopqrstuvwxyz"),
            Err("A Konnect token starts with kpat_ (personal access token) or spat_ (system account token).".into())
        );
        assert_eq!(
            validate_token("kpat_abc"),
            Err("This token is too short: it was probably cut when copied.".into())
        );
        assert_eq!(
            validate_token("kpat_abcdefghijklmnopqrstuvwxyz\"0123"),
            Err("The token contains '\"', which Konnect tokens never do: copy it again.".into())
        );
    }

    #[test]
    fn proxy_prefix_must_be_a_same_origin_path() {
        assert_eq!(validate_proxy_prefix("/konnect/"), Ok("/konnect".into()));
        assert_eq!(
            validate_proxy_prefix(" /api/konnect "),
            Ok("/api/konnect".into())
        );
        for bad in [
            "",
            "konnect",
            "//evil.example",
            "https://x",
            "/",
            "/a b",
            "/a/../b",
            "/a?b",
        ] {
            assert!(
                validate_proxy_prefix(bad).is_err(),
                "{bad:?} should be rejected"
            );
        }
        assert_eq!(
            validate_proxy_prefix("//evil.example"),
            Err(
                "Enter a path on this site that starts with a single /, for example /konnect."
                    .into()
            )
        );
    }

    #[test]
    fn sandbox_url_is_an_origin() {
        assert_eq!(
            validate_sandbox_url("http://127.0.0.1:8070/"),
            Ok("http://127.0.0.1:8070".into())
        );
        assert_eq!(
            validate_sandbox_url("https://[::1]"),
            Ok("https://[::1]".into())
        );
        assert!(validate_sandbox_url("127.0.0.1:8070").is_err());
        assert!(validate_sandbox_url("http://127.0.0.1:8070/v2").is_err());
        assert_eq!(
            validate_sandbox_url("http://127.0.0.1:99999"),
            Err("The port must be a number from 1 to 65535.".into())
        );
    }

    #[test]
    fn direct_regions_use_konnect_hosts() {
        let settings = ConnectionDraft {
            region: "eu".into(),
            ..draft()
        }
        .validate()
        .unwrap();
        assert_eq!(settings.regional_base(), "https://eu.api.konghq.com");
        assert_eq!(settings.global_base(), "https://global.api.konghq.com");
    }

    #[test]
    fn proxy_mode_uses_same_origin_prefixes() {
        let settings = ConnectionDraft {
            region: "au".into(),
            access: "proxy".into(),
            proxy_prefix: "/konnect/".into(),
            ..draft()
        }
        .validate()
        .unwrap();
        assert_eq!(settings.regional_base(), "/konnect/au");
        assert_eq!(settings.global_base(), "/konnect/global");
        assert_eq!(settings.describe(), "Australia (AU) · through /konnect/au");
    }

    #[test]
    fn local_sandbox_serves_identity_itself() {
        let settings = ConnectionDraft {
            region: "local".into(),
            sandbox_url: "http://127.0.0.1:9000".into(),
            ..draft()
        }
        .validate()
        .unwrap();
        assert_eq!(settings.regional_base(), "http://127.0.0.1:9000");
        assert_eq!(settings.global_base(), "http://127.0.0.1:9000");
    }

    #[test]
    fn reports_every_bad_field_at_once() {
        let errors = ConnectionDraft {
            region: "mars".into(),
            access: "proxy".into(),
            proxy_prefix: "konnect".into(),
            token: "nope".into(),
            ..draft()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            errors.keys().copied().collect::<Vec<_>>(),
            [field::PROXY_PREFIX, field::REGION, field::TOKEN]
        );
    }

    #[test]
    fn debug_output_never_contains_the_token() {
        let settings = draft().validate().unwrap();
        let printed = format!("{settings:?}");
        assert!(!printed.contains(TOKEN));
        assert!(printed.contains("personal access token"));
    }

    #[test]
    fn draft_round_trips_through_settings() {
        let settings = ConnectionDraft {
            access: "proxy".into(),
            proxy_prefix: "/k".into(),
            remember: true,
            ..draft()
        }
        .validate()
        .unwrap();
        assert_eq!(
            ConnectionDraft::from_settings(&settings).validate(),
            Ok(settings)
        );
    }

    #[test]
    fn host_connections_from_region_and_api_base() {
        let eu = host_connection("eu", Some("/konnect/eu")).expect("proxy prefix");
        assert_eq!(eu.regional_base(), "/konnect/eu");
        assert_eq!(eu.global_base(), "/konnect/global");
        assert_eq!(eu.token, "");
        assert!(!eu.remember);

        let direct = host_connection("us", None).expect("direct");
        assert_eq!(direct.regional_base(), "https://us.api.konghq.com");
        let direct = host_connection("au", Some("https://au.api.konghq.com/")).expect("direct");
        assert_eq!(direct.access, Access::Direct);

        let remote_proxy =
            host_connection("me", Some("https://portal.example.com/api/me")).expect("proxy");
        assert_eq!(
            remote_proxy.regional_base(),
            "https://portal.example.com/api/me"
        );
        assert_eq!(
            remote_proxy.global_base(),
            "https://portal.example.com/api/global"
        );

        let sandbox = host_connection("local", Some("http://127.0.0.1:8070")).expect("sandbox");
        assert_eq!(sandbox.regional_base(), "http://127.0.0.1:8070");
        assert_eq!(sandbox.global_base(), "http://127.0.0.1:8070");
    }

    #[test]
    fn host_connections_say_what_is_wrong() {
        assert_eq!(
            host_connection("mars", None).unwrap_err(),
            "Unknown region \"mars\": use one of us, eu, au, me, in, local."
        );
        assert_eq!(
            host_connection("eu", Some("/konnect/us")).unwrap_err(),
            "apiBase \"/konnect/us\" must be https://eu.api.konghq.com or end with /eu (a proxy prefix)."
        );
        assert!(host_connection("local", Some("ftp://x")).is_err());
    }
}
