//! Listing: a base list (a precomputed index or an adjacency list), narrowed by a filter and
//! sorted by keys. Missing values (no date, no number) sort last in either direction; ties
//! keep the base list's order, so every listing is deterministic.
//!
//! The `*_where` functions list a whole arena; they are the only listings that count as a
//! full scan (see [`PodGraph::full_scans`]), and only when they filter or re-sort.

use std::borrow::Cow;
use std::cmp::Ordering;

use chrono::NaiveDate;

use super::aggregate::Tally;
use super::filter::*;
use super::*;

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Asc,
    Desc,
}

impl Dir {
    fn apply(self, o: Ordering) -> Ordering {
        match self {
            Dir::Asc => o,
            Dir::Desc => o.reverse(),
        }
    }
}

/// Compares optional values, missing last whatever the direction.
fn opt<T: Ord>(a: Option<T>, b: Option<T>, dir: Dir) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => dir.apply(a.cmp(&b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Case-insensitive text order, exact order to break ties.
fn text(a: &str, b: &str, dir: Dir) -> Ordering {
    dir.apply(a.chars().flat_map(char::to_lowercase).cmp(b.chars().flat_map(char::to_lowercase)).then(a.cmp(b)))
}

/// Sort keys of episodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpisodeKey {
    Date,
    Title,
    Number,
    Duration,
    /// Show title.
    Show,
    /// Number of people listed.
    People,
    Guests,
    Picks,
    Sponsors,
}

/// Sort keys of people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonKey {
    Name,
    Slug,
    Appearances,
    GuestAppearances,
    Picks,
    FirstAppearance,
    LastAppearance,
}

/// Sort keys of shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShowKey {
    Title,
    Slug,
    Episodes,
    FirstEpisode,
    LastEpisode,
}

/// Sort keys of sponsors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SponsorKey {
    Name,
    Episodes,
    FirstSponsored,
    LastSponsored,
}

/// Sort keys of picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickKey {
    /// Date of the episode.
    Date,
    Title,
    /// Name of the picker (unattributed last).
    Picker,
    Domain,
}

/// Sort keys of links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKey {
    Picks,
    Title,
    Domain,
    Url,
    FirstPicked,
    LastPicked,
}

/// Sort keys of tallied relationships (count, first and last fact).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TallyKey {
    Count,
    First,
    Last,
}

/// Sort keys of appearances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppearanceKey {
    Date,
    /// Host, panelist, guest.
    Role,
    /// Person name.
    Name,
}

impl PodGraph {
    fn date_of(&self, e: EpisodeId) -> Option<NaiveDate> {
        self.episode(e).date
    }

    fn date_of_opt(&self, e: Option<&EpisodeId>) -> Option<NaiveDate> {
        e.and_then(|e| self.date_of(*e))
    }

    fn cmp_episode(&self, a: EpisodeId, b: EpisodeId, key: EpisodeKey, dir: Dir) -> Ordering {
        let (x, y) = (self.episode(a), self.episode(b));
        match key {
            EpisodeKey::Date => opt(x.date, y.date, dir),
            EpisodeKey::Title => text(&x.title, &y.title, dir),
            EpisodeKey::Number => opt(x.number, y.number, dir),
            EpisodeKey::Duration => opt(x.duration_seconds, y.duration_seconds, dir),
            EpisodeKey::Show => text(&self.show(x.show).title, &self.show(y.show).title, dir),
            EpisodeKey::People => dir.apply(x.appearances.len().cmp(&y.appearances.len())),
            EpisodeKey::Guests => {
                dir.apply(self.people_of(a, Some(false)).count().cmp(&self.people_of(b, Some(false)).count()))
            }
            EpisodeKey::Picks => dir.apply(x.picks.len().cmp(&y.picks.len())),
            EpisodeKey::Sponsors => dir.apply(x.sponsorships.len().cmp(&y.sponsorships.len())),
        }
    }

    fn cmp_person(&self, a: PersonId, b: PersonId, key: PersonKey, dir: Dir) -> Ordering {
        let (x, y) = (self.person(a), self.person(b));
        let first = |p: &Person| self.date_of_opt(p.appearances.first().map(|a| &self.appearance(*a).episode));
        let last = |p: &Person| self.date_of_opt(p.appearances.last().map(|a| &self.appearance(*a).episode));
        match key {
            PersonKey::Name => text(&x.name, &y.name, dir),
            PersonKey::Slug => dir.apply(x.slug.cmp(&y.slug)),
            PersonKey::Appearances => dir.apply(x.appearances.len().cmp(&y.appearances.len())),
            PersonKey::GuestAppearances => dir.apply(
                self.appearances_of(a, Some(crate::model::Role::Guest))
                    .count()
                    .cmp(&self.appearances_of(b, Some(crate::model::Role::Guest)).count()),
            ),
            PersonKey::Picks => dir.apply(x.picks.len().cmp(&y.picks.len())),
            PersonKey::FirstAppearance => opt(first(x), first(y), dir),
            PersonKey::LastAppearance => opt(last(x), last(y), dir),
        }
    }

    fn cmp_show(&self, a: ShowId, b: ShowId, key: ShowKey, dir: Dir) -> Ordering {
        let (x, y) = (self.show(a), self.show(b));
        let last_dated = |s: &Show| s.episodes.iter().rev().find_map(|e| self.date_of(*e));
        match key {
            ShowKey::Title => text(&x.title, &y.title, dir),
            ShowKey::Slug => dir.apply(x.slug.cmp(&y.slug)),
            ShowKey::Episodes => dir.apply(x.episodes.len().cmp(&y.episodes.len())),
            ShowKey::FirstEpisode => {
                opt(self.date_of_opt(x.episodes.first()), self.date_of_opt(y.episodes.first()), dir)
            }
            ShowKey::LastEpisode => opt(last_dated(x), last_dated(y), dir),
        }
    }

    fn cmp_sponsor(&self, a: SponsorId, b: SponsorId, key: SponsorKey, dir: Dir) -> Ordering {
        let (x, y) = (self.sponsor(a), self.sponsor(b));
        let date = |s: Option<&SponsorshipId>| s.and_then(|s| self.date_of(self.sponsorship(*s).episode));
        match key {
            SponsorKey::Name => text(&x.name, &y.name, dir),
            SponsorKey::Episodes => dir.apply(x.sponsorships.len().cmp(&y.sponsorships.len())),
            SponsorKey::FirstSponsored => opt(date(x.sponsorships.first()), date(y.sponsorships.first()), dir),
            SponsorKey::LastSponsored => opt(date(x.sponsorships.last()), date(y.sponsorships.last()), dir),
        }
    }

    fn cmp_pick(&self, a: PickId, b: PickId, key: PickKey, dir: Dir) -> Ordering {
        let (x, y) = (self.pick(a), self.pick(b));
        match key {
            PickKey::Date => opt(self.date_of(x.episode), self.date_of(y.episode), dir),
            PickKey::Title => text(&x.title, &y.title, dir),
            PickKey::Picker => match (x.picker, y.picker) {
                (Some(p), Some(q)) => text(&self.person(p).name, &self.person(q).name, dir),
                (p, q) => opt(p.map(|_| ()), q.map(|_| ()), dir),
            },
            PickKey::Domain => match (x.link, y.link) {
                (Some(p), Some(q)) => text(&self.link(p).domain, &self.link(q).domain, dir),
                (p, q) => opt(p.map(|_| ()), q.map(|_| ()), dir),
            },
        }
    }

    fn cmp_link(&self, a: LinkId, b: LinkId, key: LinkKey, dir: Dir) -> Ordering {
        let (x, y) = (self.link(a), self.link(b));
        let date = |k: Option<&PickId>| k.and_then(|k| self.date_of(self.pick(*k).episode));
        match key {
            LinkKey::Picks => dir.apply(x.picks.len().cmp(&y.picks.len())),
            LinkKey::Title => text(self.link_title(x), self.link_title(y), dir),
            LinkKey::Domain => text(&x.domain, &y.domain, dir),
            LinkKey::Url => dir.apply(x.canonical_url.cmp(&y.canonical_url)),
            LinkKey::FirstPicked => opt(date(x.picks.first()), date(y.picks.first()), dir),
            LinkKey::LastPicked => opt(date(x.picks.last()), date(y.picks.last()), dir),
        }
    }

    fn cmp_appearance(&self, a: AppearanceId, b: AppearanceId, key: AppearanceKey, dir: Dir) -> Ordering {
        let (x, y) = (self.appearance(a), self.appearance(b));
        match key {
            AppearanceKey::Date => opt(self.date_of(x.episode), self.date_of(y.episode), dir),
            AppearanceKey::Role => dir.apply(x.role.cmp(&y.role)),
            AppearanceKey::Name => text(&self.person(x.person).name, &self.person(y.person).name, dir),
        }
    }

    /// Compares tallies by a key.
    pub fn cmp_tally<K>(&self, a: &Tally<K>, b: &Tally<K>, key: TallyKey, dir: Dir) -> Ordering {
        match key {
            TallyKey::Count => dir.apply(a.count.cmp(&b.count)),
            TallyKey::First => dir.apply(self.date_rank(a.first).cmp(&self.date_rank(b.first))),
            TallyKey::Last => dir.apply(self.date_rank(a.last).cmp(&self.date_rank(b.last))),
        }
    }
}

/// Generates a `select_*` (narrow + sort any base list) for one kind.
macro_rules! selector {
    ($select:ident, $id:ty, $filter:ty, $matches:ident, $key:ty, $cmp:ident) => {
        impl PodGraph {
            /// `base` narrowed to the items passing `filter`, then stably sorted by `order`
            /// (the base order breaks ties).
            pub fn $select(&self, base: &[$id], filter: Option<&$filter>, order: &[($key, Dir)]) -> Vec<$id> {
                let mut out: Vec<$id> = match filter {
                    Some(f) => base.iter().copied().filter(|x| self.$matches(*x, f)).collect(),
                    None => base.to_vec(),
                };
                if !order.is_empty() {
                    out.sort_by(|a, b| {
                        order.iter().fold(Ordering::Equal, |acc, (k, d)| acc.then_with(|| self.$cmp(*a, *b, *k, *d)))
                    });
                }
                out
            }
        }
    };
}

selector!(select_episodes, EpisodeId, EpisodeFilter, episode_matches, EpisodeKey, cmp_episode);
selector!(select_people, PersonId, PersonFilter, person_matches, PersonKey, cmp_person);
selector!(select_shows, ShowId, ShowFilter, show_matches, ShowKey, cmp_show);
selector!(select_sponsors, SponsorId, SponsorFilter, sponsor_matches, SponsorKey, cmp_sponsor);
selector!(select_picks, PickId, PickFilter, pick_matches, PickKey, cmp_pick);
selector!(select_links, LinkId, LinkFilter, link_matches, LinkKey, cmp_link);

impl PodGraph {
    /// Appearances narrowed by role and by the person/episode filters, then sorted.
    pub fn select_appearances(
        &self,
        base: &[AppearanceId],
        role: Option<&RoleFilter>,
        person: Option<&PersonFilter>,
        episode: Option<&EpisodeFilter>,
        order: &[(AppearanceKey, Dir)],
    ) -> Vec<AppearanceId> {
        let mut out: Vec<AppearanceId> = base
            .iter()
            .copied()
            .filter(|a| {
                let x = self.appearance(*a);
                role.is_none_or(|r| r.matches(x.role))
                    && person.is_none_or(|f| self.person_matches(x.person, f))
                    && episode.is_none_or(|f| self.episode_matches(x.episode, f))
            })
            .collect();
        if !order.is_empty() {
            out.sort_by(|a, b| {
                order.iter().fold(Ordering::Equal, |acc, (k, d)| acc.then_with(|| self.cmp_appearance(*a, *b, *k, *d)))
            });
        }
        out
    }

    /// Tallies narrowed by a test on their key, then sorted.
    pub fn select_tallies<K: Copy>(
        &self,
        mut base: Vec<Tally<K>>,
        keep: impl Fn(K) -> bool,
        order: &[(TallyKey, Dir)],
    ) -> Vec<Tally<K>> {
        base.retain(|t| keep(t.key));
        if !order.is_empty() {
            base.sort_by(|a, b| {
                order.iter().fold(Ordering::Equal, |acc, (k, d)| acc.then_with(|| self.cmp_tally(a, b, *k, *d)))
            });
        }
        base
    }

    /// All episodes (newest first by default), filtered and sorted: a full scan when it filters or sorts.
    pub fn episodes_where(&self, filter: Option<&EpisodeFilter>, order: &[(EpisodeKey, Dir)]) -> Cow<'_, [EpisodeId]> {
        if filter.is_none() && order.is_empty() {
            return Cow::Borrowed(&self.episodes_newest_first);
        }
        self.note_scan();
        Cow::Owned(self.select_episodes(&self.episodes_newest_first, filter, order))
    }

    /// All people (by name by default), filtered and sorted.
    pub fn people_where(&self, filter: Option<&PersonFilter>, order: &[(PersonKey, Dir)]) -> Cow<'_, [PersonId]> {
        if filter.is_none() && order.is_empty() {
            return Cow::Borrowed(&self.people_by_name);
        }
        self.note_scan();
        Cow::Owned(self.select_people(&self.people_by_name, filter, order))
    }

    /// All shows (by title by default), filtered and sorted.
    pub fn shows_where(&self, filter: Option<&ShowFilter>, order: &[(ShowKey, Dir)]) -> Cow<'_, [ShowId]> {
        if filter.is_none() && order.is_empty() {
            return Cow::Borrowed(&self.shows_by_title);
        }
        self.note_scan();
        Cow::Owned(self.select_shows(&self.shows_by_title, filter, order))
    }

    /// All sponsors (most episodes first by default), filtered and sorted.
    pub fn sponsors_where(&self, filter: Option<&SponsorFilter>, order: &[(SponsorKey, Dir)]) -> Cow<'_, [SponsorId]> {
        if filter.is_none() && order.is_empty() {
            return Cow::Borrowed(&self.sponsors_by_episodes);
        }
        self.note_scan();
        Cow::Owned(self.select_sponsors(&self.sponsors_by_episodes, filter, order))
    }

    /// All picks (newest episode first, page order within one) filtered and sorted.
    pub fn picks_where(&self, filter: Option<&PickFilter>, order: &[(PickKey, Dir)]) -> Cow<'_, [PickId]> {
        if filter.is_none() && order.is_empty() {
            return Cow::Borrowed(&self.picks_newest_first);
        }
        self.note_scan();
        Cow::Owned(self.select_picks(&self.picks_newest_first, filter, order))
    }

    /// All links (most picked first by default), filtered and sorted.
    pub fn links_where(&self, filter: Option<&LinkFilter>, order: &[(LinkKey, Dir)]) -> Cow<'_, [LinkId]> {
        if filter.is_none() && order.is_empty() {
            return Cow::Borrowed(&self.links_by_picks);
        }
        self.note_scan();
        Cow::Owned(self.select_links(&self.links_by_picks, filter, order))
    }
}
