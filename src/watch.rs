//! Live reload: what triggers [`GraphStore::reload`] while the server runs.
//!
//! - SIGHUP reloads at once (always on);
//! - with `--watch`, file changes under the data folder reload after a quiet period (the
//!   debounce), so saving fifty files is one reload, not fifty.
//!
//! Reloads run one at a time on a blocking thread; the store builds the new graph off to
//! the side and swaps it in, so requests are never paused. Only changes that can alter the
//! graph count: creations, content changes, removals and renames. Reads, metadata changes
//! (our own reads update access times) and hidden paths (`.git`, editor swap files) don't.
//! The watch is re-armed after every reload, so a data folder that was replaced
//! (`mv data.new data`) is watched again; while the folder is missing, re-arming is retried.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tracing::{debug, info, warn};

use crate::store::GraphStore;

/// Why a reload was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// Files changed (debounced).
    Files,
    /// SIGHUP or an explicit request: reload now.
    Now,
}

/// The running reloader. Dropping it stops watching; the tasks end with the runtime.
pub struct Reloader {
    tx: mpsc::Sender<Trigger>,
    task: JoinHandle<()>,
}

impl Reloader {
    /// Asks for a reload (as SIGHUP does).
    pub async fn trigger(&self, trigger: Trigger) {
        let _ = self.tx.send(trigger).await;
    }

    pub fn abort(&self) {
        self.task.abort();
    }
}

/// Options of [`spawn`].
#[derive(Debug, Clone, Copy)]
pub struct WatchOptions {
    /// Watch the data folder for changes (`--watch`).
    pub watch_files: bool,
    /// Quiet time after the last change before reloading.
    pub debounce: Duration,
    /// Reload on SIGHUP.
    pub sighup: bool,
}

/// Starts the reload loop (and the watcher and signal listener it is asked for).
pub fn spawn(store: Arc<GraphStore>, options: WatchOptions) -> Reloader {
    let (tx, rx) = mpsc::channel(64);
    if options.sighup {
        spawn_sighup(tx.clone());
    }
    let watcher = options.watch_files.then(|| FileWatch::new(store.data_dir(), tx.clone()));
    let task = tokio::spawn(reload_loop(store, rx, watcher, options.debounce));
    Reloader { tx, task }
}

#[cfg(unix)]
fn spawn_sighup(tx: mpsc::Sender<Trigger>) {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::hangup()) {
        Ok(mut hup) => {
            tokio::spawn(async move {
                while hup.recv().await.is_some() {
                    info!("SIGHUP: reloading the data folder");
                    if tx.send(Trigger::Now).await.is_err() {
                        break;
                    }
                }
            });
        }
        Err(err) => warn!(error = %err, "cannot listen for SIGHUP; reload on signal is off"),
    }
}

#[cfg(not(unix))]
fn spawn_sighup(_tx: mpsc::Sender<Trigger>) {}

async fn reload_loop(
    store: Arc<GraphStore>,
    mut rx: mpsc::Receiver<Trigger>,
    mut watch: Option<FileWatch>,
    debounce: Duration,
) {
    if let Some(w) = watch.as_mut() {
        w.arm();
    }
    let retry = Duration::from_secs(2);
    loop {
        // While the watch cannot be armed (folder missing), retry now and then.
        let disarmed = watch.as_ref().is_some_and(|w| !w.armed);
        let first = if disarmed {
            match tokio::time::timeout(retry, rx.recv()).await {
                Ok(t) => t,
                Err(_) => {
                    if let Some(w) = watch.as_mut()
                        && w.arm()
                    {
                        info!("data folder is back; reloading");
                        Some(Trigger::Now)
                    } else {
                        continue;
                    }
                }
            }
        } else {
            rx.recv().await
        };
        let Some(first) = first else { return };
        if first == Trigger::Files {
            settle(&mut rx, debounce).await;
        }
        // Anything that arrived meanwhile is covered by this reload.
        while rx.try_recv().is_ok() {}
        let s = store.clone();
        match tokio::task::spawn_blocking(move || s.reload()).await {
            Ok(Ok(snapshot)) => debug!(version = snapshot.version, "reload done"),
            Ok(Err(_)) => {} // logged and recorded by the store
            Err(err) => warn!(error = %err, "reload task failed"),
        }
        if let Some(w) = watch.as_mut() {
            w.arm();
        }
    }
}

/// Waits until no file event has arrived for `debounce` (at most ten times `debounce`).
async fn settle(rx: &mut mpsc::Receiver<Trigger>, debounce: Duration) {
    let give_up = Instant::now() + debounce * 10;
    loop {
        let quiet_until = (Instant::now() + debounce).min(give_up);
        match tokio::time::timeout_at(quiet_until, rx.recv()).await {
            Ok(Some(Trigger::Files)) if Instant::now() < give_up => continue,
            _ => return,
        }
    }
}

/// The notify watcher on the data folder.
struct FileWatch {
    dir: PathBuf,
    watcher: Option<RecommendedWatcher>,
    armed: bool,
    tx: mpsc::Sender<Trigger>,
}

impl FileWatch {
    fn new(dir: &Path, tx: mpsc::Sender<Trigger>) -> FileWatch {
        FileWatch { dir: dir.to_path_buf(), watcher: None, armed: false, tx }
    }

    /// (Re)starts watching the folder. Returns whether it is watched.
    fn arm(&mut self) -> bool {
        let tx = self.tx.clone();
        let dir = self.dir.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| match event {
            Ok(event) if relevant(&dir, &event) => {
                // A full channel means a reload is pending anyway.
                let _ = tx.try_send(Trigger::Files);
            }
            Ok(_) => {}
            Err(err) => warn!(error = %err, "file watcher error"),
        });
        let result = watcher.and_then(|mut w| w.watch(&self.dir, RecursiveMode::Recursive).map(|()| w));
        match result {
            Ok(w) => {
                if !self.armed {
                    info!(data_dir = %self.dir.display(), "watching the data folder for changes");
                }
                self.watcher = Some(w);
                self.armed = true;
            }
            Err(err) => {
                if self.armed || self.watcher.is_none() {
                    warn!(error = %err, data_dir = %self.dir.display(), "cannot watch the data folder; retrying");
                }
                self.watcher = None;
                self.armed = false;
            }
        }
        self.armed
    }
}

/// Whether an event can change the graph.
fn relevant(root: &Path, event: &notify::Event) -> bool {
    let kind_counts = match event.kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Modify(notify::event::ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other => false,
    };
    kind_counts
        && event.paths.iter().any(|p| {
            let rel = p.strip_prefix(root).unwrap_or(p);
            !rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
}

#[cfg(test)]
mod tests {
    use notify::event::{AccessKind, CreateKind, DataChange, MetadataKind, ModifyKind};

    use super::*;

    fn event(kind: EventKind, path: &str) -> notify::Event {
        notify::Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn only_changes_to_visible_files_count() {
        let root = Path::new("/data");
        assert!(relevant(root, &event(EventKind::Create(CreateKind::File), "/data/show/ep.md")));
        assert!(relevant(root, &event(EventKind::Modify(ModifyKind::Data(DataChange::Any)), "/data/show/ep.md")));
        assert!(relevant(root, &event(EventKind::Remove(notify::event::RemoveKind::Folder), "/data/show")));
        assert!(!relevant(root, &event(EventKind::Access(AccessKind::Read), "/data/show/ep.md")));
        assert!(!relevant(
            root,
            &event(EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)), "/data/a.md")
        ));
        assert!(!relevant(root, &event(EventKind::Create(CreateKind::File), "/data/.git/index")));
        assert!(!relevant(root, &event(EventKind::Create(CreateKind::File), "/data/show/.ep.md.swp")));
        let hidden_root = Path::new("/srv/.data");
        assert!(relevant(hidden_root, &event(EventKind::Create(CreateKind::File), "/srv/.data/show/ep.md")));
    }

    #[tokio::test(start_paused = true)]
    async fn settling_waits_for_quiet_but_not_forever() {
        let (tx, mut rx) = mpsc::channel(64);
        let debounce = Duration::from_millis(100);
        // A steady stream of events: settle gives up after ten debounce periods.
        let feeder = tokio::spawn(async move {
            for _ in 0..100 {
                let _ = tx.send(Trigger::Files).await;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        });
        let started = Instant::now();
        settle(&mut rx, debounce).await;
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(900) && waited <= Duration::from_millis(1100), "{waited:?}");
        feeder.abort();

        let (_tx, mut quiet) = mpsc::channel::<Trigger>(1);
        let started = Instant::now();
        settle(&mut quiet, debounce).await;
        assert_eq!(started.elapsed(), debounce);
    }
}
