//! Read-only questions asked of a built graph: lookups by key, adjacency, search, and the
//! derived indexes computed once after the build. Returns ids and plain values; nothing
//! here knows about GraphQL. Filters are in `filter`, listings in `order`, counting in
//! `aggregate` and `trend`, co-appearances and paths in `network`.

use crate::model::Role;
use crate::normalize::{canonical_url, name_key};

use super::search::Hit;
use super::*;

/// The default listing orders (see the fields of the same names on [`PodGraph`]).
pub(crate) struct Listings {
    pub(crate) people_by_name: Vec<PersonId>,
    pub(crate) shows_by_title: Vec<ShowId>,
    pub(crate) sponsors_by_episodes: Vec<SponsorId>,
    pub(crate) picks_newest_first: Vec<PickId>,
    pub(crate) links_by_picks: Vec<LinkId>,
}

impl PodGraph {
    pub fn episode_by_key(&self, podcast: &str, slug: &str) -> Option<EpisodeId> {
        let slug = slug.strip_suffix(".md").unwrap_or(slug);
        let episodes = &self.episodes;
        self.episode_by_key.get(|id| (&episodes[id.index()].podcast, &episodes[id.index()].slug), podcast, slug)
    }

    pub fn show_by_slug(&self, slug: &str) -> Option<ShowId> {
        self.show_by_slug.get(slug).copied()
    }

    pub fn person_by_slug(&self, slug: &str) -> Option<PersonId> {
        self.person_by_slug.get(slug).copied()
    }

    /// Any spelling of a person's name or alias, up to case, accents and punctuation.
    pub fn person_by_name(&self, name: &str) -> Option<PersonId> {
        self.person_by_name.get(&name_key(name)).copied()
    }

    pub fn sponsor_by_slug(&self, slug: &str) -> Option<SponsorId> {
        self.sponsor_by_slug.get(slug).copied()
    }

    /// A link by any spelling of its URL.
    pub fn link_by_url(&self, url: &str) -> Option<LinkId> {
        canonical_url(url).and_then(|c| self.link_by_url.get(&self.links, &c.url))
    }

    /// All episodes, newest first.
    pub fn episodes_newest_first(&self) -> &[EpisodeId] {
        &self.episodes_newest_first
    }

    /// People on an episode in a role (`None`: everyone), in the order the page lists them.
    pub fn people_of(&self, episode: EpisodeId, panel: Option<bool>) -> impl Iterator<Item = &Appearance> + '_ {
        self.episode(episode)
            .appearances
            .iter()
            .map(|a| self.appearance(*a))
            .filter(move |a| panel.is_none_or(|p| a.role.is_panel() == p))
    }

    /// Appearances of a person, optionally in one role, oldest first.
    pub fn appearances_of(&self, person: PersonId, role: Option<Role>) -> impl Iterator<Item = &Appearance> + '_ {
        self.person(person)
            .appearances
            .iter()
            .map(|a| self.appearance(*a))
            .filter(move |a| role.is_none_or(|r| a.role == r || (r == Role::Panelist && a.role == Role::Host)))
    }

    /// Links by title, URL words and domain.
    pub fn search_links(&self, query: &str) -> Vec<Hit> {
        self.note_scan();
        self.search.links.search(query)
    }
    pub fn search_people(&self, query: &str) -> Vec<Hit> {
        self.note_scan();
        self.search.people.search(query)
    }
    pub fn search_episodes(&self, query: &str) -> Vec<Hit> {
        self.note_scan();
        self.search.episodes.search(query)
    }
    pub fn search_sponsors(&self, query: &str) -> Vec<Hit> {
        self.note_scan();
        self.search.sponsors.search(query)
    }
    pub fn search_shows(&self, query: &str) -> Vec<Hit> {
        self.note_scan();
        self.search.shows.search(query)
    }
    pub fn search_picks(&self, query: &str) -> Vec<Hit> {
        self.note_scan();
        self.search.picks.search(query)
    }

    /// Every petgraph node, in insertion order (shows, episodes, people, sponsors, links).
    pub fn nodes(&self) -> impl Iterator<Item = NodeKind> + '_ {
        self.graph.node_weights().copied()
    }

    /// Every petgraph edge as (source, target, kind), in insertion order.
    pub fn edges(&self) -> impl Iterator<Item = (NodeKind, NodeKind, EdgeKind)> + '_ {
        use petgraph::visit::EdgeRef;
        self.graph.edge_references().map(|e| (self.graph[e.source()], self.graph[e.target()], *e.weight()))
    }

    /// The default listing orders, from the finished arenas. The lists of sponsorships and
    /// picks are out of their sponsors and links then (see `build::Lists`): their lengths
    /// are asked of `sponsorships` and `link_picks`.
    pub(crate) fn listings(
        &self,
        sponsorships: impl Fn(SponsorId) -> usize,
        link_picks: impl Fn(LinkId) -> usize,
    ) -> Listings {
        // Sort keys are built once per item (not per comparison) and sorted on both cores:
        // at a million episodes these are lists of hundreds of thousands to millions.
        use rayon::slice::ParallelSliceMut;
        let mut people: Vec<(String, &str, PersonId)> =
            self.people.iter().map(|p| (p.name.to_lowercase(), p.name.as_str(), p.id)).collect();
        people.par_sort_unstable();
        let people_by_name = people.into_iter().map(|(_, _, id)| id).collect();
        let mut shows_by_title: Vec<ShowId> = self.shows.iter().map(|s| s.id).collect();
        shows_by_title.sort_by(|a, b| self.show(*a).title.cmp(&self.show(*b).title).then(a.cmp(b)));
        let mut sponsors_by_episodes: Vec<SponsorId> = self.sponsors.iter().map(|s| s.id).collect();
        sponsors_by_episodes.sort_by(|&a, &b| {
            let (x, y) = (self.sponsor(a), self.sponsor(b));
            sponsorships(b).cmp(&sponsorships(a)).then(x.name.cmp(&y.name)).then(a.cmp(&b))
        });
        let picks_newest_first =
            self.episodes_newest_first.iter().flat_map(|e| self.episodes[e.index()].picks.iter().copied()).collect();
        // Canonical URLs are distinct, so the order is total. Most links have one pick: the
        // URLs decide, and their first bytes after the scheme, held in the key, decide most
        // comparisons without reading the strings (millions of them, all over the heap).
        let mut links: Vec<(std::cmp::Reverse<u32>, u128, LinkId)> = self
            .links
            .iter()
            .map(|l| (std::cmp::Reverse(link_picks(l.id) as u32), url_prefix(&l.canonical_url), l.id))
            .collect();
        let all = &self.links;
        links.par_sort_unstable_by(|a, b| {
            (a.0, a.1)
                .cmp(&(b.0, b.1))
                .then_with(|| all[a.2.index()].canonical_url.cmp(&all[b.2.index()].canonical_url))
        });
        let links_by_picks = links.into_iter().map(|(_, _, id)| id).collect();
        Listings { people_by_name, shows_by_title, sponsors_by_episodes, picks_newest_first, links_by_picks }
    }

    /// The search indexes of every searchable kind, built in parallel.
    pub(crate) fn build_search_indexes(&self) -> super::SearchIndexes {
        use super::search::SearchIndex;
        let (people, episodes, sponsors) = (&self.people, &self.episodes, &self.sponsors);
        let (shows, picks, links) = (&self.shows, &self.picks, &self.links);
        let ((people, episodes), ((sponsors, shows), (picks, links))) = rayon::join(
            || {
                rayon::join(
                    || {
                        timed("people index", || {
                            SearchIndex::build(people.len(), |i| {
                                std::iter::once(people[i].name.as_str())
                                    .chain(people[i].aliases.iter().map(String::as_str))
                            })
                        })
                    },
                    || timed("episodes index", || SearchIndex::build(episodes.len(), |i| [episodes[i].title.as_str()])),
                )
            },
            || {
                rayon::join(
                    || {
                        rayon::join(
                            || {
                                SearchIndex::build(sponsors.len(), |i| {
                                    std::iter::once(sponsors[i].name.as_str())
                                        .chain(sponsors[i].aliases.iter().map(String::as_str))
                                })
                            },
                            || SearchIndex::build(shows.len(), |i| [shows[i].title.as_str(), shows[i].slug.as_str()]),
                        )
                    },
                    || {
                        rayon::join(
                            || timed("picks index", || SearchIndex::build(picks.len(), |i| [&*picks[i].title])),
                            || {
                                timed("links index", || {
                                    SearchIndex::build(links.len(), |i| {
                                        [self.link_title(&links[i]), &*links[i].canonical_url]
                                    })
                                })
                            },
                        )
                    },
                )
            },
        );
        super::SearchIndexes { people, episodes, sponsors, shows, picks, links }
    }
}
