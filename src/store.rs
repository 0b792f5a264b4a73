//! The current graph snapshot and its replacement. Readers take an `Arc<Snapshot>` and keep
//! it for the whole request; a reload builds a new snapshot off to the side and swaps it in
//! atomically (`arc-swap`). A failed reload keeps the old snapshot and records the error.
//!
//! The store also says whether a graph has been loaded yet (`/ready`), what the last load
//! attempt did (`/health`, metrics) and tells subscribers about each new graph
//! ([`GraphStore::subscribe`], the `dataReloaded` subscription).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use arc_swap::{ArcSwap, ArcSwapOption};
use tokio::sync::broadcast;
use tracing::{info, warn};

use crate::corpus::CorpusError;
use crate::graph::PodGraph;
use crate::load::{self, LoadReport, Snapshot};

/// Why a reload was refused.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error("no episode could be loaded from {dir} ({pages} pages read); keeping the previous graph")]
    Empty { dir: PathBuf, pages: usize },
}

/// The outcome of the last load attempt, for `/health` and metrics.
#[derive(Debug, Clone)]
pub struct LoadAttempt {
    pub at: chrono::DateTime<chrono::Utc>,
    /// `None` when the attempt succeeded.
    pub error: Option<String>,
    /// How long the attempt took.
    pub duration: Duration,
}

/// A new graph is being served: what subscribers (`dataReloaded`) are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReloadEvent {
    pub version: u64,
    pub loaded_at: chrono::DateTime<chrono::Utc>,
    pub episodes: usize,
}

/// How many unread events a slow subscriber may fall behind by before it skips ahead.
const EVENT_BACKLOG: usize = 16;

/// Holds the served snapshot.
pub struct GraphStore {
    data_dir: PathBuf,
    current: ArcSwap<Snapshot>,
    ready: AtomicBool,
    last_attempt: ArcSwapOption<LoadAttempt>,
    /// Serialises loads, so two triggers (a file change and SIGHUP) never build at once.
    loading: Mutex<()>,
    versions: AtomicU64,
    reloads: AtomicU64,
    failed_reloads: AtomicU64,
    events: broadcast::Sender<ReloadEvent>,
}

impl GraphStore {
    fn with(data_dir: &Path, snapshot: Snapshot, ready: bool, attempt: Option<LoadAttempt>) -> GraphStore {
        GraphStore {
            data_dir: data_dir.to_path_buf(),
            versions: AtomicU64::new(snapshot.version),
            current: ArcSwap::from_pointee(snapshot),
            ready: AtomicBool::new(ready),
            last_attempt: ArcSwapOption::new(attempt.map(Arc::new)),
            loading: Mutex::new(()),
            reloads: AtomicU64::new(0),
            failed_reloads: AtomicU64::new(0),
            events: broadcast::channel(EVENT_BACKLOG).0,
        }
    }

    /// Loads `data_dir` for the first time. Unlike a reload, an empty result is accepted
    /// (an empty folder serves an empty graph), but an unusable folder is an error.
    pub fn open(data_dir: &Path) -> Result<GraphStore, CorpusError> {
        let store = GraphStore::loading(data_dir);
        store.load_initial()?;
        Ok(store)
    }

    /// A store that serves nothing yet (`is_ready()` is false) until [`GraphStore::load_initial`]
    /// succeeds: the server can listen, answer `/health` and report "not ready" meanwhile.
    pub fn loading(data_dir: &Path) -> GraphStore {
        let (graph, _) = PodGraph::build(Vec::new(), &Default::default());
        let report = LoadReport { data_dir: data_dir.display().to_string(), ..Default::default() };
        let placeholder = Snapshot { graph, report, version: 0, loaded_at: chrono::Utc::now() };
        GraphStore::with(data_dir, placeholder, false, None)
    }

    /// A store around an already-built snapshot (tests, benchmarks). It is ready.
    pub fn from_snapshot(data_dir: &Path, snapshot: Snapshot) -> GraphStore {
        GraphStore::with(data_dir, snapshot, true, None)
    }

    /// The first load of a store made with [`GraphStore::loading`]. Blocking.
    pub fn load_initial(&self) -> Result<Arc<Snapshot>, CorpusError> {
        let _one_at_a_time = self.loading.lock().unwrap_or_else(|e| e.into_inner());
        let started = Instant::now();
        match load::load(&self.data_dir) {
            Ok((graph, report)) => Ok(self.install(graph, report, started)),
            Err(err) => {
                self.record_failure(err.to_string(), started);
                Err(err)
            }
        }
    }

    /// The snapshot to serve a request with.
    pub fn current(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    /// True once a graph has been loaded (always true after `open`/`from_snapshot`).
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The last load attempt (initial or reload).
    pub fn last_attempt(&self) -> Option<Arc<LoadAttempt>> {
        self.last_attempt.load_full()
    }

    /// Successful reloads since start (the initial load is not counted).
    pub fn reload_count(&self) -> u64 {
        self.reloads.load(Ordering::Relaxed)
    }

    /// Failed reloads since start.
    pub fn failed_reload_count(&self) -> u64 {
        self.failed_reloads.load(Ordering::Relaxed)
    }

    /// Events for every graph installed from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<ReloadEvent> {
        self.events.subscribe()
    }

    /// Builds a new snapshot from the data folder and swaps it in. Blocking: call it from
    /// a blocking thread. On error the current snapshot stays.
    pub fn reload(&self) -> Result<Arc<Snapshot>, ReloadError> {
        let _one_at_a_time = self.loading.lock().unwrap_or_else(|e| e.into_inner());
        let started = Instant::now();
        let result = load::load(&self.data_dir).map_err(ReloadError::from).and_then(|(graph, report)| {
            if graph.episodes().is_empty() && report.pages_read > 0 {
                return Err(ReloadError::Empty { dir: self.data_dir.clone(), pages: report.pages_read });
            }
            Ok((graph, report))
        });
        match result {
            Ok((graph, report)) => {
                let was_ready = self.is_ready();
                let snapshot = self.install(graph, report, started);
                if was_ready {
                    self.reloads.fetch_add(1, Ordering::Relaxed);
                }
                Ok(snapshot)
            }
            Err(err) => {
                warn!(error = %err, data_dir = %self.data_dir.display(), "reload failed; still serving the previous graph");
                self.failed_reloads.fetch_add(1, Ordering::Relaxed);
                self.record_failure(err.to_string(), started);
                Err(err)
            }
        }
    }

    fn install(&self, graph: PodGraph, report: LoadReport, started: Instant) -> Arc<Snapshot> {
        let version = self.versions.fetch_add(1, Ordering::SeqCst) + 1;
        let snapshot = Arc::new(Snapshot { graph, report, version, loaded_at: chrono::Utc::now() });
        log_load(&snapshot);
        self.current.store(snapshot.clone());
        self.ready.store(true, Ordering::Release);
        self.last_attempt.store(Some(Arc::new(LoadAttempt {
            at: snapshot.loaded_at,
            error: None,
            duration: started.elapsed(),
        })));
        // Nobody listening is fine.
        let _ = self.events.send(ReloadEvent {
            version,
            loaded_at: snapshot.loaded_at,
            episodes: snapshot.graph.episodes().len(),
        });
        snapshot
    }

    fn record_failure(&self, error: String, started: Instant) {
        self.last_attempt.store(Some(Arc::new(LoadAttempt {
            at: chrono::Utc::now(),
            error: Some(error),
            duration: started.elapsed(),
        })));
    }
}

fn log_load(s: &Snapshot) {
    let r = &s.report;
    info!(
        version = s.version,
        data_dir = %r.data_dir,
        pages = r.pages_read,
        episodes = r.episodes_loaded,
        people = r.people,
        sponsors = r.sponsors,
        picks = r.picks,
        skipped = r.skipped.len(),
        failed = r.failed.len(),
        warnings = r.warnings(),
        millis = r.timings.total.as_millis() as u64,
        "graph loaded"
    );
    for d in r.diagnostics.iter().filter(|d| d.severity == crate::model::Severity::Error) {
        warn!(file = %d.file, line = d.line, "{}", d.message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
    }

    #[test]
    fn a_loading_store_is_not_ready_until_its_first_load() {
        let store = GraphStore::loading(&sample());
        assert!(!store.is_ready());
        assert_eq!(store.current().version, 0);
        assert!(store.last_attempt().is_none());
        let mut events = store.subscribe();
        let snap = store.load_initial().unwrap();
        assert!(store.is_ready());
        assert_eq!(snap.version, 1);
        assert!(!snap.graph.episodes().is_empty());
        assert_eq!(events.try_recv().unwrap().version, 1);
        assert_eq!(store.reload_count(), 0, "the first load is not a reload");
    }

    #[test]
    fn a_failed_reload_keeps_the_graph_and_says_why() {
        let dir = std::env::temp_dir().join(format!("podgraph-store-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("show")).unwrap();
        std::fs::write(dir.join("show/ep-1.md"), "---\ntitle: Ep 1\npodcast: show\ndate: 2020-01-01\n---\nhi\n")
            .unwrap();
        let store = GraphStore::open(&dir).unwrap();
        std::fs::write(dir.join("show/ep-1.md"), "no front matter at all").unwrap();
        let err = store.reload().unwrap_err();
        assert!(matches!(err, ReloadError::Empty { pages: 1, .. }), "{err}");
        assert_eq!(store.current().version, 1);
        assert_eq!(store.current().graph.episodes().len(), 1);
        assert!(store.last_attempt().unwrap().error.as_deref().unwrap().contains("no episode"));
        assert_eq!(store.failed_reload_count(), 1);

        std::fs::remove_dir_all(&dir).unwrap();
        assert!(matches!(store.reload(), Err(ReloadError::Corpus(_))));
        assert_eq!(store.current().graph.episodes().len(), 1);
        assert_eq!(store.failed_reload_count(), 2);
    }
}
