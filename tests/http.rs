//! GraphQL over HTTP as the spec describes it (the `graphql-http` audit checks the same
//! things from outside, in `scripts/http-audit.sh`), persisted queries, CORS, and the
//! operational endpoints. Driven through the router without a socket.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use podgraph::config::Limits;
use podgraph::server::{AppState, app};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::root;

/// A response: status, content type and body (JSON when it parses, else a string).
pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
    pub text: String,
}

pub async fn send(state: &AppState, req: Request<Body>) -> Reply {
    let res = app(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let content_type = headers.get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    let text = String::from_utf8(bytes.to_vec()).expect("UTF-8 body");
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply { status, content_type, headers, body, text }
}

pub fn post_json(body: &Value, accept: Option<&str>) -> Request<Body> {
    let mut b = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
    if let Some(a) = accept {
        b = b.header(header::ACCEPT, a);
    }
    b.body(Body::from(body.to_string())).unwrap()
}

pub fn get_query(params: &[(&str, &str)], accept: Option<&str>) -> Request<Body> {
    let query: String = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish();
    let mut b = Request::get(format!("/graphql?{query}"));
    if let Some(a) = accept {
        b = b.header(header::ACCEPT, a);
    }
    b.body(Body::empty()).unwrap()
}

fn sample_state() -> AppState {
    crate::state(&root().join("data"))
}

const GQL: &str = "application/graphql-response+json";

#[tokio::test]
async fn response_media_type_follows_accept() {
    let state = sample_state();
    let q = json!({"query": "{ shows { totalCount } }"});
    for (accept, expected) in
        [(None, "application/json"), (Some("*/*"), "application/json"), (Some("application/json"), "application/json")]
    {
        let r = send(&state, post_json(&q, accept)).await;
        assert_eq!(r.status, 200);
        assert!(r.content_type.starts_with(expected), "{accept:?} gave {}", r.content_type);
        assert_eq!(r.body["data"]["shows"]["totalCount"], 5);
    }
    let r = send(&state, post_json(&q, Some(GQL))).await;
    assert!(r.content_type.starts_with(GQL), "{}", r.content_type);
    assert!(r.content_type.contains("charset=utf-8"));

    let r = send(&state, post_json(&q, Some("text/plain"))).await;
    assert_eq!(r.status, StatusCode::NOT_ACCEPTABLE);
    assert_eq!(r.body["errors"][0]["extensions"]["code"], "NOT_ACCEPTABLE");
}

#[tokio::test]
async fn request_errors_have_no_data_and_a_status_that_depends_on_the_media_type() {
    let state = sample_state();
    let cases = [
        json!({"query": "{"}),               // parse error
        json!({"query": "{ noSuchField }"}), // validation error
        json!({"query": "query($n: Int!) { episodes(first: $n) { totalCount } }", "variables": {"n": "x"}}), // coercion
        json!({"query": "query A { shows { totalCount } } query B { shows { totalCount } }"}), // no operation chosen
    ];
    for body in &cases {
        let r = send(&state, post_json(body, Some(GQL))).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body} -> {}", r.text);
        assert!(r.body.get("data").is_none(), "{body}: no data key on a request error: {}", r.text);
        assert!(r.body["errors"][0]["message"].is_string());

        let r = send(&state, post_json(body, Some("application/json"))).await;
        assert_eq!(r.status, StatusCode::OK, "{body} -> {}", r.text);
        assert!(r.body.get("data").is_none(), "{}", r.text);
    }
    // A field error is not a request error: data is there, status 200.
    let r =
        send(&state, post_json(&json!({"query": "{ episodes(after: \"garbage\") { totalCount } }"}), Some(GQL))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.body.get("data").is_some(), "{}", r.text);
    assert!(r.body["errors"][0]["message"].as_str().unwrap().contains("cursor"));
}

#[tokio::test]
async fn malformed_requests_are_400() {
    let state = sample_state();
    for body in [
        "{ \"not json",
        "[{\"query\": \"{ shows { totalCount } }\"}]",
        "\"just a string\"",
        "{\"qeury\": \"{ shows { totalCount } }\"}",
        "{\"query\": 1}",
        "{\"query\": \"{ shows { totalCount } }\", \"variables\": \"x\"}",
        "{\"query\": \"{ shows { totalCount } }\", \"variables\": [1]}",
        "{\"query\": \"{ shows { totalCount } }\", \"operationName\": false}",
        "{\"query\": \"{ shows { totalCount } }\", \"extensions\": 0}",
        "",
    ] {
        let req = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json").body(Body::from(body));
        let r = send(&state, req.unwrap()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body:?} -> {}", r.text);
        assert!(r.body["errors"][0]["message"].is_string(), "{}", r.text);
        assert!(r.body.get("data").is_none());
    }
    let no_type = Request::post("/graphql").body(Body::from("{\"query\":\"{ shows { totalCount } }\"}")).unwrap();
    assert_eq!(send(&state, no_type).await.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let latin1 = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json; charset=latin1")
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(send(&state, latin1).await.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // null parameters are allowed
    let r = send(
        &state,
        post_json(
            &json!({"query": "{ shows { totalCount } }", "variables": null, "operationName": null, "extensions": null}),
            None,
        ),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.body.get("errors").is_none(), "{}", r.text);
    // application/graphql: the body is the query
    let raw = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/graphql")
        .body(Body::from("{ shows { totalCount } }"))
        .unwrap();
    assert_eq!(send(&state, raw).await.body["data"]["shows"]["totalCount"], 5);
}

#[tokio::test]
async fn get_runs_queries_only() {
    let state = sample_state();
    let r = send(
        &state,
        get_query(
            &[("query", "query S($n: Int) { shows(first: $n) { totalCount } }"), ("variables", "{\"n\": 1}")],
            Some(GQL),
        ),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["data"]["shows"]["totalCount"], 5);

    let r = send(&state, get_query(&[("query", "mutation { __typename }")], Some(GQL))).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{}", r.text);
    assert_eq!(r.headers[header::ALLOW], "POST");
    assert!(r.body.get("data").is_none());

    let r = send(&state, get_query(&[("query", "{ shows { totalCount } }"), ("variables", "{oops")], None)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // Subscriptions need the WebSocket.
    let r =
        send(&state, post_json(&json!({"query": "subscription { dataReloaded { dataVersion } }"}), Some(GQL))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(r.body["errors"][0]["extensions"]["code"], "SUBSCRIPTION_NEEDS_WEBSOCKET");

    // A browser gets GraphiQL, pointed at the subscription endpoint too.
    let page =
        send(&state, Request::get("/graphql").header(header::ACCEPT, "text/html").body(Body::empty()).unwrap()).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("/assets/playground.js"), "{}", page.text);
    let script = podgraph::web::find_asset("playground.js").unwrap().0.bytes;
    assert!(String::from_utf8_lossy(script).contains("subscriptionUrl"), "GraphiQL knows the WebSocket endpoint");
    let off = state.clone().with_graphiql(false);
    let r = send(&off, Request::get("/graphql").header(header::ACCEPT, "text/html").body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::NOT_ACCEPTABLE, "without GraphiQL an HTML-only client gets 406");
}

#[tokio::test]
async fn every_response_reports_its_cost() {
    let state = sample_state();
    let r = send(&state, post_json(&json!({"query": "{ shows(first: 2) { edges { node { slug } } } }"}), None)).await;
    let cost = &r.body["extensions"]["cost"];
    assert!(cost["complexity"].as_u64().unwrap() >= 4, "{cost}");
    assert_eq!(cost["depth"], 4);
    assert_eq!(cost["maxComplexity"], Limits::default().max_complexity as u64);
    assert_eq!(cost["maxDepth"], Limits::default().max_depth as u64);
    let bigger =
        send(&state, post_json(&json!({"query": "{ shows(first: 2) { edges { node { slug title id } } } }"}), None))
            .await;
    assert!(bigger.body["extensions"]["cost"]["complexity"].as_u64() > cost["complexity"].as_u64());
}

#[tokio::test]
async fn automatic_persisted_queries() {
    let state = sample_state();
    let query = "{ shows { totalCount } }";
    let hash = sha256_hex(query);
    let ext = json!({"persistedQuery": {"version": 1, "sha256Hash": hash}});

    // Unknown hash: the client is told to send the query.
    let r = send(&state, post_json(&json!({"extensions": ext}), None)).await;
    assert_eq!(r.body["errors"][0]["message"], "PersistedQueryNotFound", "{}", r.text);
    assert_eq!(r.body["errors"][0]["extensions"]["code"], "PERSISTED_QUERY_NOT_FOUND");

    // Registration: query and hash.
    let r = send(&state, post_json(&json!({"query": query, "extensions": ext}), None)).await;
    assert_eq!(r.body["data"]["shows"]["totalCount"], 5, "{}", r.text);

    // From now on the hash alone works, over POST and over GET (cacheable).
    let r = send(&state, post_json(&json!({"extensions": ext}), None)).await;
    assert_eq!(r.body["data"]["shows"]["totalCount"], 5, "{}", r.text);
    let r = send(&state, get_query(&[("extensions", &ext.to_string())], None)).await;
    assert_eq!(r.body["data"]["shows"]["totalCount"], 5, "{}", r.text);

    // A wrong hash for a query is refused.
    let wrong = json!({"persistedQuery": {"version": 1, "sha256Hash": "00"}});
    let r = send(&state, post_json(&json!({"query": query, "extensions": wrong}), None)).await;
    assert!(r.body["errors"][0]["message"].as_str().unwrap().contains("sha"), "{}", r.text);
}

fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(text.as_bytes()))
}

#[tokio::test]
async fn cors_is_off_by_default_and_configurable() {
    let preflight = |origin: &str| {
        Request::options("/graphql")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .body(Body::empty())
            .unwrap()
    };
    let state = sample_state();
    let r = send(&state, preflight("https://dash.example.org")).await;
    assert!(r.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());

    let state = sample_state().with_cors_origins(&["https://dash.example.org".into()]).unwrap();
    let r = send(&state, preflight("https://dash.example.org")).await;
    assert_eq!(r.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://dash.example.org");
    let r = send(&state, preflight("https://evil.example.com")).await;
    assert!(r.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());

    let state = sample_state().with_cors_origins(&["*".into()]).unwrap();
    let mut req = post_json(&json!({"query": "{ shows { totalCount } }"}), None);
    req.headers_mut().insert(header::ORIGIN, "https://anywhere.example".parse().unwrap());
    let r = send(&state, req).await;
    assert_eq!(r.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(sample_state().with_cors_origins(&["bad\norigin".into()]).is_err());
}

#[tokio::test]
async fn health_ready_and_metrics() {
    let state = sample_state();
    let ok = |path: &str| Request::get(path).body(Body::empty()).unwrap();
    let health = send(&state, ok("/health")).await;
    assert_eq!(health.body["status"], "ok");
    assert_eq!(health.body["ready"], true);
    assert_eq!(health.body["dataVersion"], 1);
    let ready = send(&state, ok("/ready")).await;
    assert_eq!(ready.status, 200);

    send(&state, post_json(&json!({"query": "query Shows { shows { totalCount } }"}), None)).await;
    send(&state, post_json(&json!({"query": "query Broken { nope }"}), None)).await;
    let m = send(&state, ok("/metrics")).await;
    assert!(m.content_type.starts_with("text/plain; version=0.0.4"), "{}", m.content_type);
    assert_exposition(&m.text);
    for expected in [
        "podgraph_graphql_requests_total{operation=\"Shows\"} 1",
        "podgraph_graphql_errors_total{operation=\"Broken\",kind=\"request\"} 1",
        "podgraph_graphql_request_duration_seconds_count{operation=\"Shows\"} 1",
        "podgraph_http_responses_total{route=\"/graphql\",status=\"200\"} 2",
        "podgraph_graph_entities{kind=\"episode\"} 6",
        "podgraph_data_version 1",
        "podgraph_ready 1",
        "podgraph_reloads_total{result=\"success\"} 0",
    ] {
        assert!(m.text.contains(expected), "missing {expected:?} in\n{}", m.text);
    }

    // A store that has not loaded yet: alive, not ready, GraphQL says 503.
    let loading = std::sync::Arc::new(podgraph::store::GraphStore::loading(&root().join("data")));
    let state = AppState::new(loading.clone(), Limits::default());
    assert_eq!(send(&state, ok("/health")).await.body["ready"], false);
    assert_eq!(send(&state, ok("/ready")).await.status, StatusCode::SERVICE_UNAVAILABLE);
    let r = send(&state, post_json(&json!({"query": "{ shows { totalCount } }"}), None)).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.body["errors"][0]["extensions"]["code"], "NOT_READY");
    assert!(send(&state, ok("/metrics")).await.text.contains("podgraph_ready 0"));
    loading.load_initial().unwrap();
    assert_eq!(send(&state, ok("/ready")).await.status, 200);
    assert_eq!(send(&state, post_json(&json!({"query": "{ shows { totalCount } }"}), None)).await.status, 200);
}

/// Prometheus text format: comments, or `name{labels} value` with a declared family.
pub fn assert_exposition(text: &str) {
    let mut typed = std::collections::HashSet::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            typed.insert(rest.split(' ').next().unwrap().to_string());
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("no value: {line}"));
        assert!(value.parse::<f64>().is_ok(), "bad value: {line}");
        let name = series.split('{').next().unwrap();
        let family = ["_bucket", "_sum", "_count"].iter().fold(name, |n, s| n.strip_suffix(s).unwrap_or(n));
        assert!(typed.contains(name) || typed.contains(family), "undeclared: {line}");
    }
}
