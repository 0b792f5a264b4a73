//! Boolean filters over the graph's entities: the `where` of the API, in the style of Neo4j
//! GraphQL and Hasura (`AND`/`OR`/`NOT`, `eq`/`in`/`contains`/`startsWith`, ranges, and
//! relationship conditions `some`/`none`/`all`/`single`/`count`).
//!
//! A filter is plain data; an empty filter matches everything. Relationship conditions walk
//! the precomputed adjacency lists of the item being tested (its appearances, picks,
//! sponsorships...), never a whole arena, so a nested filter costs what the item's
//! neighbourhood costs. Ids in filters are graph ids: the API resolves its global ids first
//! (an unknown id simply matches nothing).

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::model::Role;

use super::*;

/// Lowercase without accents, punctuation kept: the form `contains`/`startsWith`/`endsWith`
/// compare (`"Café.js"` → `"cafe.js"`).
pub fn loose(s: &str) -> String {
    s.nfkd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// Conditions on a text value. `eq`/`in` compare exactly; `contains`/`startsWith`/`endsWith`
/// ignore case and accents (their arguments are stored already [`loose`]ned).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextFilter {
    pub eq: Option<String>,
    pub ne: Option<String>,
    pub any_of: Option<Vec<String>>,
    pub contains: Option<String>,
    pub starts_with: Option<String>,
    pub ends_with: Option<String>,
    /// `Some(true)`: the value must be present; `Some(false)`: absent.
    pub exists: Option<bool>,
}

impl TextFilter {
    /// Builds a filter, loosening the case-insensitive operands.
    pub fn new(
        eq: Option<String>,
        ne: Option<String>,
        any_of: Option<Vec<String>>,
        contains: Option<&str>,
        starts_with: Option<&str>,
        ends_with: Option<&str>,
        exists: Option<bool>,
    ) -> Self {
        TextFilter {
            eq,
            ne,
            any_of,
            contains: contains.map(loose),
            starts_with: starts_with.map(loose),
            ends_with: ends_with.map(loose),
            exists,
        }
    }

    /// Exact equality.
    pub fn eq(value: &str) -> Self {
        TextFilter { eq: Some(value.to_string()), ..Default::default() }
    }

    pub fn matches(&self, value: Option<&str>) -> bool {
        if let Some(want) = self.exists
            && want != value.is_some()
        {
            return false;
        }
        let Some(v) = value else {
            // Only `exists: false` (or an empty filter) matches a missing value.
            return self.eq.is_none()
                && self.any_of.is_none()
                && self.contains.is_none()
                && self.starts_with.is_none()
                && self.ends_with.is_none();
        };
        if self.eq.as_deref().is_some_and(|e| e != v) || self.ne.as_deref().is_some_and(|e| e == v) {
            return false;
        }
        if self.any_of.as_ref().is_some_and(|set| !set.iter().any(|e| e == v)) {
            return false;
        }
        if self.contains.is_none() && self.starts_with.is_none() && self.ends_with.is_none() {
            return true;
        }
        let l = loose(v);
        self.contains.as_deref().is_none_or(|c| l.contains(c))
            && self.starts_with.as_deref().is_none_or(|c| l.starts_with(c))
            && self.ends_with.as_deref().is_none_or(|c| l.ends_with(c))
    }
}

/// Conditions on a number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntFilter {
    pub eq: Option<i64>,
    pub ne: Option<i64>,
    pub any_of: Option<Vec<i64>>,
    pub gt: Option<i64>,
    pub gte: Option<i64>,
    pub lt: Option<i64>,
    pub lte: Option<i64>,
    pub exists: Option<bool>,
}

impl IntFilter {
    pub fn matches(&self, value: Option<i64>) -> bool {
        if let Some(want) = self.exists
            && want != value.is_some()
        {
            return false;
        }
        let Some(v) = value else {
            return self.eq.is_none()
                && self.any_of.is_none()
                && self.gt.is_none()
                && self.gte.is_none()
                && self.lt.is_none()
                && self.lte.is_none();
        };
        self.eq.is_none_or(|e| v == e)
            && self.ne.is_none_or(|e| v != e)
            && self.any_of.as_ref().is_none_or(|s| s.contains(&v))
            && self.gt.is_none_or(|e| v > e)
            && self.gte.is_none_or(|e| v >= e)
            && self.lt.is_none_or(|e| v < e)
            && self.lte.is_none_or(|e| v <= e)
    }

    /// A count condition (counts always exist).
    pub fn count(&self, n: usize) -> bool {
        self.matches(Some(n as i64))
    }
}

/// Conditions on a date: ranges, a calendar year or month, presence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateFilter {
    pub eq: Option<NaiveDate>,
    pub gt: Option<NaiveDate>,
    pub gte: Option<NaiveDate>,
    pub lt: Option<NaiveDate>,
    pub lte: Option<NaiveDate>,
    pub year: Option<i32>,
    /// `YYYY-MM` as (year, month).
    pub month: Option<(i32, u32)>,
    pub exists: Option<bool>,
}

impl DateFilter {
    pub fn matches(&self, value: Option<NaiveDate>) -> bool {
        if let Some(want) = self.exists
            && want != value.is_some()
        {
            return false;
        }
        let Some(d) = value else {
            return self.eq.is_none()
                && self.gt.is_none()
                && self.gte.is_none()
                && self.lt.is_none()
                && self.lte.is_none()
                && self.year.is_none()
                && self.month.is_none();
        };
        self.eq.is_none_or(|e| d == e)
            && self.gt.is_none_or(|e| d > e)
            && self.gte.is_none_or(|e| d >= e)
            && self.lt.is_none_or(|e| d < e)
            && self.lte.is_none_or(|e| d <= e)
            && self.year.is_none_or(|y| d.year() == y)
            && self.month.is_none_or(|(y, m)| d.year() == y && d.month() == m)
    }
}

/// Conditions on a role. `Panelist` also matches hosts (hosts sit on the panel).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleFilter {
    pub eq: Option<Role>,
    pub any_of: Option<Vec<Role>>,
}

/// Whether role `r` satisfies a wanted role (`Panelist` includes `Host`).
pub fn role_is(r: Role, wanted: Role) -> bool {
    r == wanted || (wanted == Role::Panelist && r == Role::Host)
}

impl RoleFilter {
    pub fn matches(&self, r: Role) -> bool {
        self.eq.is_none_or(|w| role_is(r, w)) && self.any_of.as_ref().is_none_or(|s| s.iter().any(|w| role_is(r, *w)))
    }
}

/// A condition on a to-many relationship, as in Neo4j GraphQL: `some` related item matches,
/// `none` does, `all` do (true when there are none), exactly one (`single`) does; `count`
/// tests the number of related items. `role` narrows person–episode relationships to one
/// role before anything else is tested.
#[derive(Debug, Clone, PartialEq)]
pub struct Rel<F> {
    pub role: Option<Role>,
    pub some: Option<Box<F>>,
    pub none: Option<Box<F>>,
    pub all: Option<Box<F>>,
    pub single: Option<Box<F>>,
    pub count: Option<IntFilter>,
}

impl<F> Default for Rel<F> {
    fn default() -> Self {
        Rel { role: None, some: None, none: None, all: None, single: None, count: None }
    }
}

impl<F> Rel<F> {
    /// Tests the related items (already narrowed to `role` by the caller) with `test`.
    fn holds<T: Copy>(&self, items: &[T], test: impl Fn(T, &F) -> bool) -> bool {
        self.count.as_ref().is_none_or(|c| c.count(items.len()))
            && self.some.as_deref().is_none_or(|f| items.iter().any(|i| test(*i, f)))
            && self.none.as_deref().is_none_or(|f| !items.iter().any(|i| test(*i, f)))
            && self.all.as_deref().is_none_or(|f| items.iter().all(|i| test(*i, f)))
            && self.single.as_deref().is_none_or(|f| items.iter().filter(|i| test(**i, f)).take(2).count() == 1)
    }
}

/// `where` on episodes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EpisodeFilter {
    pub and: Vec<EpisodeFilter>,
    pub or: Vec<EpisodeFilter>,
    pub not: Option<Box<EpisodeFilter>>,
    pub ids: Option<HashSet<EpisodeId>>,
    pub title: Option<TextFilter>,
    pub slug: Option<TextFilter>,
    pub podcast: Option<TextFilter>,
    pub show: Option<Box<ShowFilter>>,
    pub number: Option<IntFilter>,
    pub date: Option<DateFilter>,
    pub duration_seconds: Option<IntFilter>,
    /// Some tag matches.
    pub tag: Option<TextFilter>,
    /// Everyone listed (any role; `role` narrows).
    pub people: Option<Rel<PersonFilter>>,
    pub panelists: Option<Rel<PersonFilter>>,
    pub guests: Option<Rel<PersonFilter>>,
    pub sponsors: Option<Rel<SponsorFilter>>,
    pub picks: Option<Rel<PickFilter>>,
}

/// `where` on shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShowFilter {
    pub and: Vec<ShowFilter>,
    pub or: Vec<ShowFilter>,
    pub not: Option<Box<ShowFilter>>,
    pub ids: Option<HashSet<ShowId>>,
    pub slug: Option<TextFilter>,
    pub title: Option<TextFilter>,
    pub episodes: Option<Rel<EpisodeFilter>>,
    pub hosts: Option<Rel<PersonFilter>>,
    pub sponsors: Option<Rel<SponsorFilter>>,
}

/// `where` on people.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonFilter {
    pub and: Vec<PersonFilter>,
    pub or: Vec<PersonFilter>,
    pub not: Option<Box<PersonFilter>>,
    pub ids: Option<HashSet<PersonId>>,
    pub slug: Option<TextFilter>,
    /// The primary name.
    pub name: Option<TextFilter>,
    /// The primary name or any alias.
    pub any_name: Option<TextFilter>,
    /// Episodes the person appeared on (`role` narrows).
    pub episodes: Option<Rel<EpisodeFilter>>,
    /// Distinct shows the person appeared on (`role` narrows).
    pub shows: Option<Rel<ShowFilter>>,
    pub picks: Option<Rel<PickFilter>>,
    /// People who appeared on an episode with this person.
    pub co_appearances: Option<Rel<PersonFilter>>,
}

/// `where` on sponsors.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SponsorFilter {
    pub and: Vec<SponsorFilter>,
    pub or: Vec<SponsorFilter>,
    pub not: Option<Box<SponsorFilter>>,
    pub ids: Option<HashSet<SponsorId>>,
    pub slug: Option<TextFilter>,
    pub name: Option<TextFilter>,
    pub any_name: Option<TextFilter>,
    pub url: Option<TextFilter>,
    pub domain: Option<TextFilter>,
    pub episodes: Option<Rel<EpisodeFilter>>,
    pub shows: Option<Rel<ShowFilter>>,
}

/// `where` on picks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PickFilter {
    pub and: Vec<PickFilter>,
    pub or: Vec<PickFilter>,
    pub not: Option<Box<PickFilter>>,
    pub ids: Option<HashSet<PickId>>,
    pub title: Option<TextFilter>,
    pub url: Option<TextFilter>,
    /// Domain of the picked link (`www.` dropped), compared like any text.
    pub domain: Option<TextFilter>,
    /// `Some(true)`: the page attributes the pick to someone.
    pub attributed: Option<bool>,
    pub picked_by: Option<Box<PersonFilter>>,
    pub episode: Option<Box<EpisodeFilter>>,
    pub link: Option<Box<LinkFilter>>,
}

/// `where` on links.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LinkFilter {
    pub and: Vec<LinkFilter>,
    pub or: Vec<LinkFilter>,
    pub not: Option<Box<LinkFilter>>,
    pub ids: Option<HashSet<LinkId>>,
    pub url: Option<TextFilter>,
    pub domain: Option<TextFilter>,
    pub title: Option<TextFilter>,
    pub picks: Option<Rel<PickFilter>>,
    pub picked_by: Option<Rel<PersonFilter>>,
    pub sponsors: Option<Rel<SponsorFilter>>,
}

/// Shared boolean structure of every filter.
macro_rules! boolean {
    ($self:ident, $g:ident, $test:ident, $item:expr) => {
        if !$self.and.iter().all(|f| $g.$test($item, f)) {
            return false;
        }
        if !$self.or.is_empty() && !$self.or.iter().any(|f| $g.$test($item, f)) {
            return false;
        }
        if let Some(f) = &$self.not
            && $g.$test($item, f)
        {
            return false;
        }
    };
}

fn text(f: &Option<TextFilter>, v: Option<&str>) -> bool {
    f.as_ref().is_none_or(|f| f.matches(v))
}

impl PodGraph {
    /// Whether an episode satisfies a filter.
    pub fn episode_matches(&self, e: EpisodeId, f: &EpisodeFilter) -> bool {
        boolean!(f, self, episode_matches, e);
        let ep = self.episode(e);
        if f.ids.as_ref().is_some_and(|s| !s.contains(&e))
            || !text(&f.title, Some(&ep.title))
            || !text(&f.slug, Some(&ep.slug))
            || !text(&f.podcast, Some(&ep.podcast))
            || f.number.as_ref().is_some_and(|n| !n.matches(ep.number.map(i64::from)))
            || f.date.as_ref().is_some_and(|d| !d.matches(ep.date))
            || f.duration_seconds.as_ref().is_some_and(|n| !n.matches(ep.duration_seconds.map(i64::from)))
            || f.tag.as_ref().is_some_and(|t| !ep.tags.iter().any(|x| t.matches(Some(x))))
            || f.show.as_ref().is_some_and(|s| !self.show_matches(ep.show, s))
        {
            return false;
        }
        let people = |rel: &Rel<PersonFilter>, panel: Option<bool>| {
            let items: Vec<PersonId> = ep
                .appearances
                .iter()
                .map(|a| self.appearance(*a))
                .filter(|a| panel.is_none_or(|p| a.role.is_panel() == p))
                .filter(|a| rel.role.is_none_or(|r| role_is(a.role, r)))
                .map(|a| a.person)
                .collect();
            rel.holds(&items, |p, f| self.person_matches(p, f))
        };
        if f.people.as_ref().is_some_and(|r| !people(r, None))
            || f.panelists.as_ref().is_some_and(|r| !people(r, Some(true)))
            || f.guests.as_ref().is_some_and(|r| !people(r, Some(false)))
        {
            return false;
        }
        if let Some(r) = &f.sponsors {
            let sponsors: Vec<SponsorId> = ep.sponsorships.iter().map(|s| self.sponsorship(*s).sponsor).collect();
            if !r.holds(&sponsors, |s, f| self.sponsor_matches(s, f)) {
                return false;
            }
        }
        if let Some(r) = &f.picks
            && !r.holds(&ep.picks, |p, f| self.pick_matches(p, f))
        {
            return false;
        }
        true
    }

    /// Whether a show satisfies a filter.
    pub fn show_matches(&self, s: ShowId, f: &ShowFilter) -> bool {
        boolean!(f, self, show_matches, s);
        let show = self.show(s);
        if f.ids.as_ref().is_some_and(|set| !set.contains(&s))
            || !text(&f.slug, Some(&show.slug))
            || !text(&f.title, Some(&show.title))
        {
            return false;
        }
        if let Some(r) = &f.episodes
            && !r.holds(&show.episodes, |e, f| self.episode_matches(e, f))
        {
            return false;
        }
        if let Some(r) = &f.hosts
            && !r.holds(&show.hosts, |p, f| self.person_matches(p, f))
        {
            return false;
        }
        if let Some(r) = &f.sponsors {
            let sponsors: Vec<SponsorId> = self.sponsors_of_show(s).iter().map(|t| t.key).collect();
            if !r.holds(&sponsors, |x, f| self.sponsor_matches(x, f)) {
                return false;
            }
        }
        true
    }

    /// Whether a person satisfies a filter.
    pub fn person_matches(&self, p: PersonId, f: &PersonFilter) -> bool {
        boolean!(f, self, person_matches, p);
        let person = self.person(p);
        if f.ids.as_ref().is_some_and(|set| !set.contains(&p))
            || !text(&f.slug, Some(&person.slug))
            || !text(&f.name, Some(&person.name))
            || f.any_name
                .as_ref()
                .is_some_and(|t| !std::iter::once(&person.name).chain(&person.aliases).any(|n| t.matches(Some(n))))
        {
            return false;
        }
        if let Some(r) = &f.episodes {
            let items: Vec<EpisodeId> = self.appearances_of(p, r.role).map(|a| a.episode).collect();
            if !r.holds(&items, |e, f| self.episode_matches(e, f)) {
                return false;
            }
        }
        if let Some(r) = &f.shows {
            let shows: Vec<ShowId> = self.shows_of_person(p, r.role).iter().map(|t| t.key).collect();
            if !r.holds(&shows, |s, f| self.show_matches(s, f)) {
                return false;
            }
        }
        if let Some(r) = &f.picks
            && !r.holds(&person.picks, |k, f| self.pick_matches(k, f))
        {
            return false;
        }
        if let Some(r) = &f.co_appearances {
            let others: Vec<PersonId> = self.co_appearances(p).iter().map(|c| c.person).collect();
            if !r.holds(&others, |o, f| self.person_matches(o, f)) {
                return false;
            }
        }
        true
    }

    /// Whether a sponsor satisfies a filter.
    pub fn sponsor_matches(&self, s: SponsorId, f: &SponsorFilter) -> bool {
        boolean!(f, self, sponsor_matches, s);
        let sponsor = self.sponsor(s);
        let domain = sponsor.link.map(|l| &*self.link(l).domain);
        if f.ids.as_ref().is_some_and(|set| !set.contains(&s))
            || !text(&f.slug, Some(&sponsor.slug))
            || !text(&f.name, Some(&sponsor.name))
            || f.any_name
                .as_ref()
                .is_some_and(|t| !std::iter::once(&sponsor.name).chain(&sponsor.aliases).any(|n| t.matches(Some(n))))
            || !text(&f.url, sponsor.url.as_deref())
            || !text(&f.domain, domain)
        {
            return false;
        }
        if let Some(r) = &f.episodes {
            let items: Vec<EpisodeId> = sponsor.sponsorships.iter().map(|x| self.sponsorship(*x).episode).collect();
            if !r.holds(&items, |e, f| self.episode_matches(e, f)) {
                return false;
            }
        }
        if let Some(r) = &f.shows {
            let shows: Vec<ShowId> = self.shows_of_sponsor(s).iter().map(|t| t.key).collect();
            if !r.holds(&shows, |x, f| self.show_matches(x, f)) {
                return false;
            }
        }
        true
    }

    /// Whether a pick satisfies a filter.
    pub fn pick_matches(&self, k: PickId, f: &PickFilter) -> bool {
        boolean!(f, self, pick_matches, k);
        let pick = self.pick(k);
        let domain = pick.link.map(|l| &*self.link(l).domain);
        if f.ids.as_ref().is_some_and(|set| !set.contains(&k))
            || !text(&f.title, Some(&pick.title))
            || !text(&f.url, self.pick_url(pick))
            || !text(&f.domain, domain)
            || f.attributed.is_some_and(|a| a != pick.picker.is_some())
        {
            return false;
        }
        if let Some(pf) = &f.picked_by
            && !pick.picker.is_some_and(|p| self.person_matches(p, pf))
        {
            return false;
        }
        if let Some(ef) = &f.episode
            && !self.episode_matches(pick.episode, ef)
        {
            return false;
        }
        if let Some(lf) = &f.link
            && !pick.link.is_some_and(|l| self.link_matches(l, lf))
        {
            return false;
        }
        true
    }

    /// Whether a link satisfies a filter.
    pub fn link_matches(&self, l: LinkId, f: &LinkFilter) -> bool {
        boolean!(f, self, link_matches, l);
        let link = self.link(l);
        if f.ids.as_ref().is_some_and(|set| !set.contains(&l))
            || !text(&f.url, Some(&link.canonical_url))
            || !text(&f.domain, Some(&link.domain))
            || !text(&f.title, Some(self.link_title(link)))
        {
            return false;
        }
        if let Some(r) = &f.picks
            && !r.holds(&link.picks, |k, f| self.pick_matches(k, f))
        {
            return false;
        }
        if let Some(r) = &f.picked_by {
            let people: Vec<PersonId> = self.pickers_of_link(l).iter().map(|t| t.key).collect();
            if !r.holds(&people, |p, f| self.person_matches(p, f)) {
                return false;
            }
        }
        if let Some(r) = &f.sponsors
            && !r.holds(self.link_sponsors(link.id), |s, f| self.sponsor_matches(s, f))
        {
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_operators() {
        let f = TextFilter::new(None, None, None, Some("CAFÉ"), None, None, None);
        assert!(f.matches(Some("Le café.js")));
        assert!(!f.matches(Some("coffee")));
        assert!(!f.matches(None), "a missing value never contains anything");
        let f = TextFilter::new(None, None, None, None, Some("git"), Some(".com"), None);
        assert!(f.matches(Some("GitHub.com")));
        assert!(!f.matches(Some("gitlab.org")));
        assert!(TextFilter::eq("Ruby").matches(Some("Ruby")));
        assert!(!TextFilter::eq("Ruby").matches(Some("ruby")), "eq is exact");
        let absent = TextFilter { exists: Some(false), ..Default::default() };
        assert!(absent.matches(None));
        assert!(!absent.matches(Some("x")));
        let any = TextFilter { any_of: Some(vec!["a".into(), "b".into()]), ..Default::default() };
        assert!(any.matches(Some("b")) && !any.matches(Some("c")));
    }

    #[test]
    fn number_and_date_ranges() {
        let f = IntFilter { gte: Some(2), lt: Some(5), ..Default::default() };
        assert!(f.count(2) && f.count(4) && !f.count(5) && !f.count(1));
        assert!(!f.matches(None));
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let f = DateFilter { gte: Some(d("2020-01-01")), lte: Some(d("2020-12-31")), ..Default::default() };
        assert!(f.matches(Some(d("2020-06-01"))));
        assert!(!f.matches(Some(d("2021-01-01"))));
        assert!(!f.matches(None), "a range excludes undated episodes");
        let y = DateFilter { year: Some(2019), ..Default::default() };
        assert!(y.matches(Some(d("2019-03-26"))) && !y.matches(Some(d("2018-03-26"))));
        let m = DateFilter { month: Some((2019, 3)), ..Default::default() };
        assert!(m.matches(Some(d("2019-03-26"))) && !m.matches(Some(d("2019-04-01"))));
        assert!(DateFilter::default().matches(None));
    }

    #[test]
    fn roles_and_relationship_quantifiers() {
        assert!(RoleFilter { eq: Some(Role::Panelist), any_of: None }.matches(Role::Host));
        assert!(!RoleFilter { eq: Some(Role::Host), any_of: None }.matches(Role::Panelist));
        let rel = |some: Option<i64>, none: Option<i64>, all: Option<i64>, single: Option<i64>| Rel::<i64> {
            some: some.map(Box::new),
            none: none.map(Box::new),
            all: all.map(Box::new),
            single: single.map(Box::new),
            ..Default::default()
        };
        let items = [1i64, 2, 2, 3];
        let test = |i: i64, f: &i64| i == *f;
        assert!(rel(Some(3), None, None, None).holds(&items, test));
        assert!(!rel(Some(4), None, None, None).holds(&items, test));
        assert!(rel(None, Some(4), None, None).holds(&items, test));
        assert!(!rel(None, None, Some(2), None).holds(&items, test));
        assert!(rel(None, None, Some(2), None).holds(&[], test), "all over nothing holds");
        assert!(rel(None, None, None, Some(1)).holds(&items, test));
        assert!(!rel(None, None, None, Some(2)).holds(&items, test), "2 appears twice");
        let counted = Rel::<i64> { count: Some(IntFilter { gt: Some(3), ..Default::default() }), ..Default::default() };
        assert!(counted.holds(&items, test));
    }
}
