//! The search page: one HTML file, one script and one style sheet, built
//! into the binary so the server reads no file and the page needs no
//! other host (no CDN, no web fonts): it works offline.
//!
//! Plain HTML, CSS and JavaScript with no build step. The script writes
//! article text into the page only as DOM text nodes (`textContent`,
//! `createTextNode`), never as markup, and marks matched words by
//! splitting those text nodes at the byte ranges the API returns; the
//! Content-Security-Policy forbids inline script besides.

use axum::http::header::{self, HeaderValue};
use axum::response::{IntoResponse, Response};

const HTML: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");

fn file(body: &'static str, kind: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    // A new binary may bring a new page; ask again each time (the files
    // are small and served from memory).
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// `/`: the page.
pub async fn index() -> Response {
    file(HTML, "text/html; charset=utf-8")
}

/// `/app.js`: the page's script.
pub async fn script() -> Response {
    file(SCRIPT, "text/javascript; charset=utf-8")
}

/// `/app.css`: the page's style.
pub async fn style() -> Response {
    file(STYLE, "text/css; charset=utf-8")
}
