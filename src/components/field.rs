//! Labelled form controls with their help text and error message wired for assistive technology:
//! `aria-invalid` while in error, and `aria-describedby` pointing at the help and the error.
//!
//! Components take the app's local id of their control (`service-name`) and write it into the
//! page through the instance's [`IdScope`](crate::components::ids::IdScope); the functions
//! here that build or follow ids work on ids as they are in the page.

use crate::components::ids::dom_id;
use leptos::prelude::*;

/// The id of a field's error message element, also the target of error-summary links.
pub fn error_id(field_id: &str) -> String {
    format!("{field_id}-error")
}

/// Runs a field's blur handler, unless a pointer press caused the blur: then it runs once the
/// press is over and its click was handled. Showing the field's message at once would push the
/// pressed button down the page, and the click would land beside it and be lost.
pub fn after_press(on_blur: Callback<()>) {
    if pointer::is_pressed() {
        pointer::after_release(on_blur);
    } else {
        on_blur.run(());
    }
}

/// Follows pointer presses for [`after_press`] while the calling app instance lives: the
/// listeners go when the last mounted instance is unmounted.
pub fn track_presses() {
    pointer::track();
    on_cleanup(pointer::untrack);
}

mod pointer {
    use leptos::prelude::*;
    use std::cell::{Cell, RefCell};
    use std::time::Duration;

    thread_local! {
        static PRESSED: Cell<bool> = const { Cell::new(false) };
        static WAITING: RefCell<Vec<Callback<()>>> = const { RefCell::new(Vec::new()) };
        /// The two listeners, shared by every field of every instance, and how many app
        /// instances use them.
        static LISTENERS: RefCell<Option<[WindowListenerHandle; 2]>> = const { RefCell::new(None) };
        static USERS: Cell<usize> = const { Cell::new(0) };
    }

    pub fn track() {
        if USERS.replace(USERS.get() + 1) > 0 {
            return;
        }
        let pressed = window_event_listener(leptos::ev::pointerdown, |_| PRESSED.set(true));
        let released = window_event_listener(leptos::ev::pointerup, |_| {
            PRESSED.set(false);
            // The click that follows a release is dispatched in the same task: a zero
            // timeout runs after it.
            set_timeout(run_waiting, Duration::ZERO);
        });
        LISTENERS.set(Some([pressed, released]));
    }

    pub fn untrack() {
        let users = USERS.get().saturating_sub(1);
        USERS.set(users);
        if users == 0 {
            if let Some(listeners) = LISTENERS.take() {
                listeners.into_iter().for_each(WindowListenerHandle::remove);
            }
            PRESSED.set(false);
            WAITING.with_borrow_mut(Vec::clear);
        }
    }

    pub fn is_pressed() -> bool {
        PRESSED.get()
    }

    pub fn after_release(callback: Callback<()>) {
        WAITING.with_borrow_mut(|waiting| waiting.push(callback));
    }

    fn run_waiting() {
        for callback in WAITING.take() {
            // The click may have closed the screen the field was on.
            let _ = callback.try_run(());
        }
    }
}

/// Moves keyboard focus to the control with this id in the page (already scoped, see
/// [`dom_id`]), if it is there.
pub fn focus_field(element_id: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(element_id))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

fn help_id(field_id: &str) -> String {
    format!("{field_id}-help")
}

fn described_by(field_id: &str, has_help: bool, has_error: bool) -> Option<String> {
    let ids: Vec<String> = [
        has_help.then(|| help_id(field_id)),
        has_error.then(|| error_id(field_id)),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// What every labelled control shares: its id in the page, and its `aria-invalid` and
/// `aria-describedby`, which follow its error.
#[derive(Clone)]
struct Control {
    element_id: String,
    has_help: bool,
    error: Signal<Option<String>>,
}

impl Control {
    /// `local_id` is the app's name for the field; the page id is scoped to the app instance.
    fn new(local_id: &str, has_help: bool, error: Signal<Option<String>>) -> Control {
        Control {
            element_id: dom_id(local_id),
            has_help,
            error,
        }
    }

    fn id(&self) -> String {
        self.element_id.clone()
    }

    fn invalid(&self) -> impl Fn() -> &'static str + Send + Sync + use<> {
        let error = self.error;
        move || {
            if error.with(Option::is_some) {
                "true"
            } else {
                "false"
            }
        }
    }

    fn described_by(&self) -> impl Fn() -> Option<String> + Send + Sync + use<> {
        let (element_id, has_help, error) = (self.element_id.clone(), self.has_help, self.error);
        move || described_by(&element_id, has_help, error.with(Option::is_some))
    }
}

/// Which side of its control a label sits on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LabelSide {
    Before,
    /// Checkboxes: the box, then what it means.
    After,
}

/// The frame around a control: the label, the control (`children`), its help line and its
/// error line, marked invalid while there is an error.
#[component]
fn FieldFrame(
    control: Control,
    #[prop(into)] label: String,
    help: Option<String>,
    label_side: LabelSide,
    children: Children,
) -> impl IntoView {
    let error = control.error;
    let class = if label_side == LabelSide::After {
        "ksh-field ksh-field-checkbox"
    } else {
        "ksh-field"
    };
    let label = view! { <label for=control.id()>{label}</label> };
    let (label_before, label_after) = match label_side {
        LabelSide::Before => (Some(label), None),
        LabelSide::After => (None, Some(label)),
    };
    let error_line_id = error_id(&control.element_id);
    view! {
        <div class=class class:ksh-field-invalid=move || error.with(Option::is_some)>
            {label_before}
            {children()}
            {label_after}
            {help.map(|help| view! { <p class="ksh-help" id=help_id(&control.element_id)>{help}</p> })}
            {move || {
                error.get().map(|message| view! {
                    <p class="ksh-field-error" id=error_line_id.clone()>{message}</p>
                })
            }}
        </div>
    }
}

fn run_after_press(on_blur: Option<Callback<()>>) {
    if let Some(on_blur) = on_blur {
        after_press(on_blur);
    }
}

/// A single-line text input.
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] help: Option<&'static str>,
    /// `text` unless given (`password`, `url`, …).
    #[prop(optional)]
    input_type: Option<&'static str>,
    /// A hint for on-screen keyboards (`numeric`, `url`).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional, into)] on_blur: Option<Callback<()>>,
) -> impl IntoView {
    let control = Control::new(id, help.is_some(), error);
    view! {
        <FieldFrame control=control.clone() label help=help.map(String::from) label_side=LabelSide::Before>
            <input
                id=control.id()
                name=id
                type=input_type.unwrap_or("text")
                inputmode=inputmode
                autocomplete=autocomplete.unwrap_or("off")
                placeholder=placeholder
                spellcheck="false"
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
                on:blur=move |_| run_after_press(on_blur)
                aria-invalid=control.invalid()
                aria-describedby=control.described_by()
            />
        </FieldFrame>
    }
}

/// One choice among fixed options, as a `<select>`.
#[component]
pub fn SelectField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    /// `(value, label)` pairs.
    options: Vec<(&'static str, &'static str)>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] help: Option<&'static str>,
) -> impl IntoView {
    let control = Control::new(id, help.is_some(), error);
    let options: Vec<(String, String)> = options
        .into_iter()
        .map(|(value, label)| (value.to_owned(), label.to_owned()))
        .collect();
    view! {
        <FieldFrame control=control.clone() label help=help.map(String::from) label_side=LabelSide::Before>
            <select
                id=control.id()
                name=id
                on:change=move |event| value.set(event_target_value(&event))
                aria-invalid=control.invalid()
                aria-describedby=control.described_by()
            >
                <Options options=Signal::stored(options) selected=value.into() />
            </select>
        </FieldFrame>
    }
}

/// A checkbox with its label after it.
#[component]
pub fn CheckboxField(
    id: &'static str,
    label: &'static str,
    checked: RwSignal<bool>,
    #[prop(optional)] help: Option<&'static str>,
) -> impl IntoView {
    let control = Control::new(id, help.is_some(), Signal::stored(None));
    view! {
        <FieldFrame control=control.clone() label help=help.map(String::from) label_side=LabelSide::After>
            <input
                id=control.id()
                name=id
                type="checkbox"
                prop:checked=move || checked.get()
                on:change=move |event| checked.set(event_target_checked(&event))
                aria-describedby=control.described_by()
            />
        </FieldFrame>
    }
}

/// A select's `(value, label)` options, the one equal to `selected` selected.
#[component]
fn Options(options: Signal<Vec<(String, String)>>, selected: Signal<String>) -> impl IntoView {
    move || {
        options
            .get()
            .into_iter()
            .map(|(option_value, option_label)| {
                let selected_value = option_value.clone();
                view! {
                    <option
                        value=option_value
                        selected=move || selected.with(|current| *current == selected_value)
                    >
                        {option_label}
                    </option>
                }
            })
            .collect_view()
    }
}

/// A single-line text input whose value lives in a larger draft: it shows `value` and reports
/// each keystroke through `on_input`. Its id may be built at run time (`route-path-3`).
#[component]
pub fn BoundTextField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] help: Option<String>,
    /// `text` unless given.
    #[prop(optional)]
    input_type: Option<&'static str>,
    /// A hint for on-screen keyboards (`numeric`, `url`).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(optional, into)] on_blur: Option<Callback<()>>,
) -> impl IntoView {
    let control = Control::new(&id, help.is_some(), error);
    view! {
        <FieldFrame control=control.clone() label help label_side=LabelSide::Before>
            <input
                id=control.id()
                name=id
                type=input_type.unwrap_or("text")
                inputmode=inputmode
                autocomplete="off"
                spellcheck="false"
                prop:value=move || value.get()
                on:input=move |event| on_input.run(event_target_value(&event))
                on:blur=move |_| run_after_press(on_blur)
                aria-invalid=control.invalid()
                aria-describedby=control.described_by()
            />
        </FieldFrame>
    }
}

/// A multi-line text input bound like [`BoundTextField`] (one item per line).
#[component]
pub fn BoundTextArea(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] help: Option<String>,
    #[prop(optional, into)] on_blur: Option<Callback<()>>,
) -> impl IntoView {
    let control = Control::new(&id, help.is_some(), error);
    view! {
        <FieldFrame control=control.clone() label help label_side=LabelSide::Before>
            <textarea
                id=control.id()
                name=id
                rows="3"
                spellcheck="false"
                prop:value=move || value.get()
                on:input=move |event| on_input.run(event_target_value(&event))
                on:blur=move |_| run_after_press(on_blur)
                aria-invalid=control.invalid()
                aria-describedby=control.described_by()
            ></textarea>
        </FieldFrame>
    }
}

/// A `<select>` bound like [`BoundTextField`]; `options` are `(value, label)` pairs and may
/// change (e.g. to include a value loaded from the server that is not a preset).
#[component]
pub fn BoundSelectField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] help: Option<String>,
    /// While true the choice cannot change (e.g. once something was created with it).
    #[prop(optional, into)]
    disabled: Signal<bool>,
) -> impl IntoView {
    let control = Control::new(&id, help.is_some(), error);
    view! {
        <FieldFrame control=control.clone() label help label_side=LabelSide::Before>
            <select
                id=control.id()
                name=id
                disabled=move || disabled.get()
                on:change=move |event| on_change.run(event_target_value(&event))
                aria-invalid=control.invalid()
                aria-describedby=control.described_by()
            >
                <Options options selected=value />
            </select>
        </FieldFrame>
    }
}

/// A checkbox bound like [`BoundTextField`], with its label after it.
#[component]
pub fn BoundCheckboxField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] checked: Signal<bool>,
    on_change: Callback<bool>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] help: Option<String>,
) -> impl IntoView {
    let control = Control::new(&id, help.is_some(), error);
    view! {
        <FieldFrame control=control.clone() label help label_side=LabelSide::After>
            <input
                id=control.id()
                name=id
                type="checkbox"
                prop:checked=move || checked.get()
                on:change=move |event| on_change.run(event_target_checked(&event))
                aria-invalid=control.invalid()
                aria-describedby=control.described_by()
            />
        </FieldFrame>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_help_and_error_in_reading_order() {
        assert_eq!(
            described_by("token", true, true),
            Some("token-help token-error".into())
        );
        assert_eq!(
            described_by("token", false, true),
            Some("token-error".into())
        );
        assert_eq!(described_by("token", false, false), None);
    }
}
