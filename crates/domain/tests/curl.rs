//! The Verify panel's request: curl quoting (checked by running the command in a real POSIX
//! shell), proxy URLs, the suggested request for a route, and concrete paths for regex routes.

use std::collections::BTreeMap;
use std::process::Command;

use domain::curl::{
    SuggestedRequest, curl_command, path_matches_route_path, proxy_url, request_for_route,
    shell_quote,
};
use domain::model::{Nullable, Protocol, Route};
use proptest::prelude::*;

/// Every character a shell treats specially, and the inputs most likely to break quoting.
const NASTY_INPUTS: [&str; 22] = [
    "",
    " ",
    "two words",
    "it's",
    "''",
    "\"double\"",
    "$HOME",
    "${PATH}",
    "$(id)",
    "`id`",
    "!!",
    "back\\slash\\",
    "line\nbreak",
    "tab\tand\rreturn",
    "; rm -rf /",
    "a | b & c",
    "<in >out",
    "(sub) {group}",
    "*?[a-z]",
    "~root #comment",
    "日本語 ✈ café",
    "'\\''",
];

/// The words `sh` really passes to `curl` when it runs `command`: `curl` is replaced by a
/// shell function that prints each argument NUL-terminated.
fn words_seen_by_shell(command: &str) -> Vec<String> {
    let script = format!("curl() {{ printf '%s\\0' \"$@\"; }}\n{command}\n");
    let output = Command::new("sh").arg("-c").arg(&script).output();
    let stdout = output.map(|output| output.stdout).unwrap_or_default();
    String::from_utf8_lossy(&stdout)
        .split_terminator('\0')
        .map(str::to_string)
        .collect()
}

fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|word| word.to_string()).collect()
}

#[test]
fn get_omits_the_method_and_keeps_include() {
    assert_eq!(
        curl_command(
            "GET",
            "http://localhost:8000/flights",
            Some("example.com"),
            &[]
        ),
        "curl -i 'http://localhost:8000/flights' -H 'Host: example.com'"
    );
    assert_eq!(
        curl_command("GET", "http://localhost:8000/", None, &[]),
        "curl -i 'http://localhost:8000/'"
    );
}

#[test]
fn other_methods_use_x_and_head_uses_capital_i() {
    let headers = [("x-version".to_string(), "v1".to_string())];
    assert_eq!(
        curl_command("POST", "http://localhost:8000/flights", None, &headers),
        "curl -i -X POST 'http://localhost:8000/flights' -H 'x-version: v1'"
    );
    assert_eq!(
        curl_command("HEAD", "http://localhost:8000/", None, &[]),
        "curl -I 'http://localhost:8000/'"
    );
    assert_eq!(
        curl_command("PURGE me", "http://h/", None, &[]),
        "curl -i -X 'PURGE me' 'http://h/'"
    );
}

#[test]
fn single_quotes_are_closed_escaped_and_reopened() {
    assert_eq!(
        curl_command("GET", "http://h/it's", Some("o'neil.example"), &[]),
        r"curl -i 'http://h/it'\''s' -H 'Host: o'\''neil.example'"
    );
    assert_eq!(shell_quote("it's"), r"'it'\''s'");
    assert_eq!(shell_quote(""), "''");
    assert_eq!(shell_quote("POST"), "POST");
    assert_eq!(shell_quote("a b"), "'a b'");
    assert_eq!(shell_quote("~user"), "'~user'");
    assert_eq!(shell_quote("$x"), "'$x'");
}

#[test]
fn every_special_character_reaches_curl_unchanged() {
    for input in NASTY_INPUTS {
        let headers = [(format!("X-{input}"), input.to_string())];
        let method = if input.is_empty() { "PUT" } else { input };
        let command = curl_command(method, input, Some(input), &headers);
        let mut expected = strings(&["-i", "-X", method]);
        expected.push(input.to_string());
        expected.push("-H".into());
        expected.push(if input.is_empty() {
            "Host;".to_string()
        } else {
            format!("Host: {input}")
        });
        expected.push("-H".into());
        expected.push(if input.is_empty() {
            format!("X-{input};")
        } else {
            format!("X-{input}: {input}")
        });
        assert_eq!(words_seen_by_shell(&command), expected, "{command}");
    }
}

#[test]
fn a_url_that_looks_like_an_option_is_passed_with_url() {
    let command = curl_command("GET", "-o /tmp/x", None, &[]);
    assert_eq!(command, "curl -i --url '-o /tmp/x'");
    assert_eq!(
        words_seen_by_shell(&command),
        strings(&["-i", "--url", "-o /tmp/x"])
    );
}

#[test]
fn empty_header_values_are_sent_not_removed() {
    let headers = [("X-Empty".to_string(), String::new())];
    assert_eq!(
        curl_command("GET", "http://h/", None, &headers),
        "curl -i 'http://h/' -H 'X-Empty;'"
    );
}

#[test]
fn proxy_url_joins_with_exactly_one_slash() {
    let cases = [
        (
            "http://localhost:8000",
            "/flights",
            "http://localhost:8000/flights",
        ),
        (
            "http://localhost:8000/",
            "/flights",
            "http://localhost:8000/flights",
        ),
        (
            "http://localhost:8000//",
            "/flights",
            "http://localhost:8000/flights",
        ),
        (
            "http://localhost:8000",
            "flights",
            "http://localhost:8000/flights",
        ),
        (
            "http://localhost:8000/",
            "flights/",
            "http://localhost:8000/flights/",
        ),
        ("http://localhost:8000", "", "http://localhost:8000/"),
        ("http://localhost:8000/", "/", "http://localhost:8000/"),
        (
            " http://gw.example/edge/ ",
            "/a//b/",
            "http://gw.example/edge/a//b/",
        ),
    ];
    for (base, path, expected) in cases {
        assert_eq!(proxy_url(base, path), expected, "{base:?} + {path:?}");
    }
}

#[test]
fn proxy_url_percent_encodes_only_what_a_path_cannot_hold() {
    let cases = [
        ("/my flights", "/my%20flights"),
        ("/a?b#c", "/a%3Fb%23c"),
        ("/café", "/caf%C3%A9"),
        ("/✈", "/%E2%9C%88"),
        ("/100%", "/100%25"),
        ("/%zz", "/%25zz"),
        ("/already%20encoded%2F", "/already%20encoded%2F"),
        (
            "/a\"b<c>d`e{f}g|h\\i^j",
            "/a%22b%3Cc%3Ed%60e%7Bf%7Dg%7Ch%5Ci%5Ej",
        ),
        ("/line\nbreak", "/line%0Abreak"),
        ("/keep-._~!$&'()*+,;=:@/", "/keep-._~!$&'()*+,;=:@/"),
    ];
    for (path, expected) in cases {
        assert_eq!(
            proxy_url("http://localhost:8000", path),
            format!("http://localhost:8000{expected}"),
            "{path:?}"
        );
    }
}

fn route_with_paths(paths: &[&str]) -> Route {
    Route {
        paths: Nullable::Value(strings(paths)),
        ..Route::default()
    }
}

#[test]
fn plain_route_request() {
    let route = Route {
        methods: Nullable::Value(strings(&["POST", "GET"])),
        hosts: Nullable::Value(strings(&["*.flights.example.com", "flights.example.com"])),
        headers: Nullable::Value(BTreeMap::from([
            ("x-version".to_string(), strings(&["~*^v\\d$", "v1"])),
            ("x-tenant".to_string(), strings(&["~*^t-.+$"])),
        ])),
        ..route_with_paths(&["~/flights/\\d+$", "/flights"])
    };
    let expected = SuggestedRequest {
        method: "GET".into(),
        route_path: Some("/flights".into()),
        path: Some("/flights".into()),
        host_header: Some("www.flights.example.com".into()),
        headers: vec![("x-version".into(), "v1".into())],
        needs_concrete_path: false,
        notes: vec![
            "The route matches the header x-tenant against a regular expression (~*^t-.+$): \
             add that header with a value that matches."
                .into(),
        ],
    };
    assert_eq!(request_for_route(&route), expected);
}

#[test]
fn route_without_paths_or_methods_gets_get_slash() {
    let route = Route {
        methods: Nullable::Null,
        ..Route::default()
    };
    let request = request_for_route(&route);
    assert_eq!(request.method, "GET");
    assert_eq!(request.route_path, None);
    assert_eq!(request.path.as_deref(), Some("/"));
    assert_eq!(request.host_header, None);
    assert!(!request.needs_concrete_path);
    assert_eq!(request.notes, Vec::<String>::new());
}

#[test]
fn first_method_when_get_is_not_allowed() {
    let route = Route {
        methods: Nullable::Value(strings(&["PUT", "POST"])),
        ..route_with_paths(&["/x"])
    };
    assert_eq!(request_for_route(&route).method, "PUT");
}

#[test]
fn https_only_routes_say_what_plain_http_gets() {
    let route = Route {
        protocols: vec![Protocol::Https],
        ..route_with_paths(&["/secure"])
    };
    assert_eq!(
        request_for_route(&route).notes,
        vec![
            "This route accepts HTTPS only: over plain HTTP Kong answers with status 426 \
             (https_redirect_status_code); use the proxy's HTTPS address."
                .to_string()
        ]
    );
}

#[test]
fn regex_routes_get_a_matching_concrete_path() {
    let cases = [
        ("~/flights/(?<id>\\d+)$", "/flights/1"),
        ("~/flights/\\d+$", "/flights/1"),
        ("~/(?<lang>en|fr)/docs$", "/en/docs"),
        ("~/(?:v1|v2|beta)/status", "/v1/status"),
        ("~/items/\\d+(/details)?$", "/items/1/details"),
        ("~/colou?r$", "/colour"),
        ("~/files/[^/]+\\.pdf$", "/files/a.pdf"),
        (
            "~/users/(?<name>[a-z]{3,8})/orders/(?<order>[0-9a-f-]{36})$",
            "/users/aaa/orders/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ),
        ("~/api/v[0-9]+/.*", "/api/v1/a"),
    ];
    for (regex_path, expected) in cases {
        let request = request_for_route(&route_with_paths(&[regex_path]));
        assert!(request.needs_concrete_path, "{regex_path}");
        assert_eq!(request.route_path.as_deref(), Some(regex_path));
        assert_eq!(request.path.as_deref(), Some(expected), "{regex_path}");
        assert!(
            path_matches_route_path(regex_path, expected),
            "{regex_path}"
        );
        assert_eq!(
            request.notes,
            vec![format!(
                "The route path {regex_path} is a regular expression: the path shown is an \
                 example that matches it; change it to the path you want to call."
            )]
        );
    }
}

#[test]
fn regex_routes_without_an_example_ask_the_user() {
    // `\b` only holds between a word character and something else, which the example
    // generator cannot arrange: the user is asked to type the path.
    let regex_path = "~/x\\b\\w";
    let request = request_for_route(&route_with_paths(&[regex_path]));
    assert!(request.needs_concrete_path);
    assert_eq!(request.path, None);
    assert_eq!(
        request.notes,
        vec![format!(
            "The route path {regex_path} is a regular expression and no example could be made \
             from it: type a concrete path that matches it."
        )]
    );
}

#[test]
fn typed_paths_are_checked_as_kongs_router_matches() {
    // Plain paths are prefixes.
    assert!(path_matches_route_path("/flights", "/flights"));
    assert!(path_matches_route_path("/flights", "/flights/42"));
    assert!(path_matches_route_path("/flights", "/flightsX"));
    assert!(!path_matches_route_path("/flights", "/flight"));
    assert!(!path_matches_route_path("/flights", "/v1/flights"));
    // Regex paths are anchored at the start only, and `$` anchors the end.
    assert!(path_matches_route_path(
        "~/flights/(?<id>\\d+)$",
        "/flights/42"
    ));
    assert!(!path_matches_route_path(
        "~/flights/(?<id>\\d+)$",
        "/flights/42/seats"
    ));
    assert!(!path_matches_route_path(
        "~/flights/(?<id>\\d+)$",
        "/flights/abc"
    ));
    assert!(!path_matches_route_path(
        "~/flights/(?<id>\\d+)$",
        "/v1/flights/42"
    ));
    assert!(path_matches_route_path(
        "~/flights/\\d+",
        "/flights/42/seats"
    ));
    assert!(path_matches_route_path("~/(en|fr)/docs$", "/fr/docs"));
    assert!(!path_matches_route_path("~/(en|fr)/docs$", "/de/docs"));
    assert!(path_matches_route_path(
        "~/items/\\d+(/details)?$",
        "/items/7"
    ));
    assert!(path_matches_route_path(
        "~/items/\\d+(/details)?$",
        "/items/7/details"
    ));
    // A regex that does not compile matches nothing.
    assert!(!path_matches_route_path("~/flights/(", "/flights/("));
}

/// `%XX` escapes decoded; text that is not an escape is kept.
fn percent_decoded(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escape = bytes
            .get(index + 1..index + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[index], escape) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                index += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    decoded
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any text (a shell word cannot hold NUL) reaches curl as exactly one unchanged argument.
    #[test]
    fn any_text_survives_the_shell(text in "[^\\x00]*", method in "[^\\x00]{1,8}") {
        let method = if method == "GET" || method == "HEAD" { "PUT".to_string() } else { method };
        let url = format!("http://h/{text}");
        let command = curl_command(&method, &url, Some(&text), &[]);
        let host = if text.is_empty() { "Host;".to_string() } else { format!("Host: {text}") };
        let expected = vec!["-i".to_string(), "-X".into(), method, url, "-H".into(), host];
        prop_assert_eq!(words_seen_by_shell(&command), expected, "{}", command);
    }
}

proptest! {
    /// The URL holds only characters valid in a URL, and decoding it gives the path back.
    #[test]
    fn proxy_url_encodes_reversibly(path in "[^%]*") {
        let url = proxy_url("http://localhost:8000/", &path);
        let encoded_path = url.strip_prefix("http://localhost:8000").unwrap_or_default();
        prop_assert!(encoded_path.starts_with('/'));
        prop_assert!(
            encoded_path.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&b)),
            "{}", url
        );
        let expected = if path.starts_with('/') { path.clone() } else { format!("/{path}") };
        prop_assert_eq!(percent_decoded(encoded_path), expected.into_bytes());
    }

    /// Whatever the route holds, a suggested regex path really matches the route's path.
    #[test]
    fn suggested_paths_match_their_route(
        body in "[a-z/]{0,6}(\\\\d\\+|\\[0-9a-f\\]\\{2\\}|\\(a\\|bc\\)|x\\?|\\.\\*|\\$|\\(|\\)){0,4}",
        // Kong allows one wildcard, as the first or the last label.
        host in "(\\*\\.[a-z]{1,8}\\.[a-z]{2,3}|[a-z]{1,8}\\.\\*|[a-z]{1,8}\\.[a-z]{2,3})(:[0-9]{1,4})?",
    ) {
        let regex_path = format!("~/{body}");
        let route = Route {
            hosts: Nullable::Value(vec![host]),
            ..route_with_paths(&[&regex_path])
        };
        let request = request_for_route(&route);
        prop_assert!(request.needs_concrete_path);
        if let Some(path) = &request.path {
            prop_assert!(path_matches_route_path(&regex_path, path), "{} {}", regex_path, path);
        }
        let host_header = request.host_header.unwrap_or_default();
        prop_assert!(!host_header.contains('*'), "{}", host_header);
    }
}
