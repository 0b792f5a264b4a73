//! Identity: which name mentions are one person, and which sponsor items are one brand.
//!
//! People: full names are grouped by their normal form, then merged on evidence (a shared
//! profile handle, a dropped middle name, a one-letter misspelling within a show). Short
//! names ("Chuck", "AJ") resolve to a full name of the same episode, the show's listed
//! hosts, or the show's regular panel around that date, and stay unresolved (one node per
//! show and short name) when that is not unique. Two different full first names are never
//! merged by these rules. Every merge is recorded for review.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::model::{HostInfo, SourceRef};
use crate::normalize::{canonical_url, first_name_matches, fold, name_key, nickname_partners};

use super::{AmbiguousName, Merge, MergeKind};

/// One occurrence of a person's name on a page, borrowed from the parsed page (there are
/// millions at scale: copying their strings would double what the pages hold). What every
/// mention of a page shares is in its [`MentionEpisode`].
#[derive(Debug, Clone)]
pub struct NameMention<'a> {
    /// Index of the episode, into the episodes given with the mentions.
    pub episode: u32,
    /// The page line, and in the top bit whether the name is listed on the panel (not
    /// only a picker or guest). With the links as a `&Vec` (one word, not two) a mention
    /// takes 32 bytes, not 48: there are ten million at a million episodes, alive through
    /// the whole identity phase, where the load's memory peaks.
    line_and_panel: u32,
    pub name: &'a str,
    pub links: &'a Vec<String>,
}

/// The links of a mention that has none (a picker's).
pub static NO_LINKS: Vec<String> = Vec::new();

impl<'a> NameMention<'a> {
    const PANEL: u32 = 1 << 31;

    pub fn new(episode: u32, name: &'a str, links: &'a Vec<String>, panel: bool, line: u32) -> Self {
        // A page of two billion lines would lose its panel flag's bit, not a name.
        let line = line.min(Self::PANEL - 1);
        NameMention { episode, line_and_panel: line | if panel { Self::PANEL } else { 0 }, name, links }
    }

    /// Listed on the panel (not only a picker or guest).
    pub fn panel(&self) -> bool {
        self.line_and_panel & Self::PANEL != 0
    }

    pub fn line(&self) -> u32 {
        self.line_and_panel & !Self::PANEL
    }
}

/// The episode of some name mentions.
#[derive(Debug, Clone)]
pub struct MentionEpisode<'a> {
    pub show: &'a str,
    pub date: Option<NaiveDate>,
    /// The page (shared path), for the ambiguous-name report.
    pub file: &'a Arc<str>,
}

/// A resolved person.
#[derive(Debug, Clone, Default)]
pub struct ResolvedPerson {
    pub name: String,
    pub aliases: Vec<String>,
    pub links: Vec<String>,
}

#[derive(Debug, Default)]
pub struct PeopleResolution<'a> {
    pub people: Vec<ResolvedPerson>,
    /// Aligned with the input mentions: the person each one is.
    pub mention_person: Vec<u32>,
    /// Aligned with the input mentions: the name each one wrote, as an index into `written`.
    pub mention_written: Vec<u32>,
    /// The distinct names the mentions wrote, in first-mention order.
    pub written: Vec<&'a str>,
    pub merges: Vec<Merge>,
    pub ambiguous: Vec<AmbiguousName>,
    /// Distinct spellings before resolution (full names and short names per show).
    pub names_before: usize,
}

/// The pairs `(a, b)`, `a < b`, of `names` (first name, key) whose first names differ and
/// one can stand for the other ([`first_name_matches`] either way round). Only names that
/// can match are compared: a name's longer forms follow it in sorted order and its
/// nicknames are looked up (comparing every pair was quadratic in a common surname's first
/// names). Sorts `names`.
fn nickname_pairs(names: &mut [(&str, usize)]) -> Vec<(usize, usize)> {
    names.sort_unstable();
    let firsts: Vec<&[(&str, usize)]> = names.chunk_by(|a, b| a.0 == b.0).collect();
    let at = |name: &str| firsts.binary_search_by(|group| group[0].0.cmp(name)).ok();
    let mut name_pairs: Vec<(usize, usize)> = Vec::new();
    for (i, group) in firsts.iter().enumerate() {
        let name = group[0].0;
        let longer = (i + 1..firsts.len()).take_while(|&j| firsts[j][0].0.starts_with(name));
        let partners = nickname_partners(name).iter().filter_map(|partner| at(partner));
        name_pairs.extend(longer.chain(partners).filter(|&j| j != i).map(|j| (i.min(j), i.max(j))));
    }
    name_pairs.sort_unstable();
    name_pairs.dedup();
    let mut pairs = Vec::new();
    for (i, j) in name_pairs {
        let (fa, fb) = (firsts[i][0].0, firsts[j][0].0);
        if first_name_matches(fa, fb) || first_name_matches(fb, fa) {
            for &(_, a) in firsts[i] {
                pairs.extend(firsts[j].iter().map(|&(_, b)| (a.min(b), a.max(b))));
            }
        }
    }
    pairs
}

/// Union-find over cluster indexes.
struct Dsu(Vec<usize>);
impl Dsu {
    fn new(n: usize) -> Self {
        Dsu((0..n).collect())
    }
    fn find(&mut self, x: usize) -> usize {
        let mut root = x;
        while self.0[root] != root {
            root = self.0[root];
        }
        let mut x = x;
        while self.0[x] != root {
            let next = self.0[x];
            self.0[x] = root;
            x = next;
        }
        root
    }
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.0[hi] = lo;
        true
    }
}

/// Facts about one spelling (name key) of a full name.
#[derive(Default)]
struct KeyInfo {
    tokens: Vec<String>,
    /// (show, mentions in it); listed hosts add their shows with no mention.
    shows: Vec<(u32, u32)>,
    /// Profile handles seen next to the name (ids into the build's handle list), distinct.
    handles: Vec<u32>,
}

impl KeyInfo {
    fn in_show(&self, show: u32) -> u32 {
        self.shows.iter().find(|(s, _)| *s == show).map_or(0, |(_, n)| *n)
    }
    fn count_in(&mut self, show: u32, n: u32) {
        match self.shows.iter_mut().find(|(s, _)| *s == show) {
            Some((_, count)) => *count += n,
            None => self.shows.push((show, n)),
        }
    }
}

/// Strings given small dense ids, in first-seen order.
pub(super) struct Ids<'a> {
    pub(super) index: HashMap<&'a str, u32>,
    pub(super) names: Vec<&'a str>,
}

impl<'a> Ids<'a> {
    pub(super) fn new() -> Self {
        Ids { index: HashMap::default(), names: Vec::new() }
    }
    pub(super) fn id(&mut self, s: &'a str) -> u32 {
        *self.index.entry(s).or_insert_with(|| {
            self.names.push(s);
            self.names.len() as u32 - 1
        })
    }
}

/// Dense ids of `len` strings (`item(i)` is the i-th), on every core: the same ids in the
/// same first-seen order as [`Ids::id`] called on each in turn, with the distinct strings
/// by id. At scale a single table of millions of strings is one cache miss per lookup and
/// grows by rehashing; here the strings are split by hash into small tables, one per task.
pub(super) fn dense_ids<'a, F>(len: usize, item: F) -> (Vec<u32>, Vec<&'a str>)
where
    F: Fn(usize) -> &'a str + Sync,
{
    use std::hash::BuildHasher as _;
    const SHARD_BITS: u32 = 6;
    // Bits 40.. of the hash pick the shard: a table's bucket comes from the low bits and
    // its tag from the top seven, so neither is constant within a shard.
    let shard_of = |hash: u64| ((hash >> 40) & ((1 << SHARD_BITS) - 1)) as usize;
    let hasher = rustc_hash::FxBuildHasher;
    let hashes: Vec<u64> = (0..len).into_par_iter().map(|i| hasher.hash_one(item(i))).collect();
    let mut positions: Vec<Vec<u32>> = vec![Vec::new(); 1 << SHARD_BITS];
    // Where each string sits in its shard's list.
    let rank_in_shard: Vec<u32> = hashes
        .iter()
        .enumerate()
        .map(|(i, &hash)| {
            let list = &mut positions[shard_of(hash)];
            list.push(i as u32);
            list.len() as u32 - 1
        })
        .collect();
    // Per shard: the local id of each of its strings, and the position of each local id's
    // first string. Positions are ascending, so local ids are in first-seen order.
    let shards: Vec<(Vec<u32>, Vec<u32>)> = positions
        .par_iter()
        .map(|list| {
            let mut table = hashbrown::HashTable::<u32>::with_capacity(list.len());
            let mut firsts: Vec<u32> = Vec::new();
            let locals = list
                .iter()
                .map(|&at| {
                    let (text, hash) = (item(at as usize), hashes[at as usize]);
                    if let Some(&local) = table.find(hash, |&l| item(firsts[l as usize] as usize) == text) {
                        return local;
                    }
                    let local = firsts.len() as u32;
                    firsts.push(at);
                    table.insert_unique(hash, local, |&l| hashes[firsts[l as usize] as usize]);
                    local
                })
                .collect();
            (locals, firsts)
        })
        .collect();
    drop(positions);
    // Global ids: the distinct strings ordered by their first position.
    let lens: Vec<usize> = shards.iter().map(|(_, firsts)| firsts.len()).collect();
    let mut firsts: Vec<(u32, u32, u32)> = crate::par::collect_flat(
        shards
            .par_iter()
            .enumerate()
            .map(|(s, (_, firsts))| firsts.iter().enumerate().map(move |(l, &at)| (at, s as u32, l as u32))),
        &lens,
    );
    firsts.par_sort_unstable_by_key(|&(at, _, _)| at);
    let mut global: Vec<Vec<u32>> = shards.iter().map(|(_, firsts)| vec![0; firsts.len()]).collect();
    for (id, &(_, s, l)) in firsts.iter().enumerate() {
        global[s as usize][l as usize] = id as u32;
    }
    let names = firsts.par_iter().map(|&(at, _, _)| item(at as usize)).collect();
    let ids = (0..len)
        .into_par_iter()
        .map(|i| {
            let s = shard_of(hashes[i]);
            global[s][shards[s].0[rank_in_shard[i] as usize] as usize]
        })
        .collect();
    (ids, names)
}

const NONE: u32 = u32::MAX;

/// Logs (at debug level) the time of each step of a long resolution since the previous one,
/// and the process's resident memory and peak after it: at scale, which step dominates tells
/// where to look, and the load's memory peaks during identity.
struct Steps(std::time::Instant);

impl Steps {
    fn start() -> Steps {
        Steps(std::time::Instant::now())
    }
    fn lap(&mut self, step: &str) {
        if tracing::enabled!(tracing::Level::DEBUG) {
            let (resident_mb, peak_mb) = super::memory_mb();
            tracing::debug!(ms = self.0.elapsed().as_secs_f64() * 1e3, resident_mb, peak_mb, "identity step: {step}");
        }
        self.0 = std::time::Instant::now();
    }
}

/// A personal profile handle (`twitter.com/cmaxw`), the strongest identity evidence a page gives.
fn handle_of(canon: &crate::normalize::CanonicalUrl) -> Option<String> {
    let path = canon.url.split_once(canon.domain())?.1;
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let site = match canon.domain() {
        "twitter.com" | "x.com" | "mobile.twitter.com" => "twitter",
        "github.com" => "github",
        "linkedin.com" => "linkedin",
        "instagram.com" => "instagram",
        _ => return None,
    };
    let handle = match (site, segs.as_slice()) {
        ("linkedin", ["in", h, ..]) => h,
        ("linkedin", _) => return None,
        (_, [h]) => h,
        _ => return None,
    };
    let handle = handle.trim_start_matches('@').to_ascii_lowercase();
    const NOT_HANDLES: &[&str] = &["intent", "share", "search", "hashtag", "home", "i", "orgs", "about"];
    (!handle.is_empty() && !NOT_HANDLES.contains(&handle.as_str())).then(|| format!("{site}:{handle}"))
}

/// Cleans a displayed name: trims decoration a page may leave around it.
pub fn clean_display(name: &str) -> String {
    let name = name.trim().trim_start_matches('@').trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn damerau_at_most_one(a: &str, b: &str) -> bool {
    strsim::damerau_levenshtein(a, b) <= 1
}

/// Resolves every mention to a person. `hosts` are the site's listed hosts (full names).
///
/// Written for millions of mentions: shows, written names, links and handles get dense ids
/// once per distinct string, and the large groupings (spelling variants, where each spelling
/// is used, the panels) are sorted arrays. Maps of strings per spelling and per person took
/// most of the time and gigabytes of memory at a million episodes.
pub fn resolve_people<'a>(
    mentions: &[NameMention<'a>],
    episodes: &[MentionEpisode<'a>],
    hosts: &'a [HostInfo],
) -> PeopleResolution<'a> {
    let mut steps = Steps::start();
    let mut shows = Ids::new();
    let episode_show: Vec<u32> = episodes.iter().map(|e| shows.id(e.show)).collect();
    let mention_show = |i: usize| episode_show[mentions[i].episode as usize];
    let episode = |m: &NameMention| &episodes[m.episode as usize];

    // 1. Full names (two words or more), grouped by their normal form. Each distinct written
    // name is cleaned and keyed once (most names are written thousands of times), in parallel.
    let (slot, written, normal): (Vec<u32>, Vec<&'a str>, Vec<(String, String)>) = {
        // One table: this runs beside the links and picks, which keep the other core busy.
        let mut written = Ids::new();
        let slot: Vec<u32> = mentions.iter().map(|m| written.id(m.name)).collect();
        let normal = written
            .names
            .par_iter()
            .map(|w| {
                let display = clean_display(w);
                let key = name_key(&display);
                (display, key)
            })
            .collect();
        (slot, written.names, normal)
    };
    let display = |i: usize| -> &str { &normal[slot[i] as usize].0 };
    // At most one key per distinct written name: sized once (growing copies them all).
    let mut key_index: HashMap<String, usize> = HashMap::default();
    key_index.reserve(normal.len());
    let mut keys: Vec<KeyInfo> = Vec::with_capacity(normal.len());
    let mut intern = |key: &str, keys: &mut Vec<KeyInfo>| -> usize {
        if let Some(&k) = key_index.get(key) {
            return k;
        }
        keys.push(KeyInfo { tokens: key.split(' ').map(str::to_string).collect(), ..Default::default() });
        key_index.insert(key.to_string(), keys.len() - 1);
        keys.len() - 1
    };
    // The key of each distinct written name (NONE for a single word). Written names are
    // numbered in first-mention order, so keys are numbered as a pass over the mentions would.
    let slot_key: Vec<u32> = normal
        .iter()
        .map(|(_, key)| if key.split(' ').count() < 2 { NONE } else { intern(key, &mut keys) as u32 })
        .collect();
    let key_of = |i: usize| slot_key[slot[i] as usize];

    // A person's profile links repeat on every page they appear on: each distinct link (of
    // the mentions and of the listed hosts) is canonicalised once, in parallel, into its
    // profile handle and its identity for de-duplication.
    let mut links = Ids::new();
    for l in mentions.iter().flat_map(|m| m.links).chain(hosts.iter().flat_map(|h| &h.links)) {
        links.id(l);
    }
    let facts: Vec<(Option<String>, String)> = links
        .names
        .par_iter()
        .map(|l| match canonical_url(l) {
            Some(canon) => (handle_of(&canon), canon.url),
            None => (None, l.to_string()),
        })
        .collect();
    let mut handles = Ids::new();
    let mut identities = Ids::new();
    // Per distinct link: (handle id or NONE, identity id).
    let link_fact: Vec<(u32, u32)> =
        facts.iter().map(|(h, id)| (h.as_deref().map_or(NONE, |h| handles.id(h)), identities.id(id))).collect();
    let fact_of = |l: &str| link_fact[links.index[l] as usize];
    let add_handles = |info: &mut KeyInfo, ls: &[String]| {
        for l in ls {
            let h = fact_of(l).0;
            if h != NONE && !info.handles.contains(&h) {
                info.handles.push(h);
            }
        }
    };

    for (i, m) in mentions.iter().enumerate() {
        let k = key_of(i);
        if k != NONE {
            let info = &mut keys[k as usize];
            info.count_in(mention_show(i), 1);
            add_handles(info, m.links);
        }
    }
    let mut host_keys: Vec<(usize, &HostInfo)> = Vec::new();
    for host in hosts {
        let key = name_key(&clean_display(&host.name));
        if key.split(' ').count() < 2 {
            continue;
        }
        let k = intern(&key, &mut keys);
        for show in &host.podcasts {
            let show = shows.id(show);
            keys[k].count_in(show, 0);
        }
        add_handles(&mut keys[k], &host.links);
        host_keys.push((k, host));
    }
    let shares_show = |a: &KeyInfo, b: &KeyInfo| a.shows.iter().any(|(s, _)| b.shows.iter().any(|(t, _)| s == t));

    steps.lap("full names keyed and counted");
    // 2. Global merges on strong evidence.
    let mut dsu = Dsu::new(keys.len());
    let mut evidence: Vec<(usize, usize, String)> = Vec::new();
    // 2a. The same profile handle next to compatible names.
    let mut by_handle: Vec<(u32, u32)> =
        keys.iter().enumerate().flat_map(|(k, info)| info.handles.iter().map(move |&h| (h, k as u32))).collect();
    by_handle.sort_unstable();
    for group in by_handle.chunk_by(|a, b| a.0 == b.0) {
        for w in group.windows(2) {
            let (a, b) = (w[0].1 as usize, w[1].1 as usize);
            if compatible_names(&keys[a].tokens, &keys[b].tokens) {
                evidence.push((a, b, format!("shared profile {}", handles.names[group[0].0 as usize])));
            }
        }
    }
    // 2b. A dropped middle name: "Charles Wood" is "Charles Max Wood" when that is the only
    // longer name with the same first and last word.
    let mut by_ends: HashMap<(&str, &str), Vec<usize>> = HashMap::default();
    for (k, info) in keys.iter().enumerate() {
        if info.tokens.len() >= 3 {
            by_ends.entry((&info.tokens[0], info.tokens.last().unwrap())).or_default().push(k);
        }
    }
    for (k, info) in keys.iter().enumerate() {
        if info.tokens.len() == 2
            && let Some(longer) = by_ends.get(&(info.tokens[0].as_str(), info.tokens[1].as_str()))
            && longer.len() == 1
        {
            evidence.push((k, longer[0], "same first and last name, middle name dropped".into()));
        }
    }
    // 2c. A nickname for the same given name with the same surname on the same show
    // ("Chuck Max Wood" and "Charles Max Wood").
    let mut by_rest: HashMap<&[String], Vec<usize>> = HashMap::default();
    for (k, info) in keys.iter().enumerate() {
        by_rest.entry(&info.tokens[1..]).or_default().push(k);
    }
    let mut by_first: Vec<(&str, usize)> = Vec::new();
    for ks in by_rest.values().filter(|ks| ks.len() > 1) {
        by_first.clear();
        by_first.extend(ks.iter().map(|&k| (keys[k].tokens[0].as_str(), k)));
        for (a, b) in nickname_pairs(&mut by_first) {
            if shares_show(&keys[a], &keys[b]) {
                evidence.push((a, b, "nickname of the same given name, same surname, same show".into()));
            }
        }
    }
    evidence.sort();
    let mut merge_reasons: Vec<(usize, usize, String)> = Vec::new();
    for (a, b, why) in evidence {
        if dsu.union(a, b) {
            merge_reasons.push((a, b, why));
        }
    }

    steps.lap("global merges");
    // 3. One-letter misspellings, show by show: in a show where one spelling is established,
    // a rarer spelling one edit away is read as it ("Mark Erikson" on a show where "Mark
    // Ericksen" appears far more often). Elsewhere the rarer spelling stays its own name, so a
    // different person who really has that name is not swallowed.
    // Candidate pairs come from indexes, not from comparing every pair of names: spellings one
    // edit apart share a one-deletion variant; same-sound surnames share a Soundex group. Both
    // are hashes, sorted: a shared hash only proposes a pair, which `one_edit_apart` or
    // `sounds_alike` then checks, so a collision changes nothing.
    // Each key's hashes are counted first and then written straight into one list: a list
    // per key (a million at scale, twenty hashes each) doubled the fresh memory this touched.
    let sound_of = |info: &KeyInfo| {
        let (last, rest) = info.tokens.split_last().unwrap();
        soundex(last).map(|code| sound_group_hash(rest, code))
    };
    // A key's hashes: its joined text, each one-character deletion of it (see
    // `deletion_variant_hashes`), and its sound group when its surname has one.
    let lens: Vec<usize> = keys
        .par_iter()
        .map(|info| {
            let chars: usize = info.tokens.iter().map(|t| t.chars().count()).sum::<usize>() + info.tokens.len() - 1;
            1 + chars + usize::from(sound_of(info).is_some())
        })
        .collect();
    let mut groups: Vec<(u64, u32)> = crate::par::collect_flat(
        keys.par_iter().enumerate().map(|(k, info)| {
            deletion_variant_hashes(&info.tokens.join(" "))
                .into_iter()
                .chain(sound_of(info))
                .map(move |h| (h, k as u32))
        }),
        &lens,
    );
    groups.par_sort_unstable();
    groups.dedup();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for group in groups.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        for &(_, a) in group {
            pairs.extend(group.iter().filter(|(_, b)| *b != a).map(|&(_, b)| (a, b)));
        }
    }
    drop(groups);
    pairs.par_sort_unstable();
    pairs.dedup();
    // Where each spelling's pairs start, found in one pass: a binary search per spelling
    // over millions of pairs is a cache miss per step at scale.
    let mut pairs_from: Vec<usize> = vec![0; keys.len() + 1];
    for &(a, _) in &pairs {
        pairs_from[a as usize + 1] += 1;
    }
    for k in 0..keys.len() {
        pairs_from[k + 1] += pairs_from[k];
    }
    let similar = |a: usize| -> &[(u32, u32)] { &pairs[pairs_from[a]..pairs_from[a + 1]] };
    // Only spellings with a similar one are candidates, in each show they appear on: walked
    // by show, then spelling (not every show times every spelling, which grew quadratically).
    let mut candidates: Vec<(&str, usize, u32, u32)> = Vec::new();
    for (a, info) in keys.iter().enumerate() {
        if !similar(a).is_empty() {
            candidates.extend(
                info.shows.iter().filter(|(_, n)| *n > 0).map(|&(show, n)| (shows.names[show as usize], a, n, show)),
            );
        }
    }
    candidates.par_sort_unstable();
    let mut remap: HashMap<(u32, usize), usize> = HashMap::default();
    let mut typo_notes: Vec<(u32, usize, usize, String)> = Vec::new();
    // The most frequent similar spelling, clearly more established in this show: each
    // candidate's on every core (it only reads), then applied in order.
    let targets: Vec<Option<(usize, u32)>> = candidates
        .par_iter()
        .map(|&(_, a, na, show)| {
            similar(a)
                .iter()
                .map(|&(_, b)| (b as usize, keys[b as usize].in_show(show)))
                .filter(|&(b, nb)| {
                    nb > 0
                        && ((nb >= 2 * na && nb >= 2 && one_edit_apart(&keys[a].tokens, &keys[b].tokens))
                            || (nb >= 5 * na && sounds_alike(&keys[a].tokens, &keys[b].tokens)))
                })
                .max_by_key(|&(b, nb)| (nb, std::cmp::Reverse(b)))
        })
        .collect();
    for ((show_name, a, na, show), target) in candidates.into_iter().zip(targets) {
        if let Some((b, nb)) = target
            && dsu.find(a) != dsu.find(b)
        {
            remap.insert((show, a), b);
            let how = if one_edit_apart(&keys[a].tokens, &keys[b].tokens) {
                "one-letter spelling difference"
            } else {
                "surname spelled alike (same sound, two letters apart)"
            };
            typo_notes.push((show, a, b, format!("{how} on {show_name} ({na} vs {nb} mentions)")));
        }
    }
    // Follow chains (a → b → c) so every remapped spelling lands on an established one.
    let resolve_key = |show: u32, mut k: usize, dsu: &mut Dsu| {
        for _ in 0..4 {
            match remap.get(&(show, k)) {
                Some(&next) => k = next,
                None => break,
            }
        }
        dsu.find(k)
    };

    steps.lap("misspellings");
    // 4. People: one per cluster that has a mention or a listed host.
    let mut cluster_person: Vec<u32> = vec![NONE; keys.len()];
    let mut people: Vec<ResolvedPerson> = Vec::new();
    let mut person_links: Vec<(Vec<String>, Vec<u32>)> = Vec::new();
    let mut mention_person: Vec<u32> = vec![NONE; mentions.len()];
    let mut person_of = |cluster: usize, people: &mut Vec<ResolvedPerson>| -> usize {
        if cluster_person[cluster] == NONE {
            people.push(ResolvedPerson::default());
            cluster_person[cluster] = people.len() as u32 - 1;
        }
        cluster_person[cluster] as usize
    };
    let add_links = |links: &mut (Vec<String>, Vec<u32>), new: &[String]| {
        for l in new {
            let id = fact_of(l).1;
            if !links.1.contains(&id) {
                links.1.push(id);
                links.0.push(l.clone());
            }
        }
    };
    for (i, m) in mentions.iter().enumerate() {
        let k = key_of(i);
        if k == NONE {
            continue;
        }
        let cluster = resolve_key(mention_show(i), k as usize, &mut dsu);
        let p = person_of(cluster, &mut people);
        person_links.resize_with(people.len(), Default::default);
        add_links(&mut person_links[p], m.links);
        mention_person[i] = p as u32;
    }
    let mut host_spellings: Vec<(usize, String)> = Vec::new();
    for (k, host) in &host_keys {
        let p = person_of(dsu.find(*k), &mut people);
        person_links.resize_with(people.len(), Default::default);
        host_spellings.push((p, clean_display(&host.name)));
        add_links(&mut person_links[p], &host.links);
    }
    // Each person's spellings: (spelling, pages using it, latest date), counted per
    // (person, spelling) with the mentions in page order, so that a page writing a name
    // twice counts once. (Sorting every use instead, nine million at scale, took longer and
    // held 16 bytes a use.)
    let mut spelling_ids = Ids::new();
    let slot_spelling: Vec<u32> = normal.iter().map(|(d, _)| spelling_ids.id(d)).collect();
    // (pages, last page counted, latest date) of each (person, spelling). Most distinct
    // written names are one person's spelling: the table is sized once.
    let mut spelling_use: HashMap<(u32, u32), (u32, u32, Option<NaiveDate>)> = HashMap::default();
    spelling_use.reserve(normal.len());
    for i in in_page_order(mentions, episodes.len()) {
        let i = i as usize;
        if key_of(i) == NONE {
            continue;
        }
        let m = &mentions[i];
        let used = spelling_use.entry((mention_person[i], slot_spelling[slot[i] as usize])).or_insert((0, NONE, None));
        if used.1 != m.episode {
            used.0 += 1;
            used.1 = m.episode;
        }
        used.2 = used.2.max(episode(m).date);
    }
    // Each list is sorted by spelling below: the table's order does not show.
    let mut spellings: Vec<Vec<(&str, usize, Option<NaiveDate>)>> = vec![Vec::new(); people.len()];
    for ((p, spelling), (pages, _, latest)) in spelling_use {
        spellings[p as usize].push((spelling_ids.names[spelling as usize], pages as usize, latest));
    }
    for (p, name) in &host_spellings {
        if !spellings[*p].iter().any(|(s, _, _)| s == name) {
            spellings[*p].push((name, 0, None));
        }
    }
    // Each person on its own: both cores (hundreds of thousands of people at scale).
    people.par_iter_mut().zip(spellings.par_iter_mut()).zip(person_links.par_iter_mut()).for_each(
        |((person, list), links)| {
            list.sort_unstable_by(|a, b| a.0.cmp(b.0));
            // The spelling most pages use; on a tie the most recently used one (people change
            // how they write their name), then the shorter, then alphabetical, so it is stable.
            person.name = list
                .iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(a.2.cmp(&b.2)).then(b.0.len().cmp(&a.0.len())).then(b.0.cmp(a.0)))
                .map(|s| s.0.to_string())
                .unwrap_or_default();
            person.aliases = list.iter().filter(|s| s.0 != person.name).map(|s| s.0.to_string()).collect();
            person.links = std::mem::take(&mut links.0);
        },
    );
    drop(spellings);

    // Merge records, one per person, listing every spelling folded into it.
    let mut decisions: Vec<(usize, usize, usize, &String)> =
        merge_reasons.iter().map(|(a, b, why)| (dsu.find(*b), *a, *b, why)).collect();
    for (show, a, b, why) in &typo_notes {
        decisions.push((resolve_key(*show, *a, &mut dsu), *a, *b, why));
    }
    // The spellings of the keys the decisions name: every written name of the key.
    let mut key_spellings: HashMap<usize, BTreeSet<&str>> =
        decisions.iter().flat_map(|d| [d.1, d.2]).map(|k| (k, BTreeSet::new())).collect();
    for (s, &k) in slot_key.iter().enumerate() {
        if k != NONE
            && let Some(set) = key_spellings.get_mut(&(k as usize))
        {
            set.insert(&normal[s].0);
        }
    }
    let mut grouped: BTreeMap<usize, (BTreeSet<String>, Vec<String>)> = BTreeMap::new();
    for (cluster, a, b, why) in decisions {
        let p = cluster_person[cluster];
        if p == NONE {
            continue;
        }
        let entry = grouped.entry(p as usize).or_default();
        for k in [a, b] {
            entry.0.extend(key_spellings[&k].iter().map(|s| s.to_string()));
        }
        if !entry.1.contains(why) {
            entry.1.push(why.clone());
        }
    }
    let merges: Vec<Merge> = grouped
        .into_iter()
        .filter(|(_, (names, _))| names.len() > 1)
        .map(|(p, (names, reasons))| Merge {
            kind: MergeKind::Person,
            into: people[p].name.clone(),
            names: names.into_iter().collect(),
            reason: reasons.join("; "),
        })
        .collect();

    steps.lap("people and their spellings");
    // 5. Short names. The people of each episode that has one.
    let mut has_short = vec![false; episodes.len()];
    for (i, m) in mentions.iter().enumerate() {
        if key_of(i) == NONE {
            has_short[m.episode as usize] = true;
        }
    }
    let mut episode_people: HashMap<u32, Vec<usize>> = HashMap::default();
    for (i, m) in mentions.iter().enumerate() {
        if key_of(i) != NONE && has_short[m.episode as usize] {
            let list = episode_people.entry(m.episode).or_default();
            let p = mention_person[i] as usize;
            if !list.contains(&p) {
                list.push(p);
            }
        }
    }
    // Panel history: (show, person, date) of each panel appearance, sorted, so that a show's
    // panel is one range.
    let mut panel: Vec<(u32, u32, Option<NaiveDate>)> = mentions
        .iter()
        .enumerate()
        .filter(|(i, m)| m.panel() && key_of(*i) != NONE)
        .map(|(i, m)| (mention_show(i), mention_person[i], episode(m).date))
        .collect();
    panel.par_sort_unstable();
    let mut network_panel = vec![0usize; people.len()];
    for &(_, p, _) in &panel {
        network_panel[p as usize] += 1;
    }
    let show_panel = |show: u32| -> &[(u32, u32, Option<NaiveDate>)] {
        let from = panel.partition_point(|e| e.0 < show);
        let to = from + panel[from..].partition_point(|e| e.0 == show);
        &panel[from..to]
    };
    let mut show_hosts: HashMap<u32, Vec<usize>> = HashMap::default();
    for (k, host) in &host_keys {
        let p = cluster_person[dsu.find(*k)] as usize;
        for show in &host.podcasts {
            show_hosts.entry(shows.index[show.as_str()]).or_default().push(p);
        }
    }
    let firsts: Vec<String> =
        people.iter().map(|p| fold(&p.name).split(' ').next().unwrap_or("").to_string()).collect();

    let mut unresolved: HashMap<(u32, String), usize> = HashMap::default();
    let mut ambiguous: Vec<AmbiguousName> = Vec::new();
    let mut reported: HashSet<(&str, String)> = HashSet::default();
    let mut short_aliases: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    let mut short_spellings: HashSet<(u32, String)> = HashSet::default();
    for (i, m) in mentions.iter().enumerate() {
        if key_of(i) != NONE {
            continue;
        }
        let display = display(i);
        let short = fold(display);
        if short.is_empty() {
            continue;
        }
        let show = mention_show(i);
        short_spellings.insert((show, short.clone()));
        let matches = |p: &usize| first_name_matches(&short, &firsts[*p]);
        // Tiers, tried in order and built only when reached: a. someone of the same episode;
        // b. the show's listed hosts; c. the show's panel within a year of the episode;
        // d. the show's panel at any time; e. the network's regular panel.
        let tiers: [&dyn Fn() -> Tier; 5] = [
            &|| Tier::Unique(episode_people.get(&m.episode).into_iter().flatten().copied().filter(matches).collect()),
            &|| Tier::Unique(show_hosts.get(&show).into_iter().flatten().copied().filter(matches).collect()),
            &|| Tier::Dominant(panel_counts(show_panel(show), &matches, |d| within_a_year(d, episode(m).date)), 2),
            &|| Tier::Dominant(panel_counts(show_panel(show), &matches, |_| true), 3),
            &|| {
                Tier::Dominant(
                    network_panel
                        .iter()
                        .enumerate()
                        .filter(|(p, c)| **c > 0 && matches(p))
                        .map(|(p, c)| (p, *c))
                        .collect(),
                    10,
                )
            },
        ];
        let (resolved, candidates) = resolve_short(&tiers);
        let person = match resolved {
            Some(p) => {
                short_aliases.entry(p).or_default().insert(display.to_string());
                p
            }
            None => {
                if reported.insert((episode(m).file, short.clone())) {
                    let mut names: Vec<String> = candidates.iter().map(|p| people[*p].name.clone()).collect();
                    names.sort();
                    names.dedup();
                    ambiguous.push(AmbiguousName {
                        name: display.to_string(),
                        source: SourceRef { file: episode(m).file.clone(), line: m.line() },
                        candidates: names,
                    });
                }
                *unresolved.entry((show, short.clone())).or_insert_with(|| {
                    people.push(ResolvedPerson {
                        name: display.to_string(),
                        aliases: Vec::new(),
                        links: m.links.to_vec(),
                    });
                    people.len() - 1
                })
            }
        };
        mention_person[i] = person as u32;
    }
    steps.lap("short names");
    for (p, shorts) in short_aliases {
        for s in shorts {
            if !people[p].aliases.contains(&s) && people[p].name != s {
                people[p].aliases.push(s);
            }
        }
        people[p].aliases.sort();
    }
    // Mentions with an empty name (the parser should not produce them) get a placeholder.
    if mention_person.contains(&NONE) {
        people.push(ResolvedPerson { name: "(unnamed)".into(), ..Default::default() });
        let fallback = people.len() as u32 - 1;
        for p in &mut mention_person {
            if *p == NONE {
                *p = fallback;
            }
        }
    }
    PeopleResolution {
        names_before: keys.len() + short_spellings.len(),
        people,
        mention_person,
        mention_written: slot,
        written,
        merges,
        ambiguous,
    }
}

/// The indexes of `mentions` ordered by episode, and by index within an episode (a stable
/// counting sort: the mentions come as a few runs in page order, the people of every page
/// and then its pickers). `episodes` bounds the episode numbers.
fn in_page_order(mentions: &[NameMention], episodes: usize) -> Vec<u32> {
    u32::try_from(mentions.len()).expect("fewer than 2^32 name mentions");
    let mut counts = vec![0usize; episodes];
    for m in mentions {
        counts[m.episode as usize] += 1;
    }
    let mut starts = crate::par::starts(&counts);
    let mut order = vec![0u32; mentions.len()];
    for (i, m) in mentions.iter().enumerate() {
        let at = &mut starts[m.episode as usize];
        order[*at] = i as u32;
        *at += 1;
    }
    order
}

/// The Soundex group of a surname with the rest of the name, as a hash (see
/// [`deletion_variant_hashes`] for why a hash is enough).
fn sound_group_hash(rest: &[String], code: [u8; 4]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    (rest, code, "sound").hash(&mut h);
    h.finish()
}

/// One source of candidates for a short name, tried in order.
enum Tier {
    /// Taken when exactly one person matches.
    Unique(Vec<usize>),
    /// (person, count): taken when one person matches with at least the given count and
    /// at least three times as often as the next.
    Dominant(Vec<(usize, usize)>, usize),
}

/// The first tier that names someone decides: its unique or dominant person, or nobody
/// (with its candidates, for the report). Later tiers are not consulted once a tier has
/// candidates, so a closer context is never overruled by a wider one.
fn resolve_short(tiers: &[&dyn Fn() -> Tier]) -> (Option<usize>, Vec<usize>) {
    for tier in tiers {
        match &tier() {
            Tier::Unique(ps) if !ps.is_empty() => return (unique(ps), ps.clone()),
            Tier::Dominant(counts, min) if !counts.is_empty() => {
                let mut counts = counts.clone();
                counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                let candidates: Vec<usize> = counts.iter().filter(|(_, c)| *c >= *min).map(|(p, _)| *p).collect();
                if candidates.is_empty() {
                    continue;
                }
                let resolved = match counts.as_slice() {
                    [(p, c)] if *c >= *min => Some(*p),
                    [(p, c1), (_, c2), ..] if *c1 >= *min && *c1 >= 3 * *c2 => Some(*p),
                    _ => None,
                };
                return (resolved, candidates);
            }
            _ => {}
        }
    }
    (None, Vec::new())
}

fn panel_counts(
    panel: &[(u32, u32, Option<NaiveDate>)],
    matches: &impl Fn(&usize) -> bool,
    when: impl Fn(Option<NaiveDate>) -> bool,
) -> Vec<(usize, usize)> {
    panel
        .chunk_by(|a, b| a.1 == b.1)
        .map(|same| (same[0].1 as usize, same))
        .filter(|(p, _)| matches(p))
        .map(|(p, same)| (p, same.iter().filter(|e| when(e.2)).count()))
        .filter(|(_, c)| *c > 0)
        .collect()
}

/// Names that a shared profile handle may join: the same surname with compatible given
/// names, the same given name with a one-letter surname difference, or a dropped middle name.
fn compatible_names(a: &[String], b: &[String]) -> bool {
    let (fa, fb) = (&a[0], &b[0]);
    let (la, lb) = (a.last().unwrap(), b.last().unwrap());
    (la == lb && (first_name_matches(fa, fb) || first_name_matches(fb, fa) || damerau_at_most_one(fa, fb)))
        || (fa == fb && damerau_at_most_one(la, lb))
        || middle_name_variant(a, b)
}

/// The string itself and every string with one character removed.
/// Hashes of `s` and of each string one character shorter: two spellings one edit apart
/// share one of them. Hashes, not strings: a million episodes give tens of millions of
/// variants, and a shared hash only proposes a pair, which `one_edit_apart` or
/// `sounds_alike` then checks (so a collision changes nothing).
fn deletion_variant_hashes(s: &str) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let hash = |t: &str| {
        let mut h = rustc_hash::FxHasher::default();
        t.hash(&mut h);
        h.finish()
    };
    let mut out = vec![hash(s)];
    let mut variant = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        variant.clear();
        variant.push_str(&s[..i]);
        variant.push_str(&s[i + c.len_utf8()..]);
        out.push(hash(&variant));
    }
    out
}

/// The same given name and a surname that sounds the same (equal Soundex code) within two
/// edits, both at least five letters: "Mark Erikson" and "Mark Ericksen".
fn sounds_alike(a: &[String], b: &[String]) -> bool {
    if a.len() != b.len() || a[..a.len() - 1] != b[..b.len() - 1] {
        return false;
    }
    let (la, lb) = (a.last().unwrap(), b.last().unwrap());
    la != lb
        && la.chars().count() >= 5
        && lb.chars().count() >= 5
        && strsim::damerau_levenshtein(la, lb) <= 2
        && soundex(la).is_some_and(|s| Some(s) == soundex(lb))
}

/// American Soundex of an ASCII word (folded words are ASCII for Latin names).
fn soundex(word: &str) -> Option<[u8; 4]> {
    let code = |c: u8| match c {
        b'b' | b'f' | b'p' | b'v' => b'1',
        b'c' | b'g' | b'j' | b'k' | b'q' | b's' | b'x' | b'z' => b'2',
        b'd' | b't' => b'3',
        b'l' => b'4',
        b'm' | b'n' => b'5',
        b'r' => b'6',
        _ => b'0',
    };
    let bytes: Vec<u8> = word.bytes().filter(u8::is_ascii_alphabetic).collect();
    let first = *bytes.first()?;
    let mut out = [first.to_ascii_uppercase(), b'0', b'0', b'0'];
    let mut n = 1;
    let mut last = code(first);
    for &c in &bytes[1..] {
        let d = code(c);
        if d != b'0' && d != last {
            out[n] = d;
            n += 1;
            if n == 4 {
                break;
            }
        }
        // 'h' and 'w' do not separate equal codes; vowels do.
        if c != b'h' && c != b'w' {
            last = d;
        }
    }
    Some(out)
}

/// Same number of words, one edit apart in total, at least eight letters, and the differing
/// word long enough (four letters) that one edit is a typo rather than another name.
fn one_edit_apart(a: &[String], b: &[String]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (ja, jb) = (a.join(" "), b.join(" "));
    ja.len() >= 8
        && damerau_at_most_one(&ja, &jb)
        && a.iter().zip(b).all(|(x, y)| x == y || (x.chars().count() >= 4 && y.chars().count() >= 4))
}

fn unique(ps: &[usize]) -> Option<usize> {
    let mut distinct: Vec<usize> = ps.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    (distinct.len() == 1).then(|| distinct[0])
}

fn within_a_year(a: Option<NaiveDate>, b: Option<NaiveDate>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).num_days().abs() <= 366,
        _ => true,
    }
}

fn middle_name_variant(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 2 && long.len() > short.len() && short[0] == long[0] && short.last() == long.last()
}

/// One sponsor item to resolve, borrowed from the parsed page.
#[derive(Debug, Clone)]
pub struct SponsorMentionRef<'a> {
    pub name: &'a str,
    pub url: Option<&'a str>,
}

#[derive(Debug, Clone, Default)]
pub struct ResolvedSponsor {
    pub name: String,
    pub aliases: Vec<String>,
    /// Most common URL (original spelling).
    pub url: Option<String>,
}

#[derive(Debug, Default)]
pub struct SponsorResolution {
    pub sponsors: Vec<ResolvedSponsor>,
    pub mention_sponsor: Vec<usize>,
    pub merges: Vec<Merge>,
    pub names_before: usize,
}

/// Words that end a brand name without telling brands apart ("Sentry.io", "Linode LLC").
const BRAND_SUFFIXES: &[&str] = &["io", "com", "net", "org", "tv", "co", "inc", "llc", "ltd", "app", "dev", "hq"];

/// `"Cache Fly"`, `"CacheFly"`, `"Cachefly"` → `"cachefly"`; `"Sentry.io"` → `"sentry"`.
pub fn brand_key(name: &str) -> String {
    let mut words: Vec<String> = fold(name).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect();
    while words.len() > 1 && BRAND_SUFFIXES.contains(&words.last().unwrap().as_str()) {
        words.pop();
    }
    words.concat()
}

/// The label of a domain that names the brand: `promo.linode.com` → `linode`.
fn domain_brand(url: &str) -> Option<String> {
    let canon = canonical_url(url)?;
    let labels: Vec<&str> = canon.domain().split('.').collect();
    if labels.len() < 2 {
        return None;
    }
    // `co.uk`-style second-level suffixes.
    let idx = if labels.len() >= 3 && matches!(labels[labels.len() - 2], "co" | "com" | "org" | "net") {
        labels.len() - 3
    } else {
        labels.len() - 2
    };
    Some(labels[idx].replace('-', ""))
}

pub fn resolve_sponsors(mentions: &[SponsorMentionRef]) -> SponsorResolution {
    let mut key_index: HashMap<String, usize> = HashMap::default();
    let mut key_names: Vec<BTreeMap<String, usize>> = Vec::new();
    let mut key_urls: Vec<BTreeMap<String, (usize, String)>> = Vec::new();
    let mut mention_key = Vec::with_capacity(mentions.len());
    // A few dozen sponsors are written hundreds of thousands of times: each distinct name
    // and URL is cleaned and canonicalised once.
    let mut names_seen: HashMap<&str, (String, usize)> = HashMap::default();
    let mut urls_seen: HashMap<&str, String> = HashMap::default();
    for m in mentions {
        let (name, k) = names_seen.entry(m.name).or_insert_with(|| {
            let name = clean_display(m.name);
            let k = *key_index.entry(brand_key(&name)).or_insert_with(|| {
                key_names.push(BTreeMap::new());
                key_urls.push(BTreeMap::new());
                key_names.len() - 1
            });
            (name, k)
        });
        let k = *k;
        match key_names[k].get_mut(name.as_str()) {
            Some(n) => *n += 1,
            None => {
                key_names[k].insert(name.clone(), 1);
            }
        }
        if let Some(url) = m.url {
            let id =
                urls_seen.entry(url).or_insert_with(|| canonical_url(url).map_or_else(|| url.to_string(), |c| c.url));
            match key_urls[k].get_mut(id.as_str()) {
                Some(seen) => seen.0 += 1,
                None => {
                    key_urls[k].insert(id.clone(), (1, url.to_string()));
                }
            }
        }
        mention_key.push(k);
    }
    let mut dsu = Dsu::new(key_names.len());
    let mut reasons: Vec<(usize, usize, String)> = Vec::new();
    // A brand whose own domain is another spelling's key ("Sentry" with sentry.io).
    let keys_by_index: Vec<String> = {
        let mut v = vec![String::new(); key_index.len()];
        for (k, &i) in &key_index {
            v[i] = k.clone();
        }
        v
    };
    for k in 0..key_names.len() {
        for url in key_urls[k].keys() {
            if let Some(brand) = domain_brand(url)
                && let Some(&other) = key_index.get(&brand)
                && other != k
                && (keys_by_index[k].contains(&brand) || brand.contains(&keys_by_index[k]))
                && dsu.union(k, other)
            {
                reasons.push((k, other, format!("brand named by its domain ({brand})")));
            }
        }
    }
    let mut root_sponsor: HashMap<usize, usize> = HashMap::default();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for k in 0..key_names.len() {
        let root = dsu.find(k);
        let s = *root_sponsor.entry(root).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[s].push(k);
    }
    let mut sponsors = Vec::new();
    let mut merges = Vec::new();
    for ks in &groups {
        let mut names: BTreeMap<&str, usize> = BTreeMap::new();
        let mut urls: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
        for &k in ks {
            for (n, c) in &key_names[k] {
                *names.entry(n.as_str()).or_default() += c;
            }
            for (id, (c, orig)) in &key_urls[k] {
                let e = urls.entry(id.as_str()).or_insert((0, orig.as_str()));
                e.0 += c;
            }
        }
        let name =
            names.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(n, _)| n.to_string()).unwrap_or_default();
        let url = urls.values().max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(a.1))).map(|(_, u)| u.to_string());
        let aliases: Vec<String> = names.keys().filter(|n| **n != name).map(|n| n.to_string()).collect();
        if !aliases.is_empty() {
            let mut all: Vec<String> = names.keys().map(|n| n.to_string()).collect();
            all.sort();
            let why: Vec<&str> = reasons
                .iter()
                .filter(|(a, b, _)| ks.contains(a) || ks.contains(b))
                .map(|(_, _, w)| w.as_str())
                .collect();
            let reason = if why.is_empty() {
                "same brand name up to case, spacing and domain suffix".to_string()
            } else {
                format!("same brand name up to case, spacing and domain suffix; {}", why.join("; "))
            };
            merges.push(Merge { kind: MergeKind::Sponsor, into: name.clone(), names: all, reason });
        }
        sponsors.push(ResolvedSponsor { name, aliases, url });
    }
    let names_before: usize = key_names.iter().map(|m| m.len()).sum();
    let mention_sponsor = mention_key.iter().map(|&k| root_sponsor[&dsu.find(k)]).collect();
    SponsorResolution { sponsors, mention_sponsor, merges, names_before }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The nickname pairs found through sorted names and nickname lookups are exactly the
    /// pairs a comparison of every two names finds.
    #[test]
    fn nickname_pairs_are_every_pair_whose_first_names_match() {
        let firsts = [
            "jon",
            "jonathan",
            "jonathon",
            "jo",
            "joanna",
            "chuck",
            "charles",
            "charlie",
            "chas",
            "bob",
            "robert",
            "rob",
            "robby",
            "roberto",
            "al",
            "albert",
            "alexander",
            "alex",
            "alexandra",
            "alexandros",
            "bill",
            "william",
            "will",
            "willy",
            "liz",
            "elizabeth",
            "beth",
            "jose",
            "josé",
            "j",
            "",
        ];
        // Some names on several keys, in no order.
        let mut names: Vec<(&str, usize)> =
            (0..firsts.len() * 2).map(|k| (firsts[(k * 7) % firsts.len()], k)).collect();
        let mut expected = Vec::new();
        for (i, &(fa, a)) in names.iter().enumerate() {
            for &(fb, b) in &names[i + 1..] {
                if fa != fb && (first_name_matches(fa, fb) || first_name_matches(fb, fa)) {
                    expected.push((a.min(b), a.max(b)));
                }
            }
        }
        expected.sort_unstable();
        let mut found = nickname_pairs(&mut names);
        found.sort_unstable();
        assert!(!expected.is_empty());
        assert_eq!(found, expected);
    }

    /// Episodes `0..`, on the given shows.
    fn episodes(shows: &[&'static str]) -> Vec<MentionEpisode<'static>> {
        shows
            .iter()
            .enumerate()
            .map(|(i, show)| MentionEpisode {
                show,
                date: NaiveDate::from_ymd_opt(2019, 1, 1 + i as u32 % 28),
                file: Box::leak(Box::new(Arc::from(format!("{show}/{i}.md")))),
            })
            .collect()
    }

    fn mention(episode: u32, name: &str, panel: bool) -> NameMention<'_> {
        NameMention::new(episode, name, &NO_LINKS, panel, 1)
    }

    /// A name's spelling is the one most pages use, each page counted once however often it
    /// writes the name: the mentions come as runs (the people of every page, then the
    /// pickers), so a page's mentions are not next to each other.
    #[test]
    fn spellings_count_pages_not_mentions_across_the_people_and_picker_runs() {
        let ms = vec![
            mention(0, "José Valim", true),
            mention(1, "Jose Valim", true),
            mention(2, "Jose Valim", true),
            mention(0, "José Valim", false),
            mention(0, "José Valim", false),
        ];
        assert_eq!(in_page_order(&ms, 3), [0, 3, 4, 1, 2]);
        let r = resolve_people(&ms, &episodes(&["js"; 3]), &[]);
        assert!(r.mention_person.iter().all(|&p| p == r.mention_person[0]));
        let person = &r.people[r.mention_person[0] as usize];
        assert_eq!(person.name, "Jose Valim", "two pages against one page written three times");
        assert_eq!(person.aliases, ["José Valim"]);
    }

    #[test]
    fn a_mention_packs_its_line_and_panel_flag_into_one_word() {
        for (line, panel) in [(0, false), (1, true), (77, false), (u32::MAX >> 1, true)] {
            let m = NameMention::new(3, "Ada", &NO_LINKS, panel, line);
            assert_eq!((m.episode, m.line(), m.panel()), (3, line, panel));
        }
        let clamped = NameMention::new(0, "Ada", &NO_LINKS, false, u32::MAX);
        assert_eq!((clamped.line(), clamped.panel()), (u32::MAX >> 1, false), "the flag bit is not the line's");
        assert_eq!(std::mem::size_of::<NameMention>(), 32);
    }

    #[test]
    fn short_names_resolve_on_the_page_and_by_the_show_panel() {
        let ms = vec![
            mention(0, "Charles Max Wood", true),
            mention(0, "Chuck", false),
            mention(1, "Charles Max Wood", true),
            mention(2, "Charles Wood", true),
            mention(3, "Chuck", false),
        ];
        let r = resolve_people(&ms, &episodes(&["js"; 4]), &[]);
        let p = r.mention_person[0] as usize;
        assert!(r.mention_person.iter().all(|&x| x as usize == p), "{:?}", r.mention_person);
        assert_eq!(r.people[p].name, "Charles Max Wood");
        assert!(r.people[p].aliases.contains(&"Chuck".to_string()));
        assert!(r.people[p].aliases.contains(&"Charles Wood".to_string()));
    }

    #[test]
    fn different_people_sharing_a_first_name_stay_apart() {
        let ms = vec![
            mention(0, "Dave Smith", true),
            mention(0, "David Kimura", true),
            mention(0, "Dave", false),
            mention(1, "Dave Smith", true),
        ];
        let r = resolve_people(&ms, &episodes(&["js", "rr"]), &[]);
        assert_ne!(r.mention_person[0], r.mention_person[1]);
        assert_ne!(r.mention_person[2], r.mention_person[0]);
        assert_ne!(r.mention_person[2], r.mention_person[1]);
        assert_eq!(r.ambiguous.len(), 1);
        assert_eq!(r.mention_person[0], r.mention_person[3]);
    }

    #[test]
    fn misspelling_and_shared_handle_merge() {
        let mut a = mention(0, "Erik Bryn", true);
        a.links = Box::leak(Box::new(vec!["https://twitter.com/ebryn".to_string()]));
        let a2 = mention(4, "Erik Bryn", true);
        let b = mention(1, "Erik Byrn", true);
        // On another show, where nobody is called "Erik Bryn", the rarer spelling stays itself.
        let e = mention(5, "Erik Byrn", true);
        let mut c = mention(2, "Jonathan Stark", true);
        c.links = Box::leak(Box::new(vec!["https://twitter.com/jonathanstark".to_string()]));
        let mut d = mention(3, "Jon Stark", true);
        d.links = Box::leak(Box::new(vec!["https://twitter.com/JonathanStark?lang=en".to_string()]));
        let r = resolve_people(&[a, b, c, d, a2, e], &episodes(&["js", "js", "js", "fs", "js", "rr"]), &[]);
        assert_eq!(r.mention_person[0], r.mention_person[1]);
        assert_eq!(r.mention_person[0], r.mention_person[4]);
        assert_ne!(r.mention_person[0], r.mention_person[5]);
        assert_eq!(r.mention_person[2], r.mention_person[3]);
        assert_eq!(r.merges.len(), 2, "{:?}", r.merges);
    }

    #[test]
    fn soundex_codes() {
        assert_eq!(soundex("robert"), Some(*b"R163"));
        assert_eq!(soundex("rupert"), Some(*b"R163"));
        assert_eq!(soundex("ashcraft"), Some(*b"A261"));
        assert_eq!(soundex("erikson"), soundex("ericksen"));
        assert!(sounds_alike(&["mark".into(), "erikson".into()], &["mark".into(), "ericksen".into()]));
        assert!(!sounds_alike(&["mark".into(), "erikson".into()], &["john".into(), "ericksen".into()]));
    }

    #[test]
    fn sponsors_merge_by_brand() {
        let ms: Vec<SponsorMentionRef> = [
            ("CacheFly", Some("https://www.cachefly.com/")),
            ("Cachefly", None),
            ("Cache Fly", Some("https://cachefly.com")),
            ("Sentry.io", Some("https://sentry.io/")),
            ("Sentry", Some("https://sentry.io/welcome")),
            ("Linode", Some("https://promo.linode.com/x")),
        ]
        .iter()
        .map(|&(name, url)| SponsorMentionRef { name, url })
        .collect();
        let r = resolve_sponsors(&ms);
        assert_eq!(r.sponsors.len(), 3);
        assert_eq!(r.mention_sponsor[0], r.mention_sponsor[2]);
        assert_eq!(r.mention_sponsor[3], r.mention_sponsor[4]);
    }

    #[test]
    fn dense_ids_are_the_first_seen_ids_of_a_single_table() {
        // Enough strings to fill every shard, each repeated at scattered positions, plus the
        // empty string and non-ASCII spellings.
        let mut items: Vec<String> =
            (0..20_000).map(|i| format!("https://example.com/{}", (i * 7919) % 5003)).collect();
        items.extend(["", "Zoë", "Zoe", "", "Zoë"].map(String::from));
        let items: Vec<&str> = items.iter().map(String::as_str).collect();
        let mut one_table = Ids::new();
        let expected: Vec<u32> = items.iter().map(|s| one_table.id(s)).collect();
        let (ids, names) = dense_ids(items.len(), |i| items[i]);
        assert_eq!(ids, expected);
        assert_eq!(names, one_table.names);
        assert_eq!(names.len(), 5003 + 3);
        assert_eq!(dense_ids(0, |i| items[i]), (Vec::new(), Vec::new()));
    }
}
