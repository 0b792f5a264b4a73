//! podgraph's integration tests, one binary (ripgrep style): shared helpers here, one
//! module per area.

mod api;
mod corpus;
mod perf;
mod schema_sdl;

use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    let store = GraphStore::from_snapshot(dir, snapshot(dir));
    AppState { schema: podgraph::schema::build_schema(), store: Arc::new(store) }
}

/// A real server on an ephemeral loopback port; stopped when the returned guard drops.
pub struct TestServer {
    pub url: String,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

pub async fn start_server(dir: &Path) -> TestServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let state = state(dir);
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
