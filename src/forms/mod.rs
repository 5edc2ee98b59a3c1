//! The two forms of the Create Implementation wizard (gateway service, then route), also used by
//! "Add route" and "Edit".
//!
//! Each form has a pure draft (what the user typed, kept as text so nothing is lost on the way,
//! serializable so the wizard can keep it in sessionStorage) that turns into Kong's JSON, is
//! validated by [`domain`] with Kong's own messages, and maps Kong's error keys (`name`,
//! `paths.2`, `@entity`) onto the form's field ids. The Leptos components render the fields.

pub mod route_form;
pub mod service_form;

pub use route_form::{RouteDraft, RouteFields};
pub use service_form::{InputMode, ServiceDraft, ServiceFields};

use std::collections::{BTreeMap, BTreeSet};

use domain::short_sort;
use leptos::prelude::*;
use serde_json::Value;

use crate::components::ids::dom_id;

/// Where one of Kong's error keys lands in a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyTarget {
    /// Under a field, optionally prefixed (`host: …` on the URL field, `host 2: …` on a list).
    Field { id: String, prefix: Option<String> },
    /// In the form-level list, prefixed with Kong's key when it names a field we do not show.
    Form { prefix: Option<String> },
}

impl KeyTarget {
    pub(crate) fn field(id: impl Into<String>) -> KeyTarget {
        KeyTarget::Field {
            id: id.into(),
            prefix: None,
        }
    }

    pub(crate) fn prefixed(id: impl Into<String>, prefix: impl Into<String>) -> KeyTarget {
        KeyTarget::Field {
            id: id.into(),
            prefix: Some(prefix.into()),
        }
    }
}

/// What a form looks like, which decides where Kong's keys land and how the summary is ordered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FormLayout {
    /// A form of fixed fields, `(field id, label)` in the order they appear (e.g. Connect); a key
    /// is its field's id.
    Fields(&'static [(&'static str, &'static str)]),
    Service(InputMode),
    /// `path_slots[k]` is the index of the path input that became `paths[k + 1]` for Kong (empty
    /// inputs are not sent, so Kong's `paths.2` is not always the second input).
    Route {
        path_slots: Vec<usize>,
        path_inputs: usize,
    },
}

impl FormLayout {
    fn target(&self, kong_key: &str) -> KeyTarget {
        match self {
            FormLayout::Fields(fields) => match fields.iter().find(|(id, _)| *id == kong_key) {
                Some((id, _)) => KeyTarget::field(*id),
                None => KeyTarget::Form {
                    prefix: Some(kong_key.to_string()),
                },
            },
            FormLayout::Service(mode) => service_form::target_for_key(*mode, kong_key),
            FormLayout::Route { path_slots, .. } => {
                route_form::target_for_key(path_slots, kong_key)
            }
        }
    }

    /// `(position in the form, label)` of a field id; unknown ids sort last.
    fn position_and_label(&self, field_id: &str) -> (FormPosition, String) {
        let found = match self {
            FormLayout::Fields(fields) => fields
                .iter()
                .enumerate()
                .find(|(_, (id, _))| *id == field_id)
                .map(|(index, (_, label))| ((index, 0), label.to_string())),
            FormLayout::Service(_) => service_form::position_and_label(field_id),
            FormLayout::Route { .. } => route_form::position_and_label(field_id),
        };
        found.unwrap_or(((usize::MAX, 0), field_id.to_string()))
    }

    /// The control a form-level message links to from the error summary, and its label there.
    fn form_anchor(&self) -> (String, String) {
        match self {
            FormLayout::Fields(fields) => fields
                .first()
                .map(|(id, label)| (id.to_string(), label.to_string()))
                .unwrap_or_default(),
            FormLayout::Service(mode) => service_form::form_anchor(*mode),
            FormLayout::Route { path_inputs, .. } => route_form::form_anchor(*path_inputs),
        }
    }
}

/// Where a field sits in its form: the field's place, then the item's place in a list of inputs.
pub(crate) type FormPosition = (usize, usize);

/// The problems of one form: a message per field id, plus form-level messages (Kong's
/// `@entity` checks and errors on fields the form does not show).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormErrors {
    layout: FormLayout,
    fields: BTreeMap<String, String>,
    form_messages: Vec<String>,
}

impl FormErrors {
    pub(crate) fn new(layout: FormLayout) -> FormErrors {
        FormErrors {
            layout,
            fields: BTreeMap::new(),
            form_messages: Vec::new(),
        }
    }

    /// Errors from [`domain`] validation, mapped onto the form.
    pub(crate) fn from_validation(
        layout: FormLayout,
        errors: &domain::ValidationErrors,
    ) -> FormErrors {
        let mut form_errors = FormErrors::new(layout);
        form_errors
            .form_messages
            .extend(errors.entity.iter().cloned());
        form_errors.merge_server_errors(&errors.fields);
        form_errors
    }

    /// No problem at all.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.form_messages.is_empty()
    }

    /// The message shown under the field with this id.
    pub fn field(&self, field_id: &str) -> Option<&str> {
        self.fields.get(field_id).map(String::as_str)
    }

    /// Every field id with a message, and its message.
    pub fn fields(&self) -> &BTreeMap<String, String> {
        &self.fields
    }

    /// Messages that belong to the form as a whole, in Kong's order.
    pub fn form_messages(&self) -> &[String] {
        &self.form_messages
    }

    /// Puts a message on a field (e.g. "this route name is already used"), after any message
    /// it already has.
    pub fn add_field_message(&mut self, field_id: &str, message: &str) {
        match self.fields.get_mut(field_id) {
            Some(existing) => {
                existing.push_str("; ");
                existing.push_str(message);
            }
            None => {
                self.fields
                    .insert(field_id.to_string(), message.to_string());
            }
        }
    }

    /// Adds a form-level message (e.g. a server message that names no field).
    pub fn add_form_message(&mut self, message: &str) {
        self.form_messages.push(message.to_string());
    }

    /// Puts the server's field errors (Kong's keys: `name`, `paths.2`, `@entity`, …) on the
    /// same fields client-side validation would, so a server-side error lands on its field.
    pub fn merge_server_errors(&mut self, api_field_errors: &BTreeMap<String, String>) {
        for (key, message) in api_field_errors {
            if key == domain::ENTITY_KEY {
                self.add_form_message(message);
                continue;
            }
            match self.layout.target(key) {
                KeyTarget::Field { id, prefix } => {
                    self.add_field_message(&id, &with_prefix(prefix.as_deref(), message));
                }
                KeyTarget::Form { prefix } => {
                    self.add_form_message(&with_prefix(prefix.as_deref(), message));
                }
            }
        }
    }

    /// The error summary's entries, `(field id, label, message)`, in form order; form-level
    /// messages come first and link to the control they most likely concern.
    pub fn summary(&self) -> Vec<(String, String, String)> {
        let (anchor_id, anchor_label) = self.layout.form_anchor();
        let form_level = self
            .form_messages
            .iter()
            .map(|message| (anchor_id.clone(), anchor_label.clone(), message.clone()));
        let mut by_field: Vec<(FormPosition, String, String, String)> = self
            .fields
            .iter()
            .map(|(id, message)| {
                let (position, label) = self.layout.position_and_label(id);
                (position, id.clone(), label, message.clone())
            })
            .collect();
        short_sort::sort_by_key(&mut by_field, |(position, ..)| *position);
        form_level
            .chain(
                by_field
                    .into_iter()
                    .map(|(_, id, label, message)| (id, label, message)),
            )
            .collect()
    }
}

fn with_prefix(prefix: Option<&str>, message: &str) -> String {
    match prefix {
        Some(prefix) => format!("{prefix}: {message}"),
        None => message.to_string(),
    }
}

/// The JSON value of a number field: text that looks like an integer becomes a JSON number,
/// anything else stays a string so that Kong's own `expected an integer` reaches the user
/// instead of a guess of ours. `None` for an empty field (not sent).
pub(crate) fn integer_or_text(text: &str) -> Option<Value> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
    let looks_like_integer = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    if !looks_like_integer {
        return Some(Value::from(text));
    }
    match trimmed.parse::<i64>() {
        Ok(number) => Some(Value::from(number)),
        // Too long for i64: Kong reads it as a (huge) Lua number and reports the range.
        Err(_) => trimmed
            .parse::<f64>()
            .ok()
            .map(Value::from)
            .or_else(|| Some(Value::from(text))),
    }
}

/// A comma-separated list as typed: items trimmed, empty items dropped, order and repeats kept.
pub(crate) fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

/// Kong's key split into its field and the 1-based index after it: `paths.2` → (`paths`, 2).
pub(crate) fn split_key(key: &str) -> (&str, Option<usize>) {
    match key.split_once('.') {
        Some((field, rest)) => {
            let index = rest.split('.').next().and_then(|n| n.parse().ok());
            (field, index)
        }
        None => (key, None),
    }
}

/// Keys the server sets; they are not part of an edit's body.
const SERVER_SET_KEYS: [&str; 3] = ["id", "created_at", "updated_at"];

/// The body of an edit. PUT replaces the whole entity, so everything the form does not show
/// (tags, `enabled`, a route's service, …) is carried over from `original`; the keys the form
/// owns come from the form alone, so a field the user emptied goes back to Kong's default.
pub(crate) fn edit_json<T: serde::Serialize>(
    original: &T,
    form_keys: &[&str],
    form_json: Value,
) -> Value {
    let mut body = match serde_json::to_value(original) {
        Ok(Value::Object(object)) => object,
        _ => serde_json::Map::new(),
    };
    body.retain(|key, _| {
        !form_keys.contains(&key.as_str()) && !SERVER_SET_KEYS.contains(&key.as_str())
    });
    if let Value::Object(form) = form_json {
        body.extend(form);
    }
    Value::Object(body)
}

/// The keys of `current` whose value differs from `original` (a key missing on one side counts).
pub(crate) fn changed_keys(current: &Value, original: &Value) -> Vec<String> {
    let empty = serde_json::Map::new();
    let current = current.as_object().unwrap_or(&empty);
    let original = original.as_object().unwrap_or(&empty);
    let mut keys: Vec<String> = current
        .keys()
        .chain(original.keys())
        .filter(|key| current.get(*key) != original.get(*key))
        .cloned()
        .collect();
    short_sort::sort(&mut keys);
    keys.dedup();
    keys
}

/// Which field messages are on screen: a field's message appears once the field was left
/// (blur) or when the whole form is shown (`show_all`, after Next/Create), then follows every
/// keystroke.
#[derive(Clone, Copy)]
pub(crate) struct ShownErrors {
    errors: Signal<FormErrors>,
    show_all: Signal<bool>,
    touched: RwSignal<BTreeSet<String>>,
}

impl ShownErrors {
    pub(crate) fn new(errors: Signal<FormErrors>, show_all: Signal<bool>) -> ShownErrors {
        ShownErrors {
            errors,
            show_all,
            touched: RwSignal::new(BTreeSet::new()),
        }
    }

    /// The message to show under the field with this id, if any.
    pub(crate) fn error_for(self, field_id: impl Into<String>) -> Signal<Option<String>> {
        let field_id = field_id.into();
        Signal::derive(move || {
            let visible =
                self.show_all.get() || self.touched.with(|touched| touched.contains(&field_id));
            if visible {
                self.errors
                    .with(|errors| errors.field(&field_id).map(str::to_string))
            } else {
                None
            }
        })
    }

    /// The form-level messages, once the whole form is shown.
    pub(crate) fn form_messages(self) -> Signal<Vec<String>> {
        Signal::derive(move || {
            if self.show_all.get() {
                self.errors.with(|errors| errors.form_messages().to_vec())
            } else {
                Vec::new()
            }
        })
    }

    /// Marks a field as left, so its message shows from now on.
    pub(crate) fn touch(self, field_id: impl Into<String>) -> Callback<()> {
        let field_id = field_id.into();
        Callback::new(move |()| {
            self.touched.update(|touched| {
                touched.insert(field_id.clone());
            });
        })
    }

    /// Replaces the set of left fields (used when path inputs shift after a removal).
    pub(crate) fn retouch(self, rename: impl Fn(&str) -> Option<String>) {
        self.touched.update(|touched| {
            // Inserted one by one: collecting into a BTreeSet sorts a Vec first, and that sort
            // would be the only one of its element type in the wasm.
            let mut renamed = BTreeSet::new();
            for id in touched.iter().filter_map(|id| rename(id)) {
                renamed.insert(id);
            }
            *touched = renamed;
        });
    }

    /// Whether any of these fields has an error while the whole form is shown.
    pub(crate) fn any_shown(self, field_ids: &[&str]) -> bool {
        self.show_all.get()
            && self
                .errors
                .with(|errors| field_ids.iter().any(|id| errors.field(id).is_some()))
    }
}

/// A text field of a draft as the value/callback pair the bound controls take.
pub(crate) fn text_binding<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    read: fn(&D) -> &String,
    write: fn(&mut D) -> &mut String,
) -> (Signal<String>, Callback<String>) {
    (
        Signal::derive(move || draft.with(|draft| read(draft).clone())),
        Callback::new(move |text: String| draft.update(|draft| *write(draft) = text)),
    )
}

/// A collapsed group of optional fields behind a disclosure button. The fields stay in the
/// page while hidden, so `aria-controls` always points at something and typed values survive.
#[component]
pub(crate) fn AdvancedSection(
    /// `service` or `route`: the ids are `{prefix}-advanced` and `{prefix}-advanced-toggle`.
    prefix: &'static str,
    /// The button's text while closed ("View 6 Advanced Fields").
    closed_label: &'static str,
    open: RwSignal<bool>,
    children: Children,
) -> impl IntoView {
    let region_id = dom_id(&format!("{prefix}-advanced"));
    view! {
        <div class="ksh-advanced">
            <button
                type="button"
                id=dom_id(&format!("{prefix}-advanced-toggle"))
                class="ksh-button ksh-disclosure"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=region_id.clone()
                on:click=move |_| open.update(|open| *open = !*open)
            >
                {move || if open.get() { "Hide advanced fields" } else { closed_label }}
            </button>
            <div id=region_id class="ksh-advanced-fields" hidden=move || !open.get()>
                {children()}
            </div>
        </div>
    }
}

/// Form-level messages (Kong's entity checks), shown where the form starts.
#[component]
pub(crate) fn FormMessages(id: &'static str, messages: Signal<Vec<String>>) -> impl IntoView {
    let id = dom_id(id);
    view! {
        <Show when=move || !messages.with(Vec::is_empty)>
            <ul class="ksh-form-messages" id=id.clone()>
                {move || {
                    messages
                        .get()
                        .into_iter()
                        .map(|message| view! { <li>{message}</li> })
                        .collect_view()
                }}
            </ul>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integer_looking_text_becomes_a_number() {
        assert_eq!(integer_or_text("8080"), Some(json!(8080)));
        assert_eq!(integer_or_text(" 42 "), Some(json!(42)));
        assert_eq!(integer_or_text("-1"), Some(json!(-1)));
        assert_eq!(integer_or_text("80.5"), Some(json!("80.5")));
        assert_eq!(integer_or_text("eighty"), Some(json!("eighty")));
        assert_eq!(integer_or_text("-"), Some(json!("-")));
        assert_eq!(integer_or_text("   "), None);
        assert_eq!(
            integer_or_text("99999999999999999999"),
            Some(json!(1e20_f64))
        );
    }

    #[test]
    fn lists_keep_order_and_repeats() {
        assert_eq!(split_list(" a, b ,,a "), vec!["a", "b", "a"]);
        assert_eq!(split_list(""), Vec::<String>::new());
    }

    #[test]
    fn keys_split_into_field_and_index() {
        assert_eq!(split_key("paths.2"), ("paths", Some(2)));
        assert_eq!(split_key("name"), ("name", None));
        assert_eq!(
            split_key("client_certificate.id"),
            ("client_certificate", None)
        );
        assert_eq!(split_key("headers.x-a.1"), ("headers", None));
    }

    #[test]
    fn a_form_of_fixed_fields_lists_its_problems_in_field_order() {
        const FIELDS: [(&str, &str); 2] = [("region", "Region"), ("token", "Token")];
        let mut errors = FormErrors::new(FormLayout::Fields(&FIELDS));
        errors.add_field_message("token", "Enter a token.");
        let mut server = BTreeMap::new();
        server.insert("region".to_string(), "Choose a region.".to_string());
        server.insert("colour".to_string(), "unknown".to_string());
        errors.merge_server_errors(&server);

        assert_eq!(errors.field("region"), Some("Choose a region."));
        let entry = |id: &str, label: &str, message: &str| {
            (id.to_string(), label.to_string(), message.to_string())
        };
        assert_eq!(
            errors.summary(),
            vec![
                // A key that names no field is a form-level message, linked to the first field.
                entry("region", "Region", "colour: unknown"),
                entry("region", "Region", "Choose a region."),
                entry("token", "Token", "Enter a token."),
            ]
        );
    }

    #[test]
    fn changed_keys_compares_both_sides() {
        let current = json!({"name": "a", "port": 80, "path": "/x"});
        let original = json!({"name": "a", "port": 81, "retries": 5});
        assert_eq!(
            changed_keys(&current, &original),
            vec!["path", "port", "retries"]
        );
    }
}
