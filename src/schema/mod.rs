//! The GraphQL schema: root fields and wiring. Resolvers only delegate to `graph`.
//!
//! The graph is not stored in the schema: each request carries the `Arc<Snapshot>` that was
//! current when it arrived (see `server`), so a reload never changes a running query's data.

pub mod doc_cache;
pub mod ids;
pub mod page;
pub mod report;
pub mod types;

use std::sync::Arc;

use async_graphql::{Context, EmptyMutation, EmptySubscription, ID, Interface, Object, Schema};

use crate::graph::{EpisodeId, PersonId, PickId, ShowId, SponsorId};
use crate::load::Snapshot;

use ids::NodeRef;
use page::{Conn, EdgeFields, PageArgs, paginate};
use types::{Episode, Link, Person, Pick, Show, Sponsor};

pub type PodgraphSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

/// The snapshot a request runs against.
pub(crate) fn snapshot<'a>(ctx: &Context<'a>) -> &'a Snapshot {
    ctx.data_unchecked::<Arc<Snapshot>>()
}

/// Anything with a global id.
#[derive(Interface)]
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

fn search_fields(score: f64, matched: Option<&str>) -> EdgeFields {
    EdgeFields { score: Some(score), matched: matched.map(str::to_string) }
}

/// Root of every query.
pub struct QueryRoot;

#[Object]
impl QueryRoot {
    /// Any object by its global id.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Option<Node> {
        ids::resolve(&snapshot(ctx).graph, &id).map(Node::from)
    }

    /// Several objects by global id, in the same order (null for unknown ids).
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> async_graphql::Result<Vec<Option<Node>>> {
        if ids.len() > page::MAX_PAGE {
            return Err(format!("at most {} ids per call", page::MAX_PAGE).into());
        }
        let g = &snapshot(ctx).graph;
        Ok(ids.iter().map(|id| ids::resolve(g, id).map(Node::from)).collect())
    }

    /// One episode by its show and page: `podcast` is the front matter `podcast` value (the
    /// folder name when absent), `slug` the page's file name without `.md`.
    async fn episode(&self, ctx: &Context<'_>, podcast: String, slug: String) -> Option<Episode> {
        snapshot(ctx).graph.episode_by_key(&podcast, &slug).map(Episode)
    }

    /// Episodes, newest first; with `search`, by relevance of the title.
    async fn episodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words that must all appear in the title (typos tolerated).")] search: Option<String>,
        #[graphql(desc = "Only this show (slug).")] show: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Episode>> {
        let g = &snapshot(ctx).graph;
        let args = PageArgs::new(first, after, last, before);
        let show_id: Option<Option<ShowId>> = show.as_deref().map(|s| g.show_by_slug(s));
        let in_show = |e: EpisodeId| show_id.is_none_or(|s| Some(g.episode(e).show) == s);
        match search.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(q) => {
                let hits: Vec<_> = g.search_episodes(q).into_iter().filter(|h| in_show(EpisodeId(h.entity))).collect();
                paginate(&hits, &args, |h| {
                    let e = EpisodeId(h.entity);
                    (Episode(e), search_fields(h.score, Some(&g.episode(e).title)))
                })
            }
            None => {
                let list: Vec<EpisodeId> = g.episodes_newest_first().iter().copied().filter(|e| in_show(*e)).collect();
                paginate(&list, &args, |e| (Episode(*e), EdgeFields::default()))
            }
        }
    }

    /// One show by slug (`js-jabber`).
    async fn show(&self, ctx: &Context<'_>, slug: String) -> Option<Show> {
        snapshot(ctx).graph.show_by_slug(&slug).map(Show)
    }

    /// Shows, by title; with `search`, by relevance.
    async fn shows(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Show>> {
        let g = &snapshot(ctx).graph;
        let args = PageArgs::new(first, after, last, before);
        match search.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(q) => paginate(&g.search_shows(q), &args, |h| (Show(ShowId(h.entity)), search_fields(h.score, None))),
            None => {
                let mut list: Vec<ShowId> = g.shows().iter().map(|s| s.id).collect();
                list.sort_by(|a, b| g.show(*a).title.cmp(&g.show(*b).title));
                paginate(&list, &args, |s| (Show(*s), EdgeFields::default()))
            }
        }
    }

    /// One person by slug (`charles-max-wood`) or by any spelling of their name.
    async fn person(&self, ctx: &Context<'_>, slug: Option<String>, name: Option<String>) -> Option<Person> {
        let g = &snapshot(ctx).graph;
        slug.and_then(|s| g.person_by_slug(&s)).or_else(|| name.and_then(|n| g.person_by_name(&n))).map(Person)
    }

    /// People, by name; with `search`, by relevance over names and aliases.
    async fn people(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words that must all match a name or alias (case, accents and small typos ignored).")]
        search: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Person>> {
        let g = &snapshot(ctx).graph;
        let args = PageArgs::new(first, after, last, before);
        match search.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(q) => paginate(&g.search_people(q), &args, |h| {
                let p = g.person(PersonId(h.entity));
                let matched = if h.text == 0 { &p.name } else { &p.aliases[h.text as usize - 1] };
                (Person(p.id), search_fields(h.score, Some(matched)))
            }),
            None => {
                let mut list: Vec<PersonId> = g.people().iter().map(|p| p.id).collect();
                list.sort_by(|a, b| g.person(*a).name.cmp(&g.person(*b).name));
                paginate(&list, &args, |p| (Person(*p), EdgeFields::default()))
            }
        }
    }

    /// One sponsor by slug or by any spelling of its name.
    async fn sponsor(&self, ctx: &Context<'_>, slug: Option<String>, name: Option<String>) -> Option<Sponsor> {
        let g = &snapshot(ctx).graph;
        slug.and_then(|s| g.sponsor_by_slug(&s))
            .or_else(|| {
                name.and_then(|n| g.search_sponsors(&n).into_iter().find(|h| h.score >= 1.0))
                    .map(|h| SponsorId(h.entity))
            })
            .map(Sponsor)
    }

    /// Sponsors, most episodes first; with `search`, by relevance.
    async fn sponsors(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Sponsor>> {
        let g = &snapshot(ctx).graph;
        let args = PageArgs::new(first, after, last, before);
        match search.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(q) => paginate(&g.search_sponsors(q), &args, |h| {
                let s = g.sponsor(SponsorId(h.entity));
                let matched = if h.text == 0 { &s.name } else { &s.aliases[h.text as usize - 1] };
                (Sponsor(s.id), search_fields(h.score, Some(matched)))
            }),
            None => {
                let mut list: Vec<SponsorId> = g.sponsors().iter().map(|s| s.id).collect();
                list.sort_by(|a, b| {
                    let (sa, sb) = (g.sponsor(*a), g.sponsor(*b));
                    sb.sponsorships.len().cmp(&sa.sponsorships.len()).then(sa.name.cmp(&sb.name))
                });
                paginate(&list, &args, |s| (Sponsor(*s), EdgeFields::default()))
            }
        }
    }

    /// A link by any spelling of its URL.
    async fn link(&self, ctx: &Context<'_>, url: String) -> Option<Link> {
        snapshot(ctx).graph.link_by_url(&url).map(Link)
    }

    /// Picks, newest first; with `search`, by relevance of the title.
    async fn picks(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Pick>> {
        let g = &snapshot(ctx).graph;
        let args = PageArgs::new(first, after, last, before);
        match search.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(q) => paginate(&g.search_picks(q), &args, |h| {
                let p = PickId(h.entity);
                (Pick(p), search_fields(h.score, Some(&g.pick(p).title)))
            }),
            None => {
                let list: Vec<PickId> =
                    g.episodes_newest_first().iter().flat_map(|e| g.episode(*e).picks.iter().copied()).collect();
                paginate(&list, &args, |p| (Pick(*p), EdgeFields::default()))
            }
        }
    }

    /// What the last successful load read, skipped and warned about.
    async fn load_report<'a>(&self, ctx: &Context<'a>) -> report::LoadReport<'a> {
        report::LoadReport(snapshot(ctx))
    }
}

/// Builds the schema (without data: each request brings its snapshot).
pub fn build_schema() -> PodgraphSchema {
    Schema::build(QueryRoot, EmptyMutation, EmptySubscription).finish()
}

/// The SDL that `schema.graphql` holds.
pub fn sdl() -> String {
    build_schema().sdl()
}
