//! The checks every request passes before a route sees it, and the
//! headers every response leaves with.
//!
//! In order: the method (GET and HEAD; nothing here writes), the length
//! of the address (414), a body (413: no route takes one), the Host header
//! (403 unless it names the bound address, localhost or an `--allow-host`
//! name, which defeats DNS rebinding: a page on another site whose name
//! was pointed at 127.0.0.1 still sends its own name), the access token
//! when one is set (401), then the route under the request time limit
//! (503). Every refusal is a JSON `{"error", "hint"}`, never a dropped
//! connection.
//!
//! Every response carries a Content-Security-Policy that allows only this
//! origin's own files and no inline script or style (`default-src 'self'`),
//! `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`:
//! article text is hostile input, and if some path ever wrote it into the
//! page as markup, the browser would still refuse to run it.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::api::ApiError;

/// The longest request address (path and query) accepted.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// The cookie the page's requests carry the token in, once `/?token=`
/// has set it.
pub const TOKEN_COOKIE: &str = "newsidx_token";

const CSP: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Who may ask: the names the server answers to, and the token.
#[derive(Debug, Clone)]
pub struct Access {
    port: u16,
    hosts: Vec<String>,
    token: Option<String>,
}

impl Access {
    /// The bound address, localhost and `allowed` (names, or names with a
    /// port), and the token if one is required.
    pub fn new(bound: SocketAddr, allowed: &[String], token: Option<String>) -> Access {
        let mut hosts: Vec<String> = vec![
            "localhost".into(),
            "127.0.0.1".into(),
            "[::1]".into(),
            match bound.ip() {
                std::net::IpAddr::V4(ip) => ip.to_string(),
                std::net::IpAddr::V6(ip) => format!("[{ip}]"),
            },
        ];
        hosts.extend(allowed.iter().map(|h| h.trim().to_ascii_lowercase()));
        Access {
            port: bound.port(),
            hosts,
            token,
        }
    }

    /// Whether a Host header names this server: one of its names, with
    /// its port or none (a proxy in front may drop it).
    pub fn host_allowed(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        if self.hosts.contains(&host) {
            return true;
        }
        let Some((name, port)) = host.rsplit_once(':') else {
            return false;
        };
        // `[::1]` alone has colons but no port; it was matched above.
        port.parse::<u16>().is_ok_and(|p| p == self.port) && self.hosts.iter().any(|h| h == name)
    }

    fn token_matches(&self, given: &str) -> bool {
        self.token
            .as_deref()
            .is_some_and(|token| same_secret(token.as_bytes(), given.as_bytes()))
    }
}

/// Reads a token file: its first line, trimmed; an empty one is refused.
pub fn read_token(path: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the token file {}", path.display()))?;
    let token = text.lines().next().unwrap_or_default().trim().to_string();
    if token.len() < 16 || token.chars().any(|c| !c.is_ascii_graphic()) {
        anyhow::bail!(
            "the token file {} must hold one token of 16 or more visible ASCII characters on its first line (make one with `head -c 24 /dev/urandom | base64`)",
            path.display()
        );
    }
    Ok(token)
}

/// Compares without stopping at the first difference, so the time taken
/// says nothing of how much of a guess was right.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What the guard needs: the access rules and the time limit.
#[derive(Clone)]
pub struct Guard {
    /// Names and token.
    pub access: Arc<Access>,
    /// The most time a route may take.
    pub time_limit: Duration,
}

/// The middleware: checks, then the route, then the headers.
pub async fn guard(State(guard): State<Guard>, request: Request, next: Next) -> Response {
    let mut response = match check(&guard, &request) {
        Some(answer) => answer,
        None => match tokio::time::timeout(guard.time_limit, next.run(request)).await {
            Ok(response) => response,
            Err(_) => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the request took longer than {} s and was stopped",
                    guard.time_limit.as_secs()
                ),
                Some("narrow the query: fewer facets, a date range, or fewer OR words"),
            )
            .into_response(),
        },
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// `None` lets the request through; `Some` is the answer instead: a
/// refusal, or the token's redirect.
fn check(guard: &Guard, request: &Request) -> Option<Response> {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut refused = ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{} is not served: this server only reads", request.method()),
            Some("use GET"),
        )
        .into_response();
        refused
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return Some(refused);
    }
    let uri = request.uri();
    let length = uri.path_and_query().map_or(0, |p| p.as_str().len());
    if length > MAX_URI_BYTES {
        return Some(
            ApiError::new(
                StatusCode::URI_TOO_LONG,
                format!("the address is {length} bytes long; at most {MAX_URI_BYTES} are read"),
                Some("shorten the query"),
            )
            .into_response(),
        );
    }
    let headers = request.headers();
    let has_body = headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0");
    if has_body {
        return Some(
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "a request body was sent; no route takes one".into(),
                Some("put the parameters in the address: /api/search?q=..."),
            )
            .into_response(),
        );
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    if !guard.access.host_allowed(host) {
        return Some(ApiError::new(
            StatusCode::FORBIDDEN,
            format!("this server does not answer to the host name {host:?}"),
            Some("open it by the address it printed, or start it with --allow-host NAME for the name you use"),
        )
        .into_response());
    }
    if guard.access.token.is_some() {
        token_check(guard, request)
    } else {
        None
    }
}

/// With a token set: `None` if the request carries it, else the answer.
fn token_check(guard: &Guard, request: &Request) -> Option<Response> {
    let headers = request.headers();
    let uri = request.uri();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == TOKEN_COOKIE)
        .map(|(_, value)| value);
    if bearer
        .or(cookie)
        .is_some_and(|t| guard.access.token_matches(t))
    {
        return None;
    }
    // The page opened as `/?token=...`: the token goes into a cookie the
    // page's own requests carry, and out of the address bar and history.
    if uri.path() == "/" {
        if let Some(given) = token_in_query(uri.query().unwrap_or_default()) {
            if guard.access.token_matches(&given) {
                return Some(token_redirect(&given));
            }
        }
    }
    let mut refused = ApiError::new(
        StatusCode::UNAUTHORIZED,
        "this server asks for an access token".into(),
        Some("send `Authorization: Bearer TOKEN`, or open the page once as /?token=TOKEN"),
    )
    .into_response();
    refused
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    Some(refused)
}

fn token_in_query(query: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded_pairs(query);
    pairs
        .into_iter()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v)
}

fn serde_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(
        &format!("/?{query}").parse().unwrap_or_default(),
    )
    .map(|q| q.0)
    .unwrap_or_default()
}

fn token_redirect(token: &str) -> Response {
    let cookie = format!("{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::SEE_OTHER;
    let headers = response.headers_mut();
    headers.insert(header::LOCATION, HeaderValue::from_static("/"));
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        headers.insert(header::SET_COOKIE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access() -> Access {
        Access::new(
            "127.0.0.1:8027".parse().unwrap(),
            &["News.Example".into()],
            None,
        )
    }

    #[test]
    fn own_names_pass_with_the_port_or_none() {
        let access = access();
        for host in [
            "localhost:8027",
            "127.0.0.1:8027",
            "[::1]:8027",
            "LOCALHOST",
            "news.example",
            "news.example:8027",
        ] {
            assert!(access.host_allowed(host), "{host}");
        }
    }

    #[test]
    fn other_names_and_ports_are_refused() {
        let access = access();
        for host in [
            "",
            "evil.example",
            "evil.example:8027",
            "localhost:80",
            "127.0.0.2:8027",
            "localhost.evil.example",
            "[::1]:1",
        ] {
            assert!(!access.host_allowed(host), "{host}");
        }
    }

    /// A route behind the guard that sleeps past a short time limit.
    async fn ask_slow(limit: Duration) -> Response {
        use tower::ServiceExt;
        let guard = Guard {
            access: Arc::new(access()),
            time_limit: limit,
        };
        let app = axum::Router::new()
            .route(
                "/slow",
                axum::routing::get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "done"
                }),
            )
            .layer(axum::middleware::from_fn_with_state(guard, super::guard));
        let request = axum::http::Request::builder()
            .uri("/slow")
            .header(header::HOST, "localhost:8027")
            .body(Body::empty())
            .unwrap();
        app.oneshot(request).await.unwrap()
    }

    #[tokio::test]
    async fn a_request_past_its_time_limit_is_a_json_503() {
        let started = std::time::Instant::now();
        let response = ask_slow(Duration::from_millis(50)).await;
        assert!(started.elapsed() < Duration::from_secs(4));
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            response.headers()[header::CONTENT_SECURITY_POLICY],
            HeaderValue::from_static(CSP)
        );
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert!(json["error"].as_str().unwrap().contains("took longer than"));
        assert!(json["hint"].is_string());
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abcdef", b"abcdef"));
        assert!(!same_secret(b"abcdef", b"abcdeg"));
        assert!(!same_secret(b"abcdef", b"abcde"));
    }
}
