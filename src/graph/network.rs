//! The people network: a petgraph projection of the person–episode graph in which two
//! people are joined when they appeared on an episode together, the edge holding their
//! shared episodes (oldest first). Built once with the graph; it answers co-appearances in
//! O(degree) and shortest paths between people with petgraph's A*.

use rustc_hash::FxHashMap as HashMap;

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;

use super::*;

/// People joined by their shared episodes. Node `i` is `PersonId(i)`.
pub(crate) type Network = UnGraph<PersonId, Vec<EpisodeId>, u32>;

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
pub(crate) fn build(people: usize, episodes_by_date: &[EpisodeId], graph: &PodGraph) -> Network {
    let mut shared: HashMap<(PersonId, PersonId), Vec<EpisodeId>> = HashMap::default();
    for &e in episodes_by_date {
        let mut present: Vec<PersonId> = graph.people_of(e, None).map(|a| a.person).collect();
        present.sort_unstable();
        present.dedup();
        for (i, a) in present.iter().enumerate() {
            for b in &present[i + 1..] {
                shared.entry((*a, *b)).or_default().push(e);
            }
        }
    }
    let mut net = Network::with_capacity(people, shared.len());
    for i in 0..people {
        net.add_node(PersonId(i as u32));
    }
    let mut pairs: Vec<((PersonId, PersonId), Vec<EpisodeId>)> = shared.into_iter().collect();
    pairs.sort_by_key(|(k, _)| *k);
    for ((a, b), eps) in pairs {
        net.add_edge(NodeIndex::new(a.index()), NodeIndex::new(b.index()), eps);
    }
    net
}

impl PodGraph {
    /// Everyone who appeared on an episode with `person`: most shared episodes first, then
    /// by earliest shared episode.
    pub fn co_appearances(&self, person: PersonId) -> Vec<CoAppearance<'_>> {
        let node = NodeIndex::new(person.index());
        let mut v: Vec<CoAppearance<'_>> = self
            .network
            .edges(node)
            .map(|e| {
                let other = if e.source() == node { e.target() } else { e.source() };
                CoAppearance { person: self.network[other], episodes: e.weight().as_slice() }
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
        self.network
            .find_edge(NodeIndex::new(a.index()), NodeIndex::new(b.index()))
            .map_or(&[], |e| self.network[e].as_slice())
    }

    /// Shortest chain of people from `from` to `to` through shared episodes (A* over the
    /// people network, unit hops; ties go to the chain whose hops share more episodes).
    /// `None` when they are not connected or the chain is longer than `max_hops`; an empty
    /// chain when `from == to`.
    pub fn path(&self, from: PersonId, to: PersonId, max_hops: usize) -> Option<Vec<Hop<'_>>> {
        let start = NodeIndex::new(from.index());
        let goal = NodeIndex::new(to.index());
        let (_, nodes) =
            petgraph::algo::astar(&self.network, start, |n| n == goal, |e| hop_cost(e.weight().len()), |_| 0)?;
        if nodes.len() > max_hops + 1 {
            return None;
        }
        Some(
            nodes
                .windows(2)
                .map(|w| {
                    let (a, b) = (self.network[w[0]], self.network[w[1]]);
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
