//! The response cache: a repeated request is answered from the cache with the same bytes,
//! never across a reload, never for a refused or failed request, and the cache can be off.

use std::sync::Arc;

use podgraph::config::Limits;
use podgraph::server::{AppState, CACHE_HEADER};
use podgraph::store::GraphStore;
use serde_json::json;

use crate::http::{Reply, get_query, post_json, send};
use crate::reload::copy_sample;
use crate::{root, snapshot};

fn state_with(limits: Limits) -> AppState {
    crate::state_with_limits(&root().join("data"), limits)
}

async fn post(state: &AppState, q: &str) -> Reply {
    send(state, post_json(&json!({ "query": q }), Some("application/graphql-response+json"))).await
}

fn cache_header(r: &Reply) -> &str {
    r.headers.get(CACHE_HEADER).map_or("none", |v| v.to_str().unwrap())
}

async fn metric(state: &AppState, series: &str) -> f64 {
    let req = axum::http::Request::get("/metrics").body(axum::body::Body::empty()).unwrap();
    let text = podgraph::server::app(state.clone()).oneshot_text(req).await;
    text.lines()
        .find_map(|l| l.strip_prefix(series).and_then(|v| v.trim().parse().ok()))
        .unwrap_or_else(|| panic!("no {series} in {text}"))
}

trait OneshotText {
    async fn oneshot_text(self, req: axum::http::Request<axum::body::Body>) -> String;
}

impl OneshotText for axum::Router {
    async fn oneshot_text(self, req: axum::http::Request<axum::body::Body>) -> String {
        use http_body_util::BodyExt;
        use tower::ServiceExt;
        let res = self.oneshot(req).await.unwrap();
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
    }
}

#[tokio::test]
async fn a_repeated_query_is_answered_from_the_cache_with_the_same_bytes() {
    let state = state_with(Limits::default());
    let q = "query Shows { shows(first: 2) { totalCount edges { node { slug title } } } }";
    let first = post(&state, q).await;
    assert_eq!((first.status.as_u16(), cache_header(&first)), (200, "miss"), "{}", first.text);
    let second = post(&state, q).await;
    assert_eq!((second.status.as_u16(), cache_header(&second)), (200, "hit"));
    assert_eq!(second.text, first.text, "a hit answers exactly what the first request did");
    assert_eq!(second.content_type, first.content_type);
    // Same query, other bytes (a space more): its own entry.
    let spaced = post(&state, &format!("{q} ")).await;
    assert_eq!(cache_header(&spaced), "miss");
    // A GET of the same query is keyed by its URL.
    let get = || get_query(&[("query", q)], Some("application/json"));
    let g1 = send(&state, get()).await;
    let g2 = send(&state, get()).await;
    assert_eq!((cache_header(&g1), cache_header(&g2)), ("miss", "hit"));
    assert_eq!(g2.text, first.text);
    assert!(g2.content_type.starts_with("application/json"), "the media type follows this request's Accept");
    // Hits are counted per operation like any request.
    assert_eq!(metric(&state, "podgraph_response_cache_requests_total{result=\"hit\"}").await, 2.0);
    assert_eq!(metric(&state, "podgraph_graphql_requests_total{operation=\"Shows\"}").await, 5.0);
}

#[tokio::test]
async fn fields_keep_the_query_order() {
    let state = state_with(Limits::default());
    let r = post(&state, "{ shows(first: 1) { totalCount edges { node { title slug } } } }").await;
    let (total, edges) = (r.text.find("totalCount").unwrap(), r.text.find("edges").unwrap());
    let (title, slug) = (r.text.find("\"title\"").unwrap(), r.text.find("\"slug\"").unwrap());
    assert!(total < edges && title < slug, "answer fields must follow the selection order: {}", r.text);
}

#[tokio::test]
async fn refusals_and_errors_are_never_kept() {
    let state = state_with(Limits { max_depth: 3, ..Limits::default() });
    for _ in 0..2 {
        let deep = post(&state, "{ shows { edges { node { slug } } } }").await;
        assert_eq!(deep.status, 400, "{}", deep.text);
        assert_eq!(cache_header(&deep), "miss", "a refusal is computed again every time");
        let invalid = post(&state, "{ episode(podcast: \"nope\", slug: 1) { title } }").await;
        assert_eq!((invalid.status.as_u16(), cache_header(&invalid)), (400, "miss"), "{}", invalid.text);
        let failed = post(&state, "{ shows(first: -1) { totalCount } }").await;
        assert!(failed.body["errors"].is_array(), "{}", failed.text);
        assert_eq!(cache_header(&failed), "miss");
    }
    assert_eq!(metric(&state, "podgraph_response_cache_requests_total{result=\"hit\"}").await, 0.0);
}

#[tokio::test]
async fn a_reload_is_never_answered_from_the_old_graph() {
    let dir = copy_sample("response-cache");
    let store = Arc::new(GraphStore::from_snapshot(&dir, snapshot(&dir)));
    let state = AppState::new(store.clone(), Limits::default());
    let q = "{ dataVersion shows { totalCount } }";
    let before = post(&state, q).await;
    assert_eq!(cache_header(&post(&state, q).await), "hit");
    std::fs::remove_dir_all(dir.join("freelancers")).unwrap();
    tokio::task::spawn_blocking({
        let store = store.clone();
        move || store.reload()
    })
    .await
    .unwrap()
    .unwrap();
    let after = post(&state, q).await;
    assert_eq!(cache_header(&after), "miss", "{}", after.text);
    assert_ne!(after.body["data"]["dataVersion"], before.body["data"]["dataVersion"]);
    assert_eq!(
        after.body["data"]["shows"]["totalCount"].as_i64().unwrap() + 1,
        before.body["data"]["shows"]["totalCount"].as_i64().unwrap(),
        "the new graph has one show less"
    );
    assert_eq!(cache_header(&post(&state, q).await), "hit");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_cache_can_be_switched_off() {
    let state = state_with(Limits { response_cache_bytes: 0, ..Limits::default() });
    let q = "{ shows { totalCount } }";
    for _ in 0..2 {
        let r = post(&state, q).await;
        assert_eq!((r.status.as_u16(), cache_header(&r)), (200, "none"));
    }
    let req = axum::http::Request::get("/metrics").body(axum::body::Body::empty()).unwrap();
    let text = podgraph::server::app(state.clone()).oneshot_text(req).await;
    assert!(!text.contains("podgraph_response_cache"), "no cache, no cache metrics");
}
