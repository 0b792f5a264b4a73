//! The browser pages, served from the binary: the GraphiQL playground (`GET /graphql` asking
//! for HTML), the dashboard (`GET /dashboard`) and their static files under `/assets/`.
//!
//! Nothing is fetched from elsewhere at run time. The third-party files (GraphiQL with React
//! and GraphQL.js, uPlot for the charts) are built from pinned npm packages by
//! `scripts/fetch-web-assets.sh` into `web/vendor/` (committed, with their licence files and
//! precompressed `.br`/`.gz` copies) and embedded here with `include_bytes!`; our own pages and
//! scripts are in `web/static/`. The example queries of `examples/queries/` are embedded by
//! `build.rs` and handed to the playground as preloaded tabs and an "Examples" panel.
//!
//! The pages are clients of the public GraphQL API at `/graphql`, like any other: they use no
//! other endpoint and this module knows nothing of the graph.
//!
//! Caching: every asset has an ETag (a hash of its bytes); the pages reference assets as
//! `/assets/<path>?v=<hash>`, and such a URL is cached for a year (`immutable`). Vendor files
//! are sent precompressed (brotli or gzip, by `Accept-Encoding`); pages and our own small
//! files are compressed by the router's compression layer.

use std::sync::LazyLock;

use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// One embedded file served under `/assets/`.
pub struct Asset {
    /// Path below `/assets/`.
    pub path: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
    /// Brotli-compressed copy, for vendor files.
    pub brotli: Option<&'static [u8]>,
    /// Gzip-compressed copy, for vendor files.
    pub gzip: Option<&'static [u8]>,
}

macro_rules! vendor {
    ($path:literal, $type:literal) => {
        Asset {
            path: $path,
            content_type: $type,
            bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/web/vendor/", $path)),
            brotli: Some(include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/web/vendor/", $path, ".br"))),
            gzip: Some(include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/web/vendor/", $path, ".gz"))),
        }
    };
}

macro_rules! own {
    ($path:literal, $type:literal) => {
        Asset {
            path: $path,
            content_type: $type,
            bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/web/static/", $path)),
            brotli: None,
            gzip: None,
        }
    };
}

/// Every file under `/assets/`.
pub static ASSETS: &[Asset] = &[
    vendor!("graphiql/graphiql.js", "text/javascript; charset=utf-8"),
    vendor!("graphiql/graphiql.css", "text/css; charset=utf-8"),
    vendor!("uplot/uPlot.iife.min.js", "text/javascript; charset=utf-8"),
    vendor!("uplot/uPlot.min.css", "text/css; charset=utf-8"),
    vendor!("THIRD-PARTY-LICENSES.txt", "text/plain; charset=utf-8"),
    own!("playground.js", "text/javascript; charset=utf-8"),
    own!("playground.css", "text/css; charset=utf-8"),
    own!("dashboard.js", "text/javascript; charset=utf-8"),
    own!("dashboard.css", "text/css; charset=utf-8"),
    own!("favicon.svg", "image/svg+xml"),
];

const PLAYGROUND_HTML: &str = include_str!("../web/static/playground.html");
const DASHBOARD_HTML: &str = include_str!("../web/static/dashboard.html");

/// The pages' Content-Security-Policy: scripts, styles, data and connections from this
/// origin only (inline styles are allowed: GraphiQL's components set them).
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/// The routes of this module (`/dashboard`, `/assets/...`); the playground itself is
/// answered by the server's `/graphql` handler through [`playground`].
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/dashboard", get(dashboard))
        .route("/assets/{*path}", get(asset))
        .route("/favicon.ico", get(favicon))
}

/// A 64-bit FNV-1a hash, hex: the assets' ETags and cache-busting versions.
fn fnv_hex(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The version (content hash) of each asset, in `ASSETS` order.
static VERSIONS: LazyLock<Vec<String>> = LazyLock::new(|| ASSETS.iter().map(|a| fnv_hex(a.bytes)).collect());

/// The asset at `path`, with its version.
pub fn find_asset(path: &str) -> Option<(&'static Asset, &'static str)> {
    ASSETS.iter().zip(VERSIONS.iter()).find(|(a, _)| a.path == path).map(|(a, v)| (a, v.as_str()))
}

/// A page's HTML with every `"/assets/<path>"` reference versioned (`?v=<hash>`).
fn versioned(html: &str) -> String {
    let mut out = html.to_string();
    for (asset, version) in ASSETS.iter().zip(VERSIONS.iter()) {
        let plain = format!("\"/assets/{}\"", asset.path);
        out = out.replace(&plain, &format!("\"/assets/{}?v={version}\"", asset.path));
    }
    out
}

/// The example queries as JSON for the playground: `[{name, title, query}]`, `title` being
/// the file's first comment line. `<` is escaped so the JSON can sit in a `<script>` block.
pub fn examples_json() -> String {
    let list: Vec<serde_json::Value> = EXAMPLES
        .iter()
        .map(|(name, text)| {
            let title = text
                .lines()
                .find_map(|l| l.trim().strip_prefix('#').map(str::trim))
                .filter(|t| !t.is_empty())
                .unwrap_or(name);
            serde_json::json!({"name": name, "title": title, "query": text})
        })
        .collect();
    serde_json::Value::Array(list).to_string().replace('<', "\\u003c")
}

static PLAYGROUND_PAGE: LazyLock<String> =
    LazyLock::new(|| versioned(PLAYGROUND_HTML).replace("/*EXAMPLES*/[]", &examples_json()));
static DASHBOARD_PAGE: LazyLock<String> = LazyLock::new(|| versioned(DASHBOARD_HTML));
static PLAYGROUND_ETAG: LazyLock<String> = LazyLock::new(|| format!("\"{}\"", fnv_hex(PLAYGROUND_PAGE.as_bytes())));
static DASHBOARD_ETAG: LazyLock<String> = LazyLock::new(|| format!("\"{}\"", fnv_hex(DASHBOARD_PAGE.as_bytes())));

/// The GraphiQL playground page.
pub fn playground(headers: &HeaderMap) -> Response {
    page(headers, &PLAYGROUND_PAGE, &PLAYGROUND_ETAG)
}

async fn dashboard(headers: HeaderMap) -> Response {
    page(&headers, &DASHBOARD_PAGE, &DASHBOARD_ETAG)
}

fn page(headers: &HeaderMap, html: &'static str, etag: &str) -> Response {
    let mut response = if if_none_match(headers, etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::ETAG, HeaderValue::from_str(etag).expect("hex ETag"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

#[derive(serde::Deserialize)]
struct AssetQuery {
    v: Option<String>,
}

async fn asset(Path(path): Path<String>, Query(query): Query<AssetQuery>, headers: HeaderMap) -> Response {
    let Some((asset, version)) = find_asset(&path) else {
        return (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "no such asset\n")
            .into_response();
    };
    let etag = format!("\"{version}\"");
    // A versioned URL never changes; an unversioned one is revalidated each time.
    let cache = if query.v.as_deref() == Some(version) { "public, max-age=31536000, immutable" } else { "no-cache" };
    let mut response = if if_none_match(&headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let accepted = accept_encoding(&headers);
        let (body, encoding) = match (asset.brotli, asset.gzip) {
            (Some(br), _) if accepted.brotli => (br, Some("br")),
            (_, Some(gz)) if accepted.gzip => (gz, Some("gzip")),
            _ => (asset.bytes, None),
        };
        let mut response = ([(header::CONTENT_TYPE, asset.content_type)], body).into_response();
        if let Some(encoding) = encoding {
            response.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::ETAG, HeaderValue::from_str(&etag).expect("hex ETag"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if asset.brotli.is_some() {
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// Browsers ask for `/favicon.ico` on their own; answer with the SVG icon.
async fn favicon(headers: HeaderMap) -> Response {
    asset(Path("favicon.svg".to_string()), Query(AssetQuery { v: None }), headers).await
}

fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
}

struct Accepted {
    brotli: bool,
    gzip: bool,
}

/// Which precompressed forms `Accept-Encoding` allows (`q=0` refuses one).
fn accept_encoding(headers: &HeaderMap) -> Accepted {
    let mut accepted = Accepted { brotli: false, gzip: false };
    let Some(value) = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()) else {
        return accepted;
    };
    for item in value.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let refused = parts.any(|p| {
            p.split_once('=').is_some_and(|(k, v)| k.trim() == "q" && v.trim().parse::<f32>().is_ok_and(|q| q <= 0.0))
        });
        if refused {
            continue;
        }
        match coding.as_str() {
            "br" => accepted.brotli = true,
            "gzip" | "x-gzip" => accepted.gzip = true,
            _ => {}
        }
    }
    accepted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_encoding_honours_q_zero() {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate, br;q=0"));
        let a = accept_encoding(&h);
        assert!(a.gzip && !a.brotli);
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("br, gzip"));
        let a = accept_encoding(&h);
        assert!(a.gzip && a.brotli);
    }

    #[test]
    fn pages_reference_assets_by_version() {
        assert!(DASHBOARD_PAGE.contains("/assets/dashboard.js?v="));
        assert!(PLAYGROUND_PAGE.contains("/assets/graphiql/graphiql.js?v="));
        assert!(!PLAYGROUND_PAGE.contains("/*EXAMPLES*/"));
    }
}
