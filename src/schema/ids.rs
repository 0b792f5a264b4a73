//! Opaque global ids (`node(id:)`), stable across reloads: they encode the entity's kind
//! and its human key (slug, podcast/slug, canonical URL), never an arena index.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::graph::{EpisodeId, LinkId, PersonId, PickId, PodGraph, ShowId, SponsorId};

/// A decoded global id, resolved against a graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeRef {
    Show(ShowId),
    Episode(EpisodeId),
    Person(PersonId),
    Sponsor(SponsorId),
    Link(LinkId),
    Pick(PickId),
}

fn encode(kind: &str, key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{kind}:{key}"))
}

pub fn show(g: &PodGraph, id: ShowId) -> String {
    encode("Show", &g.show(id).slug)
}
pub fn episode(g: &PodGraph, id: EpisodeId) -> String {
    let e = g.episode(id);
    encode("Episode", &format!("{}/{}", e.podcast, e.slug))
}
pub fn person(g: &PodGraph, id: PersonId) -> String {
    encode("Person", &g.person(id).slug)
}
pub fn sponsor(g: &PodGraph, id: SponsorId) -> String {
    encode("Sponsor", &g.sponsor(id).slug)
}
pub fn link(g: &PodGraph, id: LinkId) -> String {
    encode("Link", &g.link(id).canonical_url)
}
pub fn pick(g: &PodGraph, id: PickId) -> String {
    let p = g.pick(id);
    let e = g.episode(p.episode);
    let nth = e.picks.iter().position(|x| *x == id).unwrap_or(0);
    encode("Pick", &format!("{}/{}#{}", e.podcast, e.slug, nth))
}

/// Decodes a global id; `None` when it is malformed or names nothing in this graph.
pub fn resolve(g: &PodGraph, id: &str) -> Option<NodeRef> {
    let bytes = URL_SAFE_NO_PAD.decode(id.trim_end_matches('=')).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (kind, key) = text.split_once(':')?;
    match kind {
        "Show" => g.show_by_slug(key).map(NodeRef::Show),
        "Episode" => {
            let (podcast, slug) = key.split_once('/')?;
            g.episode_by_key(podcast, slug).map(NodeRef::Episode)
        }
        "Person" => g.person_by_slug(key).map(NodeRef::Person),
        "Sponsor" => g.sponsor_by_slug(key).map(NodeRef::Sponsor),
        "Link" => g.link_by_url(key).map(NodeRef::Link),
        "Pick" => {
            let (ep, nth) = key.rsplit_once('#')?;
            let (podcast, slug) = ep.split_once('/')?;
            let e = g.episode_by_key(podcast, slug)?;
            let nth: usize = nth.parse().ok()?;
            g.episode(e).picks.get(nth).copied().map(NodeRef::Pick)
        }
        _ => None,
    }
}

/// The kind part of an id, for error messages and entity checks.
pub fn kind_of(id: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(id.trim_end_matches('=')).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    text.split_once(':').map(|(k, _)| k.to_string())
}
