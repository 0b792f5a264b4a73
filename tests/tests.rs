//! podgraph's integration tests, one binary (ripgrep style): shared helpers here, one
//! module per area.

mod api;
mod corpus;
mod descriptions;
mod examples;
mod export;
mod fixture;
mod fuzz;
mod gold;
mod http;
mod limits;
mod n_plus_one;
mod perf;
mod relations;
mod reload;
mod response_cache;
mod schema_sdl;
mod web;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use podgraph::load::{self, Snapshot};
use podgraph::server::AppState;
use podgraph::store::GraphStore;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The real corpus beside the repository (`../shared/corpus/devchat`), as CI provides it.
pub fn corpus_dir() -> PathBuf {
    std::env::var_os("PODGRAPH_CORPUS").map(PathBuf::from).unwrap_or_else(|| root().join("../shared/corpus/devchat"))
}

/// Loads a folder into a snapshot.
pub fn snapshot(dir: &Path) -> Snapshot {
    let (graph, report) = load::load(dir).expect("data folder loads");
    Snapshot { graph, report, version: 1, loaded_at: chrono::Utc::now() }
}

/// App state serving `dir`.
pub fn state(dir: &Path) -> AppState {
    state_with_limits(dir, podgraph::config::Limits::default())
}

/// App state serving `dir` under `limits`.
pub fn state_with_limits(dir: &Path, limits: podgraph::config::Limits) -> AppState {
    AppState::new(Arc::new(GraphStore::from_snapshot(dir, snapshot(dir))), limits)
}

/// A real server on an ephemeral loopback port; stopped when the returned guard drops.
pub struct TestServer {
    pub url: String,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

pub async fn start_server(dir: &Path) -> TestServer {
    serve_state(state(dir)).await
}

/// A real server for an already-built snapshot (hand-built graphs).
pub async fn start_snapshot_server(snapshot: Snapshot) -> TestServer {
    let store = GraphStore::from_snapshot(Path::new("fixture"), snapshot);
    serve_state(AppState::new(Arc::new(store), podgraph::config::Limits::default())).await
}

async fn serve_state(state: AppState) -> TestServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        podgraph::server::serve(listener, state, async {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    TestServer { url: format!("http://{addr}"), _shutdown: tx }
}

/// POSTs a query and returns the JSON response.
pub async fn post(server: &TestServer, query: &str, variables: serde_json::Value) -> serde_json::Value {
    reqwest::Client::new()
        .post(format!("{}/graphql", server.url))
        .json(&serde_json::json!({"query": query, "variables": variables}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The full corpus, loaded once for every test that needs it.
pub fn full_corpus() -> Arc<Snapshot> {
    static CORPUS: OnceLock<Arc<Snapshot>> = OnceLock::new();
    CORPUS
        .get_or_init(|| {
            let dir = corpus_dir();
            assert!(dir.is_dir(), "the corpus is expected at {} (set PODGRAPH_CORPUS)", dir.display());
            Arc::new(snapshot(&dir))
        })
        .clone()
}

/// Runs a query in process against a snapshot with the default limits; returns the whole JSON response.
pub async fn execute(snapshot: &Arc<Snapshot>, query: &str, variables: serde_json::Value) -> serde_json::Value {
    execute_with(snapshot, query, variables, &podgraph::config::Limits::default()).await
}

/// Runs a query in process under the given limits.
pub async fn execute_with(
    snapshot: &Arc<Snapshot>,
    query: &str,
    variables: serde_json::Value,
    limits: &podgraph::config::Limits,
) -> serde_json::Value {
    let request = async_graphql::Request::new(query)
        .variables(async_graphql::Variables::from_json(variables))
        .data(snapshot.clone());
    let response = podgraph::schema::build_schema(limits).execute(request).await;
    serde_json::to_value(&response).unwrap()
}
