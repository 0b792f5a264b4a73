//! GraphQL object types. Each is a thin, `Copy` wrapper around a graph id; every field
//! delegates to `graph`. The graph snapshot of the request comes from the context.

use async_graphql::{Context, Enum, ID, Object, Scalar, ScalarType, SimpleObject, Value};
use chrono::NaiveDate;

use crate::graph::{
    self, AppearanceId, EpisodeId, LinkId, PersonId, PickId, PodGraph, ShowId, SponsorId, SponsorshipId,
};
use crate::model;

use super::ids;
use super::page::{Conn, EdgeFields, PageArgs, paginate};
use super::snapshot;

fn g<'a>(ctx: &Context<'a>) -> &'a PodGraph {
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
    /// Listed on the panel.
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

impl From<&model::SourceRef> for Source {
    fn from(s: &model::SourceRef) -> Self {
        Source { file: s.file.clone(), line: s.line as i32 }
    }
}

/// A podcast show.
#[derive(Clone, Copy)]
pub struct Show(pub ShowId);

/// One episode page.
#[derive(Clone, Copy)]
pub struct Episode(pub EpisodeId);

/// A person: panelist, host, guest or picker, one node across all shows.
#[derive(Clone, Copy)]
pub struct Person(pub PersonId);

/// A sponsor brand, one node across shows and spellings.
#[derive(Clone, Copy)]
pub struct Sponsor(pub SponsorId);

/// A URL that was picked or sponsors link to, identified by its canonical form.
#[derive(Clone, Copy)]
pub struct Link(pub LinkId);

/// One recommended item of an episode's Picks.
#[derive(Clone, Copy)]
pub struct Pick(pub PickId);

/// A person's appearance on an episode, in a role.
#[derive(Clone, Copy)]
pub struct Appearance(pub AppearanceId);

/// A sponsor's backing of one episode.
#[derive(Clone, Copy)]
pub struct Sponsorship(pub SponsorshipId);

/// A link of an episode's Links section.
#[derive(SimpleObject, Clone, Debug)]
pub struct EpisodeLink {
    pub title: String,
    /// As written in the notes.
    pub url: String,
}

/// A show a person appeared on, with the count.
#[derive(SimpleObject, Clone)]
pub struct ShowAppearances {
    pub show: Show,
    /// Appearances of the person on the show.
    pub count: i32,
}

/// Someone who appeared with a person, and the shared episodes.
#[derive(Clone)]
pub struct CoAppearance {
    person: PersonId,
    episodes: Vec<EpisodeId>,
}

impl CoAppearance {
    pub fn new(c: graph::query::CoAppearance) -> Self {
        CoAppearance { person: c.person, episodes: c.episodes }
    }
}

#[Object]
impl CoAppearance {
    /// The other person.
    async fn person(&self) -> Person {
        Person(self.person)
    }
    /// Number of episodes they shared.
    async fn count(&self) -> i32 {
        self.episodes.len() as i32
    }
    /// The shared episodes, oldest first.
    async fn episodes(&self) -> Vec<Episode> {
        self.episodes.iter().map(|e| Episode(*e)).collect()
    }
    /// Their first shared episode.
    async fn first(&self) -> Option<Episode> {
        self.episodes.first().map(|e| Episode(*e))
    }
    /// Their latest shared episode.
    async fn last(&self) -> Option<Episode> {
        self.episodes.last().map(|e| Episode(*e))
    }
}

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
    /// Episodes, newest first.
    async fn episodes(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Episode>> {
        let eps: Vec<EpisodeId> = g(ctx).show(self.0).episodes.iter().rev().copied().collect();
        paginate(&eps, &PageArgs::new(first, after, last, before), |e| (Episode(*e), EdgeFields::default()))
    }
    /// Regular panel: the show's listed hosts and people on its panel in at least a tenth of its episodes.
    async fn hosts(&self, ctx: &Context<'_>) -> Vec<Person> {
        g(ctx).show(self.0).hosts.iter().map(|p| Person(*p)).collect()
    }
}

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
    async fn panelists(&self, ctx: &Context<'_>) -> Vec<Person> {
        g(ctx).people_of(self.0, Some(true)).map(|a| Person(a.person)).collect()
    }
    /// Guests, in the order the notes list them.
    async fn guests(&self, ctx: &Context<'_>) -> Vec<Person> {
        g(ctx).people_of(self.0, Some(false)).map(|a| Person(a.person)).collect()
    }
    /// Everyone listed, with role and source line.
    async fn appearances(&self, ctx: &Context<'_>) -> Vec<Appearance> {
        g(ctx).episode(self.0).appearances.iter().map(|a| Appearance(*a)).collect()
    }
    /// The sponsor items of the notes, with the name and (often episode-specific promo) URL
    /// as the page wrote them; each one's `sponsor` is the brand node shared across shows.
    async fn sponsors(&self, ctx: &Context<'_>) -> Vec<Sponsorship> {
        g(ctx).episode(self.0).sponsorships.iter().map(|s| Sponsorship(*s)).collect()
    }
    /// Items of the Picks section, in page order.
    async fn picks(&self, ctx: &Context<'_>) -> Vec<Pick> {
        g(ctx).episode(self.0).picks.iter().map(|p| Pick(*p)).collect()
    }
    /// Items of the Links section.
    async fn links(&self, ctx: &Context<'_>) -> Vec<EpisodeLink> {
        g(ctx)
            .episode(self.0)
            .links
            .iter()
            .map(|(title, url)| EpisodeLink { title: title.clone(), url: url.clone() })
            .collect()
    }
    /// The page this episode was read from.
    async fn source(&self, ctx: &Context<'_>) -> Source {
        Source { file: g(ctx).episode(self.0).file.clone(), line: 1 }
    }
}

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
    async fn aliases<'a>(&self, ctx: &Context<'a>) -> &'a [String] {
        &g(ctx).person(self.0).aliases
    }
    /// Profile links (Twitter, GitHub, homepage...) given next to the name on pages.
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
    async fn appearances(
        &self,
        ctx: &Context<'_>,
        role: Option<Role>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Appearance>> {
        let list: Vec<AppearanceId> = g(ctx).appearances_of(self.0, role.map(Into::into)).map(|a| a.id).collect();
        paginate(&list, &PageArgs::new(first, after, last, before), |a| (Appearance(*a), EdgeFields::default()))
    }
    /// Episodes the person appeared on, oldest first, optionally in one role.
    async fn episodes(
        &self,
        ctx: &Context<'_>,
        role: Option<Role>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Episode>> {
        let list: Vec<EpisodeId> = g(ctx).appearances_of(self.0, role.map(Into::into)).map(|a| a.episode).collect();
        paginate(&list, &PageArgs::new(first, after, last, before), |e| (Episode(*e), EdgeFields::default()))
    }
    /// What the person picked, oldest first.
    async fn picks(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Pick>> {
        let list = &g(ctx).person(self.0).picks;
        paginate(list, &PageArgs::new(first, after, last, before), |p| (Pick(*p), EdgeFields::default()))
    }
    /// Shows the person appeared on, most appearances first.
    async fn shows(&self, ctx: &Context<'_>) -> Vec<ShowAppearances> {
        g(ctx).shows_of(self.0).into_iter().map(|(s, n)| ShowAppearances { show: Show(s), count: n as i32 }).collect()
    }
    /// People who appeared on an episode with this person, most shared episodes first.
    async fn co_appearances(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<CoAppearance>> {
        let list = g(ctx).co_appearances(self.0);
        paginate(&list, &PageArgs::new(first, after, last, before), |c| {
            (CoAppearance::new(c.clone()), EdgeFields::default())
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
}

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
        (&g(ctx).appearance(self.0).source).into()
    }
}

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
    /// Episodes sponsored, oldest first.
    async fn episodes(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Episode>> {
        let g = g(ctx);
        let list: Vec<EpisodeId> = g.sponsor(self.0).sponsorships.iter().map(|s| g.sponsorship(*s).episode).collect();
        paginate(&list, &PageArgs::new(first, after, last, before), |e| (Episode(*e), EdgeFields::default()))
    }
    /// Each sponsored episode with the name and URL as written, oldest first.
    async fn sponsorships(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Sponsorship>> {
        let list = &g(ctx).sponsor(self.0).sponsorships;
        paginate(list, &PageArgs::new(first, after, last, before), |s| (Sponsorship(*s), EdgeFields::default()))
    }
}

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
        (&g(ctx).sponsorship(self.0).source).into()
    }
}

#[Object]
impl Link {
    /// Global id (opaque, stable across reloads).
    pub async fn id(&self, ctx: &Context<'_>) -> ID {
        ID(ids::link(g(ctx), self.0))
    }
    /// The first spelling of the URL met in the pages.
    async fn url<'a>(&self, ctx: &Context<'a>) -> &'a str {
        &g(ctx).link(self.0).url
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
        &g(ctx).link(self.0).title
    }
    /// How many times it was picked.
    async fn pick_count(&self, ctx: &Context<'_>) -> i32 {
        g(ctx).link(self.0).picks.len() as i32
    }
    /// Distinct people who picked it, in order of their first pick.
    async fn picked_by(&self, ctx: &Context<'_>) -> Vec<Person> {
        let g = g(ctx);
        let mut seen = Vec::new();
        for p in &g.link(self.0).picks {
            if let Some(person) = g.pick(*p).picker
                && !seen.contains(&person)
            {
                seen.push(person);
            }
        }
        seen.into_iter().map(Person).collect()
    }
    /// Picks of this link, oldest first.
    async fn picks(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Pick>> {
        let list = &g(ctx).link(self.0).picks;
        paginate(list, &PageArgs::new(first, after, last, before), |p| (Pick(*p), EdgeFields::default()))
    }
    /// Sponsors whose link this is.
    async fn sponsors(&self, ctx: &Context<'_>) -> Vec<Sponsor> {
        g(ctx).link(self.0).sponsors.iter().map(|s| Sponsor(*s)).collect()
    }
}

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
        g(ctx).pick(self.0).url.as_deref()
    }
    /// Further links of the same item.
    async fn also_urls<'a>(&self, ctx: &Context<'a>) -> &'a [String] {
        &g(ctx).pick(self.0).also_urls
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
        (&g(ctx).pick(self.0).source).into()
    }
}
