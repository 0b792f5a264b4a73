//! Relationship answers that are not entities: paths between people, ranked aggregates
//! (`topLinks`, `topDomains`, `topPickers`, `topGuests`, `topSponsors`) and time trends.

use async_graphql::connection::EmptyFields;
use async_graphql::{Context, Enum, ID, Object, SimpleObject};

use crate::graph::aggregate::{Ranked, Scope};
use crate::graph::trend::{self, Bucket, Series};
use crate::graph::{LinkId, PersonId, PodGraph, SponsorId};

use super::filters::{EpisodeOrderBy, EpisodeWhere, filter, order};
use super::ids::{self, NodeRef};
use super::page::{PageArgs, SearchFields, connection};
use super::types::{Date, Episode, EpisodeConnection, Link, Person, Sponsor, g};

type Res<T> = async_graphql::Result<T>;

/// Resolves a person argument: a global id, or a slug for convenience.
pub fn person_arg(g: &PodGraph, id: &ID) -> Res<PersonId> {
    match ids::resolve(g, id) {
        Some(NodeRef::Person(p)) => Ok(p),
        _ => g.person_by_slug(id).ok_or_else(|| format!("no person with id or slug {:?}", id.as_str()).into()),
    }
}

/// Resolves an optional show slug.
pub fn show_arg(g: &PodGraph, slug: Option<&str>) -> Res<Option<crate::graph::ShowId>> {
    match slug {
        Some(s) => g.show_by_slug(s).map(Some).ok_or_else(|| format!("unknown show {s:?}").into()),
        None => Ok(None),
    }
}

/// The scope of an aggregate from its common arguments.
pub fn scope_of(
    g: &PodGraph,
    show: Option<&str>,
    year: Option<i32>,
    from: Option<Date>,
    to: Option<Date>,
) -> Res<Scope> {
    let show = show_arg(g, show)?;
    let base = match year {
        Some(y) => Scope::year(show, y),
        None => Scope { show, from: None, to: None },
    };
    Ok(base.within(from.map(|d| d.0), to.map(|d| d.0)))
}

/// The shortest chain of people between two people.
#[derive(Clone, Debug)]
pub struct Path {
    people: Vec<PersonId>,
}

/// Builds the path answer (`None` when not connected within `max_hops`).
pub fn path_between(g: &PodGraph, from: PersonId, to: PersonId, max_hops: i32) -> Option<Path> {
    let hops = g.path(from, to, max_hops.clamp(0, 20) as usize)?;
    let mut people = vec![from];
    people.extend(hops.iter().map(|h| h.to));
    Some(Path { people })
}

/// The shortest chain of people linking two people through shared episodes.
#[Object]
impl Path {
    /// Number of hops (0 when both ends are the same person).
    async fn length(&self) -> i32 {
        self.people.len() as i32 - 1
    }
    /// The people on the chain, from the start to the end.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn people(&self) -> Vec<Person> {
        self.people.iter().map(|p| Person(*p)).collect()
    }
    /// The hops: for each consecutive pair, the episodes they shared.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn hops(&self) -> Vec<PathHop> {
        self.people.windows(2).map(|w| PathHop { from: w[0], to: w[1] }).collect()
    }
}

/// One hop of a path: two people who appeared together.
#[derive(Clone, Copy, Debug)]
pub struct PathHop {
    from: PersonId,
    to: PersonId,
}

/// One hop of a path: two people who appeared together.
#[Object]
impl PathHop {
    /// The person this hop starts from.
    async fn from(&self) -> Person {
        Person(self.from)
    }
    /// The person this hop reaches.
    async fn to(&self) -> Person {
        Person(self.to)
    }
    /// How many episodes the two shared.
    async fn shared_count(&self, ctx: &Context<'_>) -> i32 {
        g(ctx).shared_episodes(self.from, self.to).len() as i32
    }
    /// The episodes the two shared, oldest first unless `orderBy` says otherwise.
    #[graphql(complexity = "super::page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn episodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "where", desc = "Only episodes matching this filter.")] filter_: Option<EpisodeWhere>,
        #[graphql(desc = "Sort keys (default: oldest first).")] order_by: Option<Vec<EpisodeOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<EpisodeConnection> {
        let g = g(ctx);
        let f = filter(g, filter_)?;
        let list =
            g.select_episodes(g.shared_episodes(self.from, self.to), f.as_ref(), &order(order_by, EpisodeOrderBy::key));
        EpisodeConnection::page(&list, &PageArgs::new(first, after, last, before), |e| {
            (Episode(*e), SearchFields::default())
        })
    }
}

/// Size of the time buckets of a trend.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum TimeBucket {
    /// Calendar years.
    Year,
    /// Calendar months.
    Month,
}

impl From<TimeBucket> for Bucket {
    fn from(b: TimeBucket) -> Self {
        match b {
            TimeBucket::Year => Bucket::Year,
            TimeBucket::Month => Bucket::Month,
        }
    }
}

/// One bucket of a time series.
#[derive(SimpleObject, Clone, Debug)]
pub struct TrendPoint {
    /// The bucket: `2020` for a year, `2020-03` for a month.
    pub period: String,
    /// First day of the bucket.
    pub start: Date,
    /// Last day of the bucket.
    pub end: Date,
    /// What the series counts (episodes, guest appearances, picks, sponsorships).
    pub count: i32,
    /// Distinct things behind the count: shows for episodes, guests for guest
    /// appearances, pickers for picks, sponsors for sponsorships.
    pub distinct: i32,
}

impl TrendPoint {
    pub fn series(points: &[trend::TrendPoint], bucket: TimeBucket) -> Vec<TrendPoint> {
        points
            .iter()
            .map(|p| TrendPoint {
                period: match bucket {
                    TimeBucket::Year => p.start.format("%Y").to_string(),
                    TimeBucket::Month => p.start.format("%Y-%m").to_string(),
                },
                start: Date(p.start),
                end: Date(p.end),
                count: p.count as i32,
                distinct: p.distinct as i32,
            })
            .collect()
    }
}

/// Time series over one scope (a show or the whole network, a date range), grouped by
/// year or month. Every series of one scope covers the same buckets, from its first to
/// its last dated episode, empty buckets included.
#[derive(Clone, Copy, Debug)]
pub struct Trends {
    scope: Scope,
    bucket: TimeBucket,
}

impl Trends {
    pub fn new(scope: Scope, bucket: TimeBucket) -> Self {
        Trends { scope, bucket }
    }

    fn run(&self, g: &PodGraph, series: Series<'_>) -> Vec<TrendPoint> {
        TrendPoint::series(&g.trend(&self.scope, series, self.bucket.into()), self.bucket)
    }
}

/// Time series over one scope, grouped by year or month.
#[Object]
impl Trends {
    /// The bucket size.
    async fn group_by(&self) -> TimeBucket {
        self.bucket
    }
    /// Episodes per bucket (`distinct`: shows).
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn episodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "where", desc = "Only episodes matching this filter.")] filter_: Option<EpisodeWhere>,
    ) -> Res<Vec<TrendPoint>> {
        let g = g(ctx);
        let f = filter(g, filter_)?;
        Ok(self.run(g, Series::Episodes(f.as_ref())))
    }
    /// Guest appearances per bucket (`distinct`: guests).
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn guest_appearances(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this guest: a global id or a slug.")] person: Option<ID>,
    ) -> Res<Vec<TrendPoint>> {
        let g = g(ctx);
        let person = person.map(|p| person_arg(g, &p)).transpose()?;
        Ok(self.run(g, Series::Guests(person)))
    }
    /// Picks per bucket (`distinct`: pickers), optionally of one domain or by one person.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn picks(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only links on this domain (`github.com`; `www.` ignored).")] domain: Option<String>,
        #[graphql(desc = "Only picks by this person: a global id or a slug.")] person: Option<ID>,
    ) -> Res<Vec<TrendPoint>> {
        let g = g(ctx);
        let person = person.map(|p| person_arg(g, &p)).transpose()?;
        let domain = domain.map(|d| d.trim().to_lowercase());
        let domain = domain.as_deref().map(|d| d.strip_prefix("www.").unwrap_or(d));
        Ok(self.run(g, Series::Picks { domain, person }))
    }
    /// Sponsorships per bucket (`distinct`: sponsors), optionally of one sponsor.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn sponsorships(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this sponsor (slug).")] sponsor: Option<String>,
    ) -> Res<Vec<TrendPoint>> {
        let g = g(ctx);
        let sponsor = match sponsor {
            Some(s) => Some(g.sponsor_by_slug(&s).ok_or_else(|| format!("unknown sponsor {s:?}"))?),
            None => None,
        };
        Ok(self.run(g, Series::Sponsorships(sponsor)))
    }
}

/// A link in a ranking of the most picked.
#[derive(Clone, Debug)]
pub struct RankedLink(pub Ranked<LinkId>);

/// A link in a ranking of the most picked.
#[Object]
impl RankedLink {
    /// 1-based rank; equal counts share a rank (1, 2, 2, 4).
    async fn rank(&self) -> i32 {
        self.0.rank as i32
    }
    /// The link.
    async fn link(&self) -> Link {
        Link(self.0.key)
    }
    /// Times it was picked in the scope.
    async fn count(&self) -> i32 {
        self.0.count as i32
    }
    /// Distinct people who picked it in the scope.
    async fn pickers(&self) -> i32 {
        self.0.people as i32
    }
    /// Distinct episodes it was picked on.
    async fn episodes(&self) -> i32 {
        self.0.episodes as i32
    }
    /// The first episode it was picked on in the scope.
    async fn first_episode(&self) -> Episode {
        Episode(self.0.first)
    }
    /// The last episode it was picked on in the scope.
    async fn last_episode(&self) -> Episode {
        Episode(self.0.last)
    }
}

/// A domain in a ranking of the most picked.
#[derive(Clone, Debug)]
pub struct RankedDomain(pub Ranked<String>);

/// A domain in a ranking of the most picked.
#[Object]
impl RankedDomain {
    /// 1-based rank; equal counts share a rank.
    async fn rank(&self) -> i32 {
        self.0.rank as i32
    }
    /// The domain (`github.com`).
    async fn domain(&self) -> &str {
        &self.0.key
    }
    /// Picks of links on this domain in the scope.
    async fn count(&self) -> i32 {
        self.0.count as i32
    }
    /// Distinct links on this domain that were picked.
    async fn links(&self) -> i32 {
        self.0.links as i32
    }
    /// Distinct people who picked them.
    async fn pickers(&self) -> i32 {
        self.0.people as i32
    }
    /// Distinct episodes with such a pick.
    async fn episodes(&self) -> i32 {
        self.0.episodes as i32
    }
    /// The first episode with such a pick in the scope.
    async fn first_episode(&self) -> Episode {
        Episode(self.0.first)
    }
    /// The last episode with such a pick in the scope.
    async fn last_episode(&self) -> Episode {
        Episode(self.0.last)
    }
}

/// A person in a ranking (of pickers or of guests).
#[derive(Clone, Debug)]
pub struct RankedPerson(pub Ranked<PersonId>);

/// A person in a ranking (of pickers or of guests).
#[Object]
impl RankedPerson {
    /// 1-based rank; equal counts share a rank.
    async fn rank(&self) -> i32 {
        self.0.rank as i32
    }
    /// The person.
    async fn person(&self) -> Person {
        Person(self.0.key)
    }
    /// What is ranked: picks (`topPickers`) or guest appearances (`topGuests`).
    async fn count(&self) -> i32 {
        self.0.count as i32
    }
    /// Distinct episodes behind the count.
    async fn episodes(&self) -> i32 {
        self.0.episodes as i32
    }
    /// Distinct shows behind the count.
    async fn shows(&self) -> i32 {
        self.0.shows as i32
    }
    /// Distinct links picked (0 for guest rankings).
    async fn links(&self) -> i32 {
        self.0.links as i32
    }
    /// The first episode counted.
    async fn first_episode(&self) -> Episode {
        Episode(self.0.first)
    }
    /// The last episode counted.
    async fn last_episode(&self) -> Episode {
        Episode(self.0.last)
    }
}

/// A sponsor in a ranking of the most episodes sponsored.
#[derive(Clone, Debug)]
pub struct RankedSponsor(pub Ranked<SponsorId>);

/// A sponsor in a ranking of the most episodes sponsored.
#[Object]
impl RankedSponsor {
    /// 1-based rank; equal counts share a rank.
    async fn rank(&self) -> i32 {
        self.0.rank as i32
    }
    /// The sponsor.
    async fn sponsor(&self) -> Sponsor {
        Sponsor(self.0.key)
    }
    /// Episodes sponsored in the scope.
    async fn count(&self) -> i32 {
        self.0.count as i32
    }
    /// Distinct shows sponsored in the scope.
    async fn shows(&self) -> i32 {
        self.0.shows as i32
    }
    /// The first sponsored episode in the scope.
    async fn first_episode(&self) -> Episode {
        Episode(self.0.first)
    }
    /// The last sponsored episode in the scope.
    async fn last_episode(&self) -> Episode {
        Episode(self.0.last)
    }
}

connection!(
    RankedLinkConnection,
    RankedLinkEdge,
    RankedLink,
    EmptyFields,
    "A page of a link ranking (Relay connection).",
    "A row of a link ranking, with its cursor."
);
connection!(
    RankedDomainConnection,
    RankedDomainEdge,
    RankedDomain,
    EmptyFields,
    "A page of a domain ranking (Relay connection).",
    "A row of a domain ranking, with its cursor."
);
connection!(
    RankedPersonConnection,
    RankedPersonEdge,
    RankedPerson,
    EmptyFields,
    "A page of a ranking of people (Relay connection).",
    "A row of a ranking of people, with its cursor."
);
connection!(
    RankedSponsorConnection,
    RankedSponsorEdge,
    RankedSponsor,
    EmptyFields,
    "A page of a sponsor ranking (Relay connection).",
    "A row of a sponsor ranking, with its cursor."
);
