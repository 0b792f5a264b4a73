//! The GraphQL schema: root fields and wiring. Resolvers only delegate to `graph`.
//!
//! The graph is not stored in the schema: each request carries the `Arc<Snapshot>` that was
//! current when it arrived (see `server`), so a reload never changes a running query's data.
//!
//! # Layout
//! * `types`: the entities (Show, Episode, Person, Sponsor, Link, Pick) and their
//!   relationship fields.
//! * `relations`: paths, rankings and trends.
//! * `filters`: the `where` inputs and `orderBy` enums.
//! * `page`: Relay connections.
//! * `ids`: opaque global ids.
//! * `report`: the load report.
//!
//! The schema is an Apollo Federation v2 subgraph: `Person`, `Episode` and `Show` are
//! entities (`@key(fields: "id")`, and `@key(fields: "slug")` on `Person`), resolved for
//! `_entities` by direct index lookups (a global id decodes to a key that one hash lookup
//! finds), so a batch of representations costs one lookup each.

pub mod doc_cache;
pub mod filters;
pub mod ids;
pub mod page;
pub mod relations;
pub mod report;
pub mod status;
pub mod subscription;
pub mod types;

use std::sync::Arc;

use async_graphql::extensions::apollo_persisted_queries::{ApolloPersistedQueries, LruCacheStorage};
use async_graphql::{Context, EmptyMutation, ID, Interface, MergedObject, Object, SDLExportOptions, Schema};

use crate::graph::{EpisodeId, LinkId, PersonId, PickId, ShowId, SponsorId};
use crate::load::Snapshot;

use filters::{
    EpisodeOrderBy, EpisodeWhere, LinkOrderBy, LinkWhere, PersonOrderBy, PersonWhere, PickOrderBy, PickShorthand,
    PickWhere, ShowOrderBy, ShowWhere, SponsorOrderBy, SponsorWhere, filter, order, pick_filter,
};
use ids::NodeRef;
use page::{PageArgs, SearchFields, connection};
use relations::{
    Path, RankedDomain, RankedDomainConnection, RankedLink, RankedLinkConnection, RankedPerson, RankedPersonConnection,
    RankedSponsor, RankedSponsorConnection, TimeBucket, Trends, path_between, person_arg, scope_of,
};
use types::{
    Date, Episode, EpisodeConnection, Link, LinkConnection, Person, PersonConnection, Pick, PickConnection, Show,
    ShowConnection, Sponsor, SponsorConnection,
};

pub type PodgraphSchema = Schema<Query, EmptyMutation, subscription::SubscriptionRoot>;

// A merged object, so that other parts of the service add root fields next to the graph's
// `QueryRoot`. The federation SDL has no `schema { query: ... }` block, so the root type
// must be named `Query`.
/// Root of every query: the graph's fields and the service's own (`dataVersion`, `loadedAt`).
#[derive(MergedObject)]
pub struct Query(QueryRoot, status::StatusQuery);

type Res<T> = async_graphql::Result<T>;

/// The snapshot a request runs against.
pub(crate) fn snapshot<'a>(ctx: &Context<'a>) -> &'a Snapshot {
    ctx.data_unchecked::<Arc<Snapshot>>()
}

/// Anything with a global id.
#[derive(Interface, Clone, Debug)]
#[graphql(field(name = "id", ty = "ID", desc = "Global id (opaque, stable across reloads)."))]
pub enum Node {
    Show(Show),
    Episode(Episode),
    Person(Person),
    Sponsor(Sponsor),
    Link(Link),
    Pick(Pick),
}

impl From<NodeRef> for Node {
    fn from(r: NodeRef) -> Self {
        match r {
            NodeRef::Show(s) => Node::Show(Show(s)),
            NodeRef::Episode(e) => Node::Episode(Episode(e)),
            NodeRef::Person(p) => Node::Person(Person(p)),
            NodeRef::Sponsor(s) => Node::Sponsor(Sponsor(s)),
            NodeRef::Link(l) => Node::Link(Link(l)),
            NodeRef::Pick(p) => Node::Pick(Pick(p)),
        }
    }
}

connection!(
    SearchHitConnection,
    SearchHitEdge,
    Node,
    SearchFields,
    "A page of search results across kinds (Relay connection).",
    "A search result: the object, its relevance and the text that matched."
);

/// Kinds of objects `search` looks through.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum SearchKind {
    /// People, by name and aliases.
    Person,
    /// Episodes, by title.
    Episode,
    /// Sponsors, by name and aliases.
    Sponsor,
    /// Picks, by title.
    Pick,
    /// Shows, by title and slug.
    Show,
}

fn hit(score: f64, matched: &str) -> SearchFields {
    SearchFields { score: Some(score), matched: Some(matched.to_string()) }
}

fn no_score() -> SearchFields {
    SearchFields::default()
}

fn searched(search: &Option<String>) -> Option<&str> {
    search.as_deref().filter(|s| !s.trim().is_empty())
}

/// The graph's root fields.
pub struct QueryRoot;

/// The graph's root fields.
#[Object]
impl QueryRoot {
    /// Any object by its global id.
    async fn node(&self, ctx: &Context<'_>, #[graphql(desc = "A global id.")] id: ID) -> Option<Node> {
        ids::resolve(&snapshot(ctx).graph, &id).map(Node::from)
    }

    /// Several objects by global id, in the same order (null for unknown ids).
    #[graphql(complexity = "page::list_cost(child_complexity)")]
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids (at most 100).")] ids: Vec<ID>,
    ) -> Res<Vec<Option<Node>>> {
        if ids.len() > page::MAX_PAGE {
            return Err(format!("at most {} ids per call", page::MAX_PAGE).into());
        }
        let g = &snapshot(ctx).graph;
        Ok(ids.iter().map(|id| ids::resolve(g, id).map(Node::from)).collect())
    }

    /// One episode by its show and page: `podcast` is the front matter `podcast` value (the
    /// folder name when absent), `slug` the page's file name without `.md`.
    async fn episode(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Front matter `podcast` (the show's slug).")] podcast: String,
        #[graphql(desc = "The page's file name, without `.md`.")] slug: String,
    ) -> Option<Episode> {
        snapshot(ctx).graph.episode_by_key(&podcast, &slug).map(Episode)
    }

    /// Episodes, newest first; with `search`, by relevance of the title (unless `orderBy`).
    #[graphql(complexity = "page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn episodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words that must all appear in the title (case, accents and small typos ignored).")]
        search: Option<String>,
        #[graphql(desc = "Only this show (slug).")] show: Option<String>,
        #[graphql(name = "where", desc = "Only episodes matching this filter.")] filter_: Option<EpisodeWhere>,
        #[graphql(desc = "Sort keys, most significant first (default: newest first).")] order_by: Option<
            Vec<EpisodeOrderBy>,
        >,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<EpisodeConnection> {
        let g = &snapshot(ctx).graph;
        let args = PageArgs::new(first, after, last, before);
        let keys = order(order_by, EpisodeOrderBy::key);
        let mut f = filter(g, filter_)?;
        if let Some(slug) = show {
            let show_id = g.show_by_slug(&slug);
            let by_show = crate::graph::filter::EpisodeFilter {
                ids: None,
                show: Some(Box::new(crate::graph::filter::ShowFilter {
                    ids: Some(show_id.into_iter().collect()),
                    ..Default::default()
                })),
                ..Default::default()
            };
            f = Some(match f {
                Some(other) => crate::graph::filter::EpisodeFilter { and: vec![other, by_show], ..Default::default() },
                None => by_show,
            });
            // One show: its own episode list is the base, no scan needed.
            if let Some(s) = show_id {
                let base: Vec<EpisodeId> = g.show(s).episodes.iter().rev().copied().collect();
                if searched(&search).is_none() {
                    let list = g.select_episodes(&base, f.as_ref(), &keys);
                    return EpisodeConnection::page(&list, &args, |e| (Episode(*e), no_score()));
                }
            }
        }
        match searched(&search) {
            Some(q) => {
                let hits: Vec<_> = g
                    .search_episodes(q)
                    .into_iter()
                    .filter(|h| f.as_ref().is_none_or(|f| g.episode_matches(EpisodeId(h.entity), f)))
                    .collect();
                let ids: Vec<EpisodeId> = hits.iter().map(|h| EpisodeId(h.entity)).collect();
                let scores: std::collections::HashMap<EpisodeId, f64> =
                    hits.iter().map(|h| (EpisodeId(h.entity), h.score)).collect();
                let list = if keys.is_empty() { ids } else { g.select_episodes(&ids, None, &keys) };
                EpisodeConnection::page(&list, &args, |e| (Episode(*e), hit(scores[e], &g.episode(*e).title)))
            }
            None => {
                let list = g.episodes_where(f.as_ref(), &keys);
                EpisodeConnection::page(&list, &args, |e| (Episode(*e), no_score()))
            }
        }
    }

    /// One show by slug (`js-jabber`).
    async fn show(&self, ctx: &Context<'_>, #[graphql(desc = "The show's slug.")] slug: String) -> Option<Show> {
        snapshot(ctx).graph.show_by_slug(&slug).map(Show)
    }

    /// Shows, by title; with `search`, by relevance (unless `orderBy`).
    #[graphql(complexity = "page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn shows(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words that must all match the title or slug.")] search: Option<String>,
        #[graphql(name = "where", desc = "Only shows matching this filter.")] filter_: Option<ShowWhere>,
        #[graphql(desc = "Sort keys (default: title).")] order_by: Option<Vec<ShowOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<ShowConnection> {
        let g = &snapshot(ctx).graph;
        let args = PageArgs::new(first, after, last, before);
        let keys = order(order_by, ShowOrderBy::key);
        let f = filter(g, filter_)?;
        match searched(&search) {
            Some(q) => {
                let hits: Vec<_> = g
                    .search_shows(q)
                    .into_iter()
                    .filter(|h| f.as_ref().is_none_or(|f| g.show_matches(ShowId(h.entity), f)))
                    .collect();
                let scores: std::collections::HashMap<ShowId, f64> =
                    hits.iter().map(|h| (ShowId(h.entity), h.score)).collect();
                let ids: Vec<ShowId> = hits.iter().map(|h| ShowId(h.entity)).collect();
                let list = if keys.is_empty() { ids } else { g.select_shows(&ids, None, &keys) };
                ShowConnection::page(&list, &args, |s| (Show(*s), hit(scores[s], &g.show(*s).title)))
            }
            None => {
                let list = g.shows_where(f.as_ref(), &keys);
                ShowConnection::page(&list, &args, |s| (Show(*s), no_score()))
            }
        }
    }

    /// One person by global id, slug (`charles-max-wood`) or any spelling of their name.
    async fn person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The person's global id.")] id: Option<ID>,
        #[graphql(desc = "The person's slug.")] slug: Option<String>,
        #[graphql(desc = "Any spelling of the name or an alias (case, accents, punctuation ignored).")] name: Option<
            String,
        >,
    ) -> Option<Person> {
        let g = &snapshot(ctx).graph;
        let by_id = id.and_then(|id| match ids::resolve(g, &id) {
            Some(NodeRef::Person(p)) => Some(p),
            _ => None,
        });
        by_id
            .or_else(|| slug.and_then(|s| g.person_by_slug(&s)))
            .or_else(|| name.and_then(|n| g.person_by_name(&n)))
            .map(Person)
    }

    /// People, by name; with `search`, by relevance over names and aliases (unless `orderBy`).
    #[graphql(complexity = "page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn people(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words that must all match a name or alias (case, accents and small typos ignored).")]
        search: Option<String>,
        #[graphql(name = "where", desc = "Only people matching this filter.")] filter_: Option<PersonWhere>,
        #[graphql(desc = "Sort keys (default: name).")] order_by: Option<Vec<PersonOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<PersonConnection> {
        let g = &snapshot(ctx).graph;
        let args = PageArgs::new(first, after, last, before);
        let keys = order(order_by, PersonOrderBy::key);
        let f = filter(g, filter_)?;
        match searched(&search) {
            Some(q) => {
                let hits: Vec<_> = g
                    .search_people(q)
                    .into_iter()
                    .filter(|h| f.as_ref().is_none_or(|f| g.person_matches(PersonId(h.entity), f)))
                    .collect();
                let by: std::collections::HashMap<PersonId, (f64, u16)> =
                    hits.iter().map(|h| (PersonId(h.entity), (h.score, h.text))).collect();
                let ids: Vec<PersonId> = hits.iter().map(|h| PersonId(h.entity)).collect();
                let list = if keys.is_empty() { ids } else { g.select_people(&ids, None, &keys) };
                PersonConnection::page(&list, &args, |p| {
                    let (score, text) = by[p];
                    let person = g.person(*p);
                    let matched = if text == 0 { &person.name } else { &person.aliases[text as usize - 1] };
                    (Person(*p), hit(score, matched))
                })
            }
            None => {
                let list = g.people_where(f.as_ref(), &keys);
                PersonConnection::page(&list, &args, |p| (Person(*p), no_score()))
            }
        }
    }

    /// One sponsor by slug or by any spelling of its name.
    async fn sponsor(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The sponsor's slug.")] slug: Option<String>,
        #[graphql(desc = "The brand name or another spelling of it.")] name: Option<String>,
    ) -> Option<Sponsor> {
        let g = &snapshot(ctx).graph;
        slug.and_then(|s| g.sponsor_by_slug(&s))
            .or_else(|| {
                name.and_then(|n| g.search_sponsors(&n).into_iter().find(|h| h.score >= 1.0))
                    .map(|h| SponsorId(h.entity))
            })
            .map(Sponsor)
    }

    /// Sponsors, most episodes first; with `search`, by relevance (unless `orderBy`).
    #[graphql(complexity = "page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn sponsors(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words that must all match the name or another spelling.")] search: Option<String>,
        #[graphql(name = "where", desc = "Only sponsors matching this filter.")] filter_: Option<SponsorWhere>,
        #[graphql(desc = "Sort keys (default: most episodes first).")] order_by: Option<Vec<SponsorOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<SponsorConnection> {
        let g = &snapshot(ctx).graph;
        let args = PageArgs::new(first, after, last, before);
        let keys = order(order_by, SponsorOrderBy::key);
        let f = filter(g, filter_)?;
        match searched(&search) {
            Some(q) => {
                let hits: Vec<_> = g
                    .search_sponsors(q)
                    .into_iter()
                    .filter(|h| f.as_ref().is_none_or(|f| g.sponsor_matches(SponsorId(h.entity), f)))
                    .collect();
                let by: std::collections::HashMap<SponsorId, (f64, u16)> =
                    hits.iter().map(|h| (SponsorId(h.entity), (h.score, h.text))).collect();
                let ids: Vec<SponsorId> = hits.iter().map(|h| SponsorId(h.entity)).collect();
                let list = if keys.is_empty() { ids } else { g.select_sponsors(&ids, None, &keys) };
                SponsorConnection::page(&list, &args, |s| {
                    let (score, text) = by[s];
                    let sponsor = g.sponsor(*s);
                    let matched = if text == 0 { &sponsor.name } else { &sponsor.aliases[text as usize - 1] };
                    (Sponsor(*s), hit(score, matched))
                })
            }
            None => {
                let list = g.sponsors_where(f.as_ref(), &keys);
                SponsorConnection::page(&list, &args, |s| (Sponsor(*s), no_score()))
            }
        }
    }

    /// A link by any spelling of its URL.
    async fn link(&self, ctx: &Context<'_>, #[graphql(desc = "Any spelling of the URL.")] url: String) -> Option<Link> {
        snapshot(ctx).graph.link_by_url(&url).map(Link)
    }

    /// Links (picked URLs and sponsor URLs), most picked first; with `search`, by relevance
    /// of the title and URL words (unless `orderBy`).
    #[graphql(complexity = "page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn links(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words that must all match the title or the URL.")] search: Option<String>,
        #[graphql(name = "where", desc = "Only links matching this filter.")] filter_: Option<LinkWhere>,
        #[graphql(desc = "Sort keys (default: most picked first).")] order_by: Option<Vec<LinkOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<LinkConnection> {
        let g = &snapshot(ctx).graph;
        let args = PageArgs::new(first, after, last, before);
        let keys = order(order_by, LinkOrderBy::key);
        let f = filter(g, filter_)?;
        match searched(&search) {
            Some(q) => {
                let hits: Vec<_> = g
                    .search_links(q)
                    .into_iter()
                    .filter(|h| f.as_ref().is_none_or(|f| g.link_matches(LinkId(h.entity), f)))
                    .collect();
                let by: std::collections::HashMap<LinkId, (f64, u16)> =
                    hits.iter().map(|h| (LinkId(h.entity), (h.score, h.text))).collect();
                let ids: Vec<LinkId> = hits.iter().map(|h| LinkId(h.entity)).collect();
                let list = if keys.is_empty() { ids } else { g.select_links(&ids, None, &keys) };
                LinkConnection::page(&list, &args, |l| {
                    let (score, text) = by[l];
                    let link = g.link(*l);
                    let matched = if text == 0 { g.link_title(link) } else { &link.canonical_url };
                    (Link(*l), hit(score, matched))
                })
            }
            None => {
                let list = g.links_where(f.as_ref(), &keys);
                LinkConnection::page(&list, &args, |l| (Link(*l), no_score()))
            }
        }
    }

    /// Picks, newest first; with `search`, by relevance of the title (unless `orderBy`).
    /// `filter: { domain: "github.com" }` is a shorthand for common conditions.
    #[graphql(complexity = "page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn picks(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words that must all appear in the title.")] search: Option<String>,
        #[graphql(desc = "Shorthand equality filter (domain, show, year, picker, URL).")] filter: Option<PickShorthand>,
        #[graphql(name = "where", desc = "Only picks matching this filter.")] filter_: Option<PickWhere>,
        #[graphql(desc = "Sort keys (default: newest first).")] order_by: Option<Vec<PickOrderBy>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<PickConnection> {
        let g = &snapshot(ctx).graph;
        let args = PageArgs::new(first, after, last, before);
        let keys = order(order_by, PickOrderBy::key);
        let f = pick_filter(g, filter, filter_)?;
        match searched(&search) {
            Some(q) => {
                let hits: Vec<_> = g
                    .search_picks(q)
                    .into_iter()
                    .filter(|h| f.as_ref().is_none_or(|f| g.pick_matches(PickId(h.entity), f)))
                    .collect();
                let scores: std::collections::HashMap<PickId, f64> =
                    hits.iter().map(|h| (PickId(h.entity), h.score)).collect();
                let ids: Vec<PickId> = hits.iter().map(|h| PickId(h.entity)).collect();
                let list = if keys.is_empty() { ids } else { g.select_picks(&ids, None, &keys) };
                PickConnection::page(&list, &args, |p| (Pick(*p), hit(scores[p], &g.pick(*p).title)))
            }
            None => {
                let list = g.picks_where(f.as_ref(), &keys);
                PickConnection::page(&list, &args, |p| (Pick(*p), no_score()))
            }
        }
    }

    /// Search across people (names and aliases), episodes, sponsors, picks and shows at
    /// once: every word must match (case, accents and small typos ignored), best first.
    #[graphql(complexity = "page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The words to look for.")] query: String,
        #[graphql(desc = "Only these kinds (default: all).")] kinds: Option<Vec<SearchKind>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<SearchHitConnection> {
        let g = &snapshot(ctx).graph;
        let want = |k: SearchKind| kinds.as_ref().is_none_or(|v| v.contains(&k));
        let mut hits: Vec<(f64, Node, String)> = Vec::new();
        if want(SearchKind::Person) {
            hits.extend(g.search_people(&query).into_iter().map(|h| {
                let p = g.person(PersonId(h.entity));
                let m = if h.text == 0 { &p.name } else { &p.aliases[h.text as usize - 1] };
                (h.score, Node::Person(Person(p.id)), m.clone())
            }));
        }
        if want(SearchKind::Episode) {
            hits.extend(g.search_episodes(&query).into_iter().map(|h| {
                let e = EpisodeId(h.entity);
                (h.score, Node::Episode(Episode(e)), g.episode(e).title.clone())
            }));
        }
        if want(SearchKind::Sponsor) {
            hits.extend(g.search_sponsors(&query).into_iter().map(|h| {
                let s = g.sponsor(SponsorId(h.entity));
                let m = if h.text == 0 { &s.name } else { &s.aliases[h.text as usize - 1] };
                (h.score, Node::Sponsor(Sponsor(s.id)), m.clone())
            }));
        }
        if want(SearchKind::Pick) {
            hits.extend(g.search_picks(&query).into_iter().map(|h| {
                let p = PickId(h.entity);
                (h.score, Node::Pick(Pick(p)), g.pick(p).title.to_string())
            }));
        }
        if want(SearchKind::Show) {
            hits.extend(g.search_shows(&query).into_iter().map(|h| {
                let s = ShowId(h.entity);
                (h.score, Node::Show(Show(s)), g.show(s).title.clone())
            }));
        }
        // Stable: equal scores keep the kind order above (people first).
        hits.sort_by(|a, b| b.0.total_cmp(&a.0));
        SearchHitConnection::page(&hits, &PageArgs::new(first, after, last, before), |(score, node, matched)| {
            (node.clone(), hit(*score, matched))
        })
    }

    /// The shortest chain of people linking two people through shared episodes, with the
    /// episodes of each hop; null when they are not connected within `maxHops`.
    async fn path(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The first person: a global id (or a slug).")] from: ID,
        #[graphql(desc = "The second person: a global id (or a slug).")] to: ID,
        #[graphql(desc = "Longest chain to look for (at most 20).", default = 6)] max_hops: i32,
    ) -> Res<Option<Path>> {
        let g = &snapshot(ctx).graph;
        let (a, b) = (person_arg(g, &from)?, person_arg(g, &to)?);
        Ok(path_between(g, a, b, max_hops))
    }

    /// The most picked links, with pick and picker counts; filterable by show and time.
    #[graphql(complexity = "page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn top_links(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this show (slug).")] show: Option<String>,
        #[graphql(desc = "Only this calendar year.")] year: Option<i32>,
        #[graphql(desc = "Only from this day on.")] from: Option<Date>,
        #[graphql(desc = "Only up to this day.")] to: Option<Date>,
        #[graphql(name = "where", desc = "Only picks matching this filter count.")] filter_: Option<PickWhere>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<RankedLinkConnection> {
        let g = &snapshot(ctx).graph;
        let scope = scope_of(g, show.as_deref(), year, from, to)?;
        let f = filter(g, filter_)?;
        let rows = g.top_links(&scope, f.as_ref());
        RankedLinkConnection::page(&rows, &PageArgs::new(first, after, last, before), |r| {
            (RankedLink(r.clone()), async_graphql::connection::EmptyFields)
        })
    }

    /// The most picked domains, with pick, link and picker counts; filterable by show and time.
    #[graphql(complexity = "page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn top_domains(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this show (slug).")] show: Option<String>,
        #[graphql(desc = "Only this calendar year.")] year: Option<i32>,
        #[graphql(desc = "Only from this day on.")] from: Option<Date>,
        #[graphql(desc = "Only up to this day.")] to: Option<Date>,
        #[graphql(name = "where", desc = "Only picks matching this filter count.")] filter_: Option<PickWhere>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<RankedDomainConnection> {
        let g = &snapshot(ctx).graph;
        let scope = scope_of(g, show.as_deref(), year, from, to)?;
        let f = filter(g, filter_)?;
        let rows = g.top_domains(&scope, f.as_ref());
        RankedDomainConnection::page(&rows, &PageArgs::new(first, after, last, before), |r| {
            let row = crate::graph::aggregate::Ranked {
                key: r.key.to_string(),
                rank: r.rank,
                count: r.count,
                episodes: r.episodes,
                people: r.people,
                shows: r.shows,
                links: r.links,
                first: r.first,
                last: r.last,
            };
            (RankedDomain(row), async_graphql::connection::EmptyFields)
        })
    }

    /// The people who picked most, with pick, episode and link counts; filterable by show and time.
    #[graphql(complexity = "page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn top_pickers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this show (slug).")] show: Option<String>,
        #[graphql(desc = "Only this calendar year.")] year: Option<i32>,
        #[graphql(desc = "Only from this day on.")] from: Option<Date>,
        #[graphql(desc = "Only up to this day.")] to: Option<Date>,
        #[graphql(name = "where", desc = "Only picks matching this filter count.")] filter_: Option<PickWhere>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<RankedPersonConnection> {
        let g = &snapshot(ctx).graph;
        let scope = scope_of(g, show.as_deref(), year, from, to)?;
        let f = filter(g, filter_)?;
        let rows = g.top_pickers(&scope, f.as_ref());
        RankedPersonConnection::page(&rows, &PageArgs::new(first, after, last, before), |r| {
            (RankedPerson(r.clone()), async_graphql::connection::EmptyFields)
        })
    }

    /// The most frequent guests, with guest-appearance and show counts; filterable by show and time.
    #[graphql(complexity = "page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn top_guests(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this show (slug).")] show: Option<String>,
        #[graphql(desc = "Only this calendar year.")] year: Option<i32>,
        #[graphql(desc = "Only from this day on.")] from: Option<Date>,
        #[graphql(desc = "Only up to this day.")] to: Option<Date>,
        #[graphql(name = "where", desc = "Only episodes matching this filter count.")] filter_: Option<EpisodeWhere>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<RankedPersonConnection> {
        let g = &snapshot(ctx).graph;
        let scope = scope_of(g, show.as_deref(), year, from, to)?;
        let f = filter(g, filter_)?;
        let rows = g.top_guests(&scope, f.as_ref());
        RankedPersonConnection::page(&rows, &PageArgs::new(first, after, last, before), |r| {
            (RankedPerson(r.clone()), async_graphql::connection::EmptyFields)
        })
    }

    /// The sponsors of most episodes, with show counts; filterable by show and time.
    #[graphql(complexity = "page::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn top_sponsors(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this show (slug).")] show: Option<String>,
        #[graphql(desc = "Only this calendar year.")] year: Option<i32>,
        #[graphql(desc = "Only from this day on.")] from: Option<Date>,
        #[graphql(desc = "Only up to this day.")] to: Option<Date>,
        #[graphql(name = "where", desc = "Only episodes matching this filter count.")] filter_: Option<EpisodeWhere>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Res<RankedSponsorConnection> {
        let g = &snapshot(ctx).graph;
        let scope = scope_of(g, show.as_deref(), year, from, to)?;
        let f = filter(g, filter_)?;
        let rows = g.top_sponsors(&scope, f.as_ref());
        RankedSponsorConnection::page(&rows, &PageArgs::new(first, after, last, before), |r| {
            (RankedSponsor(r.clone()), async_graphql::connection::EmptyFields)
        })
    }

    /// Time series (episodes, guest appearances, picks, sponsorships) per year or month,
    /// over the whole network or one show.
    async fn trends(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Bucket size.")] group_by: TimeBucket,
        #[graphql(desc = "Only this show (slug).")] show: Option<String>,
        #[graphql(desc = "Only from this day on.")] from: Option<Date>,
        #[graphql(desc = "Only up to this day.")] to: Option<Date>,
    ) -> Res<Trends> {
        let g = &snapshot(ctx).graph;
        Ok(Trends::new(scope_of(g, show.as_deref(), None, from, to)?, group_by))
    }

    /// What the last successful load read, skipped and warned about.
    async fn load_report<'a>(&self, ctx: &Context<'a>) -> report::LoadReport<'a> {
        report::LoadReport(snapshot(ctx))
    }

    /// Federation: a `Person` entity by global id.
    #[graphql(entity)]
    async fn find_person_by_id(&self, ctx: &Context<'_>, id: ID) -> Option<Person> {
        match ids::resolve(&snapshot(ctx).graph, &id) {
            Some(NodeRef::Person(p)) => Some(Person(p)),
            _ => None,
        }
    }

    /// Federation: a `Person` entity by slug.
    #[graphql(entity)]
    async fn find_person_by_slug(&self, ctx: &Context<'_>, slug: String) -> Option<Person> {
        snapshot(ctx).graph.person_by_slug(&slug).map(Person)
    }

    /// Federation: an `Episode` entity by global id.
    #[graphql(entity)]
    async fn find_episode_by_id(&self, ctx: &Context<'_>, id: ID) -> Option<Episode> {
        match ids::resolve(&snapshot(ctx).graph, &id) {
            Some(NodeRef::Episode(e)) => Some(Episode(e)),
            _ => None,
        }
    }

    /// Federation: a `Show` entity by global id.
    #[graphql(entity)]
    async fn find_show_by_id(&self, ctx: &Context<'_>, id: ID) -> Option<Show> {
        match ids::resolve(&snapshot(ctx).graph, &id) {
            Some(NodeRef::Show(s)) => Some(Show(s)),
            _ => None,
        }
    }
}

/// Builds the schema (without data: each request brings its snapshot) with its guards:
/// the query limits and cost report ([`crate::limits`]), persisted queries (APQ) and
/// introspection as `limits` says. The entity resolvers make it a Federation v2 subgraph
/// (`_service`, `_entities`).
pub fn build_schema(limits: &crate::config::Limits) -> PodgraphSchema {
    build_schema_with(limits, (limits.document_cache > 0).then(|| doc_cache::DocCache::new(limits.document_cache)))
}

/// [`build_schema`] with a given document cache (or none), so benchmarks can compare both
/// and read the cache's statistics. The cache sits inside the limits extension, so a
/// cached document is still measured and refused like a new one.
pub fn build_schema_with(limits: &crate::config::Limits, cache: Option<doc_cache::DocCache>) -> PodgraphSchema {
    let mut builder =
        Schema::build(Query(QueryRoot, status::StatusQuery), EmptyMutation, subscription::SubscriptionRoot)
            .extension(crate::limits::QueryGuard::new(limits))
            .extension(subscription::AttachSnapshot)
            .limit_directives(8);
    if limits.persisted_queries > 0 {
        builder = builder.extension(ApolloPersistedQueries::new(LruCacheStorage::new(limits.persisted_queries)));
    }
    if let Some(cache) = cache {
        builder = builder.extension(cache);
    }
    if !limits.introspection {
        builder = builder.disable_introspection();
    }
    builder.finish()
}

/// The SDL that `schema.graphql` holds: the subgraph schema exactly as `_service { sdl }`
/// serves it to a federation router (with `@key` and the `@link` to Federation v2).
pub fn sdl() -> String {
    build_schema(&crate::config::Limits::default())
        .sdl_with_options(SDLExportOptions::new().federation().compose_directive())
}
