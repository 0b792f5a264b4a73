//! Read-only questions asked of a built graph: lookups by key, relationships, rankings,
//! paths. Returns ids and plain values; nothing here knows about GraphQL.

use std::collections::{HashMap, VecDeque};

use petgraph::Direction;
use petgraph::visit::EdgeRef;

use crate::model::Role;
use crate::normalize::{canonical_url, name_key};

use super::search::Hit;
use super::*;

/// A person who appeared with another, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoAppearance {
    pub person: PersonId,
    /// Shared episodes, oldest first.
    pub episodes: Vec<EpisodeId>,
}

/// One hop of a path between two people: `from` and `to` both appeared on `episode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hop {
    pub from: PersonId,
    pub to: PersonId,
    pub episode: EpisodeId,
}

impl PodGraph {
    pub fn episode_by_key(&self, podcast: &str, slug: &str) -> Option<EpisodeId> {
        let slug = slug.strip_suffix(".md").unwrap_or(slug);
        self.episode_by_key.get(&(podcast.to_string(), slug.to_string())).copied()
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
        canonical_url(url).and_then(|c| self.link_by_url.get(&c.url).copied())
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

    /// Shows a person appeared on, by number of appearances (most first).
    pub fn shows_of(&self, person: PersonId) -> Vec<(ShowId, usize)> {
        let mut counts: HashMap<ShowId, usize> = HashMap::new();
        for a in self.appearances_of(person, None) {
            *counts.entry(self.episode(a.episode).show).or_default() += 1;
        }
        let mut v: Vec<(ShowId, usize)> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    /// Everyone who appeared on an episode with `person`, most shared episodes first.
    pub fn co_appearances(&self, person: PersonId) -> Vec<CoAppearance> {
        let mut shared: HashMap<PersonId, Vec<EpisodeId>> = HashMap::new();
        for a in self.appearances_of(person, None) {
            for other in self.people_of(a.episode, None) {
                if other.person != person {
                    let eps = shared.entry(other.person).or_default();
                    if eps.last() != Some(&a.episode) {
                        eps.push(a.episode);
                    }
                }
            }
        }
        let mut v: Vec<CoAppearance> =
            shared.into_iter().map(|(person, episodes)| CoAppearance { person, episodes }).collect();
        v.sort_by(|a, b| b.episodes.len().cmp(&a.episodes.len()).then(a.person.cmp(&b.person)));
        v
    }

    /// Shortest chain of people linking `from` to `to` through shared episodes
    /// (breadth-first over the petgraph person–episode edges). `None` when unconnected;
    /// an empty path when `from == to`.
    pub fn path(&self, from: PersonId, to: PersonId, max_hops: usize) -> Option<Vec<Hop>> {
        if from == to {
            return Some(Vec::new());
        }
        let start = self.person(from).node;
        let goal = self.person(to).node;
        // Predecessor of each visited person node: (previous person node, episode).
        let mut prev: HashMap<petgraph::graph::NodeIndex, (petgraph::graph::NodeIndex, EpisodeId)> = HashMap::new();
        let mut seen_episodes = std::collections::HashSet::new();
        let mut queue = VecDeque::from([(start, 0usize)]);
        prev.insert(start, (start, EpisodeId(u32::MAX)));
        while let Some((node, depth)) = queue.pop_front() {
            if depth >= max_hops {
                continue;
            }
            for edge in self.graph.edges_directed(node, Direction::Outgoing) {
                let EdgeKind::Appeared(_) = edge.weight() else { continue };
                let ep_node = edge.target();
                let NodeKind::Episode(ep) = self.graph[ep_node] else { continue };
                if !seen_episodes.insert(ep) {
                    continue;
                }
                for back in self.graph.edges_directed(ep_node, Direction::Incoming) {
                    let EdgeKind::Appeared(_) = back.weight() else { continue };
                    let other = back.source();
                    if prev.contains_key(&other) {
                        continue;
                    }
                    prev.insert(other, (node, ep));
                    if other == goal {
                        return Some(self.unwind(&prev, start, goal));
                    }
                    queue.push_back((other, depth + 1));
                }
            }
        }
        None
    }

    fn unwind(
        &self,
        prev: &HashMap<petgraph::graph::NodeIndex, (petgraph::graph::NodeIndex, EpisodeId)>,
        start: petgraph::graph::NodeIndex,
        goal: petgraph::graph::NodeIndex,
    ) -> Vec<Hop> {
        let person_of = |n| match self.graph[n] {
            NodeKind::Person(p) => p,
            _ => unreachable!("path nodes are people"),
        };
        let mut hops = Vec::new();
        let mut node = goal;
        while node != start {
            let (before, episode) = prev[&node];
            hops.push(Hop { from: person_of(before), to: person_of(node), episode });
            node = before;
        }
        hops.reverse();
        hops
    }

    pub fn search_people(&self, query: &str) -> Vec<Hit> {
        self.search.people.search(query)
    }
    pub fn search_episodes(&self, query: &str) -> Vec<Hit> {
        self.search.episodes.search(query)
    }
    pub fn search_sponsors(&self, query: &str) -> Vec<Hit> {
        self.search.sponsors.search(query)
    }
    pub fn search_shows(&self, query: &str) -> Vec<Hit> {
        self.search.shows.search(query)
    }
    pub fn search_picks(&self, query: &str) -> Vec<Hit> {
        self.search.picks.search(query)
    }
}
