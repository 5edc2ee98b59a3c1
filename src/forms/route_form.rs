//! Step 2 of the wizard, "Add route" and "Edit" of a route: name, methods, paths, protocols and
//! the advanced fields (hosts, headers, strip path, preserve host).

use std::collections::BTreeMap;

use domain::Target;
use domain::model::Route;
use domain::short_sort;
use leptos::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};

use super::{
    AdvancedSection, FormErrors, FormLayout, FormMessages, FormPosition, KeyTarget, ShownErrors,
    changed_keys, edit_json, split_key, split_list, text_binding,
};
use crate::components::field::{
    BoundCheckboxField, BoundSelectField, BoundTextArea, BoundTextField, after_press, error_id,
    focus_field,
};
use crate::components::ids::{IdScope, dom_id};
use crate::stored::StoredObject;

/// The ids of the form's controls (also the error-summary link targets). Path inputs are
/// numbered from 1: [`path_input_id`].
pub mod field {
    pub const NAME: &str = "route-name";
    pub const METHODS: &str = "route-methods";
    /// The group of path inputs.
    pub const PATHS: &str = "route-paths";
    pub const ADD_PATH: &str = "route-add-path";
    pub const PROTOCOLS: &str = "route-protocols";
    pub const HOSTS: &str = "route-hosts";
    pub const HEADERS: &str = "route-headers";
    pub const STRIP_PATH: &str = "route-strip-path";
    pub const PRESERVE_HOST: &str = "route-preserve-host";
    /// Form-level messages.
    pub const FORM_MESSAGES: &str = "route-form-messages";
}

const PATH_INPUT_PREFIX: &str = "route-path-";
const PATHS_HELP_ID: &str = "route-paths-help";

/// The id of the path input at `index` (0-based): `route-path-1` for the first.
pub fn path_input_id(index: usize) -> String {
    format!("{PATH_INPUT_PREFIX}{}", index + 1)
}

/// The 0-based index of a path input id.
fn path_input_index(field_id: &str) -> Option<usize> {
    field_id
        .strip_prefix(PATH_INPUT_PREFIX)
        .and_then(|number| number.parse::<usize>().ok())
        .and_then(|number| number.checked_sub(1))
}

/// The fields in form order with their summary labels; the path inputs sit where `PATHS` is.
const FIELD_ORDER: [(&str, &str); 8] = [
    (field::NAME, "Name"),
    (field::METHODS, "Method"),
    (field::PATHS, "Path(s)"),
    (field::PROTOCOLS, "Protocols"),
    (field::HOSTS, "Hosts"),
    (field::HEADERS, "Headers"),
    (field::STRIP_PATH, "Strip path"),
    (field::PRESERVE_HOST, "Preserve host"),
];

/// The fields behind "View 4 Advanced Fields" (opened when one of them has an error).
const ADVANCED_FIELDS: [&str; 4] = [
    field::HOSTS,
    field::HEADERS,
    field::STRIP_PATH,
    field::PRESERVE_HOST,
];

/// The protocol sets offered. Stream protocols (tcp, tls, udp) need sources, destinations or
/// SNIs, which this form does not have, so they are not offered; a route loaded with another
/// set keeps it (see [`protocol_options`]).
const PROTOCOL_CHOICES: [(&str, &str); 6] = [
    ("http, https", "HTTP and HTTPS"),
    ("https", "HTTPS only"),
    ("http", "HTTP only"),
    ("grpc, grpcs", "gRPC and gRPCS"),
    ("grpcs", "gRPCS only"),
    ("grpc", "gRPC only"),
];

const DEFAULT_PROTOCOLS: &str = "http, https";

/// Kong's route keys this form sets.
const FORM_KEYS: [&str; 8] = [
    "name",
    "protocols",
    "methods",
    "paths",
    "hosts",
    "headers",
    "strip_path",
    "preserve_host",
];

/// Everything typed into the route form, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteDraft {
    pub name: String,
    /// Protocol names, comma-separated (`http, https`).
    pub protocols: String,
    /// Methods, comma-separated (`GET, POST`).
    pub methods: String,
    /// One entry per path input, empty inputs included.
    pub paths: Vec<String>,
    /// Host names, comma-separated.
    pub hosts: String,
    /// One `Name: value1, value2` per line.
    pub headers: String,
    pub strip_path: bool,
    pub preserve_host: bool,
}

impl Default for RouteDraft {
    fn default() -> Self {
        RouteDraft {
            name: String::new(),
            protocols: DEFAULT_PROTOCOLS.to_string(),
            methods: String::new(),
            // One empty input, ready to type the first path into.
            paths: vec![String::new()],
            hosts: String::new(),
            headers: String::new(),
            strip_path: true,
            preserve_host: false,
        }
    }
}

/// The headers text read into Kong's map, and the lines that are not `Name: values`.
#[derive(Debug, Default, PartialEq, Eq)]
struct ParsedHeaders {
    headers: BTreeMap<String, Vec<String>>,
    /// 1-based numbers of the lines without a `:`.
    unreadable_lines: Vec<usize>,
}

/// Reads one `Name: value1, value2` per line; blank lines are skipped and a name given on two
/// lines gets the values of both.
fn parse_headers(text: &str) -> ParsedHeaders {
    let mut parsed = ParsedHeaders::default();
    for (line_index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match line.split_once(':') {
            Some((name, values)) => parsed
                .headers
                .entry(name.trim().to_string())
                .or_default()
                .extend(split_list(values)),
            None => parsed.unreadable_lines.push(line_index + 1),
        }
    }
    parsed
}

impl RouteDraft {
    /// The draft as stored (see [`Serialize`]); each missing field takes its default.
    pub fn from_stored(stored: &StoredObject) -> RouteDraft {
        let default = RouteDraft::default();
        let text = |key: &str, default: String| stored.text(key).unwrap_or(default);
        RouteDraft {
            name: text("name", default.name),
            protocols: text("protocols", default.protocols),
            methods: text("methods", default.methods),
            paths: stored.texts("paths").unwrap_or(default.paths),
            hosts: text("hosts", default.hosts),
            headers: text("headers", default.headers),
            strip_path: stored.flag("strip_path").unwrap_or(default.strip_path),
            preserve_host: stored
                .flag("preserve_host")
                .unwrap_or(default.preserve_host),
        }
    }

    /// The draft for editing an existing route.
    pub fn from_route(route: &Route) -> RouteDraft {
        let joined = |items: Option<&Vec<String>>| items.map(|items| items.join(", "));
        let paths = route
            .paths
            .as_value()
            .filter(|paths| !paths.is_empty())
            .cloned()
            .unwrap_or_else(|| vec![String::new()]);
        let headers = route
            .headers
            .as_value()
            .map(|headers| {
                headers
                    .iter()
                    .map(|(name, values)| format!("{name}: {}", values.join(", ")))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default();
        RouteDraft {
            name: route.name.as_value().cloned().unwrap_or_default(),
            protocols: route
                .protocols
                .iter()
                .map(|protocol| protocol.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            methods: joined(route.methods.as_value()).unwrap_or_default(),
            paths,
            hosts: joined(route.hosts.as_value()).unwrap_or_default(),
            headers,
            strip_path: route.strip_path,
            preserve_host: route.preserve_host,
        }
    }

    /// Whether the protocols are gRPC ones, for which Kong forbids methods and a `strip_path`.
    pub fn is_grpc(&self) -> bool {
        split_list(&self.protocols)
            .iter()
            .any(|protocol| protocol == "grpc" || protocol == "grpcs")
    }

    /// The JSON to validate and send, with `service: {"id": …}` when a service id is given.
    /// Empty path inputs and empty lists are left out; fields Kong forbids for gRPC (methods,
    /// strip path) are left out for gRPC protocols, though kept in the draft.
    pub fn to_json(&self, service_id: Option<&str>) -> Value {
        let mut json = Map::new();
        let mut put_list = |key: &str, items: Vec<String>| {
            if !items.is_empty() {
                json.insert(key.to_string(), Value::from(items));
            }
        };
        put_list("protocols", split_list(&self.protocols));
        if !self.is_grpc() {
            put_list("methods", domain::parse_methods(&self.methods));
        }
        put_list(
            "paths",
            self.sent_path_slots()
                .into_iter()
                .filter_map(|slot| self.paths.get(slot).cloned())
                .collect(),
        );
        put_list("hosts", split_list(&self.hosts));
        if !self.name.is_empty() {
            json.insert("name".to_string(), Value::from(self.name.as_str()));
        }
        let headers = parse_headers(&self.headers).headers;
        if !headers.is_empty() {
            // Inserted one by one rather than collected: collecting sorts first, with a sort of
            // its own in the wasm, and the parsed headers are already in order.
            let mut header_map = Map::new();
            for (name, values) in headers {
                header_map.insert(name, Value::from(values));
            }
            json.insert("headers".to_string(), Value::Object(header_map));
        }
        if !self.is_grpc() {
            json.insert("strip_path".to_string(), Value::from(self.strip_path));
        }
        json.insert("preserve_host".to_string(), Value::from(self.preserve_host));
        if let Some(service_id) = service_id {
            json.insert(
                "service".to_string(),
                serde_json::json!({ "id": service_id }),
            );
        }
        Value::Object(json)
    }

    /// Validates with Kong's rules and returns the normalized route (without its service), or
    /// the problems mapped onto the form's fields. A headers line that is not `Name: values`
    /// is a problem too.
    pub fn validate(&self) -> Result<Route, FormErrors> {
        let result = domain::validate_route(&self.to_json(None), Target::Konnect);
        self.with_header_problems(result)
    }

    /// Kong's verdict plus the headers lines the form could not read.
    fn with_header_problems(
        &self,
        result: Result<Route, domain::ValidationErrors>,
    ) -> Result<Route, FormErrors> {
        let unreadable_lines = parse_headers(&self.headers).unreadable_lines;
        let mut errors = match result {
            Ok(route) if unreadable_lines.is_empty() => return Ok(route),
            Ok(_) => FormErrors::new(self.layout()),
            Err(errors) => FormErrors::from_validation(self.layout(), &errors),
        };
        for line in unreadable_lines {
            errors.add_field_message(
                field::HEADERS,
                &format!("line {line}: expected Name: value1, value2"),
            );
        }
        Err(errors)
    }

    /// The PUT body for editing `original`: what the form does not show (its service, tags,
    /// SNIs, regex priority, …) is kept, the form's fields come from the form.
    pub fn edit_json(&self, original: &Route) -> Value {
        edit_json(original, &FORM_KEYS, self.to_json(None))
    }

    /// [`Self::validate`] for an edit: validates [`Self::edit_json`].
    pub fn validate_edit(&self, original: &Route) -> Result<Route, FormErrors> {
        let result = domain::validate_route(&self.edit_json(original), Target::Konnect);
        self.with_header_problems(result)
    }

    /// The problems of this draft (none when it is valid); the starting point for merging the
    /// server's field errors.
    pub fn errors(&self) -> FormErrors {
        self.validate()
            .err()
            .unwrap_or_else(|| FormErrors::new(self.layout()))
    }

    /// The ids of the fields whose value differs from `original` (the route being edited), in
    /// form order; a change to any path is reported as [`field::PATHS`]. Empty: nothing to save.
    pub fn changed_fields(&self, original: &RouteDraft) -> Vec<String> {
        let keys = changed_keys(&self.to_json(None), &original.to_json(None));
        let mut ids: Vec<String> = keys
            .iter()
            .filter_map(|key| match key.as_str() {
                "paths" => Some(field::PATHS.to_string()),
                _ => match target_for_key(&[], key) {
                    KeyTarget::Field { id, .. } => Some(id),
                    KeyTarget::Form { .. } => None,
                },
            })
            .collect();
        short_sort::sort_by_key(&mut ids, |id| {
            position_and_label(id).map_or((usize::MAX, 0), |(position, _)| position)
        });
        ids.dedup();
        ids
    }

    /// The indexes of the path inputs that are sent (not blank), in order.
    fn sent_path_slots(&self) -> Vec<usize> {
        self.paths
            .iter()
            .enumerate()
            .filter(|(_, path)| !path.trim().is_empty())
            .map(|(index, _)| index)
            .collect()
    }

    fn layout(&self) -> FormLayout {
        FormLayout::Route {
            path_slots: self.sent_path_slots(),
            path_inputs: self.paths.len(),
        }
    }
}

/// Where Kong's error key lands in this form; `path_slots` maps Kong's path numbers to inputs.
pub(crate) fn target_for_key(path_slots: &[usize], kong_key: &str) -> KeyTarget {
    let (kong_field, index) = split_key(kong_key);
    match kong_field {
        "name" => KeyTarget::field(field::NAME),
        "protocols" => KeyTarget::field(field::PROTOCOLS),
        // Kong's method messages name the method (`invalid value: get`).
        "methods" => KeyTarget::field(field::METHODS),
        "paths" => {
            let slot = index
                .and_then(|number| number.checked_sub(1))
                .and_then(|position| path_slots.get(position).copied());
            match (index, slot) {
                (_, Some(slot)) => KeyTarget::field(path_input_id(slot)),
                // A path the draft did not send (a server error on an older list): say which.
                (Some(number), None) => {
                    KeyTarget::prefixed(path_input_id(0), format!("path {number}"))
                }
                (None, None) => {
                    KeyTarget::field(path_input_id(path_slots.first().copied().unwrap_or(0)))
                }
            }
        }
        // Host messages do not always name the host (`invalid port number`), so say which.
        "hosts" => match index {
            Some(number) => KeyTarget::prefixed(field::HOSTS, format!("host {number}")),
            None => KeyTarget::field(field::HOSTS),
        },
        "headers" => KeyTarget::field(field::HEADERS),
        "strip_path" => KeyTarget::field(field::STRIP_PATH),
        "preserve_host" => KeyTarget::field(field::PRESERVE_HOST),
        _ => KeyTarget::Form {
            prefix: Some(kong_key.to_string()),
        },
    }
}

pub(crate) fn position_and_label(field_id: &str) -> Option<(FormPosition, String)> {
    let paths_position = FIELD_ORDER
        .iter()
        .position(|(id, _)| *id == field::PATHS)
        .unwrap_or(0);
    if let Some(index) = path_input_index(field_id) {
        return Some(((paths_position, index), format!("Path {}", index + 1)));
    }
    FIELD_ORDER
        .iter()
        .enumerate()
        .find(|(_, (id, _))| *id == field_id)
        .map(|(position, (_, label))| ((position, 0), (*label).to_string()))
}

/// Kong's route entity checks are mostly "set one of methods, hosts, headers, paths": they link
/// to the first path input (or to Add Path when there is none).
pub(crate) fn form_anchor(path_inputs: usize) -> (String, String) {
    if path_inputs > 0 {
        (path_input_id(0), "Path(s)".to_string())
    } else {
        (field::ADD_PATH.to_string(), "Path(s)".to_string())
    }
}

/// The protocol sets to choose from: the presets, plus the draft's own set when it is none
/// of them (a route created elsewhere).
fn protocol_options(current: &str) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = PROTOCOL_CHOICES
        .iter()
        .map(|(value, label)| ((*value).to_string(), (*label).to_string()))
        .collect();
    if !PROTOCOL_CHOICES.iter().any(|(value, _)| *value == current) {
        options.push((current.to_string(), current.to_string()));
    }
    options
}

const NAME_HELP: &str = "Unique in the control plane and case-sensitive (foo and Foo are \
    different). Letters, digits and . - _ ~ only, no spaces.";
const METHODS_HELP: &str =
    "Comma-separated, in capitals, for example GET or GET, POST. Empty: every method.";
const PATHS_HELP: &str = "Each path starts with /, for example /flights; requests whose path \
    begins with it match. Start a path with ~ to make it a regular expression, for example \
    ~/flights/\\d+$.";
const PROTOCOLS_HELP: &str = "The protocols of the requests this route accepts.";
const HOSTS_HELP: &str = "Comma-separated host names requests must be sent to, for example api.example.com, *.example.org.";
const HEADERS_HELP: &str = "One header per line: Name: value1, value2 (for example \
    X-Version: v1, v2). A value starting with ~* is a regular expression.";

/// The route form's controls, bound to `draft`. Messages show for a field once it was left,
/// or for all fields when `show_all` is true, then follow every keystroke. `name_taken` is the
/// wizard's finding that the name is already used in the control plane.
#[component]
pub fn RouteFields(
    draft: RwSignal<RouteDraft>,
    #[prop(into)] errors: Signal<FormErrors>,
    #[prop(into)] show_all: Signal<bool>,
    #[prop(into)] name_taken: Signal<Option<String>>,
) -> impl IntoView {
    let shown = ShownErrors::new(errors, show_all);
    let advanced_open = RwSignal::new(false);
    // After Create, an error hidden in the collapsed section must still be reachable.
    Effect::new(move |_| {
        if shown.any_shown(&ADVANCED_FIELDS) {
            advanced_open.set(true);
        }
    });
    let is_grpc = Signal::derive(move || draft.with(RouteDraft::is_grpc));

    let name_error = shown.error_for(field::NAME);
    let name_error = Signal::derive(move || match (name_error.get(), name_taken.get()) {
        (Some(invalid), Some(taken)) => Some(format!("{invalid}; {taken}")),
        (invalid, taken) => invalid.or(taken),
    });
    let (name, set_name) = text_binding(draft, |d| &d.name, |d| &mut d.name);
    let (methods, set_methods) = text_binding(draft, |d| &d.methods, |d| &mut d.methods);
    let (protocols, set_protocols) = text_binding(draft, |d| &d.protocols, |d| &mut d.protocols);
    let (hosts, set_hosts) = text_binding(draft, |d| &d.hosts, |d| &mut d.hosts);
    let (headers, set_headers) = text_binding(draft, |d| &d.headers, |d| &mut d.headers);
    let options = Signal::derive(move || draft.with(|d| protocol_options(&d.protocols)));

    view! {
        <div class="ksh-form-section ksh-route-fields">
            <FormMessages id=field::FORM_MESSAGES messages=shown.form_messages() />
            <BoundTextField
                id=field::NAME
                label="Name"
                value=name
                on_input=set_name
                error=name_error
                help=NAME_HELP
                on_blur=shown.touch(field::NAME)
            />
            <Show when=move || !is_grpc.get()>
                <BoundTextField
                    id=field::METHODS
                    label="Method"
                    value=methods
                    on_input=set_methods
                    error=shown.error_for(field::METHODS)
                    help=METHODS_HELP
                    on_blur=shown.touch(field::METHODS)
                />
            </Show>
            <PathList draft shown />
            <BoundSelectField
                id=field::PROTOCOLS
                label="Protocols"
                value=protocols
                on_change=set_protocols
                options
                error=shown.error_for(field::PROTOCOLS)
                help=PROTOCOLS_HELP
            />
            <AdvancedSection prefix="route" closed_label="View 4 Advanced Fields" open=advanced_open>
                <BoundTextField
                    id=field::HOSTS
                    label="Hosts"
                    value=hosts
                    on_input=set_hosts
                    error=shown.error_for(field::HOSTS)
                    help=HOSTS_HELP
                    on_blur=shown.touch(field::HOSTS)
                />
                <BoundTextArea
                    id=field::HEADERS
                    label="Headers"
                    value=headers
                    on_input=set_headers
                    error=shown.error_for(field::HEADERS)
                    help=HEADERS_HELP
                    on_blur=shown.touch(field::HEADERS)
                />
                <Show when=move || !is_grpc.get()>
                    <BoundCheckboxField
                        id=field::STRIP_PATH
                        label="Strip path"
                        checked=Signal::derive(move || draft.with(|d| d.strip_path))
                        on_change=Callback::new(move |on| draft.update(|d| d.strip_path = on))
                        error=shown.error_for(field::STRIP_PATH)
                        help="Remove the matched path from the request before it is sent upstream."
                    />
                </Show>
                <BoundCheckboxField
                    id=field::PRESERVE_HOST
                    label="Preserve host"
                    checked=Signal::derive(move || draft.with(|d| d.preserve_host))
                    on_change=Callback::new(move |on| draft.update(|d| d.preserve_host = on))
                    error=shown.error_for(field::PRESERVE_HOST)
                    help="Send the client's Host header upstream instead of the service's host."
                />
            </AdvancedSection>
        </div>
    }
}

/// The path inputs, one per path, each removable, and Add Path. Focus follows the keyboard
/// user: to the new input after Add Path, to the input that took a removed one's place.
#[component]
fn PathList(draft: RwSignal<RouteDraft>, shown: ShownErrors) -> impl IntoView {
    let scope = IdScope::current();
    let path_count = move || draft.with(|d| d.paths.len());
    let add_path = {
        let scope = scope.clone();
        move |_| {
            draft.update(|d| d.paths.push(String::new()));
            let new_input = scope.id(&path_input_id(path_count().saturating_sub(1)));
            // The input exists once the list has re-rendered.
            request_animation_frame(move || focus_field(&new_input));
        }
    };
    let remove_path = Callback::new(move |removed: usize| {
        draft.update(|d| {
            if removed < d.paths.len() {
                d.paths.remove(removed);
            }
        });
        // Inputs after the removed one move up a place; so do their "was left" marks.
        shown.retouch(|id| match path_input_index(id) {
            Some(index) if index == removed => None,
            Some(index) if index > removed => Some(path_input_id(index - 1)),
            _ => Some(id.to_string()),
        });
        let remaining = path_count();
        let next_focus = if remaining == 0 {
            scope.id(field::ADD_PATH)
        } else {
            scope.id(&path_input_id(removed.min(remaining - 1)))
        };
        request_animation_frame(move || focus_field(&next_focus));
    });
    let help_id = dom_id(PATHS_HELP_ID);
    let described_by = help_id.clone();
    view! {
        <fieldset class="ksh-field ksh-path-list" id=dom_id(field::PATHS) aria-describedby=described_by>
            <legend>"Path(s)"</legend>
            <p class="ksh-help" id=help_id>{PATHS_HELP}</p>
            <For each=move || 0..path_count() key=|index| *index let:index>
                <PathInput index draft shown remove_path />
            </For>
            <button
                type="button"
                id=dom_id(field::ADD_PATH)
                class="ksh-button ksh-button-secondary"
                on:click=add_path
            >
                "Add Path"
            </button>
        </fieldset>
    }
}

/// One path input with its remove button and its message.
#[component]
fn PathInput(
    index: usize,
    draft: RwSignal<RouteDraft>,
    shown: ShownErrors,
    remove_path: Callback<usize>,
) -> impl IntoView {
    let id = path_input_id(index);
    let error = shown.error_for(id.clone());
    let element_id = dom_id(&id);
    let message_id = error_id(&element_id);
    let described_by = {
        let help_id = dom_id(PATHS_HELP_ID);
        let message_id = message_id.clone();
        move || {
            if error.with(Option::is_some) {
                format!("{help_id} {message_id}")
            } else {
                help_id.clone()
            }
        }
    };
    let touch = shown.touch(id.clone());
    view! {
        <div class="ksh-path-row" class:ksh-field-invalid=move || error.with(Option::is_some)>
            <label for=element_id.clone()>{format!("Path {}", index + 1)}</label>
            <div class="ksh-path-controls">
                <input
                    id=element_id
                    name=id
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || draft.with(|d| d.paths.get(index).cloned().unwrap_or_default())
                    on:input=move |event| {
                        let text = event_target_value(&event);
                        draft.update(|d| {
                            if let Some(path) = d.paths.get_mut(index) {
                                *path = text;
                            }
                        });
                    }
                    on:blur=move |_| after_press(touch)
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=described_by
                />
                <button
                    type="button"
                    class="ksh-button ksh-button-secondary"
                    on:click=move |_| remove_path.run(index)
                >
                    "Remove"
                    <span class="ksh-visually-hidden">{format!(" path {}", index + 1)}</span>
                </button>
            </div>
            {move || {
                error.get().map(|message| view! {
                    <p class="ksh-field-error" id=message_id.clone()>{message}</p>
                })
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SERVICE_ID: &str = "2b7f3c1e-8a4d-4f6b-9c2e-1d5a7b3c9e01";

    fn draft_with_paths(paths: &[&str]) -> RouteDraft {
        RouteDraft {
            name: "flights".into(),
            paths: paths.iter().map(|path| (*path).to_string()).collect(),
            ..RouteDraft::default()
        }
    }

    fn map(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries
            .iter()
            .map(|(key, value)| ((*key).to_string(), (*value).to_string()))
            .collect()
    }

    fn field_errors(draft: &RouteDraft) -> BTreeMap<String, String> {
        draft.errors().fields().clone()
    }

    #[test]
    fn every_field_goes_into_the_json() {
        let draft = RouteDraft {
            name: "flights".into(),
            protocols: "https".into(),
            methods: "GET, POST ,GET".into(),
            paths: vec!["/flights".into(), "  ".into(), "~/flights/\\d+$".into()],
            hosts: "api.example.com, *.example.org".into(),
            headers: "X-Version: v1, v2\n\nX-Env: prod\nX-Version: v3".into(),
            strip_path: false,
            preserve_host: true,
        };
        assert_eq!(
            draft.to_json(Some(SERVICE_ID)),
            json!({
                "name": "flights", "protocols": ["https"], "methods": ["GET", "POST"],
                "paths": ["/flights", "~/flights/\\d+$"],
                "hosts": ["api.example.com", "*.example.org"],
                "headers": {"X-Env": ["prod"], "X-Version": ["v1", "v2", "v3"]},
                "strip_path": false, "preserve_host": true, "service": {"id": SERVICE_ID}
            })
        );
        assert!(draft.validate().is_ok());
    }

    #[test]
    fn defaults_send_protocols_and_the_two_switches_only() {
        assert_eq!(
            RouteDraft::default().to_json(None),
            json!({"protocols": ["http", "https"], "strip_path": true, "preserve_host": false})
        );
    }

    #[test]
    fn grpc_leaves_out_methods_and_strip_path() {
        let draft = RouteDraft {
            protocols: "grpc, grpcs".into(),
            methods: "GET".into(),
            ..draft_with_paths(&["/svc.Flights"])
        };
        assert!(draft.is_grpc());
        assert_eq!(
            draft.to_json(None),
            json!({"name": "flights", "protocols": ["grpc", "grpcs"], "paths": ["/svc.Flights"],
                   "preserve_host": false})
        );
        assert_eq!(draft.validate().map(|route| route.strip_path), Ok(false));
    }

    #[test]
    fn kongs_path_numbers_land_on_the_input_they_came_from() {
        // The empty second input is not sent, so Kong's paths.2 is the third input.
        let draft = draft_with_paths(&["/ok", "", "flights", "/a/./b"]);
        assert_eq!(
            field_errors(&draft),
            map(&[
                (
                    "route-path-3",
                    "should start with: / (fixed path) or ~/ (regex path)"
                ),
                (
                    "route-path-4",
                    "non-normalized path, consider use '/a/b' instead"
                ),
            ])
        );
    }

    #[test]
    fn list_fields_get_their_items_messages() {
        let draft = RouteDraft {
            methods: "GET, post".into(),
            hosts: "api.example.com, a*b*c".into(),
            headers: "Host: api.example.com".into(),
            ..draft_with_paths(&["/ok"])
        };
        assert_eq!(
            field_errors(&draft),
            map(&[
                (
                    field::HEADERS,
                    "cannot contain 'host' header, which must be specified in the 'hosts' attribute"
                ),
                (
                    field::HOSTS,
                    "host 2: invalid wildcard: must have at most one wildcard"
                ),
                (field::METHODS, "invalid value: post"),
            ])
        );
    }

    #[test]
    fn a_headers_line_without_a_colon_is_flagged() {
        let draft = RouteDraft {
            headers: "X-Env: prod\nX-Version v1".into(),
            ..draft_with_paths(&["/ok"])
        };
        assert_eq!(
            field_errors(&draft),
            map(&[(field::HEADERS, "line 2: expected Name: value1, value2")])
        );
    }

    #[test]
    fn a_route_with_nothing_to_match_is_a_form_level_problem_linked_to_the_paths() {
        let errors = draft_with_paths(&[""]).errors();
        assert_eq!(errors.fields(), &BTreeMap::new());
        let message = "must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https'";
        assert_eq!(errors.form_messages(), [message]);
        assert_eq!(
            errors.summary(),
            vec![(
                "route-path-1".to_string(),
                "Path(s)".to_string(),
                message.to_string()
            )]
        );
        let no_inputs = draft_with_paths(&[]).errors();
        assert_eq!(
            no_inputs.summary().first().map(|(id, ..)| id.as_str()),
            Some(field::ADD_PATH)
        );
    }

    #[test]
    fn server_errors_land_on_the_same_fields_and_the_summary_follows_the_form() {
        let mut errors = draft_with_paths(&["/a", "", "/b"]).errors();
        assert!(errors.is_empty());
        errors.merge_server_errors(&map(&[
            ("name", "UNIQUE violation detected on '{name=\"flights\"}'"),
            ("paths.2", "invalid regex"),
            ("paths.1", "bad"),
            ("service.id", "expected a valid UUID"),
            ("hosts", "expected an array"),
        ]));
        assert_eq!(
            errors.fields(),
            &map(&[
                (field::HOSTS, "expected an array"),
                (
                    field::NAME,
                    "UNIQUE violation detected on '{name=\"flights\"}'"
                ),
                ("route-path-1", "bad"),
                ("route-path-3", "invalid regex"),
            ])
        );
        assert_eq!(
            errors.form_messages(),
            ["service.id: expected a valid UUID"]
        );
        let order: Vec<(String, String)> = errors
            .summary()
            .into_iter()
            .map(|(id, label, _)| (id, label))
            .collect();
        let expected = [
            ("route-path-1", "Path(s)"),
            (field::NAME, "Name"),
            ("route-path-1", "Path 1"),
            ("route-path-3", "Path 3"),
            (field::HOSTS, "Hosts"),
        ];
        assert_eq!(
            order,
            expected
                .iter()
                .map(|(id, label)| (id.to_string(), label.to_string()))
                .collect::<Vec<_>>()
        );
    }

    fn example_route() -> Route {
        let json = json!({
            "name": "flights", "protocols": ["http", "https"], "methods": ["GET", "POST"],
            "paths": ["/flights", "~/flights/\\d+$"], "hosts": ["api.example.com"],
            "headers": {"X-Version": ["v1", "v2"]}, "strip_path": false, "preserve_host": true
        });
        match domain::validate_route(&json, Target::Konnect) {
            Ok(route) => route,
            Err(errors) => panic!("example route is invalid: {errors}"),
        }
    }

    #[test]
    fn an_existing_route_round_trips_through_the_form() {
        let route = example_route();
        let draft = RouteDraft::from_route(&route);
        assert_eq!(
            draft,
            RouteDraft {
                name: "flights".into(),
                protocols: "http, https".into(),
                methods: "GET, POST".into(),
                paths: vec!["/flights".into(), "~/flights/\\d+$".into()],
                hosts: "api.example.com".into(),
                headers: "X-Version: v1, v2".into(),
                strip_path: false,
                preserve_host: true,
            }
        );
        assert_eq!(draft.validate(), Ok(route));
    }

    #[test]
    fn an_edit_keeps_the_service_and_what_the_form_does_not_show() {
        let original = Route {
            id: domain::model::Nullable::Value(SERVICE_ID.into()),
            service: domain::model::Nullable::Value(domain::model::ForeignKey {
                id: SERVICE_ID.into(),
            }),
            regex_priority: domain::model::Nullable::Value(7),
            ..example_route()
        };
        let mut draft = RouteDraft::from_route(&original);
        draft.hosts = String::new();
        let body = draft.edit_json(&original);
        assert_eq!(body.get("id"), None);
        assert_eq!(body.get("hosts"), None);
        assert_eq!(body["service"], json!({"id": SERVICE_ID}));
        assert_eq!(body["regex_priority"], json!(7));
        let edited = draft.validate_edit(&original);
        assert_eq!(
            edited.map(|route| (route.hosts, route.regex_priority, route.service)),
            Ok((
                domain::model::Nullable::Absent,
                domain::model::Nullable::Value(7),
                original.service.clone()
            ))
        );
    }

    #[test]
    fn changed_fields_lists_only_what_differs() {
        let original = RouteDraft::from_route(&example_route());
        assert_eq!(original.changed_fields(&original), Vec::<String>::new());
        let mut edited = original.clone();
        edited.paths.push("   ".into());
        edited.methods = "GET,POST".into();
        assert_eq!(edited.changed_fields(&original), Vec::<String>::new());
        edited.paths[1] = "/v2".into();
        edited.preserve_host = false;
        edited.name = "flights-v2".into();
        assert_eq!(
            edited.changed_fields(&original),
            vec![
                field::NAME.to_string(),
                field::PATHS.to_string(),
                field::PRESERVE_HOST.to_string()
            ]
        );
    }

    #[test]
    fn a_protocol_set_that_is_not_offered_stays_selectable() {
        assert_eq!(
            protocol_options("http, https").len(),
            PROTOCOL_CHOICES.len()
        );
        assert_eq!(
            protocol_options("tls").last(),
            Some(&("tls".to_string(), "tls".to_string()))
        );
    }

    #[test]
    fn path_input_ids_are_numbered_from_one() {
        assert_eq!(path_input_id(0), "route-path-1");
        assert_eq!(path_input_index("route-path-12"), Some(11));
        assert_eq!(path_input_index("route-path-0"), None);
        assert_eq!(path_input_index("route-paths"), None);
    }

    #[test]
    fn the_draft_survives_session_storage() {
        let draft = RouteDraft {
            headers: "X-A: 1".into(),
            ..draft_with_paths(&["/a", ""])
        };
        let stored = serde_json::to_string(&draft).unwrap_or_default();
        assert_eq!(
            StoredObject::parse(&stored).map(|stored| RouteDraft::from_stored(&stored)),
            Some(draft)
        );
        let older = r#"{"name":"r","paths":"/not-a-list","strip_path":false}"#;
        assert_eq!(
            StoredObject::parse(older).map(|stored| RouteDraft::from_stored(&stored)),
            Some(RouteDraft {
                name: "r".into(),
                strip_path: false,
                ..RouteDraft::default()
            })
        );
    }
}
