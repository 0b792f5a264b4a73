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
        let links_by_picks =
            links_by_picks(self.links.iter().map(|l| (link_picks(l.id) as u32, l.id)).collect(), |id| {
                &self.links[id.index()].canonical_url
            });
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

/// Links, most picked first, then by canonical URL (distinct, so the order is total).
///
/// Most links have one pick, so the URLs decide. They are sorted first by the pick count and
/// each URL's first 32 bytes after the scheme, held in the key (no string is read), then each
/// run sharing both by the whole URL. Comparing the strings inside the sort read them all
/// over the heap, again and again: most of this phase's time at a million episodes.
fn links_by_picks<'a>(picks: Vec<(u32, LinkId)>, url: impl Fn(LinkId) -> &'a str) -> Vec<LinkId> {
    use rayon::slice::ParallelSliceMut;
    let mut links: Vec<(std::cmp::Reverse<u32>, [u64; 4], LinkId)> =
        picks.into_iter().map(|(n, id)| (std::cmp::Reverse(n), url_prefix(url(id)), id)).collect();
    links.par_sort_unstable();
    for run in links.chunk_by_mut(|a, b| (a.0, a.1) == (b.0, b.1)) {
        if run.len() > 1 {
            run.sort_unstable_by(|a, b| url(a.2).cmp(url(b.2)));
        }
    }
    links.into_iter().map(|(_, _, id)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 500, failure_persistence: None, ..Default::default() })]
        /// The keyed sort orders as comparing the whole URLs does: URLs here share long
        /// prefixes, end around the key's 32 bytes, and pick counts repeat.
        #[test]
        fn links_by_picks_orders_by_count_then_url(
            tails in proptest::collection::btree_set("(smashingmagazine\\.com/|www\\.youtube\\.com/watch\\?v=)?[ab/é]{0,30}", 0..60),
            counts in proptest::collection::vec(0u32..3, 60),
        ) {
            let urls: Vec<String> = tails.iter().map(|t| format!("https://{t}")).collect();
            let picks: Vec<(u32, LinkId)> = (0..urls.len()).map(|i| (counts[i], LinkId(i as u32))).collect();
            let mut expected = picks.clone();
            expected.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| urls[a.1.index()].cmp(&urls[b.1.index()])));
            let expected: Vec<LinkId> = expected.into_iter().map(|(_, id)| id).collect();
            proptest::prop_assert_eq!(links_by_picks(picks, |id| urls[id.index()].as_str()), expected);
        }
    }
}
