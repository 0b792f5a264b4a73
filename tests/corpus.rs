//! The whole real corpus loads: no panic, the expected volume, every skip explained.

use crate::corpus_dir;

#[test]
fn full_corpus_loads_with_a_checked_report() {
    let dir = corpus_dir();
    assert!(dir.is_dir(), "the corpus is expected at {} (set PODGRAPH_CORPUS)", dir.display());
    let (graph, report) = podgraph::load::load(&dir).expect("corpus loads");
    assert!(report.pages_read >= 3000, "pages read: {}", report.pages_read);
    assert!(report.episodes_loaded > 2900, "episodes: {}", report.episodes_loaded);
    assert_eq!(report.episodes_loaded, graph.episodes().len());
    assert_eq!(
        report.pages_read,
        report.episodes_loaded + report.skipped.len() + report.failed.len(),
        "every page is an episode, skipped or failed"
    );
    for s in &report.skipped {
        assert!(s.reason.starts_with("not an episode"), "{}: {}", s.file, s.reason);
    }
    // Non-episode folders are all recognised.
    for folder in ["blog/", "meetups/", "conferences/", "events/"] {
        assert!(graph.episodes().iter().all(|e| !e.file.starts_with(folder)), "{folder} pages must be skipped");
    }
    for d in &report.diagnostics {
        assert!(d.line >= 1 && !d.file.is_empty() && !d.message.is_empty(), "{d:?}");
    }
    assert!(report.shows.len() >= 20, "shows: {}", report.shows.len());
    assert!(graph.episodes().iter().filter(|e| e.date.is_some()).count() > 3000);
}
