use crate::components::field::focus_field;
use crate::components::ids::IdScope;
use leptos::html;
use leptos::prelude::*;

/// The list of problems shown when a form is submitted with errors. It takes focus, and each entry
/// links to the message under its field, so nobody has to hunt for what went wrong.
#[component]
pub fn ErrorSummary(
    /// `(field id, field label, message)` for each problem, in form order.
    #[prop(into)]
    errors: Signal<Vec<(String, String, String)>>,
) -> impl IntoView {
    let summary = NodeRef::<html::Div>::new();
    // Each entry with its control's id as this app instance writes it in the page.
    let scope = IdScope::current();
    let entries = Signal::derive(move || {
        errors
            .get()
            .into_iter()
            .map(|(field, label, message)| (scope.id(&field), label, message))
            .collect::<Vec<_>>()
    });
    Effect::new(move |_| {
        if !errors.with(Vec::is_empty)
            && let Some(element) = summary.get()
        {
            let _ = element.focus();
        }
    });
    view! {
        <Show when=move || !errors.with(Vec::is_empty)>
            <div
                class="ksh-error-summary"
                role="alert"
                tabindex="-1"
                aria-label="There is a problem"
                node_ref=summary
            >
                <h2>"There is a problem"</h2>
                <ul>
                    {move || {
                        entries
                            .get()
                            .into_iter()
                            .map(|(target, label, message)| {
                                let href = format!("#{target}");
                                view! {
                                    <li>
                                        <a
                                            href=href
                                            on:click=move |event| {
                                                // Move focus to the control itself; a plain
                                                // fragment link would only scroll to it.
                                                event.prevent_default();
                                                focus_field(&target);
                                            }
                                        >
                                            {label}": "{message}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}
