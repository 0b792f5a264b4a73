//! GraphQL object types of the graph's entities. Each is a thin, `Copy` wrapper around a
//! graph id; every field delegates to `graph`. The request's snapshot comes from the context.
//!
//! Relationship fields read adjacency lists and tallies computed from them, never a whole
//! arena, so fanning out (100 people × their picks × the episodes) stays N+1 free.

use async_graphql::connection::EmptyFields;
use async_graphql::{Context, Enum, ID, Object, Scalar, ScalarType, SimpleObject, Value};
use chrono::NaiveDate;

use crate::graph::aggregate::{Scope, Tally};
use crate::graph::{AppearanceId, EpisodeId, LinkId, PersonId, PickId, PodGraph, ShowId, SponsorId, SponsorshipId};
use crate::model;

use super::filters::{
    AppearanceOrderBy, AppearanceWhere, EpisodeOrderBy, EpisodeWhere, PersonWhere, PickOrderBy, PickWhere, ShowWhere,
    SponsorWhere, TallyOrderBy, filter, order, pick_filter,
};
use super::ids;
use super::page::{PageArgs, SearchFields, connection};
use super::relations::{Path, TimeBucket, TrendPoint, Trends, path_between, person_arg};
use super::snapshot;

type Res<T> = async_graphql::Result<T>;

pub(crate) fn g<'a>(ctx: &Context<'a>) -> &'a PodGraph {
    &snapshot(ctx).graph
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub NaiveDate);

/// A calendar date in ISO 8601 form, `YYYY-MM-DD`.
#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> async_graphql::InputValueResult<Self> {
        match &value {
            Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| async_graphql::InputValueError::custom("expected a date as YYYY-MM-DD")),
            _ => Err(async_graphql::InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

/// The role a person had on an episode.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Listed as host of the episode (hosts sit on the panel).
    Host,
    /// Listed on the panel. As a filter, also matches hosts.
    Panelist,
    /// A guest or special guest.
    Guest,
}

impl From<model::Role> for Role {
    fn from(r: model::Role) -> Self {
        match r {
            model::Role::Host => Role::Host,
            model::Role::Panelist => Role::Panelist,
            model::Role::Guest => Role::Guest,
        }
    }
}

impl From<Role> for model::Role {
    fn from(r: Role) -> Self {
        match r {
            Role::Host => model::Role::Host,
            Role::Panelist => model::Role::Panelist,
            Role::Guest => model::Role::Guest,
        }
    }
}

/// Where a fact was read: the page (relative to the data folder) and its line.
#[derive(SimpleObject, Clone, Debug)]
pub struct Source {
    /// Path of the Markdown page, relative to the data folder.
    pub file: String,
    /// 1-based line in that page.
    pub line: i32,
}

impl Source {
    /// A fact of `episode` read at `line` of its page.
    fn of(g: &PodGraph, episode: EpisodeId, line: u32) -> Self {
        Source { file: g.episode(episode).file.clone(), line: line as i32 }
    }
}

/// A podcast show.
#[derive(Clone, Copy, Debug)]
pub struct Show(pub ShowId);

/// One episode page.
#[derive(Clone, Copy, Debug)]
pub struct Episode(pub EpisodeId);

/// A person: panelist, host, guest or picker, one node across all shows.
#[derive(Clone, Copy, Debug)]
pub struct Person(pub PersonId);

/// A sponsor brand, one node across shows and spellings.
#[derive(Clone, Copy, Debug)]
pub struct Sponsor(pub SponsorId);

/// A URL that was picked or sponsors link to, identified by its canonical form.
#[derive(Clone, Copy, Debug)]
pub struct Link(pub LinkId);

/// One recommended item of an episode's Picks.
#[derive(Clone, Copy, Debug)]
pub struct Pick(pub PickId);

/// A person's appearance on an episode, in a role.
#[derive(Clone, Copy, Debug)]
pub struct Appearance(pub AppearanceId);

/// A sponsor's backing of one episode.
#[derive(Clone, Copy, Debug)]
pub struct Sponsorship(pub SponsorshipId);

/// A link of an episode's Links section.
#[derive(SimpleObject, Clone, Debug)]
pub struct EpisodeLink {
    /// The link text.
    pub title: String,
    /// As written in the notes.
    pub url: String,
}

/// Properties of a relationship that holds over several episodes: how many, and the
/// first and last of them.
#[derive(Clone, Copy, Debug)]
pub struct TallyFields {
    count: usize,
    first: EpisodeId,
    last: EpisodeId,
}

impl<K> From<&Tally<K>> for TallyFields {
    fn from(t: &Tally<K>) -> Self {
        TallyFields { count: t.count, first: t.first, last: t.last }
    }
}

/// Properties of a relationship that holds over several episodes.
#[Object]
impl TallyFields {
    /// How many times the relationship holds: episodes (appearances, sponsorships) or
    /// picks, as the field returning this list says.
    async fn count(&self) -> i32 {
        self.count as i32
    }
    /// The chronologically first episode of the relationship (null when `count` is 0, as
    /// for a listed host who never sat on the panel).
    async fn first_episode(&self) -> Option<Episode> {
        (self.count > 0).then_some(Episode(self.first))
    }
    /// The chronologically last episode of the relationship (null when `count` is 0).
    async fn last_episode(&self) -> Option<Episode> {
        (self.count > 0).then_some(Episode(self.last))
    }
}

/// Properties of a co-appearance: the episodes two people shared.
#[derive(Clone, Copy, Debug)]
pub struct CoAppearanceFields {
    person: PersonId,
    other: PersonId,
}

/// Properties of a co-appearance: the episodes two people shared.
#[Object]
impl CoAppearanceFields {
    /// Number of episodes they shared.
    async fn count(&self, ctx: &Context<'_>) -> i32 {
        g(ctx).shared_episodes(self.person, self.other).len() as i32
    }
    /// Their first shared episode.
    async fn first_episode(&self, ctx: &Context<'_>) -> Option<Episode> {
        g(ctx).shared_episodes(self.person, self.other).first().map(|e| Episode(*e))
    }
    /// Their latest shared episode.
    async fn last_episode(&self, ctx: &Context<'_>) -> Option<Episode> {
        g(ctx).shared_episodes(self.person, self.other).last().map(|e| Episode(*e))
    }
    /// The shared episodes, oldest first unless `orderBy` says otherwise.
    #[graphql(complexity = "super::page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn shared_episodes(
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
        let list = g.select_episodes(
            g.shared_episodes(self.person, self.other),
            f.as_ref(),
            &order(order_by, EpisodeOrderBy::key),
        );
        EpisodeConnection::page(&list, &PageArgs::new(first, after, last, before), |e| {
            (Episode(*e), SearchFields::default())
        })
    }
}

connection!(
    EpisodeConnection,
    EpisodeEdge,
    Episode,
    SearchFields,
    "A page of episodes (Relay connection).",
    "An episode in a page, with its cursor (and relevance when searched)."
);
connection!(
    PersonConnection,
    PersonEdge,
    Person,
    SearchFields,
    "A page of people (Relay connection).",
    "A person in a page, with its cursor (and relevance when searched)."
);
connection!(
    ShowConnection,
    ShowEdge,
    Show,
    SearchFields,
    "A page of shows (Relay connection).",
    "A show in a page, with its cursor (and relevance when searched)."
);
connection!(
    SponsorConnection,
    SponsorEdge,
    Sponsor,
    SearchFields,
    "A page of sponsors (Relay connection).",
    "A sponsor in a page, with its cursor (and relevance when searched)."
);
connection!(
    PickConnection,
    PickEdge,
    Pick,
    SearchFields,
    "A page of picks (Relay connection).",
    "A pick in a page, with its cursor (and relevance when searched)."
);
connection!(
    LinkConnection,
    LinkEdge,
    Link,
    SearchFields,
    "A page of links (Relay connection).",
    "A link in a page, with its cursor (and relevance when searched)."
);
connection!(
    AppearanceConnection,
    AppearanceEdge,
    Appearance,
    EmptyFields,
    "A page of appearances (Relay connection).",
    "An appearance in a page, with its cursor."
);
connection!(
    SponsorshipConnection,
    SponsorshipEdge,
    Sponsorship,
    EmptyFields,
    "A page of sponsorships (Relay connection).",
    "A sponsorship in a page, with its cursor."
);
connection!(
    ShowTallyConnection,
    ShowTallyEdge,
    Show,
    TallyFields,
    "A page of shows related to something over several episodes (Relay connection).",
    "A related show, with how many episodes the relationship holds on and the first and last."
);
connection!(
    PersonTallyConnection,
    PersonTallyEdge,
    Person,
    TallyFields,
    "A page of people related to something over several episodes or picks (Relay connection).",
    "A related person, with how often the relationship holds and its first and last episode."
);
connection!(
    SponsorTallyConnection,
    SponsorTallyEdge,
    Sponsor,
    TallyFields,
    "A page of sponsors related to something over several episodes (Relay connection).",
    "A related sponsor, with how many episodes it sponsored and the first and last."
);
connection!(
    CoAppearanceConnection,
    CoAppearanceEdge,
    Person,
    CoAppearanceFields,
    "A page of the people someone appeared with (Relay connection).",
    "Someone who appeared with the person, with the episodes they shared."
);

fn args(first: Option<i32>, after: Option<String>, last: Option<i32>, before: Option<String>) -> PageArgs {
    PageArgs::new(first, after, last, before)
}

fn no_score() -> SearchFields {
    SearchFields::default()
}

/// A podcast show.
#[Object]
impl Show {
    /// Global id (opaque, stable across reloads).
    pub async fn id(&self, ctx: &Context<'_>) -> ID {
        ID(ids::show(g(ctx), self.0))
    }
    /// The show's slug, as used in `podcast` front matter (`js-jabber`).
    async fn slug<'a>(&self, ctx: &Context<'a>) -> &'a str {
        &g(ctx).show(self.0).slug
    }
    /// Display title (`JavaScript Jabber`).
    async fn title<'a>(&self, ctx: &Context<'a>) -> &'a str {
        &g(ctx).show(self.0).title
    }
    /// Number of episodes loaded.
    async fn episode_count(&self, ctx: &Context<'_>) -> i32 {
        g(ctx).show(self.0).episodes.len() as i32
    }
    /// The show's first episode (oldest dated).
    async fn first_episode(&self, ctx: &Context<'_>) -> Option<Episode> {
        g(ctx).show(self.0).episodes.first().map(|e| Episode(*e))
    }
    /// The show's latest dated episode.
    async fn last_episode(&self, ctx: &Context<'_>) -> Option<Episode> {
        let g = g(ctx);
        g.show(self.0).episodes.iter().rev().find(|e| g.episode(**e).date.is_some()).map(|e| Episode(*e))
    }
    /// Episodes, newest first unless `orderBy` says otherwise.
    #[graphql(complexity = "super::page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn episodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "where", desc = "Only episodes matching this filter.")] filter_: Option<EpisodeWhere>,
        #[graphql(desc = "Sort keys, most significant first.")] order_by: Option<Vec<EpisodeOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<EpisodeConnection> {
        let g = g(ctx);
        let base: Vec<EpisodeId> = g.show(self.0).episodes.iter().rev().copied().collect();
        let f = filter(g, filter_)?;
        let list = g.select_episodes(&base, f.as_ref(), &order(order_by, EpisodeOrderBy::key));
        EpisodeConnection::page(&list, &args(first, after, last, before), |e| (Episode(*e), no_score()))
    }
    /// Regular panel: the show's listed hosts and people on its panel in at least a tenth
    /// of its episodes; each edge counts their panel episodes on the show.
    #[graphql(complexity = "super::page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn hosts(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "where", desc = "Only people matching this filter.")] filter_: Option<PersonWhere>,
        #[graphql(desc = "Sort keys (default: most episodes first).")] order_by: Option<Vec<TallyOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<PersonTallyConnection> {
        let g = g(ctx);
        let f = filter(g, filter_)?;
        let list = g.select_tallies(
            g.hosts_of_show(self.0),
            |p| f.as_ref().is_none_or(|f| g.person_matches(p, f)),
            &order(order_by, TallyOrderBy::key),
        );
        PersonTallyConnection::page(&list, &args(first, after, last, before), |t| (Person(t.key), t.into()))
    }
    /// People who appeared on the show in a role (any when absent), each with their
    /// episodes on it; most episodes first.
    #[graphql(complexity = "super::page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn people(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this role (`PANELIST` includes hosts).")] role: Option<Role>,
        #[graphql(name = "where", desc = "Only people matching this filter.")] filter_: Option<PersonWhere>,
        #[graphql(desc = "Sort keys (default: most episodes first).")] order_by: Option<Vec<TallyOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<PersonTallyConnection> {
        let g = g(ctx);
        let f = filter(g, filter_)?;
        let list = g.select_tallies(
            g.people_of_show(self.0, role.map(Into::into)),
            |p| f.as_ref().is_none_or(|f| g.person_matches(p, f)),
            &order(order_by, TallyOrderBy::key),
        );
        PersonTallyConnection::page(&list, &args(first, after, last, before), |t| (Person(t.key), t.into()))
    }
    /// Sponsors of the show's episodes, each with the episodes it sponsored on the show.
    #[graphql(complexity = "super::page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn sponsors(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "where", desc = "Only sponsors matching this filter.")] filter_: Option<SponsorWhere>,
        #[graphql(desc = "Sort keys (default: most episodes first).")] order_by: Option<Vec<TallyOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<SponsorTallyConnection> {
        let g = g(ctx);
        let f = filter(g, filter_)?;
        let list = g.select_tallies(
            g.sponsors_of_show(self.0),
            |s| f.as_ref().is_none_or(|f| g.sponsor_matches(s, f)),
            &order(order_by, TallyOrderBy::key),
        );
        SponsorTallyConnection::page(&list, &args(first, after, last, before), |t| (Sponsor(t.key), t.into()))
    }
    /// The show's activity over time: episodes, guests, picks and sponsorships per year or month.
    async fn trends(
        &self,
        #[graphql(desc = "Bucket size.")] group_by: TimeBucket,
        #[graphql(desc = "Only from this day on.")] from: Option<Date>,
        #[graphql(desc = "Only up to this day.")] to: Option<Date>,
    ) -> Trends {
        Trends::new(Scope { show: Some(self.0), from: from.map(|d| d.0), to: to.map(|d| d.0) }, group_by)
    }
}

/// One episode page.
#[Object]
impl Episode {
    /// Global id (opaque, stable across reloads).
    pub async fn id(&self, ctx: &Context<'_>) -> ID {
        ID(ids::episode(g(ctx), self.0))
    }
    /// Front matter `podcast` (the folder name when absent).
    async fn podcast<'a>(&self, ctx: &Context<'a>) -> &'a str {
        &g(ctx).episode(self.0).podcast
    }
    /// The page's file name without `.md`.
    async fn slug<'a>(&self, ctx: &Context<'a>) -> &'a str {
        &g(ctx).episode(self.0).slug
    }
    /// Title, whitespace collapsed.
    async fn title<'a>(&self, ctx: &Context<'a>) -> &'a str {
        &g(ctx).episode(self.0).title
    }
    /// Episode number (front matter, else the number in the title).
    async fn number(&self, ctx: &Context<'_>) -> Option<i32> {
        g(ctx).episode(self.0).number.map(|n| n as i32)
    }
    /// Publication date.
    async fn date(&self, ctx: &Context<'_>) -> Option<Date> {
        g(ctx).episode(self.0).date.map(Date)
    }
    /// Length in seconds.
    async fn duration_seconds(&self, ctx: &Context<'_>) -> Option<i32> {
        g(ctx).episode(self.0).duration_seconds.map(|n| n as i32)
    }
    /// Audio file URL.
    async fn audio_url<'a>(&self, ctx: &Context<'a>) -> Option<&'a str> {
        g(ctx).episode(self.0).audio_url.as_deref()
    }
    /// Front matter tags.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn tags<'a>(&self, ctx: &Context<'a>) -> &'a [String] {
        &g(ctx).episode(self.0).tags
    }
    /// First paragraph of the notes' summary, when there is one.
    async fn summary<'a>(&self, ctx: &Context<'a>) -> Option<&'a str> {
        g(ctx).episode(self.0).summary.as_deref()
    }
    /// The show this episode belongs to.
    async fn show(&self, ctx: &Context<'_>) -> Show {
        Show(g(ctx).episode(self.0).show)
    }
    /// People on the panel (hosts included), in the order the notes list them.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn panelists(&self, ctx: &Context<'_>) -> Vec<Person> {
        g(ctx).people_of(self.0, Some(true)).map(|a| Person(a.person)).collect()
    }
    /// Guests, in the order the notes list them.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn guests(&self, ctx: &Context<'_>) -> Vec<Person> {
        g(ctx).people_of(self.0, Some(false)).map(|a| Person(a.person)).collect()
    }
    /// Everyone listed, with role and source line, in page order.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn appearances(&self, ctx: &Context<'_>) -> Vec<Appearance> {
        g(ctx).episode(self.0).appearances.iter().map(|a| Appearance(*a)).collect()
    }
    /// The sponsor items of the notes, with the name and (often episode-specific promo) URL
    /// as the page wrote them; each one's `sponsor` is the brand node shared across shows.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn sponsors(&self, ctx: &Context<'_>) -> Vec<Sponsorship> {
        g(ctx).episode(self.0).sponsorships.iter().map(|s| Sponsorship(*s)).collect()
    }
    /// Items of the Picks section, in page order.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn picks(&self, ctx: &Context<'_>) -> Vec<Pick> {
        g(ctx).episode(self.0).picks.iter().map(|p| Pick(*p)).collect()
    }
    /// Items of the Links section.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn links(&self, ctx: &Context<'_>) -> Vec<EpisodeLink> {
        g(ctx)
            .episode(self.0)
            .links
            .iter()
            .map(|(title, url)| EpisodeLink { title: title.to_string(), url: url.to_string() })
            .collect()
    }
    /// The page this episode was read from.
    async fn source(&self, ctx: &Context<'_>) -> Source {
        Source { file: g(ctx).episode(self.0).file.clone(), line: 1 }
    }
}

/// A person: panelist, host, guest or picker, one node across all shows.
#[Object]
impl Person {
    /// Global id (opaque, stable across reloads).
    pub async fn id(&self, ctx: &Context<'_>) -> ID {
        ID(ids::person(g(ctx), self.0))
    }
    /// URL-safe key (`charles-max-wood`).
    async fn slug<'a>(&self, ctx: &Context<'a>) -> &'a str {
        &g(ctx).person(self.0).slug
    }
    /// Full name, as most pages write it.
    async fn name<'a>(&self, ctx: &Context<'a>) -> &'a str {
        &g(ctx).person(self.0).name
    }
    /// Other spellings and short names that pages use for this person.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn aliases<'a>(&self, ctx: &Context<'a>) -> &'a [String] {
        &g(ctx).person(self.0).aliases
    }
    /// Profile links (Twitter, GitHub, homepage...) given next to the name on pages.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn links<'a>(&self, ctx: &Context<'a>) -> &'a [String] {
        &g(ctx).person(self.0).links
    }
    /// Number of appearances (any role).
    async fn appearance_count(&self, ctx: &Context<'_>) -> i32 {
        g(ctx).person(self.0).appearances.len() as i32
    }
    /// Number of picks.
    async fn pick_count(&self, ctx: &Context<'_>) -> i32 {
        g(ctx).person(self.0).picks.len() as i32
    }
    /// Appearances, oldest first, optionally in one role (`PANELIST` includes hosts).
    #[graphql(complexity = "super::page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn appearances(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this role (`PANELIST` includes hosts).")] role: Option<Role>,
        #[graphql(name = "where", desc = "Only appearances matching this filter.")] filter_: Option<AppearanceWhere>,
        #[graphql(desc = "Sort keys (default: oldest first).")] order_by: Option<Vec<AppearanceOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<AppearanceConnection> {
        let g = g(ctx);
        let base: Vec<AppearanceId> = g.appearances_of(self.0, role.map(Into::into)).map(|a| a.id).collect();
        let c = filter(g, filter_)?;
        let list = g.select_appearances(
            &base,
            c.as_ref().and_then(|c| c.role.as_ref()),
            c.as_ref().and_then(|c| c.person.as_ref()),
            c.as_ref().and_then(|c| c.episode.as_ref()),
            &order(order_by, AppearanceOrderBy::key),
        );
        AppearanceConnection::page(&list, &args(first, after, last, before), |a| (Appearance(*a), EmptyFields))
    }
    /// Episodes the person appeared on, oldest first, optionally in one role.
    #[graphql(complexity = "super::page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn episodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this role (`PANELIST` includes hosts).")] role: Option<Role>,
        #[graphql(name = "where", desc = "Only episodes matching this filter.")] filter_: Option<EpisodeWhere>,
        #[graphql(desc = "Sort keys (default: oldest first).")] order_by: Option<Vec<EpisodeOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<EpisodeConnection> {
        let g = g(ctx);
        let base: Vec<EpisodeId> = g.appearances_of(self.0, role.map(Into::into)).map(|a| a.episode).collect();
        let f = filter(g, filter_)?;
        let list = g.select_episodes(&base, f.as_ref(), &order(order_by, EpisodeOrderBy::key));
        EpisodeConnection::page(&list, &args(first, after, last, before), |e| (Episode(*e), no_score()))
    }
    /// What the person picked, oldest first.
    #[graphql(complexity = "super::page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn picks(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Shorthand equality filter (`{ domain: \"github.com\" }`).")] filter: Option<
            super::filters::PickShorthand,
        >,
        #[graphql(name = "where", desc = "Only picks matching this filter.")] filter_: Option<PickWhere>,
        #[graphql(desc = "Sort keys (default: oldest first).")] order_by: Option<Vec<PickOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<PickConnection> {
        let g = g(ctx);
        let f = pick_filter(g, filter, filter_)?;
        let list = g.select_picks(&g.person(self.0).picks, f.as_ref(), &order(order_by, PickOrderBy::key));
        PickConnection::page(&list, &args(first, after, last, before), |p| (Pick(*p), no_score()))
    }
    /// Shows the person appeared on (optionally in one role), each with their episodes on
    /// it; most episodes first.
    #[graphql(complexity = "super::page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn shows(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this role (`PANELIST` includes hosts).")] role: Option<Role>,
        #[graphql(name = "where", desc = "Only shows matching this filter.")] filter_: Option<ShowWhere>,
        #[graphql(desc = "Sort keys (default: most episodes first).")] order_by: Option<Vec<TallyOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<ShowTallyConnection> {
        let g = g(ctx);
        let f = filter(g, filter_)?;
        let list = g.select_tallies(
            g.shows_of_person(self.0, role.map(Into::into)),
            |s| f.as_ref().is_none_or(|f| g.show_matches(s, f)),
            &order(order_by, TallyOrderBy::key),
        );
        ShowTallyConnection::page(&list, &args(first, after, last, before), |t| (Show(t.key), t.into()))
    }
    /// People who appeared on an episode with this person, most shared episodes first;
    /// each edge has the shared episodes.
    #[graphql(complexity = "super::page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn co_appearances(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "where", desc = "Only people matching this filter.")] filter_: Option<PersonWhere>,
        #[graphql(desc = "Sort keys (default: most shared episodes first).")] order_by: Option<Vec<TallyOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<CoAppearanceConnection> {
        let g = g(ctx);
        let f = filter(g, filter_)?;
        let tallies: Vec<Tally<PersonId>> = g
            .co_appearances(self.0)
            .into_iter()
            .map(|c| Tally {
                key: c.person,
                count: c.episodes.len(),
                first: c.episodes[0],
                last: c.episodes[c.episodes.len() - 1],
            })
            .collect();
        let list = g.select_tallies(
            tallies,
            |p| f.as_ref().is_none_or(|f| g.person_matches(p, f)),
            &order(order_by, TallyOrderBy::key),
        );
        CoAppearanceConnection::page(&list, &args(first, after, last, before), |t| {
            (Person(t.key), CoAppearanceFields { person: self.0, other: t.key })
        })
    }
    /// The person's first appearance.
    async fn first_appearance(&self, ctx: &Context<'_>) -> Option<Appearance> {
        g(ctx).person(self.0).appearances.first().map(|a| Appearance(*a))
    }
    /// The person's latest appearance.
    async fn last_appearance(&self, ctx: &Context<'_>) -> Option<Appearance> {
        g(ctx).person(self.0).appearances.last().map(|a| Appearance(*a))
    }
    /// The shortest chain of people from this person to another through shared episodes
    /// (null when they are not connected within `maxHops`).
    async fn path_to(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The other person: a global id or a slug.")] to: ID,
        #[graphql(desc = "Longest chain to look for.", default = 6)] max_hops: i32,
    ) -> Res<Option<Path>> {
        let g = g(ctx);
        let to = person_arg(g, &to)?;
        Ok(path_between(g, self.0, to, max_hops))
    }
    /// The person's picks per year or month, from their first pick to their last.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn pick_trend(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Bucket size.")] group_by: TimeBucket,
    ) -> Vec<TrendPoint> {
        TrendPoint::series(&g(ctx).pick_timeline(self.0, group_by.into()), group_by)
    }
}

/// A person's appearance on an episode, in a role.
#[Object]
impl Appearance {
    /// Who appeared.
    async fn person(&self, ctx: &Context<'_>) -> Person {
        Person(g(ctx).appearance(self.0).person)
    }
    /// On which episode.
    async fn episode(&self, ctx: &Context<'_>) -> Episode {
        Episode(g(ctx).appearance(self.0).episode)
    }
    /// In which role.
    async fn role(&self, ctx: &Context<'_>) -> Role {
        g(ctx).appearance(self.0).role.into()
    }
    /// The name as the page wrote it.
    async fn name_as_written<'a>(&self, ctx: &Context<'a>) -> &'a str {
        &g(ctx).appearance(self.0).name_as_written
    }
    /// Where the page lists the person.
    async fn source(&self, ctx: &Context<'_>) -> Source {
        let a = g(ctx).appearance(self.0);
        Source::of(g(ctx), a.episode, a.line)
    }
}

/// A sponsor brand, one node across shows and spellings.
#[Object]
impl Sponsor {
    /// Global id (opaque, stable across reloads).
    pub async fn id(&self, ctx: &Context<'_>) -> ID {
        ID(ids::sponsor(g(ctx), self.0))
    }
    /// URL-safe key (`cachefly`).
    async fn slug<'a>(&self, ctx: &Context<'a>) -> &'a str {
        &g(ctx).sponsor(self.0).slug
    }
    /// Brand name, as most pages write it.
    async fn name<'a>(&self, ctx: &Context<'a>) -> &'a str {
        &g(ctx).sponsor(self.0).name
    }
    /// Other spellings of the brand.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn aliases<'a>(&self, ctx: &Context<'a>) -> &'a [String] {
        &g(ctx).sponsor(self.0).aliases
    }
    /// The sponsor's most used link, as written.
    async fn url<'a>(&self, ctx: &Context<'a>) -> Option<&'a str> {
        g(ctx).sponsor(self.0).url.as_deref()
    }
    /// The sponsor's link node (canonical URL, domain).
    async fn link(&self, ctx: &Context<'_>) -> Option<Link> {
        g(ctx).sponsor(self.0).link.map(Link)
    }
    /// Number of episodes sponsored.
    async fn episode_count(&self, ctx: &Context<'_>) -> i32 {
        g(ctx).sponsor(self.0).sponsorships.len() as i32
    }
    /// The first sponsored episode.
    async fn first_sponsored(&self, ctx: &Context<'_>) -> Option<Episode> {
        let g = g(ctx);
        g.sponsor(self.0).sponsorships.first().map(|s| Episode(g.sponsorship(*s).episode))
    }
    /// The latest sponsored episode.
    async fn last_sponsored(&self, ctx: &Context<'_>) -> Option<Episode> {
        let g = g(ctx);
        g.sponsor(self.0).sponsorships.last().map(|s| Episode(g.sponsorship(*s).episode))
    }
    /// Episodes sponsored, oldest first.
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
        let base: Vec<EpisodeId> = g.sponsor(self.0).sponsorships.iter().map(|s| g.sponsorship(*s).episode).collect();
        let f = filter(g, filter_)?;
        let list = g.select_episodes(&base, f.as_ref(), &order(order_by, EpisodeOrderBy::key));
        EpisodeConnection::page(&list, &args(first, after, last, before), |e| (Episode(*e), no_score()))
    }
    /// Each sponsored episode with the name and URL as written, oldest first.
    #[graphql(complexity = "super::page::cost(first, last, child_complexity)")]
    async fn sponsorships(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "where", desc = "Only sponsorships of episodes matching this filter.")] filter_: Option<
            EpisodeWhere,
        >,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<SponsorshipConnection> {
        let g = g(ctx);
        let f = filter(g, filter_)?;
        let list: Vec<SponsorshipId> = g
            .sponsor(self.0)
            .sponsorships
            .iter()
            .copied()
            .filter(|s| f.as_ref().is_none_or(|f| g.episode_matches(g.sponsorship(*s).episode, f)))
            .collect();
        SponsorshipConnection::page(&list, &args(first, after, last, before), |s| (Sponsorship(*s), EmptyFields))
    }
    /// Shows the sponsor backed, each with its sponsored episodes there; most first.
    #[graphql(complexity = "super::page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn shows(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "where", desc = "Only shows matching this filter.")] filter_: Option<ShowWhere>,
        #[graphql(desc = "Sort keys (default: most episodes first).")] order_by: Option<Vec<TallyOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<ShowTallyConnection> {
        let g = g(ctx);
        let f = filter(g, filter_)?;
        let list = g.select_tallies(
            g.shows_of_sponsor(self.0),
            |s| f.as_ref().is_none_or(|f| g.show_matches(s, f)),
            &order(order_by, TallyOrderBy::key),
        );
        ShowTallyConnection::page(&list, &args(first, after, last, before), |t| (Show(t.key), t.into()))
    }
    /// The sponsor's timeline: sponsored episodes per year or month (dense, from its first
    /// to its last sponsored episode anywhere), optionally counting one show only.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn timeline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Bucket size.")] group_by: TimeBucket,
        #[graphql(desc = "Only this show (slug).")] show: Option<String>,
    ) -> Res<Vec<TrendPoint>> {
        let g = g(ctx);
        let show = super::relations::show_arg(g, show.as_deref())?;
        Ok(TrendPoint::series(&g.sponsor_timeline(self.0, show, group_by.into()), group_by))
    }
}

/// A sponsor's backing of one episode.
#[Object]
impl Sponsorship {
    /// The sponsor.
    async fn sponsor(&self, ctx: &Context<'_>) -> Sponsor {
        Sponsor(g(ctx).sponsorship(self.0).sponsor)
    }
    /// The sponsored episode.
    async fn episode(&self, ctx: &Context<'_>) -> Episode {
        Episode(g(ctx).sponsorship(self.0).episode)
    }
    /// Sponsor name as the page wrote it (the brand's usual name is `sponsor.name`).
    async fn name<'a>(&self, ctx: &Context<'a>) -> &'a str {
        &g(ctx).sponsorship(self.0).name_as_written
    }
    /// Sponsor URL as the page wrote it.
    async fn url<'a>(&self, ctx: &Context<'a>) -> Option<&'a str> {
        g(ctx).sponsorship(self.0).url.as_deref()
    }
    /// Where the page lists the sponsor.
    async fn source(&self, ctx: &Context<'_>) -> Source {
        let s = g(ctx).sponsorship(self.0);
        Source::of(g(ctx), s.episode, s.line)
    }
}

/// A URL that was picked or sponsors link to, identified by its canonical form.
#[Object]
impl Link {
    /// Global id (opaque, stable across reloads).
    pub async fn id(&self, ctx: &Context<'_>) -> ID {
        ID(ids::link(g(ctx), self.0))
    }
    /// The first spelling of the URL met in the pages.
    async fn url<'a>(&self, ctx: &Context<'a>) -> &'a str {
        g(ctx).link(self.0).url()
    }
    /// The URL's identity: https, no `www.`, no default port, trailing slash, tracking or affiliate parameters.
    async fn canonical_url<'a>(&self, ctx: &Context<'a>) -> &'a str {
        &g(ctx).link(self.0).canonical_url
    }
    /// Host without `www.`.
    async fn domain<'a>(&self, ctx: &Context<'a>) -> &'a str {
        &g(ctx).link(self.0).domain
    }
    /// The title most picks give it.
    async fn title<'a>(&self, ctx: &Context<'a>) -> &'a str {
        let g = g(ctx);
        g.link_title(g.link(self.0))
    }
    /// How many times it was picked.
    async fn pick_count(&self, ctx: &Context<'_>) -> i32 {
        g(ctx).link(self.0).picks.len() as i32
    }
    /// Distinct people who picked it, each with how often and when; most picks first.
    #[graphql(complexity = "super::page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn picked_by(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "where", desc = "Only people matching this filter.")] filter_: Option<PersonWhere>,
        #[graphql(desc = "Sort keys (default: most picks first).")] order_by: Option<Vec<TallyOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<PersonTallyConnection> {
        let g = g(ctx);
        let f = filter(g, filter_)?;
        let list = g.select_tallies(
            g.pickers_of_link(self.0),
            |p| f.as_ref().is_none_or(|f| g.person_matches(p, f)),
            &order(order_by, TallyOrderBy::key),
        );
        PersonTallyConnection::page(&list, &args(first, after, last, before), |t| (Person(t.key), t.into()))
    }
    /// Picks of this link, oldest first.
    #[graphql(complexity = "super::page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn picks(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "where", desc = "Only picks matching this filter.")] filter_: Option<PickWhere>,
        #[graphql(desc = "Sort keys (default: oldest first).")] order_by: Option<Vec<PickOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<PickConnection> {
        let g = g(ctx);
        let f = filter(g, filter_)?;
        let list = g.select_picks(&g.link(self.0).picks, f.as_ref(), &order(order_by, PickOrderBy::key));
        PickConnection::page(&list, &args(first, after, last, before), |p| (Pick(*p), no_score()))
    }
    /// Sponsors whose link this is.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn sponsors(&self, ctx: &Context<'_>) -> Vec<Sponsor> {
        g(ctx).link_sponsors(self.0).iter().map(|s| Sponsor(*s)).collect()
    }
}

/// One recommended item of an episode's Picks.
#[Object]
impl Pick {
    /// Global id (opaque, stable while the page's picks keep their order).
    pub async fn id(&self, ctx: &Context<'_>) -> ID {
        ID(ids::pick(g(ctx), self.0))
    }
    /// The item's text (link text, or the plain text of an item without link).
    async fn title<'a>(&self, ctx: &Context<'a>) -> &'a str {
        &g(ctx).pick(self.0).title
    }
    /// The item's first link, as written.
    async fn url<'a>(&self, ctx: &Context<'a>) -> Option<&'a str> {
        let g = g(ctx);
        g.pick_url(g.pick(self.0))
    }
    /// Further links of the same item.
    #[graphql(complexity = "super::page::list_cost(child_complexity)")]
    async fn also_urls<'a>(&self, ctx: &Context<'a>) -> &'a [String] {
        g(ctx).pick(self.0).also_urls()
    }
    /// Who picked it, when the page attributes it.
    async fn picked_by(&self, ctx: &Context<'_>) -> Option<Person> {
        g(ctx).pick(self.0).picker.map(Person)
    }
    /// The picker's name as the page wrote it.
    async fn picker_as_written<'a>(&self, ctx: &Context<'a>) -> Option<&'a str> {
        g(ctx).pick(self.0).picker_as_written.as_deref()
    }
    /// The episode it was picked on.
    async fn episode(&self, ctx: &Context<'_>) -> Episode {
        Episode(g(ctx).pick(self.0).episode)
    }
    /// The link node (canonical URL, everyone who picked it).
    async fn link(&self, ctx: &Context<'_>) -> Option<Link> {
        g(ctx).pick(self.0).link.map(Link)
    }
    /// Where the page lists the item.
    async fn source(&self, ctx: &Context<'_>) -> Source {
        let p = g(ctx).pick(self.0);
        Source::of(g(ctx), p.episode, p.line)
    }
}
