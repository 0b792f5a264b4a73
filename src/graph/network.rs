//! The people network: a petgraph projection of the person–episode graph in which two
//! people are joined when they appeared on an episode together, the edge holding their
//! shared episodes (oldest first). Built once with the graph; it answers co-appearances in
//! O(degree) and shortest paths between people with petgraph's A*.

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;
use rayon::prelude::*;

use super::*;

/// People joined by their shared episodes. Node `i` is `PersonId(i)`; an edge holds where
/// its episodes sit in `episodes`.
#[derive(Debug, Default)]
pub(crate) struct Network {
    graph: UnGraph<PersonId, Shared, u32>,
    /// The shared episodes of every edge, one edge after the other, each edge's oldest first.
    /// One list: at a million episodes the network has millions of edges, and a list each
    /// was an allocation each, made one after the other.
    episodes: Vec<EpisodeId>,
}

/// Where an edge's shared episodes sit in [`Network::episodes`].
#[derive(Debug, Clone, Copy)]
struct Shared {
    start: u32,
    len: u32,
}

impl Network {
    fn shared(&self, edge: Shared) -> &[EpisodeId] {
        &self.episodes[edge.start as usize..][..edge.len as usize]
    }
}

/// A person who appeared with another, and how often.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoAppearance<'g> {
    pub person: PersonId,
    /// Shared episodes, oldest first.
    pub episodes: &'g [EpisodeId],
}

/// One hop of a path between two people: both appeared on each of `episodes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hop<'g> {
    pub from: PersonId,
    pub to: PersonId,
    /// Every episode the two shared, oldest first (never empty).
    pub episodes: &'g [EpisodeId],
}

/// Cost of one hop: hops count first; among equally short paths, the one whose hops share
/// more episodes wins (a strong tie beats a one-off meeting).
fn hop_cost(shared: usize) -> u64 {
    const HOP: u64 = 1 << 32;
    HOP + (1 << 20) / shared.max(1) as u64
}

/// Builds the network from episodes in chronological order.
///
/// Every pair of people of every episode is listed with the episode's place in that order,
/// on every core, then sorted: a pair's episodes end up side by side, oldest first, and in
/// that order they are the network's one list of shared episodes. (A map from pair to a
/// growing list took a random access and often a reallocation per pair and episode: seconds
/// at a million episodes.)
pub(crate) fn build(people: usize, episodes_by_date: &[EpisodeId], graph: &PodGraph) -> Network {
    let present: Vec<Vec<PersonId>> = episodes_by_date
        .par_iter()
        .map(|&e| {
            let mut present: Vec<PersonId> = graph.people_of(e, None).map(|a| a.person).collect();
            present.sort_unstable();
            present.dedup();
            present
        })
        .collect();
    let lens: Vec<usize> = present.iter().map(|p| p.len() * p.len().saturating_sub(1) / 2).collect();
    let mut pairs: Vec<(PersonId, PersonId, u32)> = crate::par::collect_flat(
        present.par_iter().enumerate().map(|(at, present)| {
            present.iter().enumerate().flat_map(move |(i, a)| present[i + 1..].iter().map(move |b| (*a, *b, at as u32)))
        }),
        &lens,
    );
    drop(present);
    pairs.par_sort_unstable();
    assert!(u32::try_from(pairs.len()).is_ok(), "an edge's start in the shared episodes is a u32");
    let edges = pairs.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)).count();
    let episodes = pairs.par_iter().map(|&(_, _, at)| episodes_by_date[at as usize]).collect();
    let mut graph = UnGraph::with_capacity(people, edges);
    for i in 0..people {
        graph.add_node(PersonId(i as u32));
    }
    let mut start = 0;
    for pair in pairs.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        let (a, b, _) = pair[0];
        let len = pair.len() as u32;
        graph.add_edge(NodeIndex::new(a.index()), NodeIndex::new(b.index()), Shared { start, len });
        start += len;
    }
    Network { graph, episodes }
}

impl PodGraph {
    /// Everyone who appeared on an episode with `person`: most shared episodes first, then
    /// by earliest shared episode.
    pub fn co_appearances(&self, person: PersonId) -> Vec<CoAppearance<'_>> {
        let node = NodeIndex::new(person.index());
        let net = &self.network;
        let mut v: Vec<CoAppearance<'_>> = net
            .graph
            .edges(node)
            .map(|e| {
                let other = if e.source() == node { e.target() } else { e.source() };
                CoAppearance { person: net.graph[other], episodes: net.shared(*e.weight()) }
            })
            .collect();
        v.sort_by(|a, b| {
            b.episodes
                .len()
                .cmp(&a.episodes.len())
                .then(self.date_rank(a.episodes[0]).cmp(&self.date_rank(b.episodes[0])))
                .then(a.person.cmp(&b.person))
        });
        v
    }

    /// The episodes two people shared, oldest first (empty when they never met).
    pub fn shared_episodes(&self, a: PersonId, b: PersonId) -> &[EpisodeId] {
        let net = &self.network;
        net.graph
            .find_edge(NodeIndex::new(a.index()), NodeIndex::new(b.index()))
            .map_or(&[], |e| net.shared(net.graph[e]))
    }

    /// Shortest chain of people from `from` to `to` through shared episodes (A* over the
    /// people network, unit hops; ties go to the chain whose hops share more episodes).
    /// `None` when they are not connected or the chain is longer than `max_hops`; an empty
    /// chain when `from == to`.
    pub fn path(&self, from: PersonId, to: PersonId, max_hops: usize) -> Option<Vec<Hop<'_>>> {
        let start = NodeIndex::new(from.index());
        let goal = NodeIndex::new(to.index());
        let (_, nodes) = petgraph::algo::astar(
            &self.network.graph,
            start,
            |n| n == goal,
            |e| hop_cost(e.weight().len as usize),
            |_| 0,
        )?;
        if nodes.len() > max_hops + 1 {
            return None;
        }
        Some(
            nodes
                .windows(2)
                .map(|w| {
                    let (a, b) = (self.network.graph[w[0]], self.network.graph[w[1]]);
                    Hop { from: a, to: b, episodes: self.shared_episodes(a, b) }
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hop_count_dominates_the_tie_break() {
        // Two weak hops must cost more than one hop, however strong.
        assert!(hop_cost(1) < 2 * hop_cost(1_000_000));
        assert!(hop_cost(10) < hop_cost(1));
        // Twenty weak hops still cost less than twenty-one strong ones.
        assert!(20 * hop_cost(1) < 21 * hop_cost(usize::MAX));
    }
}
