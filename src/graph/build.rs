//! Building the graph from parsed episodes: shows, identity resolution, typed edges,
//! indexes. Deterministic: the same pages give the same ids in the same order.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;
use std::sync::Arc;

use petgraph::graph::DiGraph;
use rayon::prelude::*;
use std::time::{Duration, Instant};
use tracing::debug;

use crate::memory::Usage;
use crate::model::{self, Diagnostic, Severity, SiteData};
use crate::normalize::{CanonicalUrl, canonical_url, name_key, slugify};
use crate::par;

use super::identity::{self, MentionEpisode, NameMention, SponsorMentionRef};
use super::query::Listings;
use super::*;

/// Counts that show what identity resolution did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildStats {
    /// Distinct person spellings (full names, and short names per show) before resolution.
    pub person_names_before: usize,
    pub people_after: usize,
    pub sponsor_names_before: usize,
    pub sponsors_after: usize,
    /// Distinct URLs as written (picks and sponsors) before canonicalisation.
    pub urls_before: usize,
    pub links_after: usize,
}

/// Indexes episodes by position under (podcast, slug) and (folder, slug). An episode whose
/// (podcast, slug) an earlier one holds is not indexed: it is returned with that earlier one.
fn index_episodes(episodes: &[model::Episode]) -> (EpisodeIndex, Vec<(usize, EpisodeId)>) {
    let mut index = EpisodeIndex::with_capacity(episodes.len());
    let mut duplicates = Vec::new();
    let key_of = |id: EpisodeId| (episodes[id.index()].podcast.as_str(), episodes[id.index()].slug.as_str());
    for (i, ep) in episodes.iter().enumerate() {
        if let Some(other) = index.get(key_of, &ep.podcast, &ep.slug) {
            duplicates.push((i, other));
            continue;
        }
        let id = EpisodeId(i as u32);
        index.insert(key_of, id);
        if ep.folder != ep.podcast {
            index.insert_folder(key_of, &ep.folder, &ep.slug, id);
        }
    }
    (index, duplicates)
}

/// Gives the strings the episodes took over from the parsed pages (moved, not copied, when
/// the episodes were made) allocations of their own, while the pages still hold theirs.
/// Moved, each string sat among the page's other blocks and, once those are freed, would
/// keep its whole allocator page resident: at a million episodes that left about 600-700 MB
/// of mostly empty pages resident under the indexes built next. The copies land on fresh
/// pages, so the parsed pages' memory comes back whole.
///
/// The picks' strings, moved from the pages too, stay where they are: copying tens of
/// millions of them at scale costs load time, for resident memory after the peak (which the
/// identity of people sets, earlier).
fn reallocate_moved_strings(episodes: &mut [Episode]) {
    fn fresh(s: &mut String) {
        if !s.is_empty() {
            *s = s.as_str().to_owned();
        }
    }
    episodes.par_iter_mut().for_each(|e| {
        fresh(&mut e.slug);
        fresh(&mut e.file);
        fresh(&mut e.title);
        e.audio_url.iter_mut().for_each(fresh);
        e.summary.iter_mut().for_each(fresh);
        if !e.tags.is_empty() {
            e.tags = e.tags.iter().map(|t| t.as_str().to_owned()).collect();
        }
        if !e.links.is_empty() {
            e.links = e.links.clone();
        }
    });
}

impl PodGraph {
    /// Builds the graph. `episodes` should be in a stable order (the loader sorts by path).
    /// Returns diagnostics for duplicate episode keys.
    pub fn build(episodes: Vec<model::Episode>, site: &SiteData) -> (PodGraph, Vec<Diagnostic>) {
        let mut clock = PhaseClock::new();
        // The parsed pages and the resolution tables are freed (at the end of `assemble`)
        // before the indexes are built: at scale, keeping them would raise the peak memory.
        let (mut g, diagnostics) = PodGraph::assemble(episodes, site, &mut clock);
        clock.lap("free the parsed pages and resolution tables");
        g.finish(site, &mut clock);
        clock.log(g.episodes.len());
        (g, diagnostics)
    }

    /// Nodes, identities and edges from the parsed pages; what `finish` derives comes later.
    fn assemble(episodes: Vec<model::Episode>, site: &SiteData, clock: &mut PhaseClock) -> (PodGraph, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut g = PodGraph::default();
        let mut graph: DiGraph<NodeKind, EdgeKind> = DiGraph::new();

        // Shows: the site's list, plus any podcast value pages use.
        let mut show_titles: BTreeMap<String, String> =
            site.shows.iter().map(|s| (s.slug.clone(), s.title.clone())).collect();
        for ep in &episodes {
            if !show_titles.contains_key(&ep.podcast) {
                show_titles.insert(ep.podcast.clone(), ep.podcast.clone());
            }
        }
        let used: HashSet<&str> = episodes.iter().map(|e| e.podcast.as_str()).collect();
        for (slug, title) in show_titles {
            // Shows of the site's list without any page are left out: they would be empty nodes.
            if !used.contains(slug.as_str()) {
                continue;
            }
            let id = ShowId(g.shows.len() as u32);
            let node = graph.add_node(NodeKind::Show(id));
            g.show_by_slug.insert(slug.clone(), id);
            g.shows.push(Show { id, slug, title, episodes: Vec::new(), hosts: Vec::new(), node });
        }

        // Episodes, keyed by (podcast, slug) and by (folder, slug). A page repeating an
        // episode's key is reported and left out; the others stay where the loader put them
        // (at scale, moving every parsed episode once more copies ~300 MB into fresh pages).
        let (index, duplicates) = index_episodes(&episodes);
        let mut kept = episodes;
        g.episode_by_key = if duplicates.is_empty() {
            index
        } else {
            for &(dup, other) in &duplicates {
                let ep = &kept[dup];
                diagnostics.push(Diagnostic {
                    file: ep.file.clone(),
                    line: 1,
                    severity: Severity::Error,
                    message: format!(
                        "duplicate episode {}/{}: {} already has this podcast and slug; page not loaded",
                        ep.podcast,
                        ep.slug,
                        kept[other.index()].file
                    ),
                });
            }
            let mut position = 0;
            let mut left_out = duplicates.iter().map(|&(dup, _)| dup).peekable();
            kept.retain(|_| {
                let drop = left_out.next_if_eq(&position).is_some();
                position += 1;
                !drop
            });
            let (index, none) = index_episodes(&kept);
            debug_assert!(none.is_empty());
            index
        };
        let files: Vec<Arc<str>> = kept.par_iter().map(|ep| Arc::from(ep.file.as_str())).collect();
        graph.reserve_exact_nodes(kept.len());
        graph.reserve_exact_edges(kept.len());
        let first_node = graph.node_count();
        for (i, ep) in kept.iter().enumerate() {
            let node = graph.add_node(NodeKind::Episode(EpisodeId(i as u32)));
            let show = g.show_by_slug[&ep.podcast];
            graph.add_edge(node, g.shows[show.index()].node, EdgeKind::OfShow);
        }
        // What only the episode node keeps is moved there, not copied (on both cores: at
        // scale this is millions of strings and lists).
        let show_by_slug = &g.show_by_slug;
        g.episodes = kept
            .par_iter_mut()
            .enumerate()
            .map(|(i, ep)| Episode {
                id: EpisodeId(i as u32),
                show: show_by_slug[&ep.podcast],
                podcast: ep.podcast.clone(),
                slug: std::mem::take(&mut ep.slug),
                file: std::mem::take(&mut ep.file),
                title: std::mem::take(&mut ep.title),
                number: ep.number,
                date: ep.date,
                duration_seconds: ep.duration_seconds,
                audio_url: ep.audio_url.take(),
                tags: std::mem::take(&mut ep.tags),
                summary: std::mem::take(&mut ep.summary),
                appearances: Vec::new(),
                sponsorships: Vec::new(),
                picks: Vec::new(),
                links: std::mem::take(&mut ep.links).without_lines(),
                node: NodeIndex::new(first_node + i),
            })
            .collect();

        clock.lap("shows and episodes");
        // The picks leave the pages for the side that builds links and picks; the names of
        // their pickers stay here, for identity. On both cores: at scale these loops visit
        // millions of mentions scattered over the pages.
        let pick_lists: Vec<Vec<model::PickMention>> =
            kept.par_iter_mut().map(|ep| std::mem::take(&mut ep.picks)).collect();
        // Each list is counted first so that the flattened lists are written straight to
        // their final place (see `par`).
        let picker_counts: Vec<usize> =
            pick_lists.par_iter().map(|picks| picks.iter().filter(|p| p.picker.is_some()).count()).collect();
        let picker_names: Vec<Arc<str>> = par::collect_flat(
            pick_lists.par_iter().map(|picks| picks.iter().filter_map(|pick| pick.picker.clone())),
            &picker_counts,
        );
        // People: appearances first, then pickers, in page order.
        let people_counts: Vec<usize> = kept.par_iter().map(|ep| ep.people.len()).collect();
        let appearance_mentions: usize = people_counts.iter().sum();
        let mut name_mentions = Vec::with_capacity(appearance_mentions + picker_names.len());
        par::extend_flat(
            &mut name_mentions,
            kept.par_iter().enumerate().map(|(i, ep)| {
                ep.people.iter().map(move |p| NameMention::new(i as u32, &p.name, &p.links, p.role.is_panel(), p.line))
            }),
            &people_counts,
        );
        let picked_at: Vec<(u32, u32)> = par::collect_flat(
            pick_lists
                .par_iter()
                .enumerate()
                .map(|(i, picks)| picks.iter().filter(|p| p.picker.is_some()).map(move |p| (i as u32, p.line))),
            &picker_counts,
        );
        assert_eq!(picked_at.len(), picker_names.len(), "one name per picker");
        name_mentions.par_extend(
            picked_at
                .into_par_iter()
                .zip(picker_names.par_iter())
                .map(|((episode, line), name)| NameMention::new(episode, name, &identity::NO_LINKS, false, line)),
        );
        let mention_episodes: Vec<MentionEpisode> = kept
            .par_iter()
            .zip(files.par_iter())
            .map(|(ep, file)| MentionEpisode { show: &ep.podcast, date: ep.date, file })
            .collect();
        clock.lap("name mentions");
        // The identity of people (the longest step, mostly one core's work) on one side; on
        // the other the sponsors and the canonical form of every URL, then the links and
        // picks, which do not depend on who the pickers are. (The sponsors and URLs first,
        // on both cores, left a core idle for seconds in identity's later steps.)
        let mut sponsor_refs: Vec<SponsorMentionRef> =
            Vec::with_capacity(kept.iter().map(|ep| ep.sponsors.len()).sum());
        sponsor_refs.extend(
            kept.iter()
                .flat_map(|ep| ep.sponsors.iter())
                .map(|s| SponsorMentionRef { name: &s.name, url: s.url.as_deref() }),
        );
        // Each side of these joins logs its time: which one is longer tells where to look
        // next.
        let (people, (sponsors, links_and_picks)) = rayon::join(
            || timed("identity of people", || identity::resolve_people(&name_mentions, &mention_episodes, &site.hosts)),
            || {
                let (sponsors, urls) = rayon::join(
                    || timed("identity of sponsors", || identity::resolve_sponsors(&sponsor_refs)),
                    || timed("URL slots", || UrlSlots::new(&pick_lists, &kept)),
                );
                let links_and_picks = timed("links and picks", || LinksAndPicks::build(pick_lists, &sponsors, urls));
                (sponsors, links_and_picks)
            },
        );
        let LinksAndPicks {
            links,
            link_by_url,
            sponsor_links,
            sponsors_by_link,
            picks,
            has_picker,
            episode_picks,
            urls_before,
        } = links_and_picks;
        // Every arena and the graph get their final size at once: at scale, growing them by
        // doubling copies gigabytes and touches twice the memory.
        g.sponsorships.reserve_exact(sponsor_refs.len());
        graph.reserve_exact_nodes(people.people.len() + sponsors.sponsors.len() + links.len());
        graph.reserve_exact_edges(name_mentions.len() + sponsor_refs.len() + picks.len());
        let identity::PeopleResolution {
            people: resolved,
            mention_person,
            mention_written,
            written,
            merges: person_merges,
            ambiguous,
            names_before: person_names_before,
        } = people;
        // The mentions borrow the pages, which the edges below take strings from.
        drop((name_mentions, mention_episodes, sponsor_refs));
        // Each distinct name written for a person, shared by every appearance that writes it
        // (made before the picker names it may borrow are freed).
        let written: Vec<Arc<str>> = written.par_iter().map(|w| Arc::from(*w)).collect();
        drop(picker_names);
        let mut strings = Interner::default();
        g.stats.person_names_before = person_names_before;
        // Slugs are made on both cores; only the suffixes that tell equal slugs apart need
        // the people in order.
        let slugs: Vec<String> = resolved.par_iter().map(|p| slugify(&p.name)).collect();
        g.person_by_slug.reserve(resolved.len());
        g.people.reserve_exact(resolved.len());
        for (i, (p, base)) in resolved.into_iter().zip(slugs).enumerate() {
            let id = PersonId(i as u32);
            let slug = if g.person_by_slug.contains_key(&base) {
                (2..).map(|n| format!("{base}-{n}")).find(|s| !g.person_by_slug.contains_key(s)).expect("a free suffix")
            } else {
                base
            };
            let node = graph.add_node(NodeKind::Person(id));
            g.person_by_slug.insert(slug.clone(), id);
            g.people.push(Person {
                id,
                slug,
                name: p.name,
                aliases: p.aliases,
                links: p.links,
                appearances: Vec::new(),
                picks: Vec::new(),
                node,
            });
        }
        g.merges.extend(person_merges);
        g.ambiguous = ambiguous;

        clock.lap("identity beside sponsors, canonical URLs, links and picks");
        // Picks get their pickers: the picker name mentions follow the appearances, in pick
        // order.
        let mut picks = picks;
        let mut picker_mentions = mention_person[appearance_mentions..].iter();
        for (pick, had_picker) in picks.iter_mut().zip(has_picker) {
            if had_picker {
                let person = *picker_mentions.next().expect("one name mention per picker");
                pick.picker = Some(PersonId(person));
            }
        }
        debug_assert!(picker_mentions.next().is_none());
        // Appearances: one per person and episode (the first role listed wins), numbered in
        // page order, written on both cores.
        let mention_start = par::starts(&people_counts);
        debug_assert_eq!(people_counts.iter().sum::<usize>(), appearance_mentions);
        // A page lists a handful of people: its own short list is the set seen.
        let first_mentions = |i: usize| {
            let persons = &mention_person[mention_start[i]..mention_start[i] + people_counts[i]];
            (0..persons.len()).filter(move |&j| !persons[..j].contains(&persons[j]))
        };
        let appearance_counts: Vec<usize> =
            (0..kept.len()).into_par_iter().map(|i| first_mentions(i).count()).collect();
        let appearance_start = par::starts(&appearance_counts);
        g.appearances = par::collect_flat(
            (0..kept.len()).into_par_iter().map(|i| {
                let (page, base, start) = (&kept[i], appearance_start[i], mention_start[i]);
                let (written, mention_person, mention_written) = (&written, &mention_person, &mention_written);
                first_mentions(i).enumerate().map(move |(k, j)| {
                    let (m, p) = (start + j, &page.people[j]);
                    Appearance {
                        id: AppearanceId((base + k) as u32),
                        person: PersonId(mention_person[m]),
                        episode: EpisodeId(i as u32),
                        role: p.role,
                        name_as_written: written[mention_written[m] as usize].clone(),
                        line: p.line,
                    }
                })
            }),
            &appearance_counts,
        );
        g.episodes.par_iter_mut().enumerate().for_each(|(i, ep)| {
            ep.appearances = (appearance_start[i]..appearance_start[i] + appearance_counts[i])
                .map(|a| AppearanceId(a as u32))
                .collect();
        });
        drop((written, mention_written, mention_start, appearance_counts, appearance_start));

        // Then on one core the appearances' edges, the sponsors and their sponsorships (the
        // graph takes its edges one at a time, in order), and on the other the names pickers
        // wrote and each person's appearances: each side is about a second of one core's
        // work at a million episodes, and neither needs the other.
        let person_nodes: Vec<NodeIndex> = g.people.iter().map(|p| p.node).collect();
        let (people_ref, appearances_ref) = (&g.people, &g.appearances);
        let ((), (new_aliases, person_appearances)) = rayon::join(
            || {
                timed("appearances' edges, sponsors and sponsorships", || {
                    for a in appearances_ref {
                        let episode = g.episodes[a.episode.index()].node;
                        graph.add_edge(person_nodes[a.person.index()], episode, EdgeKind::Appeared(a.id));
                    }
                    let mut sponsor_slugs: HashSet<String> = HashSet::default();
                    for (i, s) in sponsors.sponsors.iter().enumerate() {
                        let id = SponsorId(i as u32);
                        let mut slug = slugify(&s.name);
                        let base = slug.clone();
                        let mut n = 2;
                        while !sponsor_slugs.insert(slug.clone()) {
                            slug = format!("{base}-{n}");
                            n += 1;
                        }
                        let node = graph.add_node(NodeKind::Sponsor(id));
                        g.sponsor_by_slug.insert(slug.clone(), id);
                        g.sponsors.push(Sponsor {
                            id,
                            slug,
                            name: s.name.clone(),
                            aliases: s.aliases.clone(),
                            url: s.url.clone(),
                            link: sponsor_links[i],
                            sponsorships: Vec::new(),
                            node,
                        });
                    }
                    let mut m = 0;
                    for (i, ep) in kept.iter().enumerate() {
                        let eid = EpisodeId(i as u32);
                        for s in &ep.sponsors {
                            let sponsor = sponsors.mention_sponsor[m];
                            m += 1;
                            let sponsorships = &g.sponsorships;
                            if g.episodes[i]
                                .sponsorships
                                .iter()
                                .any(|k| sponsorships[k.index()].sponsor.index() == sponsor)
                            {
                                continue;
                            }
                            let id = SponsorshipId(g.sponsorships.len() as u32);
                            graph.add_edge(g.episodes[i].node, g.sponsors[sponsor].node, EdgeKind::SponsoredBy(id));
                            g.sponsorships.push(Sponsorship {
                                id,
                                sponsor: SponsorId(sponsor as u32),
                                episode: eid,
                                name_as_written: strings.get(&s.name),
                                url: s.url.as_deref().map(|u| strings.get(u)),
                                line: s.line,
                            });
                            g.episodes[i].sponsorships.push(id);
                            g.sponsors[sponsor].sponsorships.push(id);
                        }
                    }
                })
            },
            || {
                timed("names pickers wrote and each person's appearances", || {
                    let new_aliases = picker_aliases(people_ref, &picks);
                    let mut counts = vec![0usize; people_ref.len()];
                    for a in appearances_ref {
                        counts[a.person.index()] += 1;
                    }
                    let mut lists: Vec<Vec<AppearanceId>> = counts.into_iter().map(Vec::with_capacity).collect();
                    for a in appearances_ref {
                        lists[a.person.index()].push(a.id);
                    }
                    (new_aliases, lists)
                })
            },
        );
        for (person, appearances) in g.people.iter_mut().zip(person_appearances) {
            person.appearances = appearances;
        }
        for (person, alias) in new_aliases {
            g.people[person.index()].aliases.push(alias);
        }
        g.people.par_iter_mut().for_each(|person| person.aliases.sort());
        g.stats.sponsor_names_before = sponsors.names_before;
        g.merges.extend(sponsors.merges);

        clock.lap("people, appearances, sponsorships and the names pickers wrote");
        reallocate_moved_strings(&mut g.episodes);
        // The pages have given everything they hold: freed on the other core, which is idle
        // during the sequential steps below (at scale that is millions of strings).
        rayon::spawn(move || drop(kept));
        // Links become nodes after the sponsors, in id order.
        g.stats.urls_before = urls_before;
        g.links = links;
        g.link_by_url = link_by_url;
        for link in &mut g.links {
            link.node = graph.add_node(NodeKind::Link(link.id));
        }
        for sponsor in &g.sponsors {
            if let Some(link) = sponsor.link {
                graph.add_edge(sponsor.node, g.links[link.index()].node, EdgeKind::SponsorUrl);
            }
        }
        g.sponsors_by_link = sponsors_by_link;

        clock.lap("episodes' strings reallocated, links as nodes");
        // Picks join their pickers' lists, and get their edges.
        g.picks = picks;
        for pick in &g.picks {
            if let Some(person) = pick.picker {
                g.people[person.index()].picks.push(pick.id);
            }
            if let Some(link) = pick.link {
                let from = pick.picker.map_or(g.episodes[pick.episode.index()].node, |p| g.people[p.index()].node);
                graph.add_edge(from, g.links[link.index()].node, EdgeKind::Picked(pick.id));
            }
        }
        for (episode, picks) in g.episodes.iter_mut().zip(episode_picks) {
            episode.picks = picks;
        }
        clock.lap("picks and their links");
        g.stats.links_after = g.links.len();
        g.stats.people_after = g.people.len();
        g.stats.sponsors_after = g.sponsors.len();

        g.graph = graph;
        (g, diagnostics)
    }

    /// Orders adjacency lists chronologically and computes derived indexes.
    fn finish(&mut self, site: &SiteData, clock: &mut PhaseClock) {
        let date_key =
            |g: &PodGraph, e: EpisodeId| (g.episodes[e.index()].date.is_none(), g.episodes[e.index()].date, e);
        let mut by_date: Vec<EpisodeId> = self.episodes.iter().map(|e| e.id).collect();
        // Keys end with the id, so the order is total and an unstable parallel sort is exact.
        by_date.par_sort_unstable_by_key(|&e| date_key(self, e));
        let mut newest: Vec<EpisodeId> = self.episodes.iter().map(|e| e.id).collect();
        newest.par_sort_unstable_by(|&a, &b| {
            let (da, db) = (self.episodes[a.index()].date, self.episodes[b.index()].date);
            db.cmp(&da).then(a.cmp(&b))
        });
        self.episodes_newest_first = newest;
        let mut rank = vec![0u32; self.episodes.len()];
        for (i, e) in by_date.iter().enumerate() {
            rank[e.index()] = i as u32;
        }
        // The adjacency lists to order leave their owners for a moment: they are ordered,
        // and the listings and the name index computed, on one side, while the search
        // indexes and the people network, which read only names, titles and the episodes'
        // own lists, are built on the other. One after the other, each of the two left a
        // core idle for seconds at a million episodes.
        let lists = Lists::take(self);
        // What the build freed is handed back first: the indexes are the last and largest
        // allocations of a load, and set its peak memory.
        crate::memory::return_freed_to_os();
        let this = &*self;
        let (ordered, (search, network)) = rayon::join(
            || Ordered::new(this, lists, &by_date, &rank, site),
            || {
                rayon::join(
                    || this.build_search_indexes(),
                    || timed("people network", || super::network::build(this.people.len(), &by_date, this)),
                )
            },
        );
        ordered.put_into(self);
        self.search = search;
        self.network = network;
        self.date_rank = rank;
        self.episodes_by_date = by_date;
        clock.lap("orders, listings and name index beside search indexes and people network");
    }
}

/// The adjacency lists that are ordered by date once the graph is built, out of their
/// owners (people, sponsors, links) while they are sorted (see [`PodGraph::finish`]).
struct Lists {
    people: Vec<(Vec<AppearanceId>, Vec<PickId>)>,
    sponsors: Vec<Vec<SponsorshipId>>,
    links: Vec<Vec<PickId>>,
}

impl Lists {
    fn take(g: &mut PodGraph) -> Lists {
        use std::mem::take;
        Lists {
            people: g.people.iter_mut().map(|p| (take(&mut p.appearances), take(&mut p.picks))).collect(),
            sponsors: g.sponsors.iter_mut().map(|s| take(&mut s.sponsorships)).collect(),
            links: g.links.iter_mut().map(|l| take(&mut l.picks)).collect(),
        }
    }
}

/// Names the pages wrote for their pickers that their own notes resolved ("(Chuck)" →
/// Charles Max Wood) and that are not yet the person's name or an alias, in pick order:
/// aliases of the person too, so search and `person(name:)` find them. `picks` have their
/// pickers. Name keys are computed once per person and per distinct written name.
fn picker_aliases(people: &[Person], picks: &[Pick]) -> Vec<(PersonId, String)> {
    let mut added = Vec::new();
    let mut person_keys: Vec<Option<(String, HashSet<String>)>> = vec![None; people.len()];
    let mut written_keys: HashMap<&str, (String, String)> = HashMap::default();
    // The spelling each person's last pick was written with (its interned allocation):
    // a person's picks repeat one spelling, and a (person, spelling) seen before changes
    // nothing, so a repeat is passed over without hashing or comparing any text.
    let mut last_spelling: Vec<usize> = vec![0; people.len()];
    for pick in picks {
        if let (Some(person), Some(shared)) = (pick.picker, pick.picker_as_written.as_ref()) {
            let spelling = Arc::as_ptr(shared).cast::<u8>() as usize;
            if std::mem::replace(&mut last_spelling[person.index()], spelling) == spelling {
                continue;
            }
            let written = &**shared;
            let (written, written_key) = written_keys.entry(written).or_insert_with(|| {
                let clean = identity::clean_display(written);
                let key = name_key(&clean);
                (clean, key)
            });
            if written.is_empty() {
                continue;
            }
            let (own_key, alias_keys) = person_keys[person.index()].get_or_insert_with(|| {
                let person = &people[person.index()];
                (name_key(&person.name), person.aliases.iter().map(|a| name_key(a)).collect())
            });
            if written_key != own_key && !alias_keys.contains(written_key.as_str()) {
                alias_keys.insert(written_key.clone());
                added.push((person, written.clone()));
            }
        }
    }
    added
}

/// An item's place in date order as one number: its episode's rank, then its own id.
fn date_key(rank: u32, id: u32) -> u64 {
    (u64::from(rank) << 32) | u64::from(id)
}

/// Sorts `list` by each item's [`date_key`], computed once per item into `keys` (a buffer
/// reused from list to list); `id` rebuilds an item from the key's low half.
fn sort_by_date_key<T>(list: &mut [T], keys: &mut Vec<u64>, key: impl Fn(&T) -> u64, id: impl Fn(u32) -> T) {
    if list.len() < 2 {
        return;
    }
    keys.clear();
    keys.extend(list.iter().map(key));
    keys.sort_unstable();
    for (item, &k) in list.iter_mut().zip(keys.iter()) {
        *item = id(k as u32);
    }
}

/// What [`PodGraph::finish`] computes beside the search indexes: the ordered lists, each
/// show's episodes and regular panel, the name index and the default listings.
struct Ordered {
    lists: Lists,
    show_episodes: Vec<Vec<EpisodeId>>,
    show_hosts: Vec<Vec<PersonId>>,
    person_by_name: HashMap<String, PersonId>,
    listings: Listings,
}

impl Ordered {
    /// `by_date`: every episode, oldest first, undated last; `rank`: each episode's place in it.
    fn new(g: &PodGraph, mut lists: Lists, by_date: &[EpisodeId], rank: &[u32], site: &SiteData) -> Ordered {
        let mut show_episodes: Vec<Vec<EpisodeId>> = vec![Vec::new(); g.shows.len()];
        for &e in by_date {
            show_episodes[g.episodes[e.index()].show.index()].push(e);
        }
        let (appearances, picks, sponsorships) = (&g.appearances, &g.picks, &g.sponsorships);
        // Each list is sorted on its own; the lists are many (people, links) or long (a
        // sponsor's sponsorships): both cores. Each item's key (its episode's rank, then its
        // id) is looked up once, not at every comparison, and sorted as one number.
        let appearance_key = |a: &AppearanceId| date_key(rank[appearances[a.index()].episode.index()], a.0);
        let pick_key = |k: &PickId| date_key(rank[picks[k.index()].episode.index()], k.0);
        lists.people.par_iter_mut().for_each_init(Vec::new, |keys, (own_appearances, own_picks)| {
            sort_by_date_key(own_appearances, keys, appearance_key, AppearanceId);
            sort_by_date_key(own_picks, keys, pick_key, PickId);
        });
        for list in &mut lists.sponsors {
            let mut keys: Vec<u64> =
                list.par_iter().map(|k| date_key(rank[sponsorships[k.index()].episode.index()], k.0)).collect();
            keys.par_sort_unstable();
            list.par_iter_mut().zip(keys).for_each(|(k, key)| *k = SponsorshipId(key as u32));
        }
        lists.links.par_iter_mut().for_each_init(Vec::new, |keys, list| sort_by_date_key(list, keys, pick_key, PickId));

        // Regular panel of each show: its listed hosts, and people on its panel in at
        // least a tenth of its episodes (and at least five).
        let listed: HashMap<String, Vec<&str>> = site.hosts.iter().fold(HashMap::default(), |mut acc, h| {
            for show in &h.podcasts {
                acc.entry(show.clone()).or_default().push(h.name.as_str());
            }
            acc
        });
        let show_hosts = show_episodes
            .iter()
            .zip(&g.shows)
            .map(|(episodes, show)| {
                let mut counts: HashMap<PersonId, usize> = HashMap::default();
                for e in episodes {
                    for a in &g.episodes[e.index()].appearances {
                        let a = &g.appearances[a.index()];
                        if a.role.is_panel() {
                            *counts.entry(a.person).or_default() += 1;
                        }
                    }
                }
                let n = episodes.len();
                let mut hosts: Vec<(usize, PersonId)> =
                    counts.into_iter().filter(|(_, c)| *c >= 5 && c * 10 >= n).map(|(p, c)| (c, p)).collect();
                for name in listed.get(&show.slug).into_iter().flatten() {
                    if let Some(&p) = g.person_by_slug.get(&slugify(name))
                        && !hosts.iter().any(|(_, h)| *h == p)
                    {
                        hosts.push((0, p));
                    }
                }
                hosts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                hosts.into_iter().map(|(_, p)| p).collect()
            })
            .collect();

        // Name index: every spelling of every person; a spelling two people share is left out.
        let mut by_name: HashMap<String, Option<PersonId>> = HashMap::default();
        for p in &g.people {
            for name in std::iter::once(&p.name).chain(&p.aliases) {
                let key = name_key(name);
                by_name
                    .entry(key)
                    .and_modify(|v| {
                        if *v != Some(p.id) {
                            *v = None
                        }
                    })
                    .or_insert(Some(p.id));
            }
        }
        let person_by_name = by_name.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect();
        let listings = g.listings(|s| lists.sponsors[s.index()].len(), |l| lists.links[l.index()].len());
        Ordered { lists, show_episodes, show_hosts, person_by_name, listings }
    }

    fn put_into(self, g: &mut PodGraph) {
        let Ordered { lists, show_episodes, show_hosts, person_by_name, listings } = self;
        for (person, (appearances, picks)) in g.people.iter_mut().zip(lists.people) {
            (person.appearances, person.picks) = (appearances, picks);
        }
        for (sponsor, sponsorships) in g.sponsors.iter_mut().zip(lists.sponsors) {
            sponsor.sponsorships = sponsorships;
        }
        for (link, picks) in g.links.iter_mut().zip(lists.links) {
            link.picks = picks;
        }
        for ((show, episodes), hosts) in g.shows.iter_mut().zip(show_episodes).zip(show_hosts) {
            (show.episodes, show.hosts) = (episodes, hosts);
        }
        g.person_by_name = person_by_name;
        g.people_by_name = listings.people_by_name;
        g.shows_by_title = listings.shows_by_title;
        g.sponsors_by_episodes = listings.sponsors_by_episodes;
        g.picks_newest_first = listings.picks_newest_first;
        g.links_by_picks = listings.links_by_picks;
    }
}

/// Every distinct URL the picks and sponsors write, canonicalised once (in parallel), and
/// the slot of each pick's URL: nothing borrows the pages afterwards.
struct UrlSlots {
    /// Slot of the URL of each pick that has one, in page order.
    pick_slots: Vec<u32>,
    /// Picks in all, with or without a URL.
    picks: usize,
    /// Canonical form of each slot's URL. `None`: not a URL at all (`[amazon](Jamison)`),
    /// kept on the pick but given no link.
    keys: Vec<Option<CanonicalUrl>>,
}

impl UrlSlots {
    fn new(pick_lists: &[Vec<model::PickMention>], pages: &[model::Episode]) -> UrlSlots {
        let pick_counts: Vec<usize> =
            pick_lists.par_iter().map(|picks| picks.iter().filter(|p| p.url.is_some()).count()).collect();
        let sponsor_counts: Vec<usize> =
            pages.par_iter().map(|ep| ep.sponsors.iter().filter(|s| s.url.is_some()).count()).collect();
        let pick_urls: usize = pick_counts.iter().sum();
        let mut written: Vec<&str> = Vec::with_capacity(pick_urls + sponsor_counts.iter().sum::<usize>());
        par::extend_flat(
            &mut written,
            pick_lists.par_iter().map(|picks| picks.iter().filter_map(|p| p.url.as_deref())),
            &pick_counts,
        );
        par::extend_flat(
            &mut written,
            pages.par_iter().map(|ep| ep.sponsors.iter().filter_map(|s| s.url.as_deref())),
            &sponsor_counts,
        );
        let (mut pick_slots, urls) = identity::dense_ids(written.len(), |i| written[i]);
        pick_slots.truncate(pick_urls);
        let keys = urls.par_iter().map(|u| canonical_url(u)).collect();
        UrlSlots { pick_slots, picks: pick_lists.iter().map(Vec::len).sum(), keys }
    }
}

/// Links and picks, built from the pages' picks and the resolved sponsors while the
/// identity of people is still being resolved: pickers, nodes and edges come afterwards.
struct LinksAndPicks {
    /// Their `node` is not set yet.
    links: Vec<Link>,
    link_by_url: UrlIndex,
    /// The link of each sponsor's URL, by sponsor index.
    sponsor_links: Vec<Option<LinkId>>,
    /// The sponsors of each link that has any, in sponsor order.
    sponsors_by_link: HashMap<LinkId, Vec<SponsorId>>,
    /// Their `picker` is not set yet (see `has_picker`).
    picks: Vec<Pick>,
    /// Whether each pick names its picker; the picker name mentions follow this order.
    has_picker: Vec<bool>,
    /// Each episode's picks, in page order.
    episode_picks: Vec<Vec<PickId>>,
    /// Distinct URLs as written (picks and sponsors).
    urls_before: usize,
}

impl LinksAndPicks {
    fn build(
        pick_lists: Vec<Vec<model::PickMention>>,
        sponsors: &identity::SponsorResolution,
        urls: UrlSlots,
    ) -> LinksAndPicks {
        let UrlSlots { pick_slots, picks, keys: mut url_keys } = urls;
        let mut strings = Interner::default();
        let mut built = LinksAndPicks {
            links: Vec::with_capacity(url_keys.len()),
            link_by_url: UrlIndex::default(),
            sponsor_links: Vec::with_capacity(sponsors.sponsors.len()),
            sponsors_by_link: HashMap::default(),
            picks: Vec::with_capacity(picks),
            has_picker: Vec::with_capacity(picks),
            episode_picks: Vec::with_capacity(pick_lists.len()),
            urls_before: url_keys.len(),
        };
        built.link_by_url.reserve(&built.links, url_keys.len());
        // Sponsors' links come first.
        for sponsor in &sponsors.sponsors {
            let link =
                sponsor.url.as_deref().and_then(|url| Some(built.intern(&mut strings, url, canonical_url(url)?)));
            built.sponsor_links.push(link);
        }
        let mut pick_slots = pick_slots.into_iter();
        let mut slot_link: Vec<Option<LinkId>> = vec![None; url_keys.len()];
        // The picks of one picker follow each other and share the page's string: the last
        // one's interned copy serves the next without a lookup.
        let mut last_written: Option<(Arc<str>, Arc<str>)> = None;
        // The picks' own strings move into the graph; each page's list is freed after it.
        for (i, page_picks) in pick_lists.into_iter().enumerate() {
            let mut ids = Vec::with_capacity(page_picks.len());
            for p in page_picks {
                // A URL spelling seen before has its link already; the first time, its
                // canonical form moves into the link (it is not needed again).
                let link = p.url.as_deref().and_then(|url| {
                    let slot = pick_slots.next().expect("one slot per pick URL") as usize;
                    if slot_link[slot].is_none() {
                        slot_link[slot] = url_keys[slot].take().map(|key| built.intern(&mut strings, url, key));
                    }
                    slot_link[slot]
                });
                let id = PickId(built.picks.len() as u32);
                if let Some(link) = link {
                    built.links[link.index()].picks.push(id);
                }
                let picker_as_written =
                    p.picker_as_written.as_ref().or(p.picker.as_ref()).map(|written| match &last_written {
                        Some((page, interned)) if Arc::ptr_eq(page, written) => interned.clone(),
                        _ => {
                            let interned = strings.get(written);
                            last_written = Some((written.clone(), interned.clone()));
                            interned
                        }
                    });
                // The link's own spelling is not repeated on the pick.
                let written_url = p.url.filter(|url| link.is_none_or(|l| built.links[l.index()].url() != url));
                built.has_picker.push(p.picker.is_some());
                built.picks.push(Pick {
                    id,
                    episode: EpisodeId(i as u32),
                    picker: None,
                    picker_as_written,
                    title: p.title.into_boxed_str(),
                    extra: (written_url.is_some() || !p.also_urls.is_empty()).then(|| {
                        Box::new(PickExtra {
                            written_url: written_url.map(String::into_boxed_str),
                            also_urls: p.also_urls.into_boxed_slice(),
                        })
                    }),
                    link,
                    line: p.line,
                });
                ids.push(id);
            }
            built.episode_picks.push(ids);
        }
        for (s, link) in built.sponsor_links.iter().enumerate() {
            if let Some(link) = link {
                built.sponsors_by_link.entry(*link).or_default().push(SponsorId(s as u32));
            }
        }
        // Titles need only the sponsors and the picks: they are settled here, beside the
        // identity of people, whose late steps leave this core idle otherwise.
        set_link_titles(&mut built.links, &built.picks, &built.sponsors_by_link, |s| {
            &sponsors.sponsors[s.index()].name
        });
        built
    }

    /// The link of a canonical URL, made the first time (`url`: the spelling met first).
    fn intern(&mut self, strings: &mut Interner, url: &str, key: CanonicalUrl) -> LinkId {
        if let Some(id) = self.link_by_url.get(&self.links, &key.url) {
            return id;
        }
        let id = LinkId(self.links.len() as u32);
        self.links.push(Link {
            id,
            written_url: (url != key.url).then(|| url.into()),
            domain: strings.get(key.domain()),
            canonical_url: key.url.into_boxed_str(),
            title: LinkTitle::Url,
            picks: Vec::new(),
            node: NodeIndex::end(),
        });
        self.link_by_url.insert(&self.links, id);
        id
    }
}

/// A link's title is the one its sponsors and picks give most often (then the shortest,
/// then the last in byte order), else its URL. Counted by sorting one reused list: a map per
/// link would cost more memory than the links themselves. `links`' picks are in id order.
fn set_link_titles<'a>(
    links: &mut [Link],
    picks: &'a [Pick],
    sponsors_by_link: &'a HashMap<LinkId, Vec<SponsorId>>,
    sponsor_name: impl Fn(SponsorId) -> &'a str + Sync,
) {
    links.par_iter_mut().for_each_init(Vec::new, |titles: &mut Vec<(&str, LinkTitle)>, link| {
        titles.clear();
        let sponsor_names =
            sponsors_by_link.get(&link.id).into_iter().flatten().map(|&s| (sponsor_name(s), LinkTitle::Sponsor(s)));
        let pick_titles = link.picks.iter().map(|&p| (&*picks[p.index()].title, LinkTitle::Pick(p)));
        titles.extend(sponsor_names.chain(pick_titles).filter(|(t, _)| !t.is_empty()));
        titles.sort_unstable_by_key(|&(t, _)| t);
        link.title = titles
            .chunk_by(|a, b| a.0 == b.0)
            .max_by(|a, b| a.len().cmp(&b.len()).then(b[0].0.len().cmp(&a[0].0.len())).then(a[0].0.cmp(b[0].0)))
            .map_or(LinkTitle::Url, |same| same[0].1);
    });
}

/// Shares one allocation among equal strings the pages repeat: a sponsor's name and URL
/// on each of its episodes, a short name on each of its picks.
#[derive(Default)]
struct Interner(HashSet<Arc<str>>);

impl Interner {
    fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(s) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(s);
        self.0.insert(shared.clone());
        shared
    }
}

/// Wall time of each build phase, its CPU time and the resident memory after it, logged at
/// debug level (`RUST_LOG=podgraph::graph=debug podgraph check`): where a large build spends
/// its time and its memory, and which phases keep only one core busy (CPU ≈ wall).
struct PhaseClock {
    last: Instant,
    last_usage: Option<Usage>,
    /// Each phase, its wall time, its CPU time and page faults, and the memory after it.
    phases: Vec<(&'static str, Duration, Option<Usage>, Option<Memory>)>,
}

/// Resident and peak resident bytes.
type Memory = (u64, u64);

impl PhaseClock {
    fn new() -> PhaseClock {
        let logged = tracing::enabled!(tracing::Level::DEBUG);
        PhaseClock { last: Instant::now(), last_usage: logged.then(crate::memory::usage).flatten(), phases: Vec::new() }
    }

    fn lap(&mut self, phase: &'static str) {
        let now = Instant::now();
        // Read only when the log is on: the build must not pay for it otherwise.
        let logged = tracing::enabled!(tracing::Level::DEBUG);
        let memory = logged.then(crate::memory::resident_and_peak_bytes).flatten();
        let usage_now = logged.then(crate::memory::usage).flatten();
        let usage = usage_now.zip(self.last_usage).map(|(now, last)| Usage {
            cpu: now.cpu.saturating_sub(last.cpu),
            system: now.system.saturating_sub(last.system),
            minor_faults: now.minor_faults.saturating_sub(last.minor_faults),
        });
        self.phases.push((phase, now - self.last, usage, memory));
        self.last = now;
        self.last_usage = usage_now;
    }

    fn log(&self, episodes: usize) {
        let total: Duration = self.phases.iter().map(|(_, d, _, _)| *d).sum();
        let phases: Vec<String> = self
            .phases
            .iter()
            .map(|(p, d, usage, memory)| {
                let usage = usage.map_or_else(String::new, |u| {
                    format!(
                        " (cpu {:.1} ms, of it system {:.1} ms, {} page faults)",
                        u.cpu.as_secs_f64() * 1000.0,
                        u.system.as_secs_f64() * 1000.0,
                        u.minor_faults
                    )
                });
                let memory = memory.map_or_else(String::new, |(now, peak)| {
                    format!(" (resident {} MB, peak so far {} MB)", now / 1_000_000, peak / 1_000_000)
                });
                format!("{p} {:.1} ms{usage}{memory}", d.as_secs_f64() * 1000.0)
            })
            .collect();
        debug!(episodes, total_ms = total.as_secs_f64() * 1000.0, phases = %phases.join(", "), "graph build phases");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(podcast: &str, folder: &str, slug: &str, title: &str) -> model::Episode {
        model::Episode {
            podcast: podcast.into(),
            folder: folder.into(),
            slug: slug.into(),
            file: format!("{folder}/{slug}.md"),
            title: title.into(),
            number: None,
            date: None,
            duration_seconds: None,
            audio_url: None,
            tags: Vec::new(),
            summary: None,
            people: Vec::new(),
            sponsors: Vec::new(),
            picks: Vec::new(),
            links: model::EpisodeLinks::default(),
        }
    }

    #[test]
    fn a_repeated_episode_key_is_reported_and_the_pages_after_it_keep_their_keys() {
        let pages = vec![
            page("rr", "ruby-rogues", "rr-001", "First"),
            page("rr", "rr", "rr-001", "Same key again"),
            page("jsj", "jsj", "jsj-001", "After the duplicate"),
            page("rr", "ruby-rogues", "rr-002", "Last"),
        ];
        let (g, diagnostics) = PodGraph::build(pages, &SiteData::default());
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].file, "rr/rr-001.md");
        assert!(diagnostics[0].message.contains("ruby-rogues/rr-001.md already has"), "{}", diagnostics[0].message);
        let titles: Vec<&str> = g.episodes().iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["First", "After the duplicate", "Last"]);
        for (i, e) in g.episodes().iter().enumerate() {
            assert_eq!(e.id, EpisodeId(i as u32));
            assert_eq!(g.episode_by_key(&e.podcast, &e.slug), Some(e.id));
        }
        assert_eq!(g.episode_by_key("ruby-rogues", "rr-002"), Some(EpisodeId(2)), "by folder");
    }

    /// Only the rare pick carries its `extra`: a URL spelled otherwise than its link's, or
    /// further URLs. Every pick still answers for its URL as written.
    #[test]
    fn a_pick_keeps_its_own_spelling_and_further_urls_and_plain_picks_carry_nothing_extra() {
        let pick = |title: &str, url: &str, also: &[&str], line| model::PickMention {
            picker: None,
            picker_as_written: None,
            title: title.into(),
            url: Some(url.into()),
            also_urls: also.iter().map(|u| u.to_string()).collect(),
            line,
        };
        let mut first = page("rr", "rr", "rr-001", "First");
        first.picks = vec![
            pick("ripgrep", "https://github.com/BurntSushi/ripgrep", &[], 10),
            pick("fd", "https://github.com/sharkdp/fd", &["https://crates.io/crates/fd-find"], 11),
        ];
        let mut second = page("rr", "rr", "rr-002", "Second");
        second.picks = vec![pick("ripgrep again", "http://www.GitHub.com/BurntSushi/ripgrep/", &[], 12)];
        let (g, diagnostics) = PodGraph::build(vec![first, second], &SiteData::default());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let by_title = |t: &str| g.picks().iter().find(|p| &*p.title == t).unwrap_or_else(|| panic!("{t}"));
        let (plain, fd, respelled) = (by_title("ripgrep"), by_title("fd"), by_title("ripgrep again"));
        assert!(plain.extra.is_none());
        assert_eq!(g.pick_url(plain), Some("https://github.com/BurntSushi/ripgrep"));
        assert_eq!(fd.also_urls(), ["https://crates.io/crates/fd-find"]);
        assert_eq!(fd.written_url(), None, "written as its link is");
        assert_eq!(respelled.link, plain.link, "one link for both spellings");
        assert_eq!(respelled.written_url(), Some("http://www.GitHub.com/BurntSushi/ripgrep/"));
        assert_eq!(g.pick_url(respelled), Some("http://www.GitHub.com/BurntSushi/ripgrep/"));
        assert!(respelled.also_urls().is_empty());
    }
}
