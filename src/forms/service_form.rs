//! Step 1 of the wizard, and "Edit" of a gateway service: name, upstream address (a URL, or
//! protocol, host, port and path) and the advanced fields.

use domain::model::{Protocol, Service};
use domain::short_sort;
use domain::{Target, UrlParts};
use leptos::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};

use super::{
    AdvancedSection, FormErrors, FormLayout, FormMessages, FormPosition, KeyTarget, ShownErrors,
    changed_keys, edit_json, integer_or_text, split_key, split_list, text_binding,
};
use crate::components::field::{BoundSelectField, BoundTextField};
use crate::components::ids::dom_id;
use crate::stored::StoredObject;

/// The ids of the form's controls (also the error-summary link targets).
pub mod field {
    pub const NAME: &str = "service-name";
    /// The radio group choosing between a URL and its parts.
    pub const INPUT_MODE: &str = "service-input-mode";
    pub const URL: &str = "service-url";
    pub const PROTOCOL: &str = "service-protocol";
    pub const HOST: &str = "service-host";
    pub const PORT: &str = "service-port";
    pub const PATH: &str = "service-path";
    pub const RETRIES: &str = "service-retries";
    pub const CONNECT_TIMEOUT: &str = "service-connect-timeout";
    pub const WRITE_TIMEOUT: &str = "service-write-timeout";
    pub const READ_TIMEOUT: &str = "service-read-timeout";
    pub const CLIENT_CERTIFICATE: &str = "service-client-certificate";
    pub const CA_CERTIFICATES: &str = "service-ca-certificates";
    pub const TLS_VERIFY: &str = "service-tls-verify";
    pub const TLS_VERIFY_DEPTH: &str = "service-tls-verify-depth";
    /// Form-level messages.
    pub const FORM_MESSAGES: &str = "service-form-messages";
}

/// The fields in form order, with the labels the error summary uses.
const FIELD_ORDER: [(&str, &str); 14] = [
    (field::NAME, "Name"),
    (field::URL, "URL"),
    (field::PROTOCOL, "Protocol"),
    (field::HOST, "Host"),
    (field::PORT, "Port"),
    (field::PATH, "Path"),
    (field::RETRIES, "Retries"),
    (field::CONNECT_TIMEOUT, "Connect timeout"),
    (field::WRITE_TIMEOUT, "Write timeout"),
    (field::READ_TIMEOUT, "Read timeout"),
    (field::CLIENT_CERTIFICATE, "Client certificate"),
    (field::CA_CERTIFICATES, "CA certificates"),
    (field::TLS_VERIFY, "TLS verify"),
    (field::TLS_VERIFY_DEPTH, "TLS verify depth"),
];

/// The fields behind "View 6 Advanced Fields" (opened when one of them has an error).
const ADVANCED_FIELDS: [&str; 8] = [
    field::RETRIES,
    field::CONNECT_TIMEOUT,
    field::WRITE_TIMEOUT,
    field::READ_TIMEOUT,
    field::CLIENT_CERTIFICATE,
    field::CA_CERTIFICATES,
    field::TLS_VERIFY,
    field::TLS_VERIFY_DEPTH,
];

/// Kong's service keys this form sets (`url` stands for protocol, host, port and path).
const FORM_KEYS: [&str; 14] = [
    "name",
    "url",
    "protocol",
    "host",
    "port",
    "path",
    "retries",
    "connect_timeout",
    "write_timeout",
    "read_timeout",
    "client_certificate",
    "ca_certificates",
    "tls_verify",
    "tls_verify_depth",
];

/// How the upstream address is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputMode {
    /// "Add using URL" (Kong's write-only `url` shorthand).
    #[default]
    Url,
    /// "Add using Protocol, Host and Path" (with port).
    Parts,
}

/// Everything typed into the service form, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceDraft {
    pub name: String,
    pub input_mode: InputMode,
    pub url: String,
    /// One of Kong's protocol names.
    pub protocol: String,
    pub host: String,
    pub port: String,
    pub path: String,
    pub retries: String,
    pub connect_timeout: String,
    pub write_timeout: String,
    pub read_timeout: String,
    /// A certificate id.
    pub client_certificate: String,
    /// Certificate ids, comma-separated.
    pub ca_certificates: String,
    /// `None`: the gateway's default (`tls_verify` not sent).
    pub tls_verify: Option<bool>,
    pub tls_verify_depth: String,
}

impl Default for ServiceDraft {
    fn default() -> Self {
        ServiceDraft {
            name: String::new(),
            input_mode: InputMode::Url,
            url: String::new(),
            protocol: Protocol::Http.as_str().to_string(),
            host: String::new(),
            port: String::new(),
            path: String::new(),
            retries: String::new(),
            connect_timeout: String::new(),
            write_timeout: String::new(),
            read_timeout: String::new(),
            client_certificate: String::new(),
            ca_certificates: String::new(),
            tls_verify: None,
            tls_verify_depth: String::new(),
        }
    }
}

impl ServiceDraft {
    /// The draft as stored (see [`Serialize`]); each missing field takes its default.
    pub fn from_stored(stored: &StoredObject) -> ServiceDraft {
        let default = ServiceDraft::default();
        let text = |key: &str, default: String| stored.text(key).unwrap_or(default);
        ServiceDraft {
            name: text("name", default.name),
            input_mode: match stored.text("input_mode").as_deref() {
                Some("parts") => InputMode::Parts,
                Some("url") => InputMode::Url,
                _ => default.input_mode,
            },
            url: text("url", default.url),
            protocol: text("protocol", default.protocol),
            host: text("host", default.host),
            port: text("port", default.port),
            path: text("path", default.path),
            retries: text("retries", default.retries),
            connect_timeout: text("connect_timeout", default.connect_timeout),
            write_timeout: text("write_timeout", default.write_timeout),
            read_timeout: text("read_timeout", default.read_timeout),
            client_certificate: text("client_certificate", default.client_certificate),
            ca_certificates: text("ca_certificates", default.ca_certificates),
            tls_verify: stored.flag("tls_verify").or(default.tls_verify),
            tls_verify_depth: text("tls_verify_depth", default.tls_verify_depth),
        }
    }
}

/// Kong allows a service `path` except for these protocols (`services.lua:52-73`).
fn allows_path(protocol: &str) -> bool {
    !matches!(protocol, "tcp" | "tls" | "udp" | "grpc" | "grpcs")
}

/// Kong allows the client certificate, CA certificates and TLS verification only for these.
fn allows_tls_fields(protocol: &str) -> bool {
    matches!(protocol, "https" | "tls")
}

/// The port used when the port field is left empty: Kong's default is 80 whatever the protocol,
/// which is almost never what an https upstream listens on, so the form says and sends 443.
fn default_port(protocol: &str) -> u16 {
    match protocol {
        "https" | "grpcs" => 443,
        _ => 80,
    }
}

impl ServiceDraft {
    /// The draft for editing an existing service. `url` is write-only in Kong, so the parts are
    /// shown; the equivalent URL is filled in too, for a switch to URL mode.
    pub fn from_service(service: &Service) -> ServiceDraft {
        let path = service.path.as_value().cloned();
        let url = domain::join_url(&UrlParts {
            protocol: service.protocol.as_str().to_string(),
            host: service.host.clone(),
            port: Some(service.port),
            path: path.clone(),
        });
        let number = |value: Option<String>| value.unwrap_or_default();
        ServiceDraft {
            name: service.name.as_value().cloned().unwrap_or_default(),
            input_mode: InputMode::Parts,
            url,
            protocol: service.protocol.as_str().to_string(),
            host: service.host.clone(),
            port: service.port.to_string(),
            path: path.unwrap_or_default(),
            retries: number(service.retries.as_value().map(u16::to_string)),
            connect_timeout: number(service.connect_timeout.as_value().map(u32::to_string)),
            write_timeout: number(service.write_timeout.as_value().map(u32::to_string)),
            read_timeout: number(service.read_timeout.as_value().map(u32::to_string)),
            client_certificate: service
                .client_certificate
                .as_value()
                .map(|certificate| certificate.id.clone())
                .unwrap_or_default(),
            ca_certificates: service
                .ca_certificates
                .as_value()
                .map(|ids| ids.join(", "))
                .unwrap_or_default(),
            tls_verify: service.tls_verify.as_value().copied(),
            tls_verify_depth: number(service.tls_verify_depth.as_value().map(u8::to_string)),
        }
    }

    /// The protocol the service will have: the URL's scheme in URL mode.
    pub fn effective_protocol(&self) -> String {
        match self.input_mode {
            InputMode::Parts => self.protocol.clone(),
            InputMode::Url => domain::split_url(&self.url)
                .map(|parts| parts.protocol)
                .unwrap_or_else(|_| url_scheme(&self.url).unwrap_or("http").to_string()),
        }
    }

    /// Whether the path field applies (Kong forbids a path for tcp, tls, udp, grpc, grpcs).
    pub fn shows_path(&self) -> bool {
        allows_path(&self.protocol)
    }

    /// Whether the TLS fields (client certificate, CA certificates, TLS verify and its depth)
    /// apply: Kong allows them only for https and tls.
    pub fn shows_tls_fields(&self) -> bool {
        allows_tls_fields(&self.effective_protocol())
    }

    /// The JSON to validate and send: only what the user filled (fields that do not apply to
    /// the protocol are left out, though kept in the draft), numbers as numbers when they look
    /// like integers and as text otherwise so Kong's `expected an integer` appears.
    pub fn to_json(&self) -> Value {
        let mut json = Map::new();
        let mut put_text = |key: &str, text: &str| {
            if !text.is_empty() {
                json.insert(key.to_string(), Value::from(text));
            }
        };
        put_text("name", &self.name);
        match self.input_mode {
            InputMode::Url => put_text("url", &self.url),
            InputMode::Parts => {
                put_text("protocol", &self.protocol);
                put_text("host", &self.host);
                if self.shows_path() {
                    put_text("path", &self.path);
                }
                let port = integer_or_text(&self.port)
                    .unwrap_or_else(|| Value::from(default_port(&self.protocol)));
                json.insert("port".to_string(), port);
            }
        }
        let numbers = [
            ("retries", &self.retries),
            ("connect_timeout", &self.connect_timeout),
            ("write_timeout", &self.write_timeout),
            ("read_timeout", &self.read_timeout),
        ];
        for (key, text) in numbers {
            if let Some(value) = integer_or_text(text) {
                json.insert(key.to_string(), value);
            }
        }
        if self.shows_tls_fields() {
            if !self.client_certificate.is_empty() {
                json.insert(
                    "client_certificate".to_string(),
                    serde_json::json!({ "id": self.client_certificate }),
                );
            }
            let ca_certificates = split_list(&self.ca_certificates);
            if !ca_certificates.is_empty() {
                json.insert("ca_certificates".to_string(), Value::from(ca_certificates));
            }
            if let Some(verify) = self.tls_verify {
                json.insert("tls_verify".to_string(), Value::from(verify));
            }
            if let Some(depth) = integer_or_text(&self.tls_verify_depth) {
                json.insert("tls_verify_depth".to_string(), depth);
            }
        }
        Value::Object(json)
    }

    /// Validates with Kong's rules (Konnect: `:` allowed in the name) and returns the normalized
    /// service, ready to send, or the problems mapped onto the form's fields.
    pub fn validate(&self) -> Result<Service, FormErrors> {
        domain::validate_service(&self.to_json(), Target::Konnect)
            .map_err(|errors| FormErrors::from_validation(self.layout(), &errors))
    }

    /// The PUT body for editing `original`: what the form does not show (tags, `enabled`) is
    /// kept, the form's fields come from the form (an emptied field gets Kong's default).
    pub fn edit_json(&self, original: &Service) -> Value {
        edit_json(original, &FORM_KEYS, self.to_json())
    }

    /// [`Self::validate`] for an edit: validates [`Self::edit_json`].
    pub fn validate_edit(&self, original: &Service) -> Result<Service, FormErrors> {
        domain::validate_service(&self.edit_json(original), Target::Konnect)
            .map_err(|errors| FormErrors::from_validation(self.layout(), &errors))
    }

    /// The problems of this draft (none when it is valid); the starting point for merging the
    /// server's field errors.
    pub fn errors(&self) -> FormErrors {
        self.validate()
            .err()
            .unwrap_or_else(|| FormErrors::new(self.layout()))
    }

    /// The ids of the fields whose value differs from `original` (the service being edited), in
    /// form order. Empty: nothing to save. A URL is compared by its parts, so typing the same
    /// address as a URL is no change.
    pub fn changed_fields(&self, original: &ServiceDraft) -> Vec<String> {
        let keys = changed_keys(&self.comparable_json(), &original.comparable_json());
        let mut ids: Vec<String> = keys
            .iter()
            .filter_map(|key| match target_for_key(self.input_mode, key) {
                KeyTarget::Field { id, .. } => Some(id),
                KeyTarget::Form { .. } => None,
            })
            .collect();
        short_sort::sort_by_key(&mut ids, |id| {
            position_and_label(id).map_or((usize::MAX, 0), |(position, _)| position)
        });
        ids.dedup();
        ids
    }

    /// Switches between URL and parts, carrying over what was typed: a URL that splits fills
    /// the parts, complete parts fill the URL.
    pub fn switch_mode(&mut self, mode: InputMode) {
        if mode == self.input_mode {
            return;
        }
        match mode {
            InputMode::Parts => {
                if let Ok(parts) = domain::split_url(&self.url) {
                    self.protocol = parts.protocol;
                    self.host = parts.host;
                    self.port = parts.port.map(|port| port.to_string()).unwrap_or_default();
                    self.path = parts.path.unwrap_or_default();
                }
            }
            InputMode::Url => {
                let port = if self.port.trim().is_empty() {
                    Some(default_port(&self.protocol))
                } else {
                    self.port.trim().parse::<u16>().ok()
                };
                if !self.host.is_empty()
                    && let Some(port) = port
                {
                    let path =
                        (self.shows_path() && !self.path.is_empty()).then(|| self.path.clone());
                    self.url = domain::join_url(&UrlParts {
                        protocol: self.protocol.clone(),
                        host: self.host.clone(),
                        port: Some(port),
                        path,
                    });
                }
            }
        }
        self.input_mode = mode;
    }

    fn layout(&self) -> FormLayout {
        FormLayout::Service(self.input_mode)
    }

    /// [`Self::to_json`] with the URL expanded into its parts, for comparing two drafts.
    fn comparable_json(&self) -> Value {
        let mut json = self.to_json();
        if let Some(object) = json.as_object_mut()
            && let Some(Value::String(url)) = object.get("url")
            && let Ok(parts) = domain::split_url(url)
        {
            object.remove("url");
            object.insert("protocol".into(), Value::from(parts.protocol));
            object.insert("host".into(), Value::from(parts.host));
            object.insert(
                "port".into(),
                Value::from(parts.port.unwrap_or(default_port("http"))),
            );
            if let Some(path) = parts.path {
                object.insert("path".into(), Value::from(path));
            }
        }
        json
    }
}

/// The scheme of a URL as luasocket reads it (`^[%w][%w+%-.]*:`), for a URL that does not
/// split yet (the user is still typing it).
fn url_scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut bytes = scheme.bytes();
    let valid = bytes.next().is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    valid.then_some(scheme)
}

/// Where Kong's error key lands in this form.
pub(crate) fn target_for_key(mode: InputMode, kong_key: &str) -> KeyTarget {
    let (kong_field, index) = split_key(kong_key);
    match kong_field {
        "name" => KeyTarget::field(field::NAME),
        "url" => KeyTarget::field(field::URL),
        // The URL shorthand is expanded before validation, so its errors name the parts.
        "protocol" | "host" | "port" | "path" if mode == InputMode::Url => {
            KeyTarget::prefixed(field::URL, kong_field)
        }
        "protocol" => KeyTarget::field(field::PROTOCOL),
        "host" => KeyTarget::field(field::HOST),
        "port" => KeyTarget::field(field::PORT),
        "path" => KeyTarget::field(field::PATH),
        "retries" => KeyTarget::field(field::RETRIES),
        "connect_timeout" => KeyTarget::field(field::CONNECT_TIMEOUT),
        "write_timeout" => KeyTarget::field(field::WRITE_TIMEOUT),
        "read_timeout" => KeyTarget::field(field::READ_TIMEOUT),
        "client_certificate" => KeyTarget::field(field::CLIENT_CERTIFICATE),
        "ca_certificates" => match index {
            Some(index) => {
                KeyTarget::prefixed(field::CA_CERTIFICATES, format!("certificate {index}"))
            }
            None => KeyTarget::field(field::CA_CERTIFICATES),
        },
        "tls_verify" => KeyTarget::field(field::TLS_VERIFY),
        "tls_verify_depth" => KeyTarget::field(field::TLS_VERIFY_DEPTH),
        _ => KeyTarget::Form {
            prefix: Some(kong_key.to_string()),
        },
    }
}

pub(crate) fn position_and_label(field_id: &str) -> Option<(FormPosition, String)> {
    FIELD_ORDER
        .iter()
        .enumerate()
        .find(|(_, (id, _))| *id == field_id)
        .map(|(position, (_, label))| ((position, 0), (*label).to_string()))
}

/// Entity checks are about the protocol and what it allows, so they link to where it is chosen.
pub(crate) fn form_anchor(mode: InputMode) -> (String, String) {
    match mode {
        InputMode::Url => (field::URL.to_string(), "URL".to_string()),
        InputMode::Parts => (field::PROTOCOL.to_string(), "Protocol".to_string()),
    }
}

const NAME_HELP: &str = "Letters, digits and . - _ ~ : only, no spaces. For example \
    example_service, ExampleService or Example-Service (not Example Service).";
const URL_HELP: &str = "The upstream address, for example https://api.example.com/flights.";
const PORT_HELP: &str = "Empty: 443 for https and grpcs, 80 otherwise.";
const PATH_HELP: &str = "Starts with /, for example /flights. Requests are sent to the upstream \
    with this path in front of theirs.";
const HOST_HELP: &str = "A host name or IP address, without a port, for example api.example.com.";
const RETRIES_HELP: &str = "How often a failed request is retried, 0 to 32767. Empty: 5.";
const TIMEOUT_HELP: &str = "Milliseconds, 1 to 2147483646. Empty: 60000.";
const CLIENT_CERTIFICATE_HELP: &str =
    "The id of the certificate the gateway presents to the upstream.";
const CA_CERTIFICATES_HELP: &str =
    "Ids of the CA certificates that verify the upstream, comma-separated.";
const TLS_VERIFY_DEPTH_HELP: &str =
    "Longest certificate chain accepted, 0 to 64. Empty: the gateway default.";

/// The service form's controls, bound to `draft`. Messages show for a field once it was left,
/// or for all fields when `show_all` is true, then follow every keystroke.
#[component]
pub fn ServiceFields(
    draft: RwSignal<ServiceDraft>,
    #[prop(into)] errors: Signal<FormErrors>,
    #[prop(into)] show_all: Signal<bool>,
) -> impl IntoView {
    let shown = ShownErrors::new(errors, show_all);
    let advanced_open = RwSignal::new(false);
    // After Next, an error hidden in the collapsed section must still be reachable.
    Effect::new(move |_| {
        if shown.any_shown(&ADVANCED_FIELDS) {
            advanced_open.set(true);
        }
    });
    let mode = Signal::derive(move || draft.with(|draft| draft.input_mode));
    let shows_path = Signal::derive(move || draft.with(ServiceDraft::shows_path));
    let shows_tls = Signal::derive(move || draft.with(ServiceDraft::shows_tls_fields));

    let text_field = move |id: &'static str,
                           label: &'static str,
                           read: fn(&ServiceDraft) -> &String,
                           write: fn(&mut ServiceDraft) -> &mut String,
                           help: &'static str,
                           inputmode: &'static str| {
        let (value, on_input) = text_binding(draft, read, write);
        view! {
            <BoundTextField
                id
                label
                value
                on_input
                error=shown.error_for(id)
                help
                inputmode
                on_blur=shown.touch(id)
            />
        }
    };

    let protocol_options: Vec<(String, String)> = Protocol::ALL
        .iter()
        .map(|protocol| (protocol.as_str().to_string(), protocol.as_str().to_string()))
        .collect();
    let (protocol, set_protocol) = text_binding(draft, |d| &d.protocol, |d| &mut d.protocol);
    let tls_verify = Signal::derive(move || {
        draft.with(|draft| match draft.tls_verify {
            None => String::new(),
            Some(verify) => verify.to_string(),
        })
    });
    let set_tls_verify = Callback::new(move |choice: String| {
        draft.update(|draft| draft.tls_verify = choice.parse::<bool>().ok());
    });
    let tls_verify_options = vec![
        (String::new(), "Gateway default".to_string()),
        (
            "true".to_string(),
            "Verify the upstream's certificate".to_string(),
        ),
        ("false".to_string(), "Do not verify".to_string()),
    ];

    view! {
        <div class="ksh-form-section ksh-service-fields">
            <FormMessages id=field::FORM_MESSAGES messages=shown.form_messages() />
            {text_field(field::NAME, "Name", |d| &d.name, |d| &mut d.name, NAME_HELP, "text")}
            <fieldset class="ksh-field ksh-radio-group" id=dom_id(field::INPUT_MODE)>
                <legend>"Upstream address"</legend>
                <ModeOption mode=InputMode::Url label="Add using URL" draft />
                <ModeOption mode=InputMode::Parts label="Add using Protocol, Host and Path" draft />
            </fieldset>
            <Show when=move || mode.get() == InputMode::Url>
                {text_field(field::URL, "URL", |d| &d.url, |d| &mut d.url, URL_HELP, "url")}
            </Show>
            <Show when=move || mode.get() == InputMode::Parts>
                <BoundSelectField
                    id=field::PROTOCOL
                    label="Protocol"
                    value=protocol
                    on_change=set_protocol
                    options=protocol_options.clone()
                    error=shown.error_for(field::PROTOCOL)
                />
                {text_field(field::HOST, "Host", |d| &d.host, |d| &mut d.host,
                    HOST_HELP, "text")}
                {text_field(field::PORT, "Port", |d| &d.port, |d| &mut d.port, PORT_HELP, "numeric")}
                <Show when=move || shows_path.get()>
                    {text_field(field::PATH, "Path", |d| &d.path, |d| &mut d.path, PATH_HELP, "text")}
                </Show>
            </Show>
            <AdvancedSection prefix="service" closed_label="View 6 Advanced Fields" open=advanced_open>
                {text_field(field::RETRIES, "Retries", |d| &d.retries, |d| &mut d.retries,
                    RETRIES_HELP, "numeric")}
                {text_field(field::CONNECT_TIMEOUT, "Connect timeout", |d| &d.connect_timeout,
                    |d| &mut d.connect_timeout, TIMEOUT_HELP, "numeric")}
                {text_field(field::WRITE_TIMEOUT, "Write timeout", |d| &d.write_timeout,
                    |d| &mut d.write_timeout, TIMEOUT_HELP, "numeric")}
                {text_field(field::READ_TIMEOUT, "Read timeout", |d| &d.read_timeout,
                    |d| &mut d.read_timeout, TIMEOUT_HELP, "numeric")}
                <Show
                    when=move || shows_tls.get()
                    fallback=|| view! {
                        <p class="ksh-help ksh-tls-note">
                            "Client certificate, CA certificates and TLS verification apply to https and tls upstreams only."
                        </p>
                    }
                >
                    {text_field(field::CLIENT_CERTIFICATE, "Client certificate", |d| &d.client_certificate,
                        |d| &mut d.client_certificate,
                        CLIENT_CERTIFICATE_HELP, "text")}
                    {text_field(field::CA_CERTIFICATES, "CA certificates", |d| &d.ca_certificates,
                        |d| &mut d.ca_certificates,
                        CA_CERTIFICATES_HELP, "text")}
                    <BoundSelectField
                        id=field::TLS_VERIFY
                        label="TLS verify"
                        value=tls_verify
                        on_change=set_tls_verify
                        options=tls_verify_options.clone()
                        error=shown.error_for(field::TLS_VERIFY)
                    />
                    {text_field(field::TLS_VERIFY_DEPTH, "TLS verify depth", |d| &d.tls_verify_depth,
                        |d| &mut d.tls_verify_depth,
                        TLS_VERIFY_DEPTH_HELP, "numeric")}
                </Show>
            </AdvancedSection>
        </div>
    }
}

/// One radio button of the URL / parts switch.
#[component]
fn ModeOption(
    mode: InputMode,
    label: &'static str,
    draft: RwSignal<ServiceDraft>,
) -> impl IntoView {
    let id = dom_id(&match mode {
        InputMode::Url => format!("{}-url", field::INPUT_MODE),
        InputMode::Parts => format!("{}-parts", field::INPUT_MODE),
    });
    view! {
        <div class="ksh-radio">
            <input
                type="radio"
                id=id.clone()
                name=field::INPUT_MODE
                prop:checked=move || draft.with(|draft| draft.input_mode == mode)
                on:change=move |_| draft.update(|draft| draft.switch_mode(mode))
            />
            <label for=id>{label}</label>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    const CERT_A: &str = "2b7f3c1e-8a4d-4f6b-9c2e-1d5a7b3c9e01";
    const CERT_B: &str = "7c1e2b3f-4d8a-4b6f-8e2c-9a1d5b7c3e02";

    fn url_draft(url: &str) -> ServiceDraft {
        ServiceDraft {
            name: "flight-data".into(),
            url: url.into(),
            ..ServiceDraft::default()
        }
    }

    fn parts_draft(protocol: &str, host: &str, port: &str, path: &str) -> ServiceDraft {
        ServiceDraft {
            name: "flight-data".into(),
            input_mode: InputMode::Parts,
            protocol: protocol.into(),
            host: host.into(),
            port: port.into(),
            path: path.into(),
            ..ServiceDraft::default()
        }
    }

    fn field_errors(draft: &ServiceDraft) -> BTreeMap<String, String> {
        draft.errors().fields().clone()
    }

    fn map(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries
            .iter()
            .map(|(key, value)| ((*key).to_string(), (*value).to_string()))
            .collect()
    }

    #[test]
    fn url_mode_sends_only_what_was_filled() {
        assert_eq!(
            url_draft("https://api.example.com/flights").to_json(),
            json!({"name": "flight-data", "url": "https://api.example.com/flights"})
        );
        assert_eq!(ServiceDraft::default().to_json(), json!({}));
    }

    #[test]
    fn parts_mode_sends_every_field_with_numbers_as_numbers() {
        let draft = ServiceDraft {
            retries: "3".into(),
            connect_timeout: "1000".into(),
            write_timeout: "2000".into(),
            read_timeout: "3000".into(),
            client_certificate: CERT_A.into(),
            ca_certificates: format!("{CERT_A}, {CERT_B}"),
            tls_verify: Some(true),
            tls_verify_depth: "2".into(),
            ..parts_draft("https", "api.example.com", "8443", "/flights")
        };
        assert_eq!(
            draft.to_json(),
            json!({
                "name": "flight-data", "protocol": "https", "host": "api.example.com",
                "port": 8443, "path": "/flights", "retries": 3, "connect_timeout": 1000,
                "write_timeout": 2000, "read_timeout": 3000,
                "client_certificate": {"id": CERT_A}, "ca_certificates": [CERT_A, CERT_B],
                "tls_verify": true, "tls_verify_depth": 2
            })
        );
        let service = draft.validate();
        assert_eq!(service.as_ref().map(|s| s.port), Ok(8443));
        assert_eq!(
            service.map(|s| s.tls_verify),
            Ok(domain::model::Nullable::Value(true))
        );
    }

    #[test]
    fn fields_the_protocol_forbids_are_kept_but_not_sent() {
        let draft = ServiceDraft {
            client_certificate: CERT_A.into(),
            tls_verify: Some(false),
            ..parts_draft("grpc", "grpc.example.com", "9000", "/ignored")
        };
        assert!(!draft.shows_path());
        assert!(!draft.shows_tls_fields());
        assert_eq!(
            draft.to_json(),
            json!({"name": "flight-data", "protocol": "grpc", "host": "grpc.example.com", "port": 9000})
        );
        assert_eq!(draft.client_certificate, CERT_A);
        assert!(draft.validate().is_ok());
    }

    #[test]
    fn tls_fields_follow_the_url_scheme_even_while_it_is_being_typed() {
        assert!(url_draft("https://api.example.com").shows_tls_fields());
        assert!(url_draft("https://api.example.com/a b").shows_tls_fields());
        assert!(url_draft("tls://db.example.com:5432").shows_tls_fields());
        assert!(!url_draft("http://api.example.com").shows_tls_fields());
        assert!(!url_draft("").shows_tls_fields());
    }

    #[test]
    fn an_empty_port_is_the_protocols_usual_one() {
        assert_eq!(
            parts_draft("https", "h.example", "", "").to_json()["port"],
            json!(443)
        );
        assert_eq!(
            parts_draft("http", "h.example", " ", "").to_json()["port"],
            json!(80)
        );
    }

    #[test]
    fn text_that_is_not_an_integer_gets_kongs_message() {
        let draft = ServiceDraft {
            retries: "three".into(),
            read_timeout: "0".into(),
            ..parts_draft("http", "h.example", "80.5", "")
        };
        assert_eq!(draft.to_json()["port"], json!("80.5"));
        assert_eq!(
            field_errors(&draft),
            map(&[
                (field::PORT, "expected an integer"),
                (field::RETRIES, "expected an integer"),
                (
                    field::READ_TIMEOUT,
                    "value should be between 1 and 2147483646"
                ),
            ])
        );
    }

    #[test]
    fn url_errors_land_on_the_url_field_named_by_part() {
        assert_eq!(
            field_errors(&url_draft("")),
            map(&[(field::URL, "host: required field missing")])
        );
        assert_eq!(
            field_errors(&url_draft("http://api.example.com/a b")),
            map(&[(
                field::URL,
                "path: invalid path: '/a b' (characters outside of the reserved list of RFC 3986 found)"
            )])
        );
        let errors = url_draft("tcp://db.example.com:5432/x").errors();
        assert_eq!(
            errors.fields(),
            &map(&[(field::URL, "path: value must be null")])
        );
        assert_eq!(
            errors.form_messages(),
            ["failed conditional validation given value of field 'protocol'"]
        );
    }

    #[test]
    fn parts_errors_land_on_their_own_fields() {
        assert_eq!(
            field_errors(&parts_draft("http", "", "70000", "flights")),
            map(&[
                (field::HOST, "required field missing"),
                (field::PORT, "value should be between 0 and 65535"),
                (field::PATH, "should start with: /"),
            ])
        );
    }

    #[test]
    fn names_follow_konnects_rule() {
        let spaced = ServiceDraft {
            name: "Example Service".into(),
            ..url_draft("http://h.example")
        };
        assert_eq!(
            field_errors(&spaced),
            map(&[(
                field::NAME,
                "invalid value 'Example Service': the only accepted ascii characters are alphanumerics or ., -, _, ~, and :"
            )])
        );
        for name in [
            "example_service",
            "ExampleService",
            "Example-Service",
            "v1:flights",
        ] {
            let draft = ServiceDraft {
                name: name.into(),
                ..url_draft("http://h.example")
            };
            assert!(draft.validate().is_ok(), "{name}");
        }
    }

    #[test]
    fn each_ca_certificate_is_named_by_its_place() {
        let draft = ServiceDraft {
            ca_certificates: format!("nope, {CERT_A}, bad"),
            ..url_draft("https://h.example")
        };
        assert_eq!(
            field_errors(&draft),
            map(&[(
                field::CA_CERTIFICATES,
                "certificate 1: expected a valid UUID; certificate 3: expected a valid UUID"
            )])
        );
    }

    #[test]
    fn server_errors_land_on_the_same_fields() {
        let mut errors = url_draft("http://h.example").errors();
        assert!(errors.is_empty());
        errors.merge_server_errors(&map(&[
            (
                "name",
                "UNIQUE violation detected on '{name=\"flight-data\"}'",
            ),
            ("host", "invalid value: h_"),
            ("client_certificate.id", "expected a valid UUID"),
            ("tags.1", "invalid tag"),
            ("@entity", "entity message"),
        ]));
        assert_eq!(
            errors.fields(),
            &map(&[
                (field::CLIENT_CERTIFICATE, "expected a valid UUID"),
                (
                    field::NAME,
                    "UNIQUE violation detected on '{name=\"flight-data\"}'"
                ),
                (field::URL, "host: invalid value: h_"),
            ])
        );
        assert_eq!(
            errors.form_messages(),
            ["entity message", "tags.1: invalid tag"]
        );
    }

    #[test]
    fn the_summary_lists_form_messages_then_fields_in_form_order() {
        let mut errors = parts_draft("http", "", "x", "").errors();
        errors.add_form_message("something about the protocol");
        errors.add_field_message(field::NAME, "taken");
        let summary: Vec<(String, String, String)> = errors.summary();
        let expected = [
            (field::PROTOCOL, "Protocol", "something about the protocol"),
            (field::NAME, "Name", "taken"),
            (field::HOST, "Host", "required field missing"),
            (field::PORT, "Port", "expected an integer"),
        ];
        let expected: Vec<(String, String, String)> = expected
            .iter()
            .map(|(id, label, message)| (id.to_string(), label.to_string(), message.to_string()))
            .collect();
        assert_eq!(summary, expected);
    }

    fn example_service() -> Service {
        let json = json!({
            "name": "flight-data", "protocol": "https", "host": "api.example.com", "port": 8443,
            "path": "/flights", "retries": 2, "connect_timeout": 1000, "write_timeout": 2000,
            "read_timeout": 3000, "ca_certificates": [CERT_A, CERT_B], "tls_verify": false,
            "tls_verify_depth": 3, "client_certificate": {"id": CERT_A}
        });
        match domain::validate_service(&json, Target::Konnect) {
            Ok(service) => service,
            Err(errors) => panic!("example service is invalid: {errors}"),
        }
    }

    #[test]
    fn an_existing_service_round_trips_through_the_form() {
        let service = example_service();
        let draft = ServiceDraft::from_service(&service);
        assert_eq!(draft.input_mode, InputMode::Parts);
        assert_eq!(draft.port, "8443");
        assert_eq!(draft.ca_certificates, format!("{CERT_A}, {CERT_B}"));
        assert_eq!(draft.url, "https://api.example.com:8443/flights");
        assert_eq!(draft.validate(), Ok(service));
    }

    #[test]
    fn changed_fields_lists_only_what_differs() {
        let original = ServiceDraft::from_service(&example_service());
        assert_eq!(original.changed_fields(&original), Vec::<String>::new());

        let mut edited = original.clone();
        edited.retries = "4".into();
        edited.host = "api2.example.com".into();
        assert_eq!(
            edited.changed_fields(&original),
            vec![field::HOST.to_string(), field::RETRIES.to_string()]
        );

        // The same address typed as a URL is no change; a different one is on the URL field.
        let mut as_url = original.clone();
        as_url.switch_mode(InputMode::Url);
        assert_eq!(as_url.changed_fields(&original), Vec::<String>::new());
        as_url.url = "https://api.example.com:8443/v2".into();
        assert_eq!(
            as_url.changed_fields(&original),
            vec![field::URL.to_string()]
        );
    }

    #[test]
    fn an_edit_keeps_what_the_form_does_not_show() {
        let original = Service {
            id: domain::model::Nullable::Value(CERT_B.into()),
            tags: domain::model::Nullable::Value(vec!["team-a".into()]),
            enabled: false,
            ..example_service()
        };
        let mut draft = ServiceDraft::from_service(&original);
        draft.retries = String::new();
        draft.name = "flight-data-v2".into();
        let body = draft.edit_json(&original);
        assert_eq!(body.get("id"), None);
        assert_eq!(body.get("retries"), None);
        assert_eq!(body["tags"], json!(["team-a"]));
        assert_eq!(body["enabled"], json!(false));
        assert_eq!(body["name"], json!("flight-data-v2"));
        let edited = draft.validate_edit(&original);
        assert_eq!(
            edited
                .as_ref()
                .map(|s| (s.retries.clone(), s.enabled, s.tags.clone())),
            Ok((
                domain::model::Nullable::Value(5),
                false,
                domain::model::Nullable::Value(vec!["team-a".to_string()])
            ))
        );
        draft.port = "x".into();
        assert_eq!(
            draft
                .validate_edit(&original)
                .map_err(|e| e.fields().clone()),
            Err(map(&[(field::PORT, "expected an integer")]))
        );
    }

    #[test]
    fn switching_mode_carries_the_address_over() {
        let mut draft = url_draft("https://api.example.com/flights");
        draft.switch_mode(InputMode::Parts);
        assert_eq!(
            (
                draft.protocol.as_str(),
                draft.host.as_str(),
                draft.port.as_str(),
                draft.path.as_str()
            ),
            ("https", "api.example.com", "443", "/flights")
        );
        draft.port = "8443".into();
        draft.switch_mode(InputMode::Url);
        assert_eq!(draft.url, "https://api.example.com:8443/flights");
    }

    #[test]
    fn the_draft_survives_session_storage() {
        let draft = ServiceDraft {
            tls_verify: Some(false),
            ..parts_draft("https", "h.example", "1", "/p")
        };
        let stored = serde_json::to_string(&draft).unwrap_or_default();
        assert_eq!(
            StoredObject::parse(&stored).map(|stored| ServiceDraft::from_stored(&stored)),
            Some(draft)
        );
        // A draft stored by an older version with fewer fields still loads, and a field of
        // another type loses only that field.
        let older = r#"{"name":"a","input_mode":"parts","retries":5}"#;
        assert_eq!(
            StoredObject::parse(older).map(|stored| ServiceDraft::from_stored(&stored)),
            Some(ServiceDraft {
                name: "a".into(),
                input_mode: InputMode::Parts,
                ..ServiceDraft::default()
            })
        );
    }
}
