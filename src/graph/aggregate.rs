//! Counting questions: relationship tallies (a person's shows, a show's sponsors and hosts,
//! a link's pickers) and ranked aggregates over a scope (`topLinks`, `topDomains`,
//! `topPickers`, `topGuests`, `topSponsors`), filterable by show and date range.
//!
//! A scope's episodes come from the date-sorted indexes (a binary search for the range), so
//! an aggregate reads only the episodes it counts and their adjacency lists. Semantics are
//! explicit: `count` is what is ranked (picks, guest appearances, sponsored episodes) and
//! the distinct counts say over how many episodes, people, shows and links it spreads.

use rustc_hash::FxHashMap as HashMap;
use std::hash::Hash;

use chrono::NaiveDate;

use crate::model::Role;

use super::filter::{EpisodeFilter, PickFilter, role_is};
use super::*;

/// A related item with how often the relationship holds and when it first and last did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally<K> {
    pub key: K,
    /// Number of facts (appearances, sponsorships, picks) behind the relationship.
    pub count: usize,
    /// Chronologically first and last episode of those facts.
    pub first: EpisodeId,
    pub last: EpisodeId,
}

/// Which episodes an aggregate counts: one show or all, and a date range (inclusive).
/// With a date bound, undated episodes are left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scope {
    pub show: Option<ShowId>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Scope {
    /// The scope of one calendar year (of an optional show).
    pub fn year(show: Option<ShowId>, year: i32) -> Scope {
        Scope { show, from: NaiveDate::from_ymd_opt(year, 1, 1), to: NaiveDate::from_ymd_opt(year, 12, 31) }
    }

    /// Narrows this scope by another date range (the later start, the earlier end).
    pub fn within(self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Scope {
        Scope {
            show: self.show,
            from: match (self.from, from) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            },
            to: match (self.to, to) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }
}

/// One row of a ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked<K> {
    pub key: K,
    /// 1-based competition rank: equal counts share a rank (1, 2, 2, 4).
    pub rank: usize,
    /// What is ranked: picks, guest appearances or sponsored episodes.
    pub count: usize,
    /// Distinct episodes, people, shows and links behind `count`.
    pub episodes: usize,
    pub people: usize,
    pub shows: usize,
    pub links: usize,
    pub first: EpisodeId,
    pub last: EpisodeId,
}

/// Number of distinct values (sorts the buffer in place).
fn distinct(v: &mut Vec<u32>) -> usize {
    v.sort_unstable();
    v.dedup();
    v.len()
}

/// One counted fact.
struct Fact {
    episode: EpisodeId,
    person: Option<PersonId>,
    link: Option<LinkId>,
}

impl PodGraph {
    /// Chronological rank of an episode (undated episodes last).
    pub fn date_rank(&self, e: EpisodeId) -> u32 {
        self.date_rank[e.index()]
    }

    /// Groups `(key, episode)` facts into tallies: most facts first, then earliest first.
    pub fn tally<K: Copy + Eq + Hash + Ord>(&self, facts: impl IntoIterator<Item = (K, EpisodeId)>) -> Vec<Tally<K>> {
        let mut by_key: HashMap<K, Tally<K>> = HashMap::default();
        for (key, e) in facts {
            let t = by_key.entry(key).or_insert(Tally { key, count: 0, first: e, last: e });
            t.count += 1;
            if self.date_rank(e) < self.date_rank(t.first) {
                t.first = e;
            }
            if self.date_rank(e) > self.date_rank(t.last) {
                t.last = e;
            }
        }
        let mut v: Vec<Tally<K>> = by_key.into_values().collect();
        v.sort_by(|a, b| {
            b.count.cmp(&a.count).then(self.date_rank(a.first).cmp(&self.date_rank(b.first))).then(a.key.cmp(&b.key))
        });
        v
    }

    /// Shows a person appeared on (optionally in one role): appearances, first and last.
    pub fn shows_of_person(&self, p: PersonId, role: Option<Role>) -> Vec<Tally<ShowId>> {
        self.tally(self.appearances_of(p, role).map(|a| (self.episode(a.episode).show, a.episode)))
    }

    /// Shows a sponsor backed: sponsored episodes, first and last.
    pub fn shows_of_sponsor(&self, s: SponsorId) -> Vec<Tally<ShowId>> {
        self.tally(self.sponsor(s).sponsorships.iter().map(|x| {
            let e = self.sponsorship(*x).episode;
            (self.episode(e).show, e)
        }))
    }

    /// Sponsors of a show: sponsored episodes of the show, first and last.
    pub fn sponsors_of_show(&self, s: ShowId) -> Vec<Tally<SponsorId>> {
        self.tally(
            self.show(s)
                .episodes
                .iter()
                .flat_map(|e| self.episode(*e).sponsorships.iter().map(move |x| (self.sponsorship(*x).sponsor, *e))),
        )
    }

    /// People on a show in a role (`None`: any), with their episodes on it, most first.
    pub fn people_of_show(&self, s: ShowId, role: Option<Role>) -> Vec<Tally<PersonId>> {
        self.tally(self.show(s).episodes.iter().flat_map(|e| {
            self.people_of(*e, None)
                .filter(move |a| role.is_none_or(|r| role_is(a.role, r)))
                .map(move |a| (a.person, *e))
        }))
    }

    /// The show's regular panel (see [`Show::hosts`]), each with its panel episodes on the show.
    pub fn hosts_of_show(&self, s: ShowId) -> Vec<Tally<PersonId>> {
        let show = self.show(s);
        let panel = self.people_of_show(s, Some(Role::Panelist));
        let mut out: Vec<Tally<PersonId>> = show
            .hosts
            .iter()
            .map(|h| {
                panel.iter().find(|t| t.key == *h).copied().unwrap_or(Tally {
                    key: *h,
                    count: 0,
                    first: show.episodes.first().copied().unwrap_or(EpisodeId(0)),
                    last: show.episodes.last().copied().unwrap_or(EpisodeId(0)),
                })
            })
            .collect();
        // Listed hosts who never sat on the panel have no episodes: keep them, counted 0.
        out.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
        out
    }

    /// Distinct people who picked a link: their picks of it, first and last.
    pub fn pickers_of_link(&self, l: LinkId) -> Vec<Tally<PersonId>> {
        self.tally(self.link(l).picks.iter().filter_map(|k| {
            let pick = self.pick(*k);
            pick.picker.map(|p| (p, pick.episode))
        }))
    }

    /// Episodes in a scope, oldest first (undated last, and only when no date bound is set).
    pub fn scope_episodes(&self, scope: &Scope) -> &[EpisodeId] {
        let list: &[EpisodeId] = match scope.show {
            Some(s) => &self.show(s).episodes,
            None => {
                self.note_scan();
                &self.episodes_by_date
            }
        };
        if scope.from.is_none() && scope.to.is_none() {
            return list;
        }
        let date = |e: &EpisodeId| self.episode(*e).date;
        let dated = list.partition_point(|e| date(e).is_some());
        let list = &list[..dated];
        let start = scope.from.map_or(0, |f| list.partition_point(|e| date(e).is_some_and(|d| d < f)));
        let end = scope.to.map_or(list.len(), |t| list.partition_point(|e| date(e).is_some_and(|d| d <= t)));
        &list[start..end.max(start)]
    }

    fn rank<K: Copy + Eq + Hash + Ord>(
        &self,
        facts: impl Iterator<Item = (K, Fact)>,
        tie: impl Fn(&K, &K) -> std::cmp::Ordering,
    ) -> Vec<Ranked<K>> {
        // Group by sorting (no per-key allocations): one run of facts per key.
        let mut facts: Vec<(K, Fact)> = facts.collect();
        facts.sort_unstable_by_key(|f| f.0);
        let (mut eps, mut people, mut shows, mut links) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut rows: Vec<Ranked<K>> = Vec::new();
        for run in facts.chunk_by(|a, b| a.0 == b.0) {
            eps.clear();
            people.clear();
            shows.clear();
            links.clear();
            let (mut first, mut last) = (run[0].1.episode, run[0].1.episode);
            for (_, f) in run {
                eps.push(f.episode.0);
                shows.push(self.episode(f.episode).show.0);
                people.extend(f.person.map(|p| p.0));
                links.extend(f.link.map(|l| l.0));
                if self.date_rank(f.episode) < self.date_rank(first) {
                    first = f.episode;
                }
                if self.date_rank(f.episode) > self.date_rank(last) {
                    last = f.episode;
                }
            }
            rows.push(Ranked {
                key: run[0].0,
                rank: 0,
                count: run.len(),
                episodes: distinct(&mut eps),
                people: distinct(&mut people),
                shows: distinct(&mut shows),
                links: distinct(&mut links),
                first,
                last,
            });
        }
        rows.sort_by(|a, b| b.count.cmp(&a.count).then(b.people.cmp(&a.people)).then_with(|| tie(&a.key, &b.key)));
        let mut rank = 0;
        for i in 0..rows.len() {
            if i == 0 || rows[i].count != rows[i - 1].count {
                rank = i + 1;
            }
            rows[i].rank = rank;
        }
        rows
    }

    /// Picks in a scope that pass a filter.
    fn scoped_picks<'a>(
        &'a self,
        scope: &Scope,
        filter: Option<&'a PickFilter>,
    ) -> impl Iterator<Item = &'a Pick> + 'a {
        self.scope_episodes(scope)
            .iter()
            .flat_map(|e| self.episode(*e).picks.iter())
            .filter(move |k| filter.is_none_or(|f| self.pick_matches(**k, f)))
            .map(|k| self.pick(*k))
    }

    /// Most-picked links: `count` picks, over `people` distinct pickers.
    pub fn top_links(&self, scope: &Scope, filter: Option<&PickFilter>) -> Vec<Ranked<LinkId>> {
        let facts = self
            .scoped_picks(scope, filter)
            .filter_map(|p| p.link.map(|l| (l, Fact { episode: p.episode, person: p.picker, link: Some(l) })));
        self.rank(facts, |a, b| self.link(*a).canonical_url.cmp(&self.link(*b).canonical_url))
    }

    /// Most-picked domains: `count` picks of `links` distinct links by `people` pickers.
    pub fn top_domains(&self, scope: &Scope, filter: Option<&PickFilter>) -> Vec<Ranked<&str>> {
        let facts = self.scoped_picks(scope, filter).filter_map(|p| {
            p.link.map(|l| (&*self.link(l).domain, Fact { episode: p.episode, person: p.picker, link: Some(l) }))
        });
        self.rank(facts, |a, b| a.cmp(b))
    }

    /// People who picked most: `count` picks, over `episodes` and `links`.
    pub fn top_pickers(&self, scope: &Scope, filter: Option<&PickFilter>) -> Vec<Ranked<PersonId>> {
        let facts = self
            .scoped_picks(scope, filter)
            .filter_map(|p| p.picker.map(|who| (who, Fact { episode: p.episode, person: Some(who), link: p.link })));
        self.rank(facts, |a, b| self.person(*a).name.cmp(&self.person(*b).name))
    }

    /// People who guested most: `count` guest appearances (episodes), over `shows`.
    pub fn top_guests(&self, scope: &Scope, filter: Option<&EpisodeFilter>) -> Vec<Ranked<PersonId>> {
        let facts = self
            .scope_episodes(scope)
            .iter()
            .filter(|e| filter.is_none_or(|f| self.episode_matches(**e, f)))
            .flat_map(|e| self.people_of(*e, Some(false)))
            .map(|a| (a.person, Fact { episode: a.episode, person: Some(a.person), link: None }));
        self.rank(facts, |a, b| self.person(*a).name.cmp(&self.person(*b).name))
    }

    /// Sponsors of most episodes: `count` sponsored episodes, over `shows`.
    pub fn top_sponsors(&self, scope: &Scope, filter: Option<&EpisodeFilter>) -> Vec<Ranked<SponsorId>> {
        let facts = self
            .scope_episodes(scope)
            .iter()
            .filter(|e| filter.is_none_or(|f| self.episode_matches(**e, f)))
            .flat_map(|e| self.episode(*e).sponsorships.iter())
            .map(|x| {
                let s = self.sponsorship(*x);
                (s.sponsor, Fact { episode: s.episode, person: None, link: self.sponsor(s.sponsor).link })
            });
        self.rank(facts, |a, b| self.sponsor(*a).name.cmp(&self.sponsor(*b).name))
    }
}
