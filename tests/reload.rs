//! Live reload: queries keep succeeding while graphs are swapped, a failed reload keeps
//! the old graph and says so, and the real binary reloads on file changes and SIGHUP,
//! tells WebSocket subscribers, and stops cleanly on SIGTERM.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use podgraph::config::Limits;
use podgraph::server::AppState;
use podgraph::store::GraphStore;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::{TestServer, root};

/// A private copy of the sample data folder.
pub fn copy_sample(name: &str) -> PathBuf {
    let dest = std::env::temp_dir().join(format!("podgraph-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dest);
    copy_dir(&root().join("data"), &dest);
    dest
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

const EXTRA: &str = "js-jabber/022-jsj-extra-episode.md";
const EXTRA_PAGE: &str = "---\nlayout: layouts/post.njk\ntitle: 022 JSJ An Extra Episode\ndate: 2012-07-25 03:01:00\nepisode_number: 022\npodcast: js-jabber\n---\n\n### Panel\n\n- Charles Max Wood\n";

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

/// Eight clients query in a loop while the graph is reloaded twenty times (one reload in
/// the middle fails): every response is a success, and every response's episode count is
/// the one of the graph version it reports, so no query ever mixed two graphs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queries_in_a_loop_during_reloads_all_succeed() {
    let dir = copy_sample("reload-loop");
    let store = Arc::new(GraphStore::open(&dir).unwrap());
    let server = serve_state(AppState::new(store.clone(), Limits::default())).await;
    let url = format!("{}/graphql", server.url);

    let expected: Arc<Mutex<HashMap<i64, i64>>> = Arc::new(Mutex::new(HashMap::from([(1, 6)])));
    let stop = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for _ in 0..8 {
        let (url, stop) = (url.clone(), stop.clone());
        clients.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut seen = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let res = client
                    .post(&url)
                    .json(&json!({"query": "{ dataVersion episodes { totalCount } people { totalCount } }"}))
                    .send()
                    .await
                    .expect("the server answers");
                assert_eq!(res.status(), 200);
                let body: Value = res.json().await.unwrap();
                assert!(body.get("errors").is_none(), "{body}");
                seen.push((
                    body["data"]["dataVersion"].as_i64().unwrap(),
                    body["data"]["episodes"]["totalCount"].as_i64().unwrap(),
                ));
            }
            seen
        }));
    }

    for round in 0..20 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let extra = dir.join(EXTRA);
        if round % 2 == 0 {
            std::fs::write(&extra, EXTRA_PAGE).unwrap();
        } else {
            std::fs::remove_file(&extra).unwrap();
        }
        if round == 10 {
            // Every page broken: refused, the previous graph stays.
            let saved = dir.with_extension("saved");
            std::fs::rename(&dir, &saved).unwrap();
            std::fs::create_dir_all(dir.join("show")).unwrap();
            std::fs::write(dir.join("show/broken.md"), "---\ntitle: [unclosed\n").unwrap();
            let s = store.clone();
            assert!(tokio::task::spawn_blocking(move || s.reload()).await.unwrap().is_err());
            std::fs::remove_dir_all(&dir).unwrap();
            std::fs::rename(&saved, &dir).unwrap();
            continue;
        }
        let s = store.clone();
        let snap = tokio::task::spawn_blocking(move || s.reload()).await.unwrap().unwrap();
        expected.lock().unwrap().insert(snap.version as i64, snap.graph.episodes().len() as i64);
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    stop.store(true, Ordering::Relaxed);

    let expected = expected.lock().unwrap().clone();
    let mut total = 0;
    let mut versions = std::collections::BTreeSet::new();
    for c in clients {
        for (version, episodes) in c.await.unwrap() {
            total += 1;
            versions.insert(version);
            assert_eq!(expected.get(&version), Some(&episodes), "version {version} answered {episodes} episodes");
        }
    }
    assert!(total > 100, "only {total} queries ran");
    assert!(versions.len() > 5, "queries saw few versions: {versions:?}");
    assert_eq!(store.reload_count(), 19);
    assert_eq!(store.failed_reload_count(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The binary, started as the container starts it: configured by `PODGRAPH_*` variables.
struct Binary {
    child: Child,
    url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Binary {
    fn start(data: &Path, extra_env: &[(&str, &str)]) -> Binary {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_podgraph"));
        cmd.arg("serve")
            .env("PODGRAPH_DATA", data)
            .env("PODGRAPH_LISTEN", "127.0.0.1:0")
            .env("PODGRAPH_LOG_FORMAT", "json")
            .env("RUST_LOG", "podgraph=info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let lines = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://127.0.0.1:") {
                    let rest = &line[at..];
                    let end = rest.find("/graphql").unwrap_or(rest.len());
                    let _ = tx.send(rest[..end].to_string());
                }
                lines.lock().unwrap().push(line);
            }
        });
        let url = rx.recv_timeout(Duration::from_secs(20)).expect("the server logs its address");
        Binary { child, url, log }
    }

    fn signal(&self, name: &str) {
        let status = Command::new("sh").arg("-c").arg(format!("kill -{name} {}", self.child.id())).status().unwrap();
        assert!(status.success());
    }

    fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn get_json(url: &str) -> Value {
    reqwest::get(url).await.unwrap().json().await.unwrap()
}

async fn wait_for(what: &str, timeout: Duration, mut check: impl AsyncFnMut() -> bool) {
    let started = Instant::now();
    while started.elapsed() < timeout {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn ws_connect(base: &str) -> Ws {
    let mut req = format!("{}/graphql", base.replace("http://", "ws://")).into_client_request().unwrap();
    req.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().unwrap());
    let (mut ws, response) = tokio_tungstenite::connect_async(req).await.expect("WebSocket upgrade");
    assert_eq!(response.headers()["sec-websocket-protocol"], "graphql-transport-ws");
    ws.send(Message::text(json!({"type": "connection_init"}).to_string())).await.unwrap();
    assert_eq!(ws_next(&mut ws).await["type"], "connection_ack");
    ws
}

async fn ws_next(ws: &mut Ws) -> Value {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(15), ws.next())
            .await
            .expect("a WebSocket message in time")
            .expect("the socket is open")
            .unwrap();
        if let Message::Text(text) = msg {
            let v: Value = serde_json::from_str(&text).unwrap();
            if v["type"] != "ping" {
                return v;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_reloads_on_changes_and_sighup_notifies_subscribers_and_stops_on_sigterm() {
    let dir = copy_sample("binary");
    let bin = Binary::start(&dir, &[("PODGRAPH_WATCH", "true"), ("PODGRAPH_WATCH_DEBOUNCE_MS", "100")]);
    let base = bin.url.clone();
    wait_for("ready", Duration::from_secs(20), async || {
        reqwest::get(format!("{base}/ready")).await.is_ok_and(|r| r.status() == 200)
    })
    .await;
    let health = get_json(&format!("{base}/health")).await;
    assert_eq!(health["dataVersion"], 1);

    // A dashboard subscribes; queries also work over the same socket.
    let mut ws = ws_connect(&base).await;
    ws.send(Message::text(
        json!({"id": "q", "type": "subscribe", "payload": {"query": "{ dataVersion shows { totalCount } }"}})
            .to_string(),
    ))
    .await
    .unwrap();
    let answer = ws_next(&mut ws).await;
    assert_eq!(answer["type"], "next", "{answer}");
    assert_eq!(answer["payload"]["data"]["shows"]["totalCount"], 5);
    assert_eq!(ws_next(&mut ws).await["type"], "complete");
    ws.send(Message::text(
        json!({"id": "s", "type": "subscribe", "payload": {"query": "subscription { dataReloaded { dataVersion episodes loadedAt } }"}})
            .to_string(),
    ))
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    // 1. A new page: the watcher reloads, subscribers hear of it.
    std::fs::write(dir.join(EXTRA), EXTRA_PAGE).unwrap();
    let event = ws_next(&mut ws).await;
    assert_eq!(event["type"], "next", "{event}");
    assert_eq!(event["payload"]["data"]["dataReloaded"]["dataVersion"], 2, "{event}");
    assert_eq!(event["payload"]["data"]["dataReloaded"]["episodes"], 7);
    let r: Value = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .json(&json!({"query": "{ dataVersion loadedAt episodes { totalCount } }"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["data"]["dataVersion"], 2);
    assert_eq!(r["data"]["episodes"]["totalCount"], 7);
    assert_eq!(r["data"]["loadedAt"], event["payload"]["data"]["dataReloaded"]["loadedAt"]);

    // 2. SIGHUP reloads too.
    bin.signal("HUP");
    let event = ws_next(&mut ws).await;
    assert_eq!(event["payload"]["data"]["dataReloaded"]["dataVersion"], 3, "{event}");

    // 3. The folder disappears: the reload fails, the old graph is served, /health,
    //    metrics and logs say so.
    let moved = dir.with_extension("away");
    std::fs::rename(&dir, &moved).unwrap();
    bin.signal("HUP");
    wait_for("a failed reload in /health", Duration::from_secs(10), async || {
        get_json(&format!("{base}/health")).await["status"] == "degraded"
    })
    .await;
    let health = get_json(&format!("{base}/health")).await;
    assert!(health["lastReloadError"].as_str().unwrap().contains(&dir.display().to_string()), "{health}");
    assert_eq!(health["dataVersion"], 3);
    assert_eq!(health["episodes"], 7);
    let metrics = reqwest::get(format!("{base}/metrics")).await.unwrap().text().await.unwrap();
    assert!(metrics.contains("podgraph_last_load_success 0"), "{metrics}");
    assert!(metrics.contains("podgraph_reloads_total{result=\"failure\"} 1"), "{metrics}");
    assert!(metrics.contains("podgraph_data_version 3"));
    assert!(bin.log_text().contains("reload failed"), "the failure is logged");
    let r: Value = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .json(&json!({"query": "{ dataVersion episodes { totalCount } }"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["data"]["episodes"]["totalCount"], 7, "still serving the previous graph: {r}");

    // 4. It comes back: the watch is re-armed and the graph reloaded without a signal.
    std::fs::remove_file(moved.join(EXTRA)).unwrap();
    std::fs::rename(&moved, &dir).unwrap();
    let event = ws_next(&mut ws).await;
    assert_eq!(event["payload"]["data"]["dataReloaded"]["dataVersion"], 4, "{event}");
    assert_eq!(event["payload"]["data"]["dataReloaded"]["episodes"], 6);
    assert_eq!(get_json(&format!("{base}/health")).await["status"], "ok");

    // Logs are JSON lines (--log-format json via PODGRAPH_LOG_FORMAT).
    for line in bin.log.lock().unwrap().iter() {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|_| panic!("not a JSON log line: {line}"));
        assert!(v["level"].is_string() && v["fields"].is_object(), "{line}");
    }

    // 5. SIGTERM: a clean exit.
    drop(ws);
    let mut bin = bin;
    bin.signal("TERM");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = bin.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "no exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert!(bin.log_text().contains("shut down"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_missing_data_folder_stops_the_binary_with_an_error() {
    let missing = std::env::temp_dir().join(format!("podgraph-missing-{}", std::process::id()));
    let out = Command::new(env!("CARGO_BIN_EXE_podgraph"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(&missing)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&missing.display().to_string()), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscription_connections_are_capped() {
    let dir = root().join("data");
    let store = Arc::new(GraphStore::open(&dir).unwrap());
    let limits = Limits { max_subscriptions: 1, ..Limits::default() };
    let server = serve_state(AppState::new(store, limits)).await;
    let first = ws_connect(&server.url).await;
    let mut req = format!("{}/graphql", server.url.replace("http://", "ws://")).into_client_request().unwrap();
    req.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().unwrap());
    match tokio_tungstenite::connect_async(req).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => assert_eq!(res.status(), 503),
        other => panic!("a second connection should be refused: {:?}", other.map(|(_, r)| r.status())),
    }
    // A message larger than the body limit closes the connection.
    let mut first = first;
    let big = json!({"id": "big", "type": "subscribe", "payload": {"query": format!("{{ dataVersion }} # {}", "x".repeat(300_000))}});
    first.send(Message::text(big.to_string())).await.unwrap();
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match first.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return true,
                Some(Ok(_)) => continue,
            }
        }
    })
    .await;
    assert_eq!(closed, Ok(true), "an oversized message ends the connection");
    drop(first);
    // The slot is released when the first connection closes.
    let started = Instant::now();
    loop {
        let mut req = format!("{}/graphql", server.url.replace("http://", "ws://")).into_client_request().unwrap();
        req.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().unwrap());
        if tokio_tungstenite::connect_async(req).await.is_ok() {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "the slot was not released");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Operations over the WebSocket are held to the same time limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn websocket_operations_time_out_too() {
    let dir = crate::corpus_dir();
    let store = Arc::new(GraphStore::from_snapshot(&dir, crate::snapshot(&dir)));
    let limits = Limits {
        request_timeout_ms: 50,
        max_complexity: usize::MAX,
        max_fields: 100_000,
        max_aliases: 10_000,
        max_document_bytes: 1 << 20,
        ..Limits::default()
    };
    let server = serve_state(AppState::new(store, limits)).await;
    let mut ws = ws_connect(&server.url).await;
    let part =
        "episodes(first: 100) { edges { node { title date show { title } panelists { name } picks { title } } } }";
    let doc = format!("{{ {} }}", (0..400).map(|i| format!("e{i}: {part}")).collect::<Vec<_>>().join(" "));
    ws.send(Message::text(json!({"id": "1", "type": "subscribe", "payload": {"query": doc}}).to_string()))
        .await
        .unwrap();
    let started = Instant::now();
    let msg = ws_next(&mut ws).await;
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    let errors = if msg["type"] == "error" { &msg["payload"] } else { &msg["payload"]["errors"] };
    assert_eq!(errors[0]["extensions"]["code"], "TIMEOUT", "{}", &msg.to_string()[..msg.to_string().len().min(300)]);
}

/// A SIGHUP while the first load is still running queues a reload; it does not end the
/// process (the signal is handled from the moment the address is logged).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_during_the_first_load_is_a_reload() {
    let bin = Binary::start(&crate::corpus_dir(), &[]);
    bin.signal("HUP");
    let base = bin.url.clone();
    wait_for("ready after SIGHUP", Duration::from_secs(60), async || {
        reqwest::get(format!("{base}/ready")).await.is_ok_and(|r| r.status() == 200)
    })
    .await;
    wait_for("the queued reload", Duration::from_secs(60), async || {
        get_json(&format!("{base}/health")).await["dataVersion"].as_u64() >= Some(2)
    })
    .await;
    let mut bin = bin;
    assert!(bin.child.try_wait().unwrap().is_none(), "the process is still running");
}
