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

impl PodGraph {
    /// A dense series over the scope.
    pub fn trend(&self, scope: &Scope, series: Series<'_>, bucket: Bucket) -> Vec<TrendPoint> {
        let episodes = self.scope_episodes(scope);
        let dated: Vec<(EpisodeId, NaiveDate)> =
            episodes.iter().filter_map(|e| self.episode(*e).date.map(|d| (*e, d))).collect();
        let (Some(first), Some(last)) = (dated.first(), dated.last()) else {
            return Vec::new();
        };
        let mut points = Vec::new();
        let mut start = bucket.start_of(first.1);
        let end_start = bucket.start_of(last.1);
        let mut i = 0;
        while start <= end_start {
            let next = bucket.next(start);
            let mut count = 0;
            let mut keys: Vec<u32> = Vec::new();
            while i < dated.len() && dated[i].1 < next {
                let e = dated[i].0;
                let ep = self.episode(e);
                match series {
                    Series::Episodes(f) => {
                        if f.is_none_or(|f| self.episode_matches(e, f)) {
                            count += 1;
                            keys.push(ep.show.0);
                        }
                    }
                    Series::Guests(who) => {
                        for a in self.people_of(e, Some(false)).filter(|a| who.is_none_or(|w| a.person == w)) {
                            count += 1;
                            keys.push(a.person.0);
                        }
                    }
                    Series::Picks { domain, person } => {
                        for k in &ep.picks {
                            let pick = self.pick(*k);
                            let in_domain = domain.is_none_or(|d| pick.link.is_some_and(|l| self.link(l).domain == d));
                            if in_domain && person.is_none_or(|p| pick.picker == Some(p)) {
                                count += 1;
                                keys.extend(pick.picker.map(|p| p.0));
                            }
                        }
                    }
                    Series::Sponsorships(which) => {
                        for x in &ep.sponsorships {
                            let s = self.sponsorship(*x);
                            if which.is_none_or(|w| s.sponsor == w) {
                                count += 1;
                                keys.push(s.sponsor.0);
                            }
                        }
                    }
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_step_over_year_ends() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(Bucket::Month.start_of(d("2020-12-31")), d("2020-12-01"));
        assert_eq!(Bucket::Month.next(d("2020-12-01")), d("2021-01-01"));
        assert_eq!(Bucket::Year.start_of(d("2020-06-15")), d("2020-01-01"));
        assert_eq!(Bucket::Year.next(d("2020-01-01")), d("2021-01-01"));
    }
}
