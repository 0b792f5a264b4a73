//! Plain data that flows from `parse` into `graph`: one [`Page`] per Markdown file.
//!
//! Nothing here knows about petgraph, GraphQL or the filesystem. Names and URLs are kept
//! exactly as the page wrote them (after Markdown/HTML clean-up); identity resolution across
//! pages and URL canonicalisation happen later, in `graph`.

use chrono::NaiveDate;
use serde::Serialize;
use std::sync::Arc;

/// Where a fact came from: the page (path relative to the data folder) and the 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SourceRef {
    /// Shared by every mention on the page (tens of thousands of mentions, a few thousand pages).
    pub file: std::sync::Arc<str>,
    pub line: u32,
}

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was recovered or guessed; the page still loaded.
    Warning,
    /// The page (or a part of it) could not be used.
    Error,
}

/// A problem found while loading, always tied to a file and a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: u32,
    pub severity: Severity,
    pub message: String,
}

/// The role a person had on an episode, as the show notes give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
pub enum Role {
    /// Listed as host (hosts are panelists too).
    Host,
    /// Listed under Panel / Panelists.
    Panelist,
    /// Guest or special guest, from the notes or the title.
    Guest,
}

impl Role {
    /// Hosts and panelists both sit on the panel.
    pub fn is_panel(self) -> bool {
        matches!(self, Role::Host | Role::Panelist)
    }
}

/// A person named on a page in a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonMention {
    /// Display name, cleaned of Markdown, links and @handles ("Charles Max Wood").
    pub name: String,
    pub role: Role,
    /// Profile links given next to the name (Twitter, GitHub, homepage...), as written.
    pub links: Vec<String>,
    pub line: u32,
}

/// A sponsor item of the notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SponsorMention {
    /// Brand name ("Sentry"), without tagline or promo text.
    pub name: String,
    /// First link of the item, as written.
    pub url: Option<String>,
    pub line: u32,
}

/// One recommended item of the Picks section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PickMention {
    /// Who picked it: a full name when the page resolves it, else the name as written;
    /// `None` when nothing on the page attributes the item. Shared by the page's picks of
    /// one picker (a page has a few pickers and several picks each).
    pub picker: Option<Arc<str>>,
    /// The picker's name exactly as the page wrote it ("Chuck" in a `(Chuck)` tag), when
    /// the page names one; `None` when the attribution is implicit. The same allocation as
    /// `picker` when the page wrote the full name.
    pub picker_as_written: Option<Arc<str>>,
    pub title: String,
    /// First link of the item, as written.
    pub url: Option<String>,
    /// Further links of the same item.
    pub also_urls: Vec<String>,
    pub line: u32,
}

/// An episode's Links / Resources section: every title and URL in one string, with where
/// each ends, and each item's page line. Made once per page at its exact size: at a million
/// episodes with seven items each, a string per title and per URL cost ~350 MB more, and
/// fourteen million allocations the parse made and the graph build freed again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EpisodeLinks {
    text: Box<str>,
    /// End of each item's title and of its URL in `text` (each starts where the last ended).
    ends: Box<[(u32, u32)]>,
    /// Page line of each item; empty once [`EpisodeLinks::without_lines`] dropped them.
    lines: Box<[u32]>,
}

impl EpisodeLinks {
    /// The items (title, URL, page line) in page order.
    pub fn new(items: &[(&str, &str, u32)]) -> EpisodeLinks {
        let mut text = String::with_capacity(items.iter().map(|(title, url, _)| title.len() + url.len()).sum());
        let mut ends = Vec::with_capacity(items.len());
        for (title, url, _) in items {
            text.push_str(title);
            let title_end = text.len() as u32;
            text.push_str(url);
            ends.push((title_end, text.len() as u32));
        }
        EpisodeLinks {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
            lines: items.iter().map(|&(_, _, line)| line).collect(),
        }
    }

    /// The items, (title, url), in page order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        (0..self.ends.len()).map(|i| {
            let start = if i == 0 { 0 } else { self.ends[i - 1].1 as usize };
            let (title_end, url_end) = (self.ends[i].0 as usize, self.ends[i].1 as usize);
            (&self.text[start..title_end], &self.text[title_end..url_end])
        })
    }

    /// Each item's page line, in page order (none after [`EpisodeLinks::without_lines`]).
    pub fn lines(&self) -> &[u32] {
        &self.lines
    }

    /// The same items without their page lines, which the graph does not serve.
    pub fn without_lines(self) -> EpisodeLinks {
        EpisodeLinks { lines: Box::default(), ..self }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// As a list of `{title, url, line}`, the shape a list of link structs would have.
impl Serialize for EpisodeLinks {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Item<'a> {
            title: &'a str,
            url: &'a str,
            line: Option<u32>,
        }
        serializer.collect_seq(self.iter().enumerate().map(|(i, (title, url))| Item {
            title,
            url,
            line: self.lines.get(i).copied(),
        }))
    }
}

/// An episode page, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Episode {
    /// Front matter `podcast`, or the folder name when it is missing or empty.
    pub podcast: String,
    /// The folder the page sits in (may differ from `podcast`).
    pub folder: String,
    /// File name without `.md`.
    pub slug: String,
    /// Path relative to the data folder, with `/` separators.
    pub file: String,
    pub title: String,
    pub number: Option<u32>,
    pub date: Option<NaiveDate>,
    pub duration_seconds: Option<u32>,
    pub audio_url: Option<String>,
    pub tags: Vec<String>,
    /// First paragraph of the summary, when the notes have one.
    pub summary: Option<String>,
    pub people: Vec<PersonMention>,
    pub sponsors: Vec<SponsorMention>,
    pub picks: Vec<PickMention>,
    pub links: EpisodeLinks,
}

/// Moves `list` into an allocation of its own size. A loader holds every parsed page until
/// the graph is built; lists grown by pushing carry up to half their size unused (a fifth of
/// a generated page's kept bytes), all of it fresh memory at a million pages. `shrink_to_fit`
/// would not do: the allocator keeps a block shrunk in place by less than half.
pub fn fit<T>(list: &mut Vec<T>) {
    if list.len() == list.capacity() {
        return;
    }
    let mut exact = Vec::with_capacity(list.len());
    exact.append(list);
    *list = exact;
}

impl Episode {
    /// Drops the spare capacity of every list (see [`fit`]).
    pub fn shrink_to_fit(&mut self) {
        self.tags.shrink_to_fit();
        fit(&mut self.people);
        for p in &mut self.people {
            p.links.shrink_to_fit();
        }
        fit(&mut self.sponsors);
        fit(&mut self.picks);
        for p in &mut self.picks {
            // The graph keeps these as boxed strings: an exact fit now (on the parsing
            // threads) makes that conversion free during the build.
            p.title.shrink_to_fit();
            if let Some(url) = &mut p.url {
                url.shrink_to_fit();
            }
            p.also_urls.shrink_to_fit();
        }
    }
}

/// Why a page was not loaded as an episode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PageOutcome {
    Episode(Box<Episode>),
    /// Recognised as something other than an episode (blog post, meetup, conference...).
    Skipped {
        reason: String,
    },
    /// Could not be read as a page at all; the diagnostics say where.
    Failed,
}

/// The result of parsing one file: never an `Err`, the problems are in `diagnostics`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page {
    pub file: String,
    pub outcome: PageOutcome,
    pub diagnostics: Vec<Diagnostic>,
}

/// A show as described by the site's `_data/podcasts/<slug>.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ShowInfo {
    pub slug: String,
    pub title: String,
}

/// A regular host as described by the site's `_data/hosts/<slug>.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HostInfo {
    pub name: String,
    /// Profile links (twitter, github, website...).
    pub links: Vec<String>,
    /// Show slugs this host is listed on (may be empty).
    pub podcasts: Vec<String>,
}

/// Site-wide metadata from `_data/`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SiteData {
    pub shows: Vec<ShowInfo>,
    pub hosts: Vec<HostInfo>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_the_elements_in_an_allocation_of_their_size() {
        let mut list: Vec<String> = Vec::with_capacity(10);
        list.extend(["a", "b", "c"].map(String::from));
        fit(&mut list);
        assert_eq!(list, ["a", "b", "c"]);
        assert_eq!(list.capacity(), 3);
        let mut empty: Vec<u8> = Vec::with_capacity(4);
        fit(&mut empty);
        assert_eq!(empty.capacity(), 0);
    }

    #[test]
    fn episode_links_come_back_as_given_in_order_with_their_lines_until_dropped() {
        let items = [
            ("Rust Book", "https://doc.rust-lang.org/book/", 12),
            ("", "https://example.org/", 13),
            ("Café ☕", "", 15),
            ("Last", "https://last.example/", 16),
        ];
        let links = EpisodeLinks::new(&items);
        assert_eq!(links.len(), 4);
        assert_eq!(links.iter().collect::<Vec<_>>(), items.map(|(title, url, _)| (title, url)));
        assert_eq!(links.lines(), [12, 13, 15, 16]);
        let json = serde_json::to_value(&links).expect("serialisable");
        assert_eq!(json[2], serde_json::json!({"title": "Café ☕", "url": "", "line": 15}));
        let served = links.clone().without_lines();
        assert_eq!(served.iter().collect::<Vec<_>>(), links.iter().collect::<Vec<_>>());
        assert!(served.lines().is_empty());
        assert!(EpisodeLinks::new(&[]).is_empty());
        assert_eq!(EpisodeLinks::default().iter().count(), 0);
    }
}
