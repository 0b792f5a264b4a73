//! The browser pages (`src/web.rs`): the playground and the dashboard are served from the
//! binary, every asset they reference is there with the right type, nothing points at another
//! origin, the example queries are all offered, the licences ship. (`scripts/browser-test.sh`
//! drives the same pages in a real browser.)

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use podgraph::server::AppState;

use crate::http::{Reply, send};
use crate::root;

fn state() -> AppState {
    crate::state(&root().join("data"))
}

async fn get(state: &AppState, uri: &str, headers: &[(header::HeaderName, &str)]) -> Reply {
    let mut b = Request::get(uri);
    for (name, value) in headers {
        b = b.header(name, *value);
    }
    send(state, b.body(Body::empty()).unwrap()).await
}

/// Raw bytes of a response (for compressed bodies, which are not UTF-8).
async fn get_bytes(
    state: &AppState,
    uri: &str,
    headers: &[(header::HeaderName, &str)],
) -> (axum::http::HeaderMap, Vec<u8>) {
    use tower::ServiceExt;
    let mut b = Request::get(uri);
    for (name, value) in headers {
        b = b.header(name, *value);
    }
    let res = podgraph::server::app(state.clone()).oneshot(b.body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{uri}");
    let headers = res.headers().clone();
    (headers, axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap().to_vec())
}

const BROWSER_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

async fn playground(state: &AppState) -> Reply {
    get(state, "/graphql", &[(header::ACCEPT, BROWSER_ACCEPT)]).await
}

/// The `/assets/...` URLs a page references in `src="..."` or `href="..."`.
fn asset_refs(html: &str) -> Vec<String> {
    let mut refs = Vec::new();
    for attr in ["src=\"", "href=\""] {
        for part in html.split(attr).skip(1) {
            let url = part.split('"').next().unwrap();
            if url.starts_with("/assets/") {
                refs.push(url.to_string());
            }
        }
    }
    refs
}

#[tokio::test]
async fn graphql_from_a_browser_is_our_playground_with_vendored_graphiql() {
    let state = state();
    let r = playground(&state).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("text/html"), "{}", r.content_type);
    assert!(r.text.contains("/assets/graphiql/graphiql.js?v="), "{}", r.text);
    assert!(r.text.contains("/assets/playground.js?v="));
    assert!(r.text.contains("id=\"podgraph-examples\""));
    let csp = r.headers.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("connect-src 'self'"), "{csp}");
    // Turned off, a browser gets no page, only the GraphQL endpoint's answer (no query: 400).
    let off = state.clone().with_graphiql(false);
    let r = playground(&off).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(!r.content_type.starts_with("text/html"));
}

#[tokio::test]
async fn the_dashboard_is_served() {
    let state = state();
    let r = get(&state, "/dashboard", &[(header::ACCEPT, BROWSER_ACCEPT)]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("text/html"));
    assert!(r.text.contains("<main id=\"main\""));
    assert!(r.text.contains("/assets/dashboard.js?v="));
    assert!(r.text.contains("/assets/uplot/uPlot.iife.min.js?v="));
    assert!(r.headers.get(header::CONTENT_SECURITY_POLICY).is_some());
}

#[tokio::test]
async fn every_referenced_asset_is_served_with_its_type_and_cached_for_good() {
    let state = state();
    let pages = [playground(&state).await.text, get(&state, "/dashboard", &[]).await.text];
    let mut seen = 0;
    for page in &pages {
        let refs = asset_refs(page);
        assert!(refs.len() >= 4, "{refs:?}");
        for url in refs {
            let (headers, body) = get_bytes(&state, &url, &[]).await;
            let path = url.split('?').next().unwrap();
            let content_type = headers[header::CONTENT_TYPE].to_str().unwrap();
            let expected = match path.rsplit('.').next().unwrap() {
                "js" => "text/javascript",
                "css" => "text/css",
                "svg" => "image/svg+xml",
                "txt" => "text/plain",
                other => panic!("unexpected asset type {other} ({url})"),
            };
            assert!(content_type.starts_with(expected), "{url}: {content_type}");
            assert!(!body.is_empty(), "{url}");
            assert!(url.contains("?v="), "{url} is not versioned");
            assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable", "{url}");
            assert!(headers.get(header::ETAG).is_some());
            seen += 1;
        }
    }
    assert!(seen >= 8);
    // Unversioned: revalidated; a matching ETag gets 304.
    let r = get(&state, "/assets/dashboard.js", &[]).await;
    assert_eq!(r.headers[header::CACHE_CONTROL], "no-cache");
    let etag = r.headers[header::ETAG].to_str().unwrap().to_string();
    let r = get(&state, "/assets/dashboard.js", &[(header::IF_NONE_MATCH, &etag)]).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    assert_eq!(get(&state, "/assets/nothing.js", &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&state, "/assets/../Cargo.toml", &[]).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn pages_assets_and_large_graphql_answers_are_compressed() {
    let state = state();
    let raw = podgraph::web::find_asset("graphiql/graphiql.js").unwrap().0.bytes.len();
    let (headers, body) =
        get_bytes(&state, "/assets/graphiql/graphiql.js", &[(header::ACCEPT_ENCODING, "gzip, br")]).await;
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(headers[header::VARY], "accept-encoding");
    assert!(body.len() * 3 < raw, "{} of {raw}", body.len());
    let (headers, _) = get_bytes(&state, "/assets/graphiql/graphiql.js", &[(header::ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    let (headers, body) = get_bytes(&state, "/assets/graphiql/graphiql.js", &[]).await;
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(body.len(), raw);
    for uri in ["/dashboard", "/assets/dashboard.js"] {
        let (headers, _) = get_bytes(&state, uri, &[(header::ACCEPT_ENCODING, "gzip")]).await;
        assert_eq!(headers[header::CONTENT_ENCODING], "gzip", "{uri}");
    }
    let r = send(
        &state,
        Request::post("/graphql")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_ENCODING, "gzip, br")
            .body(Body::from(r#"{"query":"{ shows { totalCount } }"}"#))
            .unwrap(),
    )
    .await;
    assert!(r.headers.get(header::CONTENT_ENCODING).is_none(), "a small answer is sent as it is");
    assert_eq!(r.body["data"]["shows"]["totalCount"], 5);
    use tower::ServiceExt;
    let big = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::from(r#"{"query":"{ _service { sdl } }"}"#))
        .unwrap();
    let res = podgraph::server::app(state.clone()).oneshot(big).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip", "the SDL answer is large");
}

#[tokio::test]
async fn nothing_is_loaded_from_another_origin() {
    let state = state();
    let mut texts = vec![
        ("playground page".to_string(), playground(&state).await.text),
        ("dashboard page".to_string(), get(&state, "/dashboard", &[]).await.text),
    ];
    // Our own scripts and styles: no absolute URL at all.
    for asset in podgraph::web::ASSETS.iter().filter(|a| a.brotli.is_none()) {
        texts.push((asset.path.to_string(), String::from_utf8(asset.bytes.to_vec()).unwrap()));
    }
    for (name, text) in &texts {
        // The SVG namespace is a name, not a request.
        let text = text.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(!text.contains("http://") && !text.contains("https://"), "{name} names another origin");
        assert!(!text.contains("//cdn") && !text.contains("src=\"//"), "{name}");
    }
    // The vendor bundles mention URLs in messages (GraphiQL's error text names CDNs), but
    // load nothing: no stylesheet import, no remote font or image, no source map.
    for asset in podgraph::web::ASSETS.iter().filter(|a| a.brotli.is_some()) {
        let text = String::from_utf8_lossy(asset.bytes);
        for needle in ["@import", "url(http", "url(//", "sourceMappingURL", "fonts.googleapis"] {
            assert!(!text.contains(needle), "{} contains {needle}", asset.path);
        }
    }
}

#[test]
fn every_example_query_is_offered_in_the_playground() {
    let mut files: Vec<String> = std::fs::read_dir(root().join("examples/queries"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".graphql"))
        .collect();
    files.sort();
    let embedded: Vec<String> = podgraph::web::EXAMPLES.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(embedded, files, "build.rs embeds every examples/queries/*.graphql (rebuild after adding one)");
    for (name, text) in podgraph::web::EXAMPLES {
        assert_eq!(*text, std::fs::read_to_string(root().join("examples/queries").join(name)).unwrap());
    }
    let json: serde_json::Value = serde_json::from_str(&podgraph::web::examples_json()).unwrap();
    let listed: Vec<&str> = json.as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(listed, files);
    assert!(json[0]["title"].as_str().unwrap().starts_with("Who picked what"), "{}", json[0]["title"]);
}

#[tokio::test]
async fn the_licences_ship_with_the_assets() {
    let vendor = root().join("web/vendor");
    for package in
        ["graphiql", "@graphiql__react", "@graphiql__toolkit", "graphql", "graphql-ws", "react", "react-dom", "uplot"]
    {
        let file = vendor.join("LICENSES").join(format!("{package}.txt"));
        let text = std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("{} is missing", file.display()));
        assert!(text.contains("MIT") || text.contains("Permission is hereby granted"), "{package}");
    }
    let state = state();
    let r = get(&state, "/assets/THIRD-PARTY-LICENSES.txt", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("text/plain"));
    for name in ["graphiql@3.8.3", "react@18.3.1", "react-dom@18.3.1", "uplot@1.6.32", "graphql@16"] {
        assert!(r.text.contains(name), "{name} is not in THIRD-PARTY-LICENSES.txt");
    }
    // Both pages link to it.
    assert!(playground(&state).await.text.contains("/assets/THIRD-PARTY-LICENSES.txt"));
    assert!(get(&state, "/dashboard", &[]).await.text.contains("/assets/THIRD-PARTY-LICENSES.txt"));
}
