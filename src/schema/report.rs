//! The load report as GraphQL types (`loadReport`).

use async_graphql::{Enum, Object, SimpleObject};

use crate::graph::MergeKind;
use crate::load::Snapshot;
use crate::model::Severity as ModelSeverity;

/// How serious a diagnostic is.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Recovered or guessed; the page loaded.
    Warning,
    /// The page, or part of it, could not be used.
    Error,
}

/// A problem found while loading, with its file and line.
#[derive(SimpleObject, Clone)]
pub struct Diagnostic {
    /// Path of the page, relative to the data folder.
    pub file: String,
    /// 1-based line in that page.
    pub line: i32,
    /// Warning or error.
    pub severity: Severity,
    /// What was wrong, and what was done about it.
    pub message: String,
}

/// A page that is not an episode.
#[derive(SimpleObject, Clone)]
pub struct SkippedPage {
    /// Path of the page, relative to the data folder.
    pub file: String,
    /// Why it is not an episode.
    pub reason: String,
}

/// Per-show figures of the load.
#[derive(SimpleObject, Clone)]
pub struct ShowLoadReport {
    /// The show's slug.
    pub show: String,
    /// Episodes loaded.
    pub episodes: i32,
    /// Episodes whose notes list nobody on the panel.
    pub episodes_without_panel: i32,
    /// Episodes without any pick.
    pub episodes_without_picks: i32,
    /// People listed on its episodes (one per person and episode).
    pub appearances: i32,
    /// Sponsors listed on its episodes (one per sponsor and episode).
    pub sponsorships: i32,
    /// Pick items.
    pub picks: i32,
    /// Picks nobody on the page is attributed to.
    pub unattributed_picks: i32,
}

/// An identity decision (several spellings made one node), for review.
#[derive(SimpleObject, Clone)]
pub struct IdentityMerge {
    /// `person` or `sponsor`.
    pub kind: String,
    /// Final name of the node.
    pub into: String,
    /// Spellings folded into it.
    pub names: Vec<String>,
    /// The evidence for the merge.
    pub reason: String,
}

/// A short name that did not resolve to one full name.
#[derive(SimpleObject, Clone)]
pub struct AmbiguousName {
    /// The short name as written.
    pub name: String,
    /// Path of the page, relative to the data folder.
    pub file: String,
    /// 1-based line in that page.
    pub line: i32,
    /// Full names it could stand for.
    pub candidates: Vec<String>,
}

/// Counts before and after identity resolution.
#[derive(SimpleObject, Clone)]
pub struct IdentityCounts {
    /// Distinct person spellings before resolution.
    pub person_names_before: i32,
    /// People after resolution.
    pub people_after: i32,
    /// Distinct sponsor spellings before resolution.
    pub sponsor_names_before: i32,
    /// Sponsors after resolution.
    pub sponsors_after: i32,
    /// Distinct URLs as written.
    pub urls_before: i32,
    /// Links after canonicalisation.
    pub links_after: i32,
}

/// What the last successful load read, skipped, merged and warned about.
pub struct LoadReport<'a>(pub &'a Snapshot);

/// What the last successful load read, skipped, merged and warned about.
#[Object]
impl LoadReport<'_> {
    /// The data folder loaded.
    async fn data_dir(&self) -> &str {
        &self.0.report.data_dir
    }
    /// Markdown files found.
    async fn pages_read(&self) -> i32 {
        self.0.report.pages_read as i32
    }
    /// Episodes in the graph.
    async fn episodes_loaded(&self) -> i32 {
        self.0.report.episodes_loaded as i32
    }
    /// Pages recognised as something other than an episode.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn skipped(&self) -> Vec<SkippedPage> {
        self.0.report.skipped.iter().map(|s| SkippedPage { file: s.file.clone(), reason: s.reason.clone() }).collect()
    }
    /// Pages that could not be loaded (see `diagnostics` for why).
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn failed(&self) -> &[String] {
        &self.0.report.failed
    }
    /// Number of warnings.
    async fn warning_count(&self) -> i32 {
        self.0.report.warnings() as i32
    }
    /// Number of errors.
    async fn error_count(&self) -> i32 {
        self.0.report.errors() as i32
    }
    /// Warnings and errors with file and line, optionally for one file or severity.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn diagnostics(
        &self,
        #[graphql(desc = "Only this page (path relative to the data folder).")] file: Option<String>,
        #[graphql(desc = "Only this severity.")] severity: Option<Severity>,
        #[graphql(default = 100, desc = "At most this many.")] limit: i32,
    ) -> Vec<Diagnostic> {
        self.0
            .report
            .diagnostics
            .iter()
            .filter(|d| file.as_deref().is_none_or(|f| d.file == f))
            .filter(|d| {
                severity.is_none_or(|s| {
                    matches!(
                        (s, d.severity),
                        (Severity::Warning, ModelSeverity::Warning) | (Severity::Error, ModelSeverity::Error)
                    )
                })
            })
            .take(limit.max(0) as usize)
            .map(|d| Diagnostic {
                file: d.file.clone(),
                line: d.line as i32,
                severity: match d.severity {
                    ModelSeverity::Warning => Severity::Warning,
                    ModelSeverity::Error => Severity::Error,
                },
                message: d.message.clone(),
            })
            .collect()
    }
    /// Per-show figures.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn shows(&self) -> Vec<ShowLoadReport> {
        self.0
            .report
            .shows
            .iter()
            .map(|s| ShowLoadReport {
                show: s.show.clone(),
                episodes: s.episodes as i32,
                episodes_without_panel: s.episodes_without_panel as i32,
                episodes_without_picks: s.episodes_without_picks as i32,
                appearances: s.appearances as i32,
                sponsorships: s.sponsorships as i32,
                picks: s.picks as i32,
                unattributed_picks: s.unattributed_picks as i32,
            })
            .collect()
    }
    /// Episodes whose notes list nobody on the panel.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn pages_without_panel(&self) -> &[String] {
        &self.0.report.pages_without_panel
    }
    /// Picks nobody is attributed to.
    async fn unattributed_picks(&self) -> i32 {
        self.0.report.unattributed_picks as i32
    }
    /// People, sponsors and links before and after identity resolution.
    async fn identity(&self) -> IdentityCounts {
        let i = &self.0.report.identity;
        IdentityCounts {
            person_names_before: i.person_names_before as i32,
            people_after: i.people_after as i32,
            sponsor_names_before: i.sponsor_names_before as i32,
            sponsors_after: i.sponsors_after as i32,
            urls_before: i.urls_before as i32,
            links_after: i.links_after as i32,
        }
    }
    /// Identity merges performed, largest first.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn merges(&self, #[graphql(default = 100, desc = "At most this many.")] limit: i32) -> Vec<IdentityMerge> {
        let mut merges: Vec<_> = self.0.graph.merges().iter().collect();
        merges.sort_by(|a, b| b.names.len().cmp(&a.names.len()).then(a.into.cmp(&b.into)));
        merges
            .into_iter()
            .take(limit.max(0) as usize)
            .map(|m| IdentityMerge {
                kind: match m.kind {
                    MergeKind::Person => "person".into(),
                    MergeKind::Sponsor => "sponsor".into(),
                },
                into: m.into.clone(),
                names: m.names.clone(),
                reason: m.reason.clone(),
            })
            .collect()
    }
    /// Short names that did not resolve to a single full name.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn ambiguous_names(
        &self,
        #[graphql(default = 100, desc = "At most this many.")] limit: i32,
    ) -> Vec<AmbiguousName> {
        self.0
            .graph
            .ambiguous_names()
            .iter()
            .take(limit.max(0) as usize)
            .map(|a| AmbiguousName {
                name: a.name.clone(),
                file: a.source.file.to_string(),
                line: a.source.line as i32,
                candidates: a.candidates.clone(),
            })
            .collect()
    }
    /// Wall time of the load in milliseconds.
    async fn load_millis(&self) -> f64 {
        self.0.report.timings.total.as_secs_f64() * 1000.0
    }
}
