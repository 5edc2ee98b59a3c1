//! Serving one data-plane request: match, forward, answer like Kong, record.

use std::net::SocketAddr;
use std::time::{Duration, Instant, SystemTime};

use axum::body::Body;
use axum::http::request::Parts;
use axum::http::{
    HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode, Uri, header,
};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::json;
use uuid::Uuid;

use super::router::{CompiledRouter, RequestFacts, RouteMatch, UpstreamTarget, upstream_path};
use crate::records::RequestRecord;
use crate::shared::Shared;

/// The Kong version the data plane claims to be (in `Server`/`Via`).
const KONG_SERVER: &str = "kong/3.4.0";

/// Headers that describe one connection, not the message, and so are never forwarded.
const HOP_BY_HOP: [HeaderName; 7] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
    header::TE,
    header::TRAILER,
    header::UPGRADE,
];

pub struct UpstreamClient {
    client: Client<HttpConnector, Full<Bytes>>,
}

impl UpstreamClient {
    pub fn new() -> Self {
        Self {
            client: Client::builder(TokioExecutor::new()).build_http(),
        }
    }
}

/// What happened to a request, for the answer and the record.
struct Outcome {
    response: Response<Body>,
    route: Option<Uuid>,
    target: Option<UpstreamTarget>,
    upstream_uri: Option<String>,
    upstream_latency: Option<Duration>,
}

impl Outcome {
    /// An answer Kong gives itself, without reaching an upstream.
    fn local(status: StatusCode, message: &str) -> Self {
        Self {
            response: kong_error(status, message),
            route: None,
            target: None,
            upstream_uri: None,
            upstream_latency: None,
        }
    }
}

pub async fn handle(
    shared: &Shared,
    request: Request<Incoming>,
    peer: SocketAddr,
) -> Response<Body> {
    let started = Instant::now();
    let started_at = SystemTime::now();
    if shared.proxy_cors && is_preflight(&request) {
        return cors_preflight(request.headers());
    }
    let Some(router) = shared.proxy.router(shared) else {
        return kong_error(StatusCode::NOT_FOUND, NO_ROUTE);
    };
    let (parts, body) = request.into_parts();
    let host = header_text(&parts.headers, header::HOST).map(|host| host.to_ascii_lowercase());
    let mut outcome = route_request(shared, &router, &parts, body, host.as_deref(), peer).await;

    let total = started.elapsed();
    add_kong_headers(
        outcome.response.headers_mut(),
        total,
        outcome.upstream_latency,
    );
    if shared.proxy_cors {
        add_cors(outcome.response.headers_mut());
    }
    let (api_product, api_product_version) = outcome
        .target
        .as_ref()
        .and_then(|target| router.implementation_of(target.id))
        .unzip();
    let record = RequestRecord {
        started_at,
        control_plane: router.control_plane,
        gateway_service: outcome.target.as_ref().map(|target| target.id),
        route: outcome.route,
        api_product,
        api_product_version,
        status: outcome.response.status().as_u16(),
        method: parts.method.to_string(),
        request_uri: parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_owned(), ToString::to_string),
        upstream_uri: outcome.upstream_uri,
        header_host: host,
        header_user_agent: header_text(&parts.headers, header::USER_AGENT).map(str::to_owned),
        client_ip: peer.ip().to_string(),
        service_protocol: outcome
            .target
            .as_ref()
            .map(|target| target.protocol.clone()),
        service_port: outcome.target.as_ref().map(|target| target.port),
        response_content_type: header_text(outcome.response.headers(), header::CONTENT_TYPE)
            .map(str::to_owned),
        response_body_size: body_size(outcome.response.headers()),
        latency_total_ms: millis(total),
        latency_upstream_ms: outcome.upstream_latency.map(millis),
        trace_id: Uuid::new_v4().simple().to_string(),
    };
    shared.records().push(record);
    outcome.response
}

const NO_ROUTE: &str = "no Route matched with those values";

/// Finds the route and, when it has a reachable service, forwards the request.
async fn route_request(
    shared: &Shared,
    router: &CompiledRouter,
    parts: &Parts,
    body: Incoming,
    host: Option<&str>,
    peer: SocketAddr,
) -> Outcome {
    let facts = RequestFacts {
        method: parts.method.as_str(),
        host,
        path: parts.uri.path(),
        headers: &parts.headers,
    };
    let (route, matched_len) = match router.find(&facts) {
        RouteMatch::NoMatch => return Outcome::local(StatusCode::NOT_FOUND, NO_ROUTE),
        RouteMatch::HttpsRequired => {
            return Outcome::local(StatusCode::UPGRADE_REQUIRED, "Please use HTTPS protocol");
        }
        RouteMatch::Matched { route, matched_len } => (route, matched_len),
    };
    let Some(target) = route.service.and_then(|id| router.service(id)).cloned() else {
        return Outcome {
            route: Some(route.id),
            ..Outcome::local(
                StatusCode::SERVICE_UNAVAILABLE,
                "no Service found with those values",
            )
        };
    };
    let request_path = parts.uri.path();
    let stripped = if route.strip_path { matched_len } else { 0 };
    let path = upstream_path(target.path.as_deref(), request_path, stripped);
    let upstream_uri = match parts.uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path,
    };
    // A body the client aborted is forwarded as empty; the upstream decides what that means.
    let body = body
        .collect()
        .await
        .map(|collected| collected.to_bytes())
        .unwrap_or_default();
    let call = UpstreamCall {
        target: &target,
        method: &parts.method,
        incoming_headers: &parts.headers,
        uri: &upstream_uri,
        preserved_host: if route.preserve_host { host } else { None },
        forwarded: Forwarded {
            client: peer,
            host,
            proxy_port: shared.proxy.addr().port(),
            original_path: request_path,
            prefix: request_path
                .get(..stripped)
                .filter(|prefix| !prefix.is_empty()),
        },
        body,
    };
    let upstream_started = Instant::now();
    let response = forward(shared, call).await;
    Outcome {
        response,
        route: Some(route.id),
        upstream_latency: Some(upstream_started.elapsed()),
        target: Some(target),
        upstream_uri: Some(upstream_uri),
    }
}

/// The `X-Forwarded-*` facts Kong passes upstream.
struct Forwarded<'a> {
    client: SocketAddr,
    host: Option<&'a str>,
    proxy_port: u16,
    original_path: &'a str,
    /// The part of the path `strip_path` removed, if any.
    prefix: Option<&'a str>,
}

/// One request to send upstream.
struct UpstreamCall<'a> {
    target: &'a UpstreamTarget,
    method: &'a Method,
    incoming_headers: &'a HeaderMap,
    /// Path and query for the upstream.
    uri: &'a str,
    /// The client's Host header when the route has `preserve_host`.
    preserved_host: Option<&'a str>,
    forwarded: Forwarded<'a>,
    body: Bytes,
}

async fn forward(shared: &Shared, call: UpstreamCall<'_>) -> Response<Body> {
    let target = call.target;
    // Only plain HTTP upstreams can be reached: the sandbox carries no TLS stack.
    if target.protocol != "http" {
        return kong_error(StatusCode::BAD_GATEWAY, BAD_UPSTREAM);
    }
    let authority = authority(&target.host, target.port);
    let Ok(uri) = format!("http://{authority}{}", call.uri).parse::<Uri>() else {
        return kong_error(StatusCode::BAD_GATEWAY, BAD_UPSTREAM);
    };
    let mut request = Request::new(Full::new(call.body));
    *request.method_mut() = call.method.clone();
    *request.uri_mut() = uri;
    let headers = request.headers_mut();
    for (name, value) in call.incoming_headers {
        if name != header::HOST && !HOP_BY_HOP.contains(name) {
            headers.append(name, value.clone());
        }
    }
    insert_text(
        headers,
        header::HOST,
        call.preserved_host.unwrap_or(&authority),
    );
    add_forwarded_headers(headers, call.incoming_headers, &call.forwarded);

    let budget = Duration::from_millis(
        u64::from(target.connect_timeout_ms) + u64::from(target.read_timeout_ms),
    );
    let sent = tokio::time::timeout(budget, async {
        let response = shared.proxy.client.client.request(request).await?;
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await?.to_bytes();
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>((parts, bytes))
    })
    .await;
    match sent {
        Err(_elapsed) => kong_error(
            StatusCode::GATEWAY_TIMEOUT,
            "The upstream server is timing out",
        ),
        Ok(Err(_unreachable)) => kong_error(StatusCode::BAD_GATEWAY, BAD_UPSTREAM),
        Ok(Ok((parts, bytes))) => {
            let length = bytes.len();
            let mut response = Response::new(Body::from(bytes));
            *response.status_mut() = parts.status;
            let headers = response.headers_mut();
            for (name, value) in &parts.headers {
                if !HOP_BY_HOP.contains(name) && name != header::TRANSFER_ENCODING {
                    headers.append(name, value.clone());
                }
            }
            // The body was buffered (Kong's response_buffering), so its length is known.
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
            response
        }
    }
}

const BAD_UPSTREAM: &str = "An invalid response was received from the upstream server";

fn add_forwarded_headers(headers: &mut HeaderMap, incoming: &HeaderMap, forwarded: &Forwarded<'_>) {
    let x_forwarded_for = HeaderName::from_static("x-forwarded-for");
    let client_ip = forwarded.client.ip().to_string();
    let chain = match header_text(incoming, x_forwarded_for.clone()) {
        Some(earlier) => format!("{earlier}, {client_ip}"),
        None => client_ip.clone(),
    };
    insert_text(headers, x_forwarded_for, &chain);
    insert_text(headers, HeaderName::from_static("x-real-ip"), &client_ip);
    insert_text(
        headers,
        HeaderName::from_static("x-forwarded-proto"),
        "http",
    );
    if let Some(host) = forwarded.host {
        insert_text(
            headers,
            HeaderName::from_static("x-forwarded-host"),
            strip_port(host),
        );
    }
    insert_text(
        headers,
        HeaderName::from_static("x-forwarded-port"),
        &forwarded.proxy_port.to_string(),
    );
    insert_text(
        headers,
        HeaderName::from_static("x-forwarded-path"),
        forwarded.original_path,
    );
    if let Some(prefix) = forwarded.prefix {
        insert_text(
            headers,
            HeaderName::from_static("x-forwarded-prefix"),
            prefix,
        );
    }
}

/// A response generated by Kong itself (`{"message": …}`).
fn kong_error(status: StatusCode, message: &str) -> Response<Body> {
    let body = json!({"message": message}).to_string();
    let length = body.len();
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    headers.insert(header::SERVER, HeaderValue::from_static(KONG_SERVER));
    response
}

fn add_kong_headers(headers: &mut HeaderMap, total: Duration, upstream: Option<Duration>) {
    match upstream {
        Some(upstream) => {
            headers.insert(header::VIA, HeaderValue::from_static("1.1 kong/3.4.0"));
            headers.insert(
                "x-kong-upstream-latency",
                HeaderValue::from(millis(upstream)),
            );
            headers.insert(
                "x-kong-proxy-latency",
                HeaderValue::from(millis(total.saturating_sub(upstream))),
            );
        }
        None => {
            headers.insert("x-kong-response-latency", HeaderValue::from(millis(total)));
        }
    }
}

fn is_preflight(request: &Request<Incoming>) -> bool {
    request.method() == Method::OPTIONS
        && request.headers().contains_key(header::ORIGIN)
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// Kong's CORS plugin (origins `*`) answers preflights itself, before any upstream.
fn cors_preflight(request_headers: &HeaderMap) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS,TRACE,CONNECT"),
    );
    if let Some(requested) = request_headers.get(header::ACCESS_CONTROL_REQUEST_HEADERS) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested.clone());
    }
    headers.insert(header::SERVER, HeaderValue::from_static(KONG_SERVER));
    response
}

/// Lets a page on any origin read every proxied response, Kong's own errors included (so the
/// app can show a 404 from the proxy rather than an opaque network error).
fn add_cors(headers: &mut HeaderMap) {
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("*"),
    );
}

fn header_text(headers: &HeaderMap, name: HeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

fn insert_text(headers: &mut HeaderMap, name: HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

fn authority(host: &str, port: u16) -> String {
    if port == 80 {
        host.to_owned()
    } else {
        format!("{host}:{port}")
    }
}

fn strip_port(host: &str) -> &str {
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

fn body_size(headers: &HeaderMap) -> usize {
    header_text(headers, header::CONTENT_LENGTH)
        .and_then(|length| length.parse().ok())
        .unwrap_or(0)
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
