//! The knowledge graph: a petgraph store of shows, episodes, people, sponsors and links with
//! typed edges, plus the lookup indexes and precomputed adjacency that queries use.
//!
//! Immutable once built ([`PodGraph::build`]); share it as `Arc<PodGraph>`. Ids handed out
//! here are dense indexes into this graph's arenas: stable for one build only. Stable,
//! human-readable keys (slugs) are what cross the API.

pub mod aggregate;
mod build;
pub mod filter;
pub mod identity;
pub mod network;
pub mod order;
pub mod query;
pub mod search;
pub mod trend;

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;
use petgraph::graph::{DiGraph, NodeIndex};

pub use crate::model::EpisodeLinks;
use crate::model::{Role, SourceRef};

pub use build::BuildStats;

macro_rules! id_type {
    ($($name:ident),*) => {$(
        /// Dense index into the graph's arena of this kind.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize { self.0 as usize }
        }
    )*};
}
id_type!(ShowId, EpisodeId, PersonId, SponsorId, LinkId, PickId, AppearanceId, SponsorshipId);

/// What a petgraph node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Show(ShowId),
    Episode(EpisodeId),
    Person(PersonId),
    Sponsor(SponsorId),
    Link(LinkId),
}

/// Typed edges of the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// Episode → Show.
    OfShow,
    /// Person → Episode, as panelist/host or guest.
    Appeared(AppearanceId),
    /// Episode → Sponsor.
    SponsoredBy(SponsorshipId),
    /// Sponsor → Link (the sponsor's canonical URL).
    SponsorUrl,
    /// Person → Link (or Episode → Link when nobody is attributed), one per pick.
    Picked(PickId),
}

#[derive(Debug, Clone)]
pub struct Show {
    pub id: ShowId,
    pub slug: String,
    pub title: String,
    /// Episodes, oldest first (undated last).
    pub episodes: Vec<EpisodeId>,
    /// Regular panel: people listed on the show's panel often, or named as its hosts.
    pub hosts: Vec<PersonId>,
    pub node: NodeIndex,
}

#[derive(Debug, Clone)]
pub struct Episode {
    pub id: EpisodeId,
    pub show: ShowId,
    /// Front matter `podcast` (or folder).
    pub podcast: String,
    pub slug: String,
    pub file: String,
    pub title: String,
    pub number: Option<u32>,
    pub date: Option<NaiveDate>,
    pub duration_seconds: Option<u32>,
    pub audio_url: Option<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub appearances: Vec<AppearanceId>,
    pub sponsorships: Vec<SponsorshipId>,
    pub picks: Vec<PickId>,
    /// Links section items: (title, url).
    pub links: EpisodeLinks,
    pub node: NodeIndex,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: PersonId,
    pub slug: String,
    pub name: String,
    /// Other spellings seen on pages (full names and resolved short names).
    pub aliases: Vec<String>,
    /// Profile links (Twitter, GitHub, homepage...), original strings, deduplicated.
    pub links: Vec<String>,
    /// Oldest first.
    pub appearances: Vec<AppearanceId>,
    /// Oldest first.
    pub picks: Vec<PickId>,
    pub node: NodeIndex,
}

#[derive(Debug, Clone)]
pub struct Appearance {
    pub id: AppearanceId,
    pub person: PersonId,
    pub episode: EpisodeId,
    pub role: Role,
    /// The name as the page wrote it (shared by every page that writes it the same way).
    pub name_as_written: Arc<str>,
    /// Line in its episode's page (the page is the episode's `file`).
    pub line: u32,
}

#[derive(Debug, Clone)]
pub struct Sponsor {
    pub id: SponsorId,
    pub slug: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Most common URL of the sponsor items, as written.
    pub url: Option<String>,
    pub link: Option<LinkId>,
    /// Oldest first.
    pub sponsorships: Vec<SponsorshipId>,
    pub node: NodeIndex,
}

#[derive(Debug, Clone)]
pub struct Sponsorship {
    pub id: SponsorshipId,
    pub sponsor: SponsorId,
    pub episode: EpisodeId,
    pub name_as_written: Arc<str>,
    pub url: Option<Arc<str>>,
    /// Line in its episode's page (the page is the episode's `file`).
    pub line: u32,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub id: LinkId,
    /// Identity of the link (see `normalize::canonical_url`).
    pub canonical_url: Box<str>,
    /// The first original spelling met, when it differs from the canonical form
    /// (see [`Link::url`]): most URLs are written canonically, and a copy each would cost
    /// ~50 bytes per link.
    pub written_url: Option<Box<str>>,
    /// Shared by every link of the domain.
    pub domain: Arc<str>,
    /// Which of its picks or sponsors gives the title (see [`PodGraph::link_title`]).
    pub title: LinkTitle,
    /// Oldest first.
    pub picks: Vec<PickId>,
    pub node: NodeIndex,
}

impl Link {
    /// The first original spelling met.
    pub fn url(&self) -> &str {
        self.written_url.as_deref().unwrap_or(&self.canonical_url)
    }
}

#[derive(Debug, Clone)]
pub struct Pick {
    pub id: PickId,
    pub episode: EpisodeId,
    pub picker: Option<PersonId>,
    pub picker_as_written: Option<Arc<str>>,
    pub title: Box<str>,
    /// What few picks have, boxed apart (`None` for nearly all): the two fields on every
    /// pick took 32 bytes where this takes 8, ~150 MB at a million episodes.
    pub extra: Option<Box<PickExtra>>,
    pub link: Option<LinkId>,
    /// Line in its episode's page (the page is the episode's `file`).
    pub line: u32,
}

/// The rarer parts of a [`Pick`].
#[derive(Debug, Clone, Default)]
pub struct PickExtra {
    /// The URL as written, when it differs from its link's (see [`PodGraph::pick_url`]):
    /// nearly every pick writes its link's URL, and a copy each would cost ~50 bytes per pick.
    pub written_url: Option<Box<str>>,
    pub also_urls: Box<[String]>,
}

impl Pick {
    /// The URL as written when it differs from its link's (see [`PodGraph::pick_url`]).
    pub fn written_url(&self) -> Option<&str> {
        self.extra.as_ref().and_then(|e| e.written_url.as_deref())
    }

    /// Further links of the same item.
    pub fn also_urls(&self) -> &[String] {
        self.extra.as_ref().map_or(&[], |e| &e.also_urls)
    }
}

/// Where a link's title comes from. The title is the one its picks and sponsors give most
/// often, so it is kept as a reference to one of them instead of as a copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkTitle {
    Pick(PickId),
    Sponsor(SponsorId),
    /// No pick or sponsor gives a title: the link's URL is its title.
    Url,
}

/// One identity decision, reported for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    pub kind: MergeKind,
    /// The node's final name.
    pub into: String,
    /// The spellings folded into it.
    pub names: Vec<String>,
    /// Why (shared link, middle name, spelling, short name resolved by ...).
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeKind {
    Person,
    Sponsor,
}

/// A short name that could not be resolved to one full name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmbiguousName {
    pub name: String,
    pub source: SourceRef,
    /// Full names it could stand for (empty when none).
    pub candidates: Vec<String>,
}

/// Search indexes, one per kind of entity (texts: names and aliases, titles).
#[derive(Debug, Default)]
pub(crate) struct SearchIndexes {
    pub people: search::SearchIndex,
    pub episodes: search::SearchIndex,
    pub sponsors: search::SearchIndex,
    pub shows: search::SearchIndex,
    pub picks: search::SearchIndex,
    pub links: search::SearchIndex,
}

/// Canonical URL → link. Holds ids only and compares against the links' own URLs: a map
/// keyed by a copy of every URL held about a twentieth of a large graph.
#[derive(Debug, Default)]
pub(crate) struct UrlIndex(hashbrown::HashTable<LinkId>);

impl UrlIndex {
    fn hash(url: &str) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(url)
    }

    pub(crate) fn get(&self, links: &[Link], canonical_url: &str) -> Option<LinkId> {
        self.0.find(Self::hash(canonical_url), |id| *links[id.index()].canonical_url == *canonical_url).copied()
    }

    /// Adds `id`, whose canonical URL is not in the index yet.
    pub(crate) fn insert(&mut self, links: &[Link], id: LinkId) {
        let hash = Self::hash(&links[id.index()].canonical_url);
        self.0.insert_unique(hash, id, |id| Self::hash(&links[id.index()].canonical_url));
    }

    pub(crate) fn reserve(&mut self, links: &[Link], additional: usize) {
        self.0.reserve(additional, |id| Self::hash(&links[id.index()].canonical_url));
    }
}

/// (podcast, slug) → episode, and (folder, slug) for episodes filed under another folder.
/// Like [`UrlIndex`], holds ids only and compares against the episodes' own fields: a map
/// keyed by copies of both strings held ~120 MB at a million episodes.
#[derive(Debug, Default)]
pub(crate) struct EpisodeIndex {
    by_podcast: hashbrown::HashTable<EpisodeId>,
    /// Few: most pages sit in their podcast's folder.
    by_folder: HashMap<(String, String), EpisodeId>,
}

impl EpisodeIndex {
    fn hash(podcast: &str, slug: &str) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one((podcast, slug))
    }

    /// `key_of(id)` gives the (podcast, slug) of an episode already added.
    pub(crate) fn get<'a>(
        &self,
        key_of: impl Fn(EpisodeId) -> (&'a str, &'a str),
        podcast: &str,
        slug: &str,
    ) -> Option<EpisodeId> {
        self.by_podcast
            .find(Self::hash(podcast, slug), |&id| key_of(id) == (podcast, slug))
            .or_else(|| {
                // Most graphs have no folder keys: no copies to look them up.
                if self.by_folder.is_empty() {
                    None
                } else {
                    self.by_folder.get(&(podcast.to_owned(), slug.to_owned()))
                }
            })
            .copied()
    }

    /// Adds `id` under its own (podcast, slug), which must not be taken yet.
    pub(crate) fn insert<'a>(&mut self, key_of: impl Fn(EpisodeId) -> (&'a str, &'a str), id: EpisodeId) {
        let (podcast, slug) = key_of(id);
        let hash = Self::hash(podcast, slug);
        self.by_podcast.insert_unique(hash, id, |&id| {
            let (podcast, slug) = key_of(id);
            Self::hash(podcast, slug)
        });
    }

    /// Adds `id` under (folder, slug) too, unless an episode holds that key already.
    pub(crate) fn insert_folder<'a>(
        &mut self,
        key_of: impl Fn(EpisodeId) -> (&'a str, &'a str),
        folder: &str,
        slug: &str,
        id: EpisodeId,
    ) {
        if self.get(key_of, folder, slug).is_none() {
            self.by_folder.insert((folder.to_owned(), slug.to_owned()), id);
        }
    }

    pub(crate) fn with_capacity(episodes: usize) -> EpisodeIndex {
        EpisodeIndex { by_podcast: hashbrown::HashTable::with_capacity(episodes), by_folder: HashMap::default() }
    }
}

/// The graph and its indexes.
#[derive(Debug, Default)]
pub struct PodGraph {
    pub(crate) graph: DiGraph<NodeKind, EdgeKind>,
    pub(crate) shows: Vec<Show>,
    pub(crate) episodes: Vec<Episode>,
    pub(crate) people: Vec<Person>,
    pub(crate) sponsors: Vec<Sponsor>,
    pub(crate) links: Vec<Link>,
    pub(crate) picks: Vec<Pick>,
    pub(crate) appearances: Vec<Appearance>,
    pub(crate) sponsorships: Vec<Sponsorship>,

    pub(crate) show_by_slug: HashMap<String, ShowId>,
    pub(crate) episode_by_key: EpisodeIndex,
    pub(crate) person_by_slug: HashMap<String, PersonId>,
    /// `normalize::name_key` of every name and alias → person (absent when ambiguous).
    pub(crate) person_by_name: HashMap<String, PersonId>,
    pub(crate) sponsor_by_slug: HashMap<String, SponsorId>,
    pub(crate) link_by_url: UrlIndex,
    /// Sponsors whose URL each link is, in id order (see [`PodGraph::link_sponsors`]): held
    /// here, not on every link: only a few hundred links in millions have any.
    pub(crate) sponsors_by_link: HashMap<LinkId, Vec<SponsorId>>,
    /// Episodes sorted newest first (the default listing order).
    pub(crate) episodes_newest_first: Vec<EpisodeId>,

    // Derived indexes, computed once by `finish` (see `build.rs`; the listings in `query.rs`).
    /// Episodes oldest first, undated last.
    pub(crate) episodes_by_date: Vec<EpisodeId>,
    /// Chronological rank of each episode (position in `episodes_by_date`).
    pub(crate) date_rank: Vec<u32>,
    /// Default listing orders of the root collections.
    pub(crate) people_by_name: Vec<PersonId>,
    pub(crate) shows_by_title: Vec<ShowId>,
    pub(crate) sponsors_by_episodes: Vec<SponsorId>,
    pub(crate) picks_newest_first: Vec<PickId>,
    pub(crate) links_by_picks: Vec<LinkId>,
    /// People joined by shared episodes (co-appearances, paths).
    pub(crate) network: network::Network,
    /// Whole-arena passes made by queries since the build (see [`PodGraph::full_scans`]).
    pub(crate) scans: AtomicU64,

    pub(crate) search: SearchIndexes,

    pub(crate) merges: Vec<Merge>,
    pub(crate) ambiguous: Vec<AmbiguousName>,
    pub(crate) stats: BuildStats,
}

impl PodGraph {
    pub fn shows(&self) -> &[Show] {
        &self.shows
    }
    pub fn episodes(&self) -> &[Episode] {
        &self.episodes
    }
    pub fn people(&self) -> &[Person] {
        &self.people
    }
    pub fn sponsors(&self) -> &[Sponsor] {
        &self.sponsors
    }
    pub fn links(&self) -> &[Link] {
        &self.links
    }
    pub fn picks(&self) -> &[Pick] {
        &self.picks
    }
    pub fn appearances(&self) -> &[Appearance] {
        &self.appearances
    }
    pub fn sponsorships(&self) -> &[Sponsorship] {
        &self.sponsorships
    }
    pub fn show(&self, id: ShowId) -> &Show {
        &self.shows[id.index()]
    }
    pub fn episode(&self, id: EpisodeId) -> &Episode {
        &self.episodes[id.index()]
    }
    pub fn person(&self, id: PersonId) -> &Person {
        &self.people[id.index()]
    }
    pub fn sponsor(&self, id: SponsorId) -> &Sponsor {
        &self.sponsors[id.index()]
    }
    pub fn link(&self, id: LinkId) -> &Link {
        &self.links[id.index()]
    }
    pub fn pick(&self, id: PickId) -> &Pick {
        &self.picks[id.index()]
    }
    pub fn appearance(&self, id: AppearanceId) -> &Appearance {
        &self.appearances[id.index()]
    }
    pub fn sponsorship(&self, id: SponsorshipId) -> &Sponsorship {
        &self.sponsorships[id.index()]
    }
    /// A link's title: the one its picks and sponsors give most often, else its URL.
    pub fn link_title<'a>(&'a self, link: &'a Link) -> &'a str {
        match link.title {
            LinkTitle::Pick(p) => &self.pick(p).title,
            LinkTitle::Sponsor(s) => &self.sponsor(s).name,
            LinkTitle::Url => link.url(),
        }
    }
    /// The sponsors whose URL `link` is, in id order.
    pub fn link_sponsors(&self, link: LinkId) -> &[SponsorId] {
        self.sponsors_by_link.get(&link).map_or(&[], Vec::as_slice)
    }
    /// A pick's URL as written (`None` when the item has none).
    pub fn pick_url<'a>(&'a self, pick: &'a Pick) -> Option<&'a str> {
        pick.written_url().or_else(|| pick.link.map(|l| self.link(l).url()))
    }
    /// Identity decisions taken while building, for review.
    pub fn merges(&self) -> &[Merge] {
        &self.merges
    }
    /// Short names left unresolved or ambiguous.
    pub fn ambiguous_names(&self) -> &[AmbiguousName] {
        &self.ambiguous
    }
    pub fn stats(&self) -> &BuildStats {
        &self.stats
    }
    /// Number of petgraph nodes and edges.
    pub fn size(&self) -> (usize, usize) {
        (self.graph.node_count(), self.graph.edge_count())
    }

    /// How many times queries have walked a whole arena (every episode, person, pick...)
    /// to filter, sort, search or aggregate it, since the graph was built. Lookups and
    /// relationship fields read adjacency lists and indexes and never count; a resolver
    /// that fans out without scanning keeps this still (the N+1 tests read it).
    pub fn full_scans(&self) -> u64 {
        self.scans.load(Ordering::Relaxed)
    }

    pub(crate) fn note_scan(&self) {
        self.scans.fetch_add(1, Ordering::Relaxed);
    }
}

/// Runs `f`, logging its wall time at debug level (for steps built side by side: the
/// longest one sets the phase's time), with the process's resident memory and peak after it.
pub(crate) fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let out = f();
    if tracing::enabled!(tracing::Level::DEBUG) {
        let (resident_mb, peak_mb) = memory_mb();
        tracing::debug!(ms = started.elapsed().as_secs_f64() * 1e3, resident_mb, peak_mb, "{what} built");
    }
    out
}

/// Resident memory and the peak so far in MB (10^6 bytes, as the phase log and the load
/// report give them), for the steps' debug lines; `None` where unknown.
pub(crate) fn memory_mb() -> (Option<u64>, Option<u64>) {
    crate::memory::resident_and_peak_bytes()
        .map_or((None, None), |(now, peak)| (Some(now / 1_000_000), Some(peak / 1_000_000)))
}

/// The 32 bytes of a canonical URL after `https://` (zero-padded), as big-endian words:
/// ordering by them, then by the whole URL, orders as the URLs do, since every canonical
/// URL starts with the same scheme and none holds a zero byte. Many URLs share their first
/// 16 bytes (`https://smashingmagazine.com/`, `https://www.youtube.com/watch?v=`): with 32,
/// few comparisons have to read the strings.
fn url_prefix(canonical: &str) -> [u64; 4] {
    debug_assert!(canonical.starts_with("https://"), "{canonical}");
    let rest = canonical.as_bytes().get(8..).unwrap_or_default();
    let mut bytes = [0u8; 32];
    let n = rest.len().min(32);
    bytes[..n].copy_from_slice(&rest[..n]);
    std::array::from_fn(|i| u64::from_be_bytes(bytes[8 * i..8 * i + 8].try_into().expect("8 bytes")))
}

#[cfg(test)]
mod episode_index_tests {
    use super::{EpisodeId, EpisodeIndex};

    #[test]
    fn finds_episodes_by_podcast_and_by_folder_without_overriding_either() {
        // (podcast, slug) of each episode, and the folder it was filed in.
        let episodes = [("jsj", "jsj-001", "jsj"), ("rr", "rr-001", "ruby-rogues"), ("ruby-rogues", "rr-001", "x")];
        let key_of = |id: EpisodeId| (episodes[id.index()].0, episodes[id.index()].1);
        let mut index = EpisodeIndex::with_capacity(episodes.len());
        for (i, &(podcast, slug, folder)) in episodes.iter().enumerate() {
            let id = EpisodeId(i as u32);
            // The third one's own key is the second one's folder key: a duplicate, as before.
            if index.get(key_of, podcast, slug).is_some() {
                continue;
            }
            index.insert(key_of, id);
            if folder != podcast {
                index.insert_folder(key_of, folder, slug, id);
            }
        }
        assert_eq!(index.get(key_of, "jsj", "jsj-001"), Some(EpisodeId(0)));
        assert_eq!(index.get(key_of, "rr", "rr-001"), Some(EpisodeId(1)));
        assert_eq!(index.get(key_of, "ruby-rogues", "rr-001"), Some(EpisodeId(1)), "by folder");
        assert_eq!(index.get(key_of, "rr", "jsj-001"), None);
        assert_eq!(index.get(key_of, "jsj", "rr-001"), None);
    }
}
