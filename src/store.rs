//! The current graph snapshot and its replacement. Readers take an `Arc<Snapshot>` and keep
//! it for the whole request; a reload builds a new snapshot off to the side and swaps it in
//! atomically (`arc-swap`). A failed reload keeps the old snapshot and records the error.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use arc_swap::{ArcSwap, ArcSwapOption};
use tracing::{info, warn};

use crate::corpus::CorpusError;
use crate::load::{self, Snapshot};

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
    pub error: Option<String>,
}

/// Holds the served snapshot.
pub struct GraphStore {
    data_dir: PathBuf,
    current: ArcSwap<Snapshot>,
    last_attempt: ArcSwapOption<LoadAttempt>,
    versions: AtomicU64,
    reloads: AtomicU64,
    failed_reloads: AtomicU64,
}

impl GraphStore {
    /// Loads `data_dir` for the first time. Unlike a reload, an empty result is accepted
    /// (an empty folder serves an empty graph), but an unusable folder is an error.
    pub fn open(data_dir: &Path) -> Result<GraphStore, CorpusError> {
        let (graph, report) = load::load(data_dir)?;
        let snapshot = Snapshot { graph, report, version: 1, loaded_at: chrono::Utc::now() };
        log_load(&snapshot);
        Ok(GraphStore {
            data_dir: data_dir.to_path_buf(),
            current: ArcSwap::from_pointee(snapshot),
            last_attempt: ArcSwapOption::from_pointee(LoadAttempt { at: chrono::Utc::now(), error: None }),
            versions: AtomicU64::new(1),
            reloads: AtomicU64::new(0),
            failed_reloads: AtomicU64::new(0),
        })
    }

    /// A store around an already-built snapshot (tests, benchmarks).
    pub fn from_snapshot(data_dir: &Path, snapshot: Snapshot) -> GraphStore {
        GraphStore {
            data_dir: data_dir.to_path_buf(),
            versions: AtomicU64::new(snapshot.version),
            current: ArcSwap::from_pointee(snapshot),
            last_attempt: ArcSwapOption::empty(),
            reloads: AtomicU64::new(0),
            failed_reloads: AtomicU64::new(0),
        }
    }

    /// The snapshot to serve a request with.
    pub fn current(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The last load attempt (initial or reload).
    pub fn last_attempt(&self) -> Option<Arc<LoadAttempt>> {
        self.last_attempt.load_full()
    }

    /// Successful reloads since start.
    pub fn reload_count(&self) -> u64 {
        self.reloads.load(Ordering::Relaxed)
    }

    /// Failed reloads since start.
    pub fn failed_reload_count(&self) -> u64 {
        self.failed_reloads.load(Ordering::Relaxed)
    }

    /// Builds a new snapshot from the data folder and swaps it in. Blocking: call it from
    /// a blocking thread. On error the current snapshot stays.
    pub fn reload(&self) -> Result<Arc<Snapshot>, ReloadError> {
        let result = load::load(&self.data_dir).map_err(ReloadError::from).and_then(|(graph, report)| {
            if graph.episodes().is_empty() && report.pages_read > 0 {
                return Err(ReloadError::Empty { dir: self.data_dir.clone(), pages: report.pages_read });
            }
            Ok((graph, report))
        });
        match result {
            Ok((graph, report)) => {
                let version = self.versions.fetch_add(1, Ordering::SeqCst) + 1;
                let snapshot = Arc::new(Snapshot { graph, report, version, loaded_at: chrono::Utc::now() });
                log_load(&snapshot);
                self.current.store(snapshot.clone());
                self.reloads.fetch_add(1, Ordering::Relaxed);
                self.last_attempt.store(Some(Arc::new(LoadAttempt { at: chrono::Utc::now(), error: None })));
                Ok(snapshot)
            }
            Err(err) => {
                warn!(error = %err, data_dir = %self.data_dir.display(), "reload failed; still serving the previous graph");
                self.failed_reloads.fetch_add(1, Ordering::Relaxed);
                self.last_attempt
                    .store(Some(Arc::new(LoadAttempt { at: chrono::Utc::now(), error: Some(err.to_string()) })));
                Err(err)
            }
        }
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
