//! The loading pipeline, files → parse → model → graph, and its [`LoadReport`].
//!
//! Pages are read and parsed in parallel (rayon); the graph is built once from the results,
//! in path order, so a load is deterministic. A bad page never stops a load: it becomes a
//! diagnostic with its file and line. Only an unusable data folder is an `Err`.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::corpus::{self, CorpusError};
use crate::graph::{BuildStats, PodGraph};
use crate::model::{self, Diagnostic, Page, PageOutcome, Severity};
use crate::parse::{self, PageContext};

/// A page that is not an episode, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedPage {
    pub file: String,
    pub reason: String,
}

/// Per-show figures of a load.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ShowReport {
    pub show: String,
    pub episodes: usize,
    pub episodes_without_panel: usize,
    pub episodes_without_picks: usize,
    pub appearances: usize,
    pub sponsorships: usize,
    pub picks: usize,
    pub unattributed_picks: usize,
}

/// Everything a load did, for `podgraph check`, the logs and the `loadReport` query.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LoadReport {
    pub data_dir: String,
    /// Markdown files found.
    pub pages_read: usize,
    pub episodes_loaded: usize,
    pub skipped: Vec<SkippedPage>,
    /// Pages that could not be loaded at all (their errors are in `diagnostics`).
    pub failed: Vec<String>,
    /// Warnings and errors, each with file and line, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    pub shows: Vec<ShowReport>,
    /// Episodes whose notes list nobody on the panel.
    pub pages_without_panel: Vec<String>,
    pub people: usize,
    pub sponsors: usize,
    pub links: usize,
    pub picks: usize,
    pub unattributed_picks: usize,
    pub appearances: usize,
    pub identity: IdentityReport,
    #[serde(skip)]
    pub timings: Timings,
    /// Peak resident memory of the process after the load, when the OS tells.
    pub peak_rss_bytes: Option<u64>,
}

/// Identity figures: counts before/after resolution and the number of decisions.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IdentityReport {
    pub person_names_before: usize,
    pub people_after: usize,
    pub sponsor_names_before: usize,
    pub sponsors_after: usize,
    pub urls_before: usize,
    pub links_after: usize,
    pub person_merges: usize,
    pub sponsor_merges: usize,
    pub ambiguous_names: usize,
}

impl From<&BuildStats> for IdentityReport {
    fn from(s: &BuildStats) -> Self {
        IdentityReport {
            person_names_before: s.person_names_before,
            people_after: s.people_after,
            sponsor_names_before: s.sponsor_names_before,
            sponsors_after: s.sponsors_after,
            urls_before: s.urls_before,
            links_after: s.links_after,
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub scan: Duration,
    pub parse: Duration,
    pub build: Duration,
    pub total: Duration,
}

impl LoadReport {
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count()
    }
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }
}

/// A loaded graph with its report: what the server serves. Immutable; a reload makes a new one.
#[derive(Debug)]
pub struct Snapshot {
    pub graph: PodGraph,
    pub report: LoadReport,
    /// Increases by one with every successful load of the process.
    pub version: u64,
    pub loaded_at: chrono::DateTime<chrono::Utc>,
}

/// Loads a data folder into a graph.
pub fn load(dir: &Path) -> Result<(PodGraph, LoadReport), CorpusError> {
    let started = Instant::now();
    let corpus = corpus::scan(dir)?;
    let scanned = Instant::now();

    let show_titles: BTreeMap<&str, &str> =
        corpus.site.shows.iter().map(|s| (s.slug.as_str(), s.title.as_str())).collect();
    // Each worker reads into one buffer it reuses; the text is parsed in place and dropped
    // with the buffer's contents (transcripts are never copied). A worker takes the pages a
    // batch at a time and opens the whole batch first, with a read-ahead hint, so that pages
    // missing from the page cache arrive while it parses the ones before them.
    // One list per batch (rayon then sizes the result once: at scale, flattening here
    // copied the pages through lists grown by doubling).
    let batches: Vec<Vec<Page>> = corpus
        .pages
        .par_chunks(READ_AHEAD_BATCH)
        .map_init(
            || Vec::with_capacity(256 * 1024),
            |buf, batch| {
                let opened: Vec<_> = batch.iter().map(corpus::open_page).collect();
                batch
                    .iter()
                    .zip(opened)
                    .map(|(file, opened)| {
                        let read = opened.and_then(|opened| corpus::read_opened_into(opened, buf));
                        parse_read_page(file, read, &corpus, &show_titles)
                    })
                    .collect::<Vec<Page>>()
            },
        )
        .collect();
    let parsed = Instant::now();

    let mut report =
        LoadReport { data_dir: dir.display().to_string(), pages_read: corpus.pages.len(), ..Default::default() };
    let diagnostics: usize = batches.iter().flatten().map(|page| page.diagnostics.len()).sum();
    report.diagnostics.reserve_exact(corpus.unreadable.len() + diagnostics);
    for (path, message) in &corpus.unreadable {
        report.diagnostics.push(Diagnostic {
            file: path.clone(),
            line: 1,
            severity: Severity::Warning,
            message: message.clone(),
        });
    }
    // Episodes stay in their boxes in this one pass over the pages; they are moved out on
    // both cores, straight to their place (a million episodes of ~300 bytes).
    let mut boxed: Vec<Box<model::Episode>> = Vec::with_capacity(corpus.pages.len());
    for page in batches.into_iter().flatten() {
        let Page { file, outcome, mut diagnostics } = page;
        report.diagnostics.append(&mut diagnostics);
        match outcome {
            PageOutcome::Episode(ep) => boxed.push(ep),
            PageOutcome::Skipped { reason } => report.skipped.push(SkippedPage { file, reason }),
            PageOutcome::Failed => report.failed.push(file),
        }
    }
    let mut episodes: Vec<model::Episode> = Vec::new();
    boxed.into_par_iter().map(|ep| *ep).collect_into_vec(&mut episodes);
    let (graph, build_diagnostics) = PodGraph::build(episodes, &corpus.site);
    for d in &build_diagnostics {
        if d.severity == Severity::Error {
            report.failed.push(d.file.clone());
        }
    }
    report.diagnostics.extend(build_diagnostics);
    report.diagnostics.sort_by(|a, b| a.file.cmp(&b.file).then(a.line.cmp(&b.line)));
    let built = Instant::now();

    fill_counts(&graph, &mut report);
    report.timings =
        Timings { scan: scanned - started, parse: parsed - scanned, build: built - parsed, total: built - started };
    report.peak_rss_bytes = crate::memory::peak_resident_bytes();
    Ok((graph, report))
}

/// Pages a loader worker opens (and hints to the OS to read) before parsing the first of
/// them: enough to keep the disk busy while a core parses, few enough descriptors per worker.
const READ_AHEAD_BATCH: usize = 32;

/// One page's outcome from its read text, or a failed page naming the read error.
fn parse_read_page(
    file: &corpus::PageFile,
    read: std::io::Result<(std::borrow::Cow<'_, str>, Option<u32>)>,
    corpus: &corpus::Corpus,
    show_titles: &BTreeMap<&str, &str>,
) -> Page {
    let (text, bad_utf8_line) = match read {
        Ok(read) => read,
        Err(err) => {
            return Page {
                file: file.rel.clone(),
                outcome: PageOutcome::Failed,
                diagnostics: vec![Diagnostic {
                    file: file.rel.clone(),
                    line: 1,
                    severity: Severity::Error,
                    message: format!("cannot read file: {err}"),
                }],
            };
        }
    };
    let (folder, _) = parse::folder_and_slug(&file.rel);
    let defaults = corpus.folders.get(folder);
    let podcast_guess = podcast_hint(&text).unwrap_or(folder);
    let ctx = PageContext {
        file: &file.rel,
        folder_layout: defaults.and_then(|d| d.layout.as_deref()),
        folder_is_blog: defaults.is_some_and(|d| d.blog),
        show_title: show_titles.get(podcast_guess).copied(),
    };
    let mut page = parse::parse_page(&text, &ctx);
    if let PageOutcome::Episode(ep) = &mut page.outcome {
        ep.shrink_to_fit();
    }
    if let Some(line) = bad_utf8_line {
        page.diagnostics.push(Diagnostic {
            file: file.rel.clone(),
            line,
            severity: Severity::Warning,
            message: "invalid UTF-8; bad bytes replaced with U+FFFD".into(),
        });
    }
    model::fit(&mut page.diagnostics);
    page
}

/// The `podcast:` value of a page, read cheaply before parsing, so the parser can be told
/// the show's title (used to find an episode number in titles like "The Show 119 - ...").
fn podcast_hint(text: &str) -> Option<&str> {
    let end = (0..=text.len().min(2048)).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let head = &text[..end];
    head.lines()
        .find_map(|l| l.strip_prefix("podcast:"))
        .map(|v| v.trim().trim_matches(|c| c == '\'' || c == '"'))
        .filter(|v| !v.is_empty())
}

fn fill_counts(graph: &PodGraph, report: &mut LoadReport) {
    report.episodes_loaded = graph.episodes().len();
    report.people = graph.people().len();
    report.sponsors = graph.sponsors().len();
    report.links = graph.links().len();
    report.picks = graph.picks().len();
    report.appearances = graph.appearances().len();
    report.unattributed_picks = graph.picks().iter().filter(|p| p.picker.is_none()).count();
    let mut identity = IdentityReport::from(graph.stats());
    identity.person_merges = graph.merges().iter().filter(|m| m.kind == crate::graph::MergeKind::Person).count();
    identity.sponsor_merges = graph.merges().iter().filter(|m| m.kind == crate::graph::MergeKind::Sponsor).count();
    identity.ambiguous_names = graph.ambiguous_names().len();
    report.identity = identity;
    for show in graph.shows() {
        let mut r = ShowReport { show: show.slug.clone(), episodes: show.episodes.len(), ..Default::default() };
        for &e in &show.episodes {
            let ep = graph.episode(e);
            let panel = ep.appearances.iter().filter(|a| graph.appearance(**a).role.is_panel()).count();
            if panel == 0 {
                r.episodes_without_panel += 1;
                report.pages_without_panel.push(ep.file.clone());
            }
            if ep.picks.is_empty() {
                r.episodes_without_picks += 1;
            }
            r.appearances += ep.appearances.len();
            r.sponsorships += ep.sponsorships.len();
            r.picks += ep.picks.len();
            r.unattributed_picks += ep.picks.iter().filter(|p| graph.pick(**p).picker.is_none()).count();
        }
        report.shows.push(r);
    }
    report.pages_without_panel.sort();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, body: &str) -> String {
        format!("---\ntitle: {title}\ndate: 2020-01-02\npodcast: show\n---\n{body}\n")
    }

    /// More pages than one read-ahead batch, a page larger than the reusable buffer, a page
    /// with a bad byte and a page that cannot be opened: each is loaded or reported.
    #[test]
    fn pages_read_in_batches_are_each_loaded_or_reported_with_their_line() {
        let dir = std::env::temp_dir().join(format!("podgraph-load-batches-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let show = dir.join("show");
        std::fs::create_dir_all(&show).unwrap();
        for i in 0..(READ_AHEAD_BATCH + 8) {
            std::fs::write(show.join(format!("p{i:03}.md")), page(&format!("Episode {i}"), "Notes.")).unwrap();
        }
        let transcript = "Speaker: words words words\n".repeat(20_000);
        // Its bad byte sits far past the buffer's first size: found only if all of it is read.
        let mut big = page("Big", &transcript).into_bytes();
        let big_bad_line = 1 + big.iter().filter(|&&b| b == b'\n').count() as u32;
        big.extend_from_slice(b"\xFF\n");
        std::fs::write(show.join("big.md"), big).unwrap();
        let mut bad = page("Bad Byte", "Fine line").into_bytes();
        bad.extend_from_slice(b"Caf\xE9 on line 7\n");
        std::fs::write(show.join("bad.md"), bad).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.join("nowhere.md"), show.join("gone.md")).unwrap();

        let (graph, report) = load(&dir).unwrap();
        let _ = std::fs::remove_dir_all(&dir);

        let titles: Vec<&str> = graph.episodes().iter().map(|e| e.title.as_str()).collect();
        assert!(titles.contains(&"Big") && titles.contains(&"Bad Byte"), "{titles:?}");
        assert_eq!(titles.iter().filter(|t| t.starts_with("Episode ")).count(), READ_AHEAD_BATCH + 8);
        let bad_byte = report.diagnostics.iter().find(|d| d.file == "show/bad.md").expect("bad byte reported");
        assert_eq!((bad_byte.line, bad_byte.severity), (7, Severity::Warning), "{bad_byte:?}");
        assert!(bad_byte.message.contains("invalid UTF-8"), "{bad_byte:?}");
        let big = report.diagnostics.iter().find(|d| d.file == "show/big.md").expect("big page's bad byte reported");
        assert_eq!(big.line, big_bad_line, "{big:?}");
        if cfg!(unix) {
            assert_eq!(report.pages_read, READ_AHEAD_BATCH + 11);
            assert_eq!(report.failed, ["show/gone.md"]);
            let gone = report.diagnostics.iter().find(|d| d.file == "show/gone.md").expect("unreadable page reported");
            assert!(gone.message.starts_with("cannot read file"), "{gone:?}");
        }
    }
}
