//! The show notes under the front matter: people, sponsors, links and picks.
//!
//! (Interface only for now: the section parser lands in its own commit.)

use crate::model::{LinkMention, PersonMention, PickMention, Severity, SponsorMention};

/// Everything the notes of one page say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    pub people: Vec<PersonMention>,
    pub sponsors: Vec<SponsorMention>,
    pub picks: Vec<PickMention>,
    pub links: Vec<LinkMention>,
    pub summary: Option<String>,
    /// (page line, severity, message)
    pub diagnostics: Vec<(u32, Severity, String)>,
}

/// Extracts the notes from the page body (everything after the front matter).
/// `body_line` is the page line where `body` starts; `title` is the cleaned episode title.
pub fn extract(_body: &str, _body_line: u32, _title: &str) -> Notes {
    Notes::default()
}
