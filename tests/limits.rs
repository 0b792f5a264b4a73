//! Query safety: every limit refuses with a clear GraphQL error and a code, never a panic
//! or a stuck worker; introspection can be switched off.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use podgraph::config::Limits;
use podgraph::server::AppState;
use podgraph::store::GraphStore;
use serde_json::json;

use crate::http::{Reply, post_json, send};
use crate::{corpus_dir, root, snapshot};

fn state_with(limits: Limits) -> AppState {
    crate::state_with_limits(&root().join("data"), limits)
}

async fn query(state: &AppState, q: &str) -> Reply {
    send(state, post_json(&json!({ "query": q }), Some("application/graphql-response+json"))).await
}

fn code(r: &Reply) -> &str {
    r.body["errors"][0]["extensions"]["code"].as_str().unwrap_or_else(|| panic!("no error code: {}", r.text))
}

#[tokio::test]
async fn depth_limit() {
    let state = state_with(Limits { max_depth: 3, ..Limits::default() });
    let ok = query(&state, "{ shows { edges { cursor } } }").await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    let r = query(&state, "{ shows { edges { node { slug } } } }").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(code(&r), "QUERY_TOO_DEEP");
    assert!(r.body["errors"][0]["message"].as_str().unwrap().contains("limit is 3"), "{}", r.text);
    assert!(r.body.get("data").is_none());
    // Depth through fragments counts too.
    let r = query(&state, "{ shows { ...E } } fragment E on ShowConnection { edges { node { slug } } }").await;
    assert_eq!(code(&r), "QUERY_TOO_DEEP");
}

/// The document cache sits inside the guard: a query seen before (so served from the cache)
/// is measured and refused exactly like the first time, and reports the same cost.
#[tokio::test]
async fn cached_documents_are_still_limited_and_costed() {
    let state = state_with(Limits { max_depth: 3, max_complexity: 30, document_cache: 16, ..Limits::default() });
    let deep = "{ shows { edges { node { slug } } } }";
    let ok_query = "{ shows { totalCount } }";
    let first = query(&state, ok_query).await;
    for _ in 0..3 {
        let r = query(&state, deep).await;
        assert_eq!(code(&r), "QUERY_TOO_DEEP", "{}", r.text);
        let again = query(&state, ok_query).await;
        assert_eq!(again.status, 200, "{}", again.text);
        assert_eq!(again.body["extensions"]["cost"], first.body["extensions"]["cost"]);
        assert_eq!(again.body["data"], first.body["data"]);
    }
}

#[tokio::test]
async fn complexity_limit_and_reported_cost() {
    let state = state_with(Limits { max_complexity: 30, ..Limits::default() });
    let ok = query(&state, "{ shows { totalCount } }").await;
    let cost = ok.body["extensions"]["cost"]["complexity"].as_u64().unwrap();
    assert!(cost <= 30, "{}", ok.text);
    let r = query(&state, "{ shows { totalCount edges { cursor node { slug title episodeCount } } } }").await;
    assert_eq!(code(&r), "QUERY_TOO_COMPLEX", "{}", r.text);
    let computed = r.body["errors"][0]["extensions"]["cost"].as_u64().unwrap();
    assert!(computed > 30);
    assert_eq!(r.body["errors"][0]["extensions"]["limit"], 30);
    assert_eq!(r.body["extensions"]["cost"]["complexity"], computed, "the refused query's cost is reported too");
    assert!(r.body["errors"][0]["message"].as_str().unwrap().contains(&format!("costs {computed}")));
}

#[tokio::test]
async fn field_and_alias_limits_count_through_fragments() {
    let state = state_with(Limits { max_fields: 10, max_aliases: 3, ..Limits::default() });
    let aliases = (0..4).map(|i| format!("a{i}: __typename")).collect::<Vec<_>>().join(" ");
    let r = query(&state, &format!("{{ {aliases} }}")).await;
    assert_eq!(code(&r), "TOO_MANY_ALIASES", "{}", r.text);
    let r = query(&state, "{ ...F ...F ...F } fragment F on Query { a: __typename shows { totalCount } }").await;
    assert_eq!(r.status, 200, "three aliases are within the limit: {}", r.text);
    let r = query(&state, "{ ...F ...F ...F ...F } fragment F on Query { a: __typename }").await;
    assert_eq!(code(&r), "TOO_MANY_ALIASES", "{}", r.text);

    let fields = (0..11).map(|_| "__typename").collect::<Vec<_>>().join(" ");
    let r = query(&state, &format!("{{ {fields} }}")).await;
    assert_eq!(code(&r), "TOO_MANY_FIELDS", "{}", r.text);
    assert_eq!(r.body["errors"][0]["extensions"]["fields"], 11);
}

#[tokio::test]
async fn a_fragment_bomb_is_refused_at_once() {
    let state = state_with(Limits::default());
    let mut q = String::from("{ ...F0 }\n");
    for i in 0..40 {
        q.push_str(&format!("fragment F{i} on Query {{ ...F{n} ...F{n} }}\n", n = i + 1));
    }
    q.push_str("fragment F40 on Query { __typename }\n");
    let started = Instant::now();
    let r = query(&state, &q).await;
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    assert_eq!(code(&r), "TOO_MANY_FIELDS", "{}", r.text);
}

#[tokio::test]
async fn document_and_body_size_limits() {
    let state = state_with(Limits { max_document_bytes: 100, max_body_bytes: 1000, ..Limits::default() });
    let long = format!("{{ shows {{ totalCount }} }} # {}", "x".repeat(100));
    let r = query(&state, &long).await;
    assert_eq!(code(&r), "DOCUMENT_TOO_LARGE", "{}", r.text);
    assert!(r.body["errors"][0]["message"].as_str().unwrap().contains("limit is 100 bytes"));

    let huge = json!({"query": "{ shows { totalCount } }", "variables": {"pad": "y".repeat(2000)}});
    let r = send(&state, post_json(&huge, None)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(code(&r), "BODY_TOO_LARGE");
    // Without Content-Length (a streamed body) the limit holds as well.
    let chunks: Vec<Result<String, std::io::Error>> = (0..20).map(|_| Ok("z".repeat(100))).collect();
    let req = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(async_graphql::futures_util::stream::iter(chunks)))
        .unwrap();
    let r = send(&state, req).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text);
}

#[tokio::test]
async fn introspection_can_be_switched_off() {
    let on = state_with(Limits::default());
    let r = query(&on, "{ __schema { queryType { name } } }").await;
    assert_eq!(r.body["data"]["__schema"]["queryType"]["name"], "Query", "{}", r.text);
    let off = state_with(Limits { introspection: false, ..Limits::default() });
    for q in [
        "{ __schema { queryType { name } } }",
        "{ __type(name: \"Query\") { name } }",
        "{ ...I } fragment I on Query { shows { totalCount } __schema { types { name } } }",
    ] {
        let r = query(&off, q).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
        assert_eq!(code(&r), "INTROSPECTION_DISABLED", "{}", r.text);
        assert!(r.body.get("data").is_none());
    }
    let r = query(&off, "{ shows { __typename totalCount } }").await;
    assert_eq!(r.body["data"]["shows"]["__typename"], "ShowConnection", "__typename is not introspection");
    let r = query(&off, "{ shows { totalCount } }").await;
    assert_eq!(r.body["data"]["shows"]["totalCount"], 5, "ordinary queries still work");
}

/// The timeout cancels a heavy query cooperatively: the answer is a TIMEOUT error within
/// the limit (plus scheduling slack), and the worker is free for the next request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_timeout_cancels_a_long_query() {
    let dir = corpus_dir();
    let store = Arc::new(GraphStore::from_snapshot(&dir, snapshot(&dir)));
    let limits = Limits {
        request_timeout_ms: 50,
        max_complexity: usize::MAX,
        max_fields: 100_000,
        max_aliases: 10_000,
        max_document_bytes: 1 << 20,
        max_body_bytes: 2 << 20,
        ..Limits::default()
    };
    let state = AppState::new(store, limits);
    // Many aliased copies of a wide page of episodes with their people and picks: far more
    // than 50 ms of work on the full corpus.
    let part = "episodes(first: 100) { edges { node { title date show { title } panelists { name aliases } guests { name } picks { title url } sponsors { name } } } }";
    let doc = format!("{{ {} }}", (0..400).map(|i| format!("e{i}: {part}")).collect::<Vec<_>>().join(" "));
    let started = Instant::now();
    let r = send(&state, post_json(&json!({ "query": doc }), None)).await;
    let took = started.elapsed();
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "after {took:?}: {}", &r.text[..r.text.len().min(300)]);
    assert_eq!(code(&r), "TIMEOUT");
    assert!(took < Duration::from_secs(2), "answered after {took:?}");
    // The server is still responsive.
    let ok = send(&state, post_json(&json!({"query": "{ dataVersion }"}), None)).await;
    assert_eq!(ok.body["data"]["dataVersion"], 1);
}

#[tokio::test]
async fn limits_come_from_flags_and_environment() {
    use clap::Parser;
    let cli = podgraph::config::Cli::try_parse_from([
        "podgraph",
        "serve",
        "--max-depth",
        "7",
        "--max-complexity",
        "123",
        "--introspection",
        "false",
        "--request-timeout-ms",
        "250",
        "--watch",
        "--cors-origin",
        "https://a.example,https://b.example",
    ])
    .unwrap();
    let podgraph::config::Command::Serve(args) = cli.command else { panic!() };
    assert_eq!(args.limits.max_depth, 7);
    assert_eq!(args.limits.max_complexity, 123);
    assert!(!args.limits.introspection);
    assert_eq!(args.limits.request_timeout(), Duration::from_millis(250));
    assert_eq!(args.limits.max_fields, Limits::default().max_fields);
    assert!(args.watch);
    assert_eq!(args.cors_origins, ["https://a.example", "https://b.example"]);

    let cli = podgraph::config::Cli::try_parse_from(["podgraph", "serve"]).unwrap();
    let podgraph::config::Command::Serve(args) = cli.command else { panic!() };
    if std::env::vars().all(|(k, _)| !k.starts_with("PODGRAPH_MAX") && k != "PODGRAPH_INTROSPECTION") {
        assert_eq!(args.limits, Limits::default(), "the CLI defaults are Limits::default()");
    }
}
