//! The Verify screen (issue 6), linked from the version overview: a ready request per route,
//! sent from the browser through the proxy, its equivalent `curl -i`, and the version's
//! status-code records.
//!
//! The decisions about what an outcome means live in [`crate::verify`] (tested natively); this
//! file only wires them to controls.

use crate::components::busy;
use crate::components::field::{TextField, focus_field};
use crate::components::heading::ScreenHeading;
use crate::components::ids::dom_id;
use crate::components::status::{ErrorMessage, load_view};
use crate::components::visible::when_first_visible;
use crate::host::{AppEvent, use_host};
use crate::router::A;
use crate::screens::service_hub::version_path;
use crate::screens::version::{
    Implementation, ROUTES_PAGE_SIZE, VersionDetails, load_version, use_version_ids,
};
use crate::state::use_app_state;
use crate::tasks::OwnedTasks;
use crate::verify::clipboard::copy_text;
use crate::verify::outcome::{
    Explanation, Failure, OutcomeKind, Situation, blocked_before_sending, body_preview,
    explain_failure, explain_response, host_header_note,
};
use crate::verify::proxy_setting::{
    DEFAULT_PROXY_URL, ProxyTarget, load_proxy_url, page_host_is_local, parse_proxy_url,
    save_proxy_url,
};
use crate::verify::records::{
    RECORDS_LIMIT, StatusCount, group_by_status, readable_time, records_query,
};
use crate::verify::send::{ProxyRequest, ProxyResponse, probe, send};
use domain::curl::{
    SuggestedRequest, curl_command, path_matches_route_path, proxy_url, request_for_route,
};
use domain::model::Route;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// How much of a response body is shown.
const BODY_PREVIEW_BYTES: usize = 2048;
/// Records take a few seconds to appear, so the table refreshes on its own after a Send.
const AUTO_REFRESH_EVERY: Duration = Duration::from_secs(2);
const AUTO_REFRESH_FOR_MS: f64 = 30_000.0;
/// Offered when a route accepts any method.
const COMMON_METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// The Verify screen: one request per route of the version through a runtime instance's proxy,
/// and the version's requests by status code.
#[component]
pub fn VerifyScreen() -> impl IntoView {
    let state = use_app_state();
    let (product_id, version_id) = use_version_ids();
    let base = Memo::new(move |_| version_path(&product_id.get(), &version_id.get()));
    let details =
        LocalResource::new(move || load_version(state, product_id.get(), version_id.get()));
    view! {
        <section class="ksh-screen">
            <p class="ksh-breadcrumb"><A href=move || base.get()>"Back to the version"</A></p>
            <ScreenHeading>"Verify"</ScreenHeading>
            {move || load_view("the version", details.get(), |details| {
                view! { <VerifyVersion details base=base.get_untracked() /> }
            })}
        </section>
    }
}

#[component]
fn VerifyVersion(details: VersionDetails, base: String) -> impl IntoView {
    let title = format!("{} · {}", details.product.name, details.version.name);
    let lead = view! { <p class="ksh-lead">"Version " <strong>{title}</strong></p> };
    let body = match details.implementation {
        None => view! {
            <p class="ksh-empty">"This version is not implemented yet: there is nothing to verify."</p>
            <A href=format!("{base}/implement") attr:class="ksh-button ksh-button-primary">
                "New Implementation"
            </A>
        }
            .into_any(),
        Some(Implementation { service_exists: false, .. }) => view! {
            <p class="ksh-error">
                "The version's gateway service is missing from its runtime group: there is nothing \
                 to verify."
            </p>
        }
            .into_any(),
        Some(Implementation {
            link,
            routes,
            more_routes,
            ..
        }) => view! {
            {more_routes.then(|| view! {
                <p class="ksh-note" role="note">
                    {format!("Requests are offered for the first {ROUTES_PAGE_SIZE} routes.")}
                </p>
            })}
            <VerifyPanel control_plane_id=link.control_plane_id service_id=link.id routes />
        }
            .into_any(),
    };
    view! { {lead} {body} }
}

/// Calls the proxy for each route and shows the version's status-code records.
#[component]
pub fn VerifyPanel(
    control_plane_id: String,
    service_id: String,
    routes: Vec<Route>,
) -> impl IntoView {
    let proxy_text = RwSignal::new(load_proxy_url(&control_plane_id));
    let proxy = Memo::new(move |_| proxy_text.with(|text| parse_proxy_url(text)));
    {
        let control_plane_id = control_plane_id.clone();
        Effect::new(move |_| {
            // Only a valid URL is remembered, so a half-typed one never replaces a good one.
            if proxy.with(Result::is_ok) {
                save_proxy_url(&control_plane_id, proxy_text.get_untracked().trim());
            }
        });
    }
    let sends = RwSignal::new(0_u32);
    let on_sent = Callback::new(move |()| {
        sends.try_update(|count| *count += 1);
    });

    let heading_id = dom_id("verify-heading");
    let labelled_by = heading_id.clone();
    view! {
        <section class="ksh-panel ksh-verify" aria-labelledby=labelled_by>
            <h2 id=heading_id>"Send a request"</h2>
            <p class="ksh-muted">
                "Send a request through the proxy of a runtime instance to check that traffic reaches the \
                 upstream. The browser sends it on a best-effort basis; the curl command always works."
            </p>
            <ProxyUrlField value=proxy_text proxy />
            {if routes.is_empty() {
                view! { <p class="ksh-empty">"No routes to verify yet: add a route first."</p> }
                    .into_any()
            } else {
                routes
                    .into_iter()
                    .enumerate()
                    .map(|(index, route)| view! { <RouteRequest index route proxy on_sent /> })
                    .collect_view()
                    .into_any()
            }}
            <StatusRecords control_plane_id service_id sends=sends.read_only() />
        </section>
    }
}

const PROXY_FIELD_ID: &str = "verify-proxy-url";

#[component]
fn ProxyUrlField(
    value: RwSignal<String>,
    proxy: Memo<Result<ProxyTarget, String>>,
) -> impl IntoView {
    let error = Signal::derive(move || proxy.with(|result| result.as_ref().err().cloned()));
    view! {
        <TextField
            id=PROXY_FIELD_ID
            label="Proxy URL"
            value
            error
            help="Where a runtime instance of this runtime group listens (http://localhost:8000 by \
                  default), optionally with a path prefix. Remembered for this runtime group."
            input_type="url"
            inputmode="url"
            autocomplete="url"
        />
    }
}

/// What the last Send of one route gave.
#[derive(Clone)]
struct Attempt {
    /// `GET /flights`.
    request_line: String,
    explanation: Explanation,
    response: Option<ProxyResponse>,
}

fn route_label(route: &Route, suggestion: &SuggestedRequest, index: usize) -> String {
    route
        .name
        .as_value()
        .cloned()
        .or_else(|| suggestion.route_path.clone())
        .unwrap_or_else(|| format!("#{}", index + 1))
}

fn method_options(route: &Route) -> Vec<String> {
    match route.methods.as_value() {
        Some(methods) if !methods.is_empty() => methods.clone(),
        _ => COMMON_METHODS
            .iter()
            .map(|method| (*method).to_owned())
            .collect(),
    }
}

/// Where this page is, from `window.location`, for the outcome heuristics.
fn situation_for(proxy: ProxyTarget, host_header: Option<String>) -> Situation {
    let location = web_sys::window().map(|window| window.location());
    let read = |part: fn(&web_sys::Location) -> Result<String, wasm_bindgen::JsValue>| {
        location
            .as_ref()
            .and_then(|location| part(location).ok())
            .unwrap_or_default()
    };
    let protocol = read(web_sys::Location::protocol);
    Situation {
        page_origin: read(web_sys::Location::origin),
        page_is_https: protocol == "https:",
        page_is_local: page_host_is_local(&read(web_sys::Location::host)),
        proxy,
        host_header,
    }
}

#[component]
fn RouteRequest(
    index: usize,
    route: Route,
    proxy: Memo<Result<ProxyTarget, String>>,
    on_sent: Callback<()>,
) -> impl IntoView {
    let suggestion = request_for_route(&route);
    let label = route_label(&route, &suggestion, index);
    let methods = method_options(&route);
    let method = RwSignal::new(suggestion.method.clone());
    let path = RwSignal::new(suggestion.path.clone().unwrap_or_default());
    let host_header = suggestion.host_header.clone();
    let extra_headers = suggestion.headers.clone();
    let route_path = suggestion.route_path.clone();
    let is_regex = suggestion.needs_concrete_path;

    let id = |part: &str| dom_id(&format!("verify-{index}-{part}"));
    let heading_id = id("heading");
    let labelled_by = heading_id.clone();
    let method_id = id("method");
    let method_label_for = method_id.clone();
    let path_id = id("path");
    let path_label_for = path_id.clone();
    let path_check_id = id("path-check");
    let curl_id = id("curl");

    // Whether the typed path still reaches this route, as Kong's router would decide it.
    let path_check = {
        let route_path = route_path.clone();
        Memo::new(move |_| {
            let route_path = route_path.as_deref()?;
            let matches = path.with(|path| path_matches_route_path(route_path, path));
            match (matches, is_regex) {
                (true, true) => Some((true, format!("Matches the route path {route_path}."))),
                (true, false) => None,
                (false, _) => Some((
                    false,
                    format!(
                        "Does not match the route path {route_path}: the proxy would not send \
                         this request to this route."
                    ),
                )),
            }
        })
    };
    // While the proxy URL is being corrected, the command keeps the last valid address.
    let base = Memo::new(move |previous: Option<&String>| {
        proxy.with(|proxy| match (proxy, previous) {
            (Ok(proxy), _) => proxy.base(),
            (Err(_), Some(previous)) => previous.clone(),
            (Err(_), None) => DEFAULT_PROXY_URL.to_owned(),
        })
    });
    let url = Memo::new(move |_| base.with(|base| path.with(|path| proxy_url(base, path))));
    let curl = {
        let (host_header, extra_headers) = (host_header.clone(), extra_headers.clone());
        Memo::new(move |_| {
            curl_command(
                &method.get(),
                &url.get(),
                host_header.as_deref(),
                &extra_headers,
            )
        })
    };

    let attempt = RwSignal::new(None::<Attempt>);
    let sending = RwSignal::new(false);
    let announcement = RwSignal::new(String::new());
    let host = use_host();
    let proxy_field_id = dom_id(PROXY_FIELD_ID);
    let tasks = OwnedTasks::here();
    let send_request = {
        let (host_header, extra_headers) = (host_header.clone(), extra_headers.clone());
        move || {
            let Ok(target) = proxy.get_untracked() else {
                announcement.set("Correct the proxy URL first.".to_owned());
                focus_field(&proxy_field_id);
                return;
            };
            let request_line = format!("{} {}", method.get_untracked(), path.get_untracked());
            let situation = situation_for(target, host_header.clone());
            if let Some(explanation) = blocked_before_sending(&situation) {
                announcement.set(format!("{request_line}: {}", explanation.headline));
                attempt.set(Some(Attempt {
                    request_line,
                    explanation,
                    response: None,
                }));
                return;
            }
            let request = ProxyRequest {
                method: method.get_untracked(),
                url: url.get_untracked(),
                headers: extra_headers.clone(),
            };
            sending.set(true);
            announcement.set(format!("Sending {request_line}…"));
            tasks.spawn(async move {
                let finished = send_and_explain(&situation, &request, &request_line).await;
                host.emit(AppEvent::VerifyResult {
                    method: request.method.clone(),
                    url: request.url.clone(),
                    status: finished.response.as_ref().map(|response| response.status),
                    outcome: finished.explanation.kind.code().to_owned(),
                    duration_ms: finished
                        .response
                        .as_ref()
                        .map_or(0, |response| response.elapsed_ms),
                });
                // The task is cancelled with the panel; `try_set` covers the moment in between.
                let summary = summary_line(&finished);
                let _ = sending.try_set(false);
                let _ = announcement.try_set(summary);
                let _ = attempt.try_set(Some(finished));
                on_sent.try_run(());
            });
        }
    };

    let notes = suggestion.notes.clone();
    let host_note = move || {
        let host = host_header.as_deref()?;
        proxy.with(|proxy| {
            proxy
                .as_ref()
                .ok()
                .map(|proxy| host_header_note(host, proxy))
        })
    };

    view! {
        <article class="ksh-verify-route" aria-labelledby=labelled_by>
            <h3 id=heading_id>{format!("Route {label}")}</h3>
            {(!notes.is_empty()).then(|| view! {
                <ul class="ksh-verify-notes">
                    {notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}
                </ul>
            })}
            <form
                class="ksh-verify-request"
                on:submit=move |event| {
                    event.prevent_default();
                    if !sending.get_untracked() {
                        send_request();
                    }
                }
            >
                <div class="ksh-field ksh-verify-method">
                    <label for=method_label_for>"Method"</label>
                    <select
                        id=method_id
                        on:change=move |event| method.set(event_target_value(&event))
                    >
                        {methods
                            .into_iter()
                            .map(|option| {
                                let selected = option == method.get_untracked();
                                view! { <option value=option.clone() selected=selected>{option.clone()}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="ksh-field ksh-verify-path">
                    <label for=path_label_for>"Path"</label>
                    <input
                        id=path_id
                        type="text"
                        spellcheck="false"
                        autocomplete="off"
                        prop:value=move || path.get()
                        on:input=move |event| path.set(event_target_value(&event))
                        aria-describedby=move || path_check.with(Option::is_some).then(|| path_check_id.clone())
                        aria-invalid=move || {
                            if path_check.with(|check| matches!(check, Some((false, _)))) { "true" } else { "false" }
                        }
                    />
                    {
                        let path_check_id = id("path-check");
                        move || path_check.get().map(|(matches, message)| view! {
                            <p
                                id=path_check_id.clone()
                                class=if matches { "ksh-help ksh-verify-match" } else { "ksh-field-error" }
                                aria-live="polite"
                            >
                                {message}
                            </p>
                        })
                    }
                </div>
                <button type="submit" class="ksh-button ksh-button-primary" aria-disabled=move || busy(sending.get())>
                    {move || if sending.get() { "Sending…" } else { "Send" }}
                </button>
            </form>
            {move || host_note().map(|note| view! { <p class="ksh-note ksh-verify-host">{note}</p> })}
            <CurlCommand id=curl_id text=curl />
            <p class="ksh-verify-summary" role="status">{move || announcement.get()}</p>
            {move || attempt.get().map(|attempt| view! { <AttemptDetails attempt /> })}
        </article>
    }
}

async fn send_and_explain(
    situation: &Situation,
    request: &ProxyRequest,
    request_line: &str,
) -> Attempt {
    match send(request).await {
        Ok(response) => Attempt {
            request_line: request_line.to_owned(),
            explanation: explain_response(situation, request_line, response.status, &response.body),
            response: Some(response),
        },
        Err(Failure::NoAnswer { .. }) => {
            // Probe the proxy itself: an answer to it shows the first answer was withheld.
            let proxy_reachable = probe(&format!("{}/", situation.proxy.base())).await;
            Attempt {
                request_line: request_line.to_owned(),
                explanation: explain_failure(situation, &Failure::NoAnswer { proxy_reachable }),
                response: None,
            }
        }
        Err(failure) => Attempt {
            request_line: request_line.to_owned(),
            explanation: explain_failure(situation, &failure),
            response: None,
        },
    }
}

/// The one line announced to screen readers when a Send finishes.
fn summary_line(attempt: &Attempt) -> String {
    match &attempt.response {
        Some(response) => {
            let status = format!("{} {}", response.status, response.status_text);
            let status = status.trim_end();
            if attempt.explanation.kind == OutcomeKind::Answered {
                format!(
                    "{}: {status} in {} ms.",
                    attempt.request_line, response.elapsed_ms
                )
            } else {
                format!(
                    "{}: {status} in {} ms. {}",
                    attempt.request_line, response.elapsed_ms, attempt.explanation.headline
                )
            }
        }
        None => format!("{}: {}", attempt.request_line, attempt.explanation.headline),
    }
}

#[component]
fn AttemptDetails(attempt: Attempt) -> impl IntoView {
    let Attempt {
        explanation,
        response,
        ..
    } = attempt;
    let kind = explanation.kind;
    let explained = kind != OutcomeKind::Answered;
    view! {
        <div
            class="ksh-verify-result"
            class:ksh-verify-browser-limit=kind.is_browser_limit()
            data-outcome=kind.code()
        >
            {response.as_ref().map(|response| view! {
                <p class="ksh-verify-status">
                    <strong class="ksh-verify-code">{response.status}</strong>
                    " " {response.status_text.clone()}
                    <span class="ksh-muted">{format!(" · {} ms", response.elapsed_ms)}</span>
                </p>
            })}
            {explained.then(|| view! {
                <div class="ksh-verify-explanation">
                    <p><strong>{explanation.headline.clone()}</strong></p>
                    {explanation.details.into_iter().map(|detail| view! { <p>{detail}</p> }).collect_view()}
                </div>
            })}
            {response.map(|response| view! { <ResponseDetails response /> })}
        </div>
    }
}

#[component]
fn ResponseDetails(response: ProxyResponse) -> impl IntoView {
    let (preview, cut) = body_preview(&response.body, BODY_PREVIEW_BYTES);
    let body_note = if cut {
        format!(
            "Body: the first {BODY_PREVIEW_BYTES} bytes of {}.",
            response.body.len()
        )
    } else if response.body.is_empty() {
        "Body: empty.".to_owned()
    } else {
        "Body".to_owned()
    };
    let preview = preview.to_owned();
    let header_count = response.headers.len();
    view! {
        <details class="ksh-verify-headers">
            <summary>{format!("Response headers the browser lets this page read ({header_count})")}</summary>
            <dl>
                {response
                    .headers
                    .into_iter()
                    .map(|(name, value)| view! { <dt>{name}</dt><dd>{value}</dd> })
                    .collect_view()}
            </dl>
        </details>
        <p class="ksh-verify-body-label">{body_note}</p>
        // Text only: a body is never interpreted as HTML.
        {(!preview.is_empty()).then(|| view! {
            <pre class="ksh-code-block ksh-verify-body"><code>{preview}</code></pre>
        })}
    }
}

/// The equivalent `curl -i` command in a read-only text box (selectable by keyboard), with Copy.
#[component]
fn CurlCommand(id: String, text: Memo<String>) -> impl IntoView {
    let outcome = RwSignal::new(String::new());
    let text_box = NodeRef::<html::Textarea>::new();
    // "Copied." is about the command as it was: a changed command clears it.
    Effect::new(move |_| {
        text.track();
        outcome.set(String::new());
    });
    let copy = move |_| {
        outcome.set(String::new());
        let command = text.get_untracked();
        spawn_local(async move {
            let message = if copy_text(&command).await {
                "Copied."
            } else {
                // Selecting the text lets a keyboard user copy it with one shortcut.
                if let Some(text_box) = text_box.get_untracked() {
                    text_box.select();
                }
                "This browser does not allow copying from here: the command is selected, \
                 press Ctrl+C (⌘C on a Mac) to copy it."
            };
            let _ = outcome.try_set(message.to_owned());
        });
    };
    let label_for = id.clone();
    view! {
        <div class="ksh-field ksh-verify-curl">
            <label for=label_for>"Equivalent curl command"</label>
            <textarea
                id=id
                class="ksh-verify-curl-text"
                readonly
                rows="2"
                spellcheck="false"
                node_ref=text_box
                prop:value=move || text.get()
            ></textarea>
            <span class="ksh-copy">
                <button type="button" class="ksh-button" on:click=copy>"Copy curl command"</button>
                <span class="ksh-copy-outcome" role="status">{move || outcome.get()}</span>
            </span>
        </div>
    }
}

/// What the records table shows.
#[derive(Clone, PartialEq)]
enum RecordsState {
    Loading,
    Loaded {
        rows: Vec<StatusCount>,
        total: usize,
    },
    Failed(String),
}

fn records_summary(rows: &[StatusCount], total: usize) -> String {
    if total == 0 {
        return "No requests recorded for this version in the last hour. Send one above: it \
                appears here a few seconds after it reaches the proxy."
            .to_owned();
    }
    let parts: Vec<String> = rows
        .iter()
        .map(|row| {
            let status = row
                .status
                .map_or("unknown".to_owned(), |status| status.to_string());
            format!("{status} × {}", row.count)
        })
        .collect();
    let at_least = if total >= RECORDS_LIMIT as usize {
        "at least "
    } else {
        ""
    };
    let noun = if total == 1 { "request" } else { "requests" };
    format!(
        "{at_least}{total} {noun} in the last hour: {}.",
        parts.join(", ")
    )
}

/// The version's recent requests by status code, refreshed for a while after each Send.
#[component]
fn StatusRecords(
    control_plane_id: String,
    service_id: String,
    sends: ReadSignal<u32>,
) -> impl IntoView {
    let state = use_app_state();
    let records = RwSignal::new(RecordsState::Loading);
    let refreshing = RwSignal::new(false);
    // Answers can arrive out of order while polling; only the newest request's answer is shown.
    let generation = StoredValue::new(0_u32);
    let tasks = OwnedTasks::here();
    let refresh = move || {
        let query = records_query(&control_plane_id, &service_id);
        generation.update_value(|count| *count += 1);
        let mine = generation.get_value();
        refreshing.set(true);
        tasks.spawn(async move {
            let result = match state.client() {
                Err(message) => RecordsState::Failed(message),
                Ok(client) => match client.query_api_requests(&query).await {
                    Ok(answer) => RecordsState::Loaded {
                        rows: group_by_status(&answer.results),
                        total: answer.results.len(),
                    },
                    Err(error) => RecordsState::Failed(state.describe_error(&error)),
                },
            };
            if generation.try_get_value() == Some(mine) {
                let _ = refreshing.try_set(false);
                let _ = records.try_set(result);
            }
        });
    };
    let refresh = StoredValue::new_local(refresh);
    // The records sit at the bottom of the overview: they load when scrolled to (or after a Send).
    let section = NodeRef::<html::Section>::new();
    when_first_visible(section, move || {
        refresh.try_with_value(|refresh| refresh());
    });

    // After each Send, poll every 2 s until 30 s after the latest one.
    let poll_until = StoredValue::new(0.0_f64);
    let poller = StoredValue::new(None::<IntervalHandle>);
    Effect::new(move |previous: Option<u32>| {
        let count = sends.get();
        if previous.is_some_and(|previous| previous != count) {
            poll_until.set_value(js_sys::Date::now() + AUTO_REFRESH_FOR_MS);
            if poller.get_value().is_none() {
                let handle = set_interval_with_handle(
                    move || {
                        if js_sys::Date::now() > poll_until.try_get_value().unwrap_or(0.0) {
                            if let Some(Some(handle)) = poller.try_get_value() {
                                handle.clear();
                            }
                            poller.try_set_value(None);
                        } else {
                            refresh.try_with_value(|refresh| refresh());
                        }
                    },
                    AUTO_REFRESH_EVERY,
                );
                poller.set_value(handle.ok());
            }
        }
        count
    });
    on_cleanup(move || {
        if let Some(Some(handle)) = poller.try_get_value() {
            handle.clear();
        }
    });
    let polling = move || {
        sends.get();
        refreshing.get();
        poller.with_value(Option::is_some)
    };

    let heading_id = dom_id("verify-records-heading");
    let labelled_by = heading_id.clone();
    view! {
        <section class="ksh-verify-records" aria-labelledby=labelled_by node_ref=section>
            <div class="ksh-panel-head">
                <h3 id=heading_id>"Status-code records"</h3>
                <button
                    type="button"
                    class="ksh-button"
                    aria-disabled=move || busy(refreshing.get())
                    on:click=move |_| {
                        if !refreshing.get_untracked() {
                            refresh.with_value(|refresh| refresh());
                        }
                    }
                >
                    {move || if refreshing.get() { "Refreshing…" } else { "Refresh" }}
                </button>
            </div>
            <p class="ksh-help">
                "Requests to this version's gateway service in the last hour, by HTTP status. Records \
                 take a few seconds to appear: the table refreshes every 2 seconds for 30 seconds after \
                 each Send."
                {move || polling().then_some(" Refreshing automatically now.")}
            </p>
            <div aria-busy=move || if refreshing.get() { "true" } else { "false" }>
                {move || match records.get() {
                    RecordsState::Loading => view! {
                        <p class="ksh-loading" role="status">
                            <span class="ksh-spinner" aria-hidden="true"></span>
                            "Loading the status-code records…"
                        </p>
                    }
                        .into_any(),
                    RecordsState::Failed(message) => view! { <ErrorMessage message /> }.into_any(),
                    RecordsState::Loaded { rows, total } => view! {
                        <p
                            class="ksh-verify-records-summary"
                            class:ksh-empty=total == 0
                            role="status"
                        >
                            {records_summary(&rows, total)}
                        </p>
                        <RecordsTable rows />
                    }
                        .into_any(),
                }}
            </div>
        </section>
    }
}

#[component]
fn RecordsTable(rows: Vec<StatusCount>) -> impl IntoView {
    // The summary above the table already says that there is nothing yet.
    if rows.is_empty() {
        return ().into_any();
    }
    view! {
        <table class="ksh-table ksh-verify-records-table">
            <thead>
                <tr>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Requests"</th>
                    <th scope="col">"Last seen"</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|row| {
                        let status = row.status.map_or("unknown".to_owned(), |status| status.to_string());
                        let class = match row.status {
                            Some(200..=399) => "ksh-verify-code ksh-verify-code-ok",
                            Some(_) => "ksh-verify-code ksh-verify-code-error",
                            None => "ksh-verify-code",
                        };
                        view! {
                            <tr>
                                <th scope="row"><span class=class>{status}</span></th>
                                <td>{row.count}</td>
                                <td>{row.last_seen.as_deref().map(readable_time).unwrap_or_else(|| "—".to_owned())}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
        .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(status: Option<u16>, count: usize) -> StatusCount {
        StatusCount {
            status,
            count,
            last_seen: None,
        }
    }

    #[test]
    fn the_records_summary_reads_as_one_sentence() {
        assert_eq!(
            records_summary(&[], 0),
            "No requests recorded for this version in the last hour. Send one above: it appears \
             here a few seconds after it reaches the proxy."
        );
        assert_eq!(
            records_summary(&[row(Some(200), 1)], 1),
            "1 request in the last hour: 200 × 1."
        );
        assert_eq!(
            records_summary(&[row(Some(200), 2), row(Some(404), 1), row(None, 1)], 4),
            "4 requests in the last hour: 200 × 2, 404 × 1, unknown × 1."
        );
        assert_eq!(
            records_summary(&[row(Some(200), 1000)], 1000),
            "at least 1000 requests in the last hour: 200 × 1000."
        );
    }

    #[test]
    fn routes_without_methods_offer_the_common_ones() {
        let route = Route::default();
        assert_eq!(
            method_options(&route),
            COMMON_METHODS.map(str::to_owned).to_vec()
        );
    }
}
