//! What the outcome of a Verify request means, in words for the user.
//!
//! The browser hides most network failures behind one opaque `TypeError` ("Failed to fetch"),
//! on purpose: a page must not learn whether a server it may not read exists. So the diagnosis is
//! a set of heuristics, each documented where it is made, and every message that cannot be sure
//! says so. None of them blames the route: a request the browser could not make or read says
//! nothing about what the proxy would do with it, and the curl command is always there to check.

use super::proxy_setting::{ProxyTarget, Scheme};

/// Where the page and the proxy are, as far as the page can see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Situation {
    /// This page's origin (`https://hub.example.com`), for the CORS plugin's `origins`.
    pub page_origin: String,
    /// The page was loaded over HTTPS (a secure context that blocks mixed content).
    pub page_is_https: bool,
    /// The page itself is served from a loopback or private address.
    pub page_is_local: bool,
    pub proxy: ProxyTarget,
    /// The route matches on hosts: the Host header the request should carry.
    pub host_header: Option<String>,
}

/// Why `fetch` gave no readable response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Our timer aborted the request.
    Timeout { after_ms: u32 },
    /// `fetch` rejected with a `TypeError`: refused, unreachable, or blocked by the browser.
    /// `proxy_reachable` is the result of a follow-up `no-cors` probe of the proxy's address:
    /// `Some(true)` when something answered it (the first answer existed but was not readable),
    /// `Some(false)` when the probe failed too, `None` when it could not be made.
    NoAnswer { proxy_reachable: Option<bool> },
    /// The browser would not even build the request (an invalid method or header value).
    NotSendable { reason: String },
}

/// The kinds of outcome the panel distinguishes; the UI also writes them as `data-outcome` so
/// tests and styles can tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeKind {
    /// The proxy answered and nothing in the answer needs explaining.
    Answered,
    NoRouteMatched,
    HttpsOnly,
    UpstreamProblem,
    MixedContent,
    Cors,
    PrivateNetwork,
    NoAnswer,
    Timeout,
    NotSendable,
}

impl OutcomeKind {
    pub fn code(self) -> &'static str {
        match self {
            OutcomeKind::Answered => "answered",
            OutcomeKind::NoRouteMatched => "no-route",
            OutcomeKind::HttpsOnly => "https-only",
            OutcomeKind::UpstreamProblem => "upstream",
            OutcomeKind::MixedContent => "mixed-content",
            OutcomeKind::Cors => "cors",
            OutcomeKind::PrivateNetwork => "private-network",
            OutcomeKind::NoAnswer => "no-answer",
            OutcomeKind::Timeout => "timeout",
            OutcomeKind::NotSendable => "not-sendable",
        }
    }

    /// The browser, not the proxy, stopped the request or its answer.
    pub fn is_browser_limit(self) -> bool {
        matches!(
            self,
            OutcomeKind::MixedContent
                | OutcomeKind::Cors
                | OutcomeKind::PrivateNetwork
                | OutcomeKind::NoAnswer
                | OutcomeKind::Timeout
                | OutcomeKind::NotSendable
        )
    }
}

/// A headline and the paragraphs that explain it and say what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub kind: OutcomeKind,
    pub headline: String,
    pub details: Vec<String>,
}

/// Kong's CORS plugin, by the name its configuration uses.
pub const CORS_PLUGIN: &str = "cors";

const NOT_THE_ROUTE: &str = "This is not a failure of the route: the equivalent curl command shows \
                             what the proxy answers when no browser is in the way.";

/// The request the browser would refuse to send at all, known before sending it.
///
/// Mixed content: a secure (https) page may not call plain http, except loopback addresses,
/// which browsers treat as potentially trustworthy (Chrome, Firefox and Safari all exempt
/// `localhost` and `127.0.0.1`). The block is certain, so nothing is sent.
pub fn blocked_before_sending(situation: &Situation) -> Option<Explanation> {
    let proxy = &situation.proxy;
    let mixed = situation.page_is_https && proxy.scheme == Scheme::Http && !proxy.is_loopback();
    mixed.then(|| Explanation {
        kind: OutcomeKind::MixedContent,
        headline: "The browser blocks this request: mixed content.".to_owned(),
        details: vec![
            format!(
                "This page was loaded over HTTPS and the proxy URL {} uses plain HTTP. Browsers \
                 refuse plain-HTTP requests from secure pages (except to localhost), so nothing \
                 was sent.",
                proxy.origin()
            ),
            "Use the proxy's HTTPS address (Kong listens on 8443 by default), or run the curl \
             command."
                .to_owned(),
            NOT_THE_ROUTE.to_owned(),
        ],
    })
}

/// Said next to the request before it is sent: browsers never let a page set `Host`
/// (a forbidden request header), so a host-matched route is called with the proxy's own host.
pub fn host_header_note(host: &str, proxy: &ProxyTarget) -> String {
    format!(
        "This route only matches requests for the host {host}. Browsers do not let a page set \
         the Host header, so Send uses {}'s own host name and the proxy will probably answer \
         that no route matches. The curl command sends Host: {host}.",
        proxy.origin()
    )
}

/// Explains a request that got no readable response.
pub fn explain_failure(situation: &Situation, failure: &Failure) -> Explanation {
    let origin = situation.proxy.origin();
    match failure {
        Failure::Timeout { after_ms } => Explanation {
            kind: OutcomeKind::Timeout,
            headline: format!(
                "No answer from {origin} within {} seconds.",
                after_ms.div_ceil(1000)
            ),
            details: vec![
                "The panel stopped waiting. A slow upstream makes Kong answer 504 by itself \
                 (after the gateway service's read timeout), so silence usually means the \
                 address is wrong or a firewall drops the traffic."
                    .to_owned(),
                "Check the proxy URL, or run the equivalent curl command.".to_owned(),
            ],
        },
        Failure::NotSendable { reason } => Explanation {
            kind: OutcomeKind::NotSendable,
            headline: "The browser would not send this request.".to_owned(),
            details: vec![
                format!("It said: {reason}"),
                "Check the method and the header values, or run the equivalent curl command."
                    .to_owned(),
            ],
        },
        // The probe reached the proxy, so the first request did too: its answer was there but
        // the browser withheld it, which (mixed content being ruled out before sending) is CORS.
        Failure::NoAnswer {
            proxy_reachable: Some(true),
        } => Explanation {
            kind: OutcomeKind::Cors,
            headline: format!(
                "{origin} answered, but the browser did not let this page read the answer \
                 (CORS)."
            ),
            details: vec![cors_advice(situation), NOT_THE_ROUTE.to_owned()],
        },
        // Chrome's private (now local) network access rules block, or ask the user about,
        // requests from a public page to a loopback or private address, and the page sees the
        // same TypeError as for a refused connection. Only a public page calling a local
        // proxy can meet them, so that combination gets this explanation first.
        Failure::NoAnswer { .. }
            if !situation.page_is_local && situation.proxy.is_local_network() =>
        {
            Explanation {
                kind: OutcomeKind::PrivateNetwork,
                headline: format!(
                    "No answer from {origin}: the browser may have stopped a public page from \
                     calling your local network."
                ),
                details: vec![
                    format!(
                        "This page comes from {} and {origin} is on your machine or network. \
                         Chrome blocks such requests unless you allow local network access \
                         for this site (it may ask you). Allow it and send again.",
                        situation.page_origin
                    ),
                    format!(
                        "If that is not it: is a runtime instance running at {origin}? If it \
                         is, the browser may have blocked the answer (CORS). {}",
                        cors_advice(situation)
                    ),
                    NOT_THE_ROUTE.to_owned(),
                ],
            }
        }
        // A refused connection and a CORS refusal look the same to the page; when the probe
        // could not reach the proxy either, "nothing listens there" is the likely reading, but
        // the message keeps CORS open rather than claim more than the browser said.
        Failure::NoAnswer { .. } => Explanation {
            kind: OutcomeKind::NoAnswer,
            headline: format!("No answer from {origin}. Is a runtime instance running there?"),
            details: vec![
                format!(
                    "The connection was refused or the address did not answer. Start a \
                     runtime instance (data plane) that listens at {origin}, or correct the \
                     proxy URL."
                ),
                format!(
                    "If one is running, the browser may have blocked the answer (CORS). {}",
                    cors_advice(situation)
                ),
                NOT_THE_ROUTE.to_owned(),
            ],
        },
    }
}

fn cors_advice(situation: &Situation) -> String {
    format!(
        "A page may only read answers from another origin that allows it: enable Kong's CORS \
         plugin (name: {CORS_PLUGIN}) on this route or its gateway service, with \
         {} in its origins (or *).",
        situation.page_origin
    )
}

/// Kong's own error bodies are `{"message": "..."}`; the upstream's may be anything.
fn kong_message(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    value.get("message")?.as_str().map(str::to_owned)
}

const NO_ROUTE_MATCHED: &str = "no Route matched with those values";
const KONG_UPSTREAM_MESSAGES: [&str; 4] = [
    "An invalid response was received from the upstream server",
    "The upstream server is timing out",
    "failure to get a peer from the ring-balancer",
    "name resolution failed",
];

/// Explains an answer from the proxy when Kong itself (not the upstream) produced it.
/// `request` is what was sent, e.g. `GET /flights`, for the message.
pub fn explain_response(
    situation: &Situation,
    request: &str,
    status: u16,
    body: &str,
) -> Explanation {
    let message = kong_message(body);
    let origin = situation.proxy.origin();
    match (status, message.as_deref()) {
        (404, Some(NO_ROUTE_MATCHED)) => {
            let mut details = vec![format!(
                "Kong answered 404 \"{NO_ROUTE_MATCHED}\": the proxy at {origin} is up, and \
                 none of its routes accepts {request}. Check the method and the path; a new \
                 or changed route can also take a few seconds to reach the runtime instance."
            )];
            if let Some(host) = &situation.host_header {
                details.insert(
                    0,
                    format!(
                        "This route needs the Host header {host}, which browsers do not let a \
                         page send: run the equivalent curl command, which sends it."
                    ),
                );
            }
            Explanation {
                kind: OutcomeKind::NoRouteMatched,
                headline: "The proxy is up but no route matches this method, host and path."
                    .to_owned(),
                details,
            }
        }
        (426, _) => Explanation {
            kind: OutcomeKind::HttpsOnly,
            headline: "The route matched, and accepts HTTPS only.".to_owned(),
            details: vec![
                "Kong answered 426: use the proxy's HTTPS address (Kong listens on 8443 by \
                 default) as the proxy URL."
                    .to_owned(),
            ],
        },
        (502..=504, Some(message)) if KONG_UPSTREAM_MESSAGES.contains(&message) => Explanation {
            kind: OutcomeKind::UpstreamProblem,
            headline: "The route matched, but the upstream service did not answer properly."
                .to_owned(),
            details: vec![format!(
                "Kong answered {status} \"{message}\". Check the gateway service's URL (host \
                 and port) and that the upstream is running and reachable from the runtime \
                 instance."
            )],
        },
        _ => Explanation {
            kind: OutcomeKind::Answered,
            headline: format!("The proxy answered {request} with {status}."),
            details: Vec::new(),
        },
    }
}

/// The start of a body, cut at a character boundary; `true` when something was left out.
pub fn body_preview(body: &str, max_bytes: usize) -> (&str, bool) {
    if body.len() <= max_bytes {
        return (body, false);
    }
    let mut end = max_bytes;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    (&body[..end], true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::proxy_setting::parse_proxy_url;

    fn situation(page: &str, proxy: &str) -> Situation {
        let proxy = match parse_proxy_url(proxy) {
            Ok(proxy) => proxy,
            Err(message) => panic!("{message}"),
        };
        Situation {
            page_origin: page.to_owned(),
            page_is_https: page.starts_with("https:"),
            page_is_local: page.contains("localhost") || page.contains("127.0.0.1"),
            proxy,
            host_header: None,
        }
    }

    const NO_ROUTE_BODY: &str = r#"{"message":"no Route matched with those values"}"#;

    #[test]
    fn mixed_content_is_known_before_sending_except_for_loopback() {
        let blocked = blocked_before_sending(&situation(
            "https://hub.example.com",
            "http://kong.internal:8000",
        ));
        let blocked = blocked.map(|explanation| (explanation.kind, explanation.headline));
        assert_eq!(
            blocked,
            Some((
                OutcomeKind::MixedContent,
                "The browser blocks this request: mixed content.".to_owned()
            ))
        );
        assert_eq!(
            blocked_before_sending(&situation(
                "https://hub.example.com",
                "http://localhost:8000"
            )),
            None
        );
        assert_eq!(
            blocked_before_sending(&situation(
                "https://hub.example.com",
                "https://kong.internal"
            )),
            None
        );
        assert_eq!(
            blocked_before_sending(&situation(
                "http://127.0.0.1:8080",
                "http://kong.internal:8000"
            )),
            None
        );
    }

    #[test]
    fn no_answer_from_a_local_page_asks_whether_an_instance_runs_and_mentions_cors() {
        let here = situation("http://127.0.0.1:8080", "http://localhost:8000");
        let explanation = explain_failure(
            &here,
            &Failure::NoAnswer {
                proxy_reachable: Some(false),
            },
        );
        assert_eq!(explanation.kind, OutcomeKind::NoAnswer);
        assert_eq!(
            explanation.headline,
            "No answer from http://localhost:8000. Is a runtime instance running there?"
        );
        assert!(
            explanation.details[1]
                .starts_with("If one is running, the browser may have blocked the answer (CORS).")
        );
        assert!(explanation.details[1].contains("(name: cors)"));
        assert!(explanation.details[1].contains("http://127.0.0.1:8080 in its origins"));
        assert_eq!(explanation.details[2], NOT_THE_ROUTE);
        // Without a probe result the reading is the same: the browser said nothing more.
        assert_eq!(
            explain_failure(
                &here,
                &Failure::NoAnswer {
                    proxy_reachable: None
                }
            ),
            explanation
        );
    }

    #[test]
    fn a_reachable_proxy_whose_answer_was_withheld_is_cors() {
        let here = situation("https://hub.example.com", "https://kong.example.com");
        let explanation = explain_failure(
            &here,
            &Failure::NoAnswer {
                proxy_reachable: Some(true),
            },
        );
        assert_eq!(explanation.kind, OutcomeKind::Cors);
        assert_eq!(
            explanation.headline,
            "https://kong.example.com answered, but the browser did not let this page read the answer (CORS)."
        );
        assert_eq!(
            explanation.details[0],
            "A page may only read answers from another origin that allows it: enable Kong's CORS plugin \
             (name: cors) on this route or its gateway service, with https://hub.example.com in its origins (or *)."
        );
    }

    #[test]
    fn a_public_page_calling_a_local_proxy_points_at_private_network_rules() {
        for proxy in ["http://localhost:8000", "http://192.168.1.20:8000"] {
            let here = situation("https://hub.example.com", proxy);
            let explanation = explain_failure(
                &here,
                &Failure::NoAnswer {
                    proxy_reachable: Some(false),
                },
            );
            assert_eq!(explanation.kind, OutcomeKind::PrivateNetwork, "{proxy}");
        }
        let public_proxy = situation("https://hub.example.com", "https://kong.example.com");
        let explanation = explain_failure(
            &public_proxy,
            &Failure::NoAnswer {
                proxy_reachable: Some(false),
            },
        );
        assert_eq!(explanation.kind, OutcomeKind::NoAnswer);
    }

    #[test]
    fn timeouts_and_unsendable_requests() {
        let here = situation("http://localhost:8080", "http://localhost:8000");
        let timeout = explain_failure(&here, &Failure::Timeout { after_ms: 10_000 });
        assert_eq!(timeout.kind, OutcomeKind::Timeout);
        assert_eq!(
            timeout.headline,
            "No answer from http://localhost:8000 within 10 seconds."
        );
        let refused = explain_failure(
            &here,
            &Failure::NotSendable {
                reason: "Invalid header value.".into(),
            },
        );
        assert_eq!(refused.kind, OutcomeKind::NotSendable);
        assert_eq!(refused.details[0], "It said: Invalid header value.");
        for kind in [
            timeout.kind,
            refused.kind,
            OutcomeKind::Cors,
            OutcomeKind::MixedContent,
        ] {
            assert!(kind.is_browser_limit());
        }
        assert!(!OutcomeKind::NoRouteMatched.is_browser_limit());
    }

    #[test]
    fn kongs_no_route_404_means_the_proxy_is_up() {
        let here = situation("http://localhost:8080", "http://localhost:8000");
        let explanation = explain_response(&here, "GET /nowhere", 404, NO_ROUTE_BODY);
        assert_eq!(explanation.kind, OutcomeKind::NoRouteMatched);
        assert_eq!(
            explanation.headline,
            "The proxy is up but no route matches this method, host and path."
        );
        assert_eq!(
            explanation.details,
            vec![
                "Kong answered 404 \"no Route matched with those values\": the proxy at http://localhost:8000 is up, \
                 and none of its routes accepts GET /nowhere. Check the method and the path; a new or changed route \
                 can also take a few seconds to reach the runtime instance."
                    .to_owned()
            ]
        );
        // The same status from the upstream is the upstream's answer, not Kong's.
        let upstream_404 = explain_response(
            &here,
            "GET /flights/9",
            404,
            r#"{"message":"flight not found"}"#,
        );
        assert_eq!(upstream_404.kind, OutcomeKind::Answered);
        assert_eq!(
            upstream_404.headline,
            "The proxy answered GET /flights/9 with 404."
        );
    }

    #[test]
    fn a_no_route_404_for_a_host_matched_route_blames_the_missing_host_header() {
        let mut here = situation("http://localhost:8080", "http://localhost:8000");
        here.host_header = Some("flights.example.com".to_owned());
        let explanation = explain_response(&here, "GET /flights", 404, NO_ROUTE_BODY);
        assert_eq!(
            explanation.details[0],
            "This route needs the Host header flights.example.com, which browsers do not let a page send: \
             run the equivalent curl command, which sends it."
        );
        assert_eq!(explanation.details.len(), 2);
        assert!(
            host_header_note("flights.example.com", &here.proxy)
                .contains("Browsers do not let a page set the Host header")
        );
    }

    #[test]
    fn kongs_upstream_errors_and_https_only_routes() {
        let here = situation("http://localhost:8080", "http://localhost:8000");
        let bad_gateway =
            r#"{"message":"An invalid response was received from the upstream server"}"#;
        assert_eq!(
            explain_response(&here, "GET /a", 502, bad_gateway).kind,
            OutcomeKind::UpstreamProblem
        );
        assert_eq!(
            explain_response(&here, "GET /a", 502, "<html>bad gateway</html>").kind,
            OutcomeKind::Answered
        );
        let https = r#"{"message":"Please use HTTPS protocol"}"#;
        assert_eq!(
            explain_response(&here, "GET /a", 426, https).kind,
            OutcomeKind::HttpsOnly
        );
        assert_eq!(
            explain_response(&here, "GET /a", 200, "{}").kind,
            OutcomeKind::Answered
        );
    }

    #[test]
    fn previews_cut_on_character_boundaries() {
        assert_eq!(body_preview("hello", 10), ("hello", false));
        assert_eq!(body_preview("hello", 5), ("hello", false));
        assert_eq!(body_preview("hello", 4), ("hell", true));
        // "é" is two bytes: a cut inside it backs off to before it.
        assert_eq!(body_preview("aé", 2), ("a", true));
        assert_eq!(body_preview("", 0), ("", false));
    }
}
