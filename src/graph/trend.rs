//! Time series: episodes, guest appearances, picks and sponsorships counted per year or
//! month, over a [`Scope`] (one show or all, a date range). The group-by that users of
//! Hasura and Neo4j GraphQL still ask for.
//!
//! Series are dense: every bucket from the scope's first to its last dated episode is
//! present, empty ones with zero counts, so series of one scope share their x-axis.

use chrono::{Datelike, NaiveDate};

use super::aggregate::Scope;
use super::filter::EpisodeFilter;
use super::*;

/// Size of a time bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Year,
    Month,
}

/// What a series counts.
#[derive(Debug, Clone, Copy)]
pub enum Series<'a> {
    /// Episodes (passing a filter); `distinct` = shows.
    Episodes(Option<&'a EpisodeFilter>),
    /// Guest appearances (of one person); `distinct` = guests.
    Guests(Option<PersonId>),
    /// Picks (of one domain, by one person); `distinct` = pickers.
    Picks { domain: Option<&'a str>, person: Option<PersonId> },
    /// Sponsorships (of one sponsor); `distinct` = sponsors.
    Sponsorships(Option<SponsorId>),
}

/// One bucket of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrendPoint {
    /// First day of the bucket.
    pub start: NaiveDate,
    /// Last day of the bucket.
    pub end: NaiveDate,
    pub count: usize,
    pub distinct: usize,
}

impl Bucket {
    fn start_of(self, d: NaiveDate) -> NaiveDate {
        match self {
            Bucket::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1),
            Bucket::Month => NaiveDate::from_ymd_opt(d.year(), d.month(), 1),
        }
        .expect("first day of a valid date's year or month")
    }

    fn next(self, start: NaiveDate) -> NaiveDate {
        let (y, m) = match self {
            Bucket::Year => (start.year() + 1, 1),
            Bucket::Month if start.month() == 12 => (start.year() + 1, 1),
            Bucket::Month => (start.year(), start.month() + 1),
        };
        NaiveDate::from_ymd_opt(y, m, 1).expect("first day of a month")
    }
}

/// A dated fact and the key it adds to the bucket's distinct count (`None`: counted, but
/// nobody distinct, as an unattributed pick).
type Fact = (NaiveDate, Option<u32>);

/// Counts dated facts into dense buckets covering `axis` (first and last day, inclusive).
/// Facts outside the axis are ignored.
pub fn dense(mut facts: Vec<Fact>, axis: (NaiveDate, NaiveDate), bucket: Bucket) -> Vec<TrendPoint> {
    facts.sort_unstable();
    let mut points = Vec::new();
    let mut start = bucket.start_of(axis.0);
    let last_start = bucket.start_of(axis.1);
    let mut i = facts.partition_point(|f| f.0 < start);
    let mut keys: Vec<u32> = Vec::new();
    while start <= last_start {
        let next = bucket.next(start);
        keys.clear();
        let mut count = 0;
        while i < facts.len() && facts[i].0 < next {
            if facts[i].0 <= axis.1 {
                count += 1;
                keys.extend(facts[i].1);
            }
            i += 1;
        }
        keys.sort_unstable();
        keys.dedup();
        let end = next.pred_opt().expect("a day before the first of a month");
        points.push(TrendPoint { start, end, count, distinct: keys.len() });
        start = next;
    }
    points
}

impl PodGraph {
    /// A dense series over the scope: buckets from its first to its last dated episode.
    pub fn trend(&self, scope: &Scope, series: Series<'_>, bucket: Bucket) -> Vec<TrendPoint> {
        let episodes = self.scope_episodes(scope);
        let dated: Vec<(EpisodeId, NaiveDate)> =
            episodes.iter().filter_map(|e| self.episode(*e).date.map(|d| (*e, d))).collect();
        let (Some(first), Some(last)) = (dated.first(), dated.last()) else {
            return Vec::new();
        };
        let axis = (first.1, last.1);
        let mut facts: Vec<Fact> = Vec::new();
        for &(e, date) in &dated {
            let ep = self.episode(e);
            match series {
                Series::Episodes(f) => {
                    if f.is_none_or(|f| self.episode_matches(e, f)) {
                        facts.push((date, Some(ep.show.0)));
                    }
                }
                Series::Guests(who) => facts.extend(
                    self.people_of(e, Some(false))
                        .filter(|a| who.is_none_or(|w| a.person == w))
                        .map(|a| (date, Some(a.person.0))),
                ),
                Series::Picks { domain, person } => {
                    for k in &ep.picks {
                        let pick = self.pick(*k);
                        let in_domain = domain.is_none_or(|d| pick.link.is_some_and(|l| &*self.link(l).domain == d));
                        if in_domain && person.is_none_or(|p| pick.picker == Some(p)) {
                            facts.push((date, pick.picker.map(|p| p.0)));
                        }
                    }
                }
                Series::Sponsorships(which) => facts.extend(
                    ep.sponsorships
                        .iter()
                        .map(|x| self.sponsorship(*x))
                        .filter(|s| which.is_none_or(|w| s.sponsor == w))
                        .map(|s| (date, Some(s.sponsor.0))),
                ),
            }
        }
        dense(facts, axis, bucket)
    }

    /// A sponsor's sponsorships per bucket (optionally on one show), over the sponsor's
    /// whole run (its first to its last sponsored episode). Reads only its sponsorships.
    pub fn sponsor_timeline(&self, s: SponsorId, show: Option<ShowId>, bucket: Bucket) -> Vec<TrendPoint> {
        let sponsorships = &self.sponsor(s).sponsorships;
        let dates: Vec<(NaiveDate, ShowId)> = sponsorships
            .iter()
            .filter_map(|x| {
                let e = self.episode(self.sponsorship(*x).episode);
                e.date.map(|d| (d, e.show))
            })
            .collect();
        let (Some(first), Some(last)) = (dates.iter().map(|d| d.0).min(), dates.iter().map(|d| d.0).max()) else {
            return Vec::new();
        };
        let facts =
            dates.into_iter().filter(|(_, sh)| show.is_none_or(|w| *sh == w)).map(|(d, _)| (d, Some(s.0))).collect();
        dense(facts, (first, last), bucket)
    }

    /// A person's picks per bucket, from their first to their last dated pick. Reads only
    /// their picks.
    pub fn pick_timeline(&self, p: PersonId, bucket: Bucket) -> Vec<TrendPoint> {
        let facts: Vec<Fact> = self
            .person(p)
            .picks
            .iter()
            .filter_map(|k| self.episode(self.pick(*k).episode).date.map(|d| (d, Some(p.0))))
            .collect();
        let (Some(first), Some(last)) = (facts.iter().map(|f| f.0).min(), facts.iter().map(|f| f.0).max()) else {
            return Vec::new();
        };
        dense(facts, (first, last), bucket)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_series_fill_gaps_and_count_distinct_keys() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let facts = vec![
            (d("2020-03-02"), Some(1)),
            (d("2020-01-31"), Some(1)),
            (d("2020-01-01"), Some(2)),
            (d("2020-01-15"), None),
        ];
        let points = dense(facts, (d("2020-01-01"), d("2020-03-31")), Bucket::Month);
        let summary: Vec<(String, usize, usize)> =
            points.iter().map(|p| (p.start.format("%Y-%m").to_string(), p.count, p.distinct)).collect();
        assert_eq!(summary, [("2020-01".into(), 3, 2), ("2020-02".into(), 0, 0), ("2020-03".into(), 1, 1)]);
        assert_eq!(points[1].end, d("2020-02-29"));
        assert!(dense(vec![], (d("2020-05-05"), d("2020-05-05")), Bucket::Year).iter().all(|p| p.count == 0));
    }

    #[test]
    fn buckets_step_over_year_ends() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(Bucket::Month.start_of(d("2020-12-31")), d("2020-12-01"));
        assert_eq!(Bucket::Month.next(d("2020-12-01")), d("2021-01-01"));
        assert_eq!(Bucket::Year.start_of(d("2020-06-15")), d("2020-01-01"));
        assert_eq!(Bucket::Year.next(d("2020-01-01")), d("2021-01-01"));
    }
}
