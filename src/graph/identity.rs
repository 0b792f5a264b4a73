//! Identity: which name mentions are one person, and which sponsor items are one brand.
//!
//! People: full names are grouped by their normal form, then merged on evidence (a shared
//! profile handle, a dropped middle name, a one-letter misspelling within a show). Short
//! names ("Chuck", "AJ") resolve to a full name of the same episode, the show's listed
//! hosts, or the show's regular panel around that date, and stay unresolved (one node per
//! show and short name) when that is not unique. Two different full first names are never
//! merged by these rules. Every merge is recorded for review.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use crate::model::{HostInfo, SourceRef};
use crate::normalize::{canonical_url, first_name_matches, fold, name_key};

use super::{AmbiguousName, Merge, MergeKind};

/// One occurrence of a person's name on a page.
/// Borrows from the parsed pages: a large network has millions of mentions.
#[derive(Debug, Clone, Copy)]
pub struct NameMention<'a> {
    /// Index of the episode in the build's episode list.
    pub episode: usize,
    pub show: &'a str,
    pub date: Option<NaiveDate>,
    pub name: &'a str,
    pub links: &'a [String],
    /// Listed on the panel (not only a picker or guest).
    pub panel: bool,
    /// Page (relative path) and line of the mention.
    pub file: &'a str,
    pub line: u32,
}

/// A resolved person.
#[derive(Debug, Clone, Default)]
pub struct ResolvedPerson {
    pub name: String,
    pub aliases: Vec<String>,
    pub links: Vec<String>,
}

#[derive(Debug, Default)]
pub struct PeopleResolution {
    pub people: Vec<ResolvedPerson>,
    /// Aligned with the input mentions: the person each one is.
    pub mention_person: Vec<usize>,
    pub merges: Vec<Merge>,
    pub ambiguous: Vec<AmbiguousName>,
    /// Distinct spellings before resolution (full names and short names per show).
    pub names_before: usize,
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
struct KeyInfo<'a> {
    tokens: Vec<String>,
    /// Display spelling → count.
    spellings: BTreeMap<String, usize>,
    shows: HashSet<&'a str>,
    links: Vec<String>,
    handles: HashSet<String>,
    count: usize,
    /// Panel appearances: (show, date).
    panel_dates: Vec<(&'a str, Option<NaiveDate>)>,
    episodes: HashSet<usize>,
}

/// A personal profile handle (`twitter.com/cmaxw`), the strongest identity evidence a page gives.
fn profile_handle(url: &str) -> Option<String> {
    let canon = canonical_url(url)?;
    let path = canon.url.split_once(&canon.domain)?.1;
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let site = match canon.domain.as_str() {
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
pub fn resolve_people(mentions: &[NameMention], hosts: &[HostInfo]) -> PeopleResolution {
    // 1. Full names, grouped by key.
    let mut key_index: HashMap<String, usize> = HashMap::new();
    let mut keys: Vec<KeyInfo> = Vec::new();
    let mut mention_key: Vec<Option<usize>> = vec![None; mentions.len()];
    let mut intern = |key: String, keys: &mut Vec<KeyInfo>| -> usize {
        *key_index.entry(key.clone()).or_insert_with(|| {
            keys.push(KeyInfo { tokens: key.split(' ').map(str::to_string).collect(), ..Default::default() });
            keys.len() - 1
        })
    };
    for (i, m) in mentions.iter().enumerate() {
        let display = clean_display(m.name);
        let key = name_key(&display);
        if key.split(' ').count() < 2 {
            continue;
        }
        let k = intern(key, &mut keys);
        let info = &mut keys[k];
        *info.spellings.entry(display).or_default() += 1;
        info.shows.insert(m.show);
        info.count += 1;
        info.episodes.insert(m.episode);
        if m.panel {
            info.panel_dates.push((m.show, m.date));
        }
        for link in m.links {
            if let Some(h) = profile_handle(link) {
                info.handles.insert(h);
            }
            info.links.push(link.clone());
        }
        mention_key[i] = Some(k);
    }
    let mut host_keys: Vec<(usize, &HostInfo)> = Vec::new();
    for host in hosts {
        let display = clean_display(&host.name);
        let key = name_key(&display);
        if key.split(' ').count() < 2 {
            continue;
        }
        let k = intern(key, &mut keys);
        let info = &mut keys[k];
        info.spellings.entry(display).or_insert(0);
        for show in &host.podcasts {
            info.shows.insert(show.as_str());
        }
        for link in &host.links {
            if let Some(h) = profile_handle(link) {
                info.handles.insert(h);
            }
            info.links.push(link.clone());
        }
        host_keys.push((k, host));
    }

    // 2. Evidence merges between full-name keys.
    let mut dsu = Dsu::new(keys.len());
    let mut merge_reasons: Vec<(usize, usize, String)> = Vec::new();
    let compatible = |a: &KeyInfo, b: &KeyInfo| {
        let (fa, fb) = (&a.tokens[0], &b.tokens[0]);
        let (la, lb) = (a.tokens.last().unwrap(), b.tokens.last().unwrap());
        (la == lb && (first_name_matches(fa, fb) || first_name_matches(fb, fa) || damerau_at_most_one(fa, fb)))
            || (fa == fb && damerau_at_most_one(la, lb))
    };
    // 2a. Shared profile handle.
    let mut by_handle: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, info) in keys.iter().enumerate() {
        for h in &info.handles {
            by_handle.entry(h.as_str()).or_default().push(k);
        }
    }
    let mut handle_pairs: Vec<(usize, usize, String)> = Vec::new();
    for (handle, ks) in &by_handle {
        for w in ks.windows(2) {
            if compatible(&keys[w[0]], &keys[w[1]]) || middle_name_variant(&keys[w[0]].tokens, &keys[w[1]].tokens) {
                handle_pairs.push((w[0], w[1], format!("shared profile {handle}")));
            }
        }
    }
    handle_pairs.sort();
    for (a, b, why) in handle_pairs {
        if dsu.union(a, b) {
            merge_reasons.push((a, b, why));
        }
    }
    // 2b. Dropped middle names: "Charles Wood" is "Charles Max Wood" when that is the only
    // longer name with the same first and last word.
    let mut by_ends: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (k, info) in keys.iter().enumerate() {
        if info.tokens.len() >= 3 {
            by_ends.entry((info.tokens[0].clone(), info.tokens.last().unwrap().clone())).or_default().push(k);
        }
    }
    for (k, info) in keys.iter().enumerate() {
        if info.tokens.len() != 2 {
            continue;
        }
        let ends = (info.tokens[0].clone(), info.tokens[1].clone());
        if let Some(longer) = by_ends.get(&ends) {
            let roots: HashSet<usize> = longer.iter().map(|&l| dsu.find(l)).collect();
            if roots.len() == 1 && dsu.union(k, longer[0]) {
                merge_reasons.push((k, longer[0], "same first and last name, middle name dropped".into()));
            }
        }
    }
    // 2c. One-letter misspellings of the same name within a show ("Erik Byrn"/"Erik Bryn",
    // "Charles Max Woods"): only between names of equal length in words whose letters
    // differ by one edit, whose first words are equal, and which share a show.
    for (a, b) in typo_pairs(&keys) {
        if dsu.union(a, b) {
            merge_reasons.push((a, b, "one-letter spelling difference on the same show".into()));
        }
    }

    // 3. People from full-name clusters.
    let mut root_person: HashMap<usize, usize> = HashMap::new();
    let mut people: Vec<ResolvedPerson> = Vec::new();
    let mut person_keys: Vec<Vec<usize>> = Vec::new();
    for k in 0..keys.len() {
        let root = dsu.find(k);
        let p = *root_person.entry(root).or_insert_with(|| {
            people.push(ResolvedPerson::default());
            person_keys.push(Vec::new());
            people.len() - 1
        });
        person_keys[p].push(k);
    }
    for (p, ks) in person_keys.iter().enumerate() {
        let mut spellings: BTreeMap<&str, usize> = BTreeMap::new();
        let mut links: Vec<String> = Vec::new();
        let mut seen_links = HashSet::new();
        for &k in ks {
            for (s, c) in &keys[k].spellings {
                *spellings.entry(s.as_str()).or_default() += c;
            }
            for l in &keys[k].links {
                let id = canonical_url(l).map_or_else(|| l.clone(), |c| c.url);
                if seen_links.insert(id) {
                    links.push(l.clone());
                }
            }
        }
        // Most used spelling; ties go to the longer (more complete) one.
        let name = spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(a.0.len().cmp(&b.0.len())).then(b.0.cmp(a.0)))
            .map(|(s, _)| s.to_string())
            .unwrap_or_default();
        let aliases = spellings.keys().filter(|s| **s != name).map(|s| s.to_string()).collect();
        people[p] = ResolvedPerson { name, aliases, links };
    }
    let key_person = |k: usize, dsu: &mut Dsu| root_person[&dsu.find(k)];

    let mut merges = Vec::new();
    let mut grouped: BTreeMap<usize, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for (a, b, why) in &merge_reasons {
        let p = key_person(*a, &mut dsu);
        let entry = grouped.entry(p).or_default();
        for k in [a, b] {
            for s in keys[*k].spellings.keys() {
                if !entry.0.contains(s) {
                    entry.0.push(s.clone());
                }
            }
        }
        if !entry.1.contains(why) {
            entry.1.push(why.clone());
        }
    }
    for (p, (names, reasons)) in grouped {
        merges.push(Merge { kind: MergeKind::Person, into: people[p].name.clone(), names, reason: reasons.join("; ") });
    }

    // 4. Short names.
    let mut mention_person: Vec<usize> = vec![usize::MAX; mentions.len()];
    for (i, k) in mention_key.iter().enumerate() {
        if let Some(k) = k {
            mention_person[i] = key_person(*k, &mut dsu);
        }
    }
    // Full-name people per episode, and panel history per show.
    let mut episode_people: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if mention_key[i].is_some() {
            let list = episode_people.entry(m.episode).or_default();
            if !list.contains(&mention_person[i]) {
                list.push(mention_person[i]);
            }
        }
    }
    let mut show_panel: HashMap<&str, HashMap<usize, Vec<Option<NaiveDate>>>> = HashMap::new();
    for (k, info) in keys.iter().enumerate() {
        let p = key_person(k, &mut dsu);
        for (show, date) in &info.panel_dates {
            show_panel.entry(show).or_default().entry(p).or_default().push(*date);
        }
    }
    let mut show_hosts: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, host) in &host_keys {
        let p = key_person(*k, &mut dsu);
        for show in &host.podcasts {
            show_hosts.entry(show.as_str()).or_default().push(p);
        }
    }
    let first_of =
        |p: usize, people: &[ResolvedPerson]| fold(&people[p].name).split(' ').next().unwrap_or("").to_string();

    let mut unresolved: HashMap<(String, String), usize> = HashMap::new();
    let mut ambiguous = Vec::new();
    let mut short_aliases: HashMap<usize, Vec<String>> = HashMap::new();
    let mut short_spellings: HashSet<(String, String)> = HashSet::new();
    for (i, m) in mentions.iter().enumerate() {
        if mention_key[i].is_some() {
            continue;
        }
        let display = clean_display(m.name);
        let short = fold(&display);
        if short.is_empty() {
            continue;
        }
        short_spellings.insert((m.show.to_string(), short.clone()));
        let matches = |p: &usize| first_name_matches(&short, &first_of(*p, &people));
        // a. Someone of the same episode.
        let same_page: Vec<usize> =
            episode_people.get(&m.episode).into_iter().flatten().copied().filter(matches).collect();
        let mut resolved = unique(&same_page);
        let mut candidates: Vec<usize> = same_page.clone();
        // b. The show's listed hosts.
        if resolved.is_none() && same_page.is_empty() {
            let hosts: Vec<usize> = show_hosts.get(m.show).into_iter().flatten().copied().filter(matches).collect();
            resolved = unique(&hosts);
            candidates = hosts;
        }
        // c. The show's regular panel around that date: people on its panel within a year,
        // taken only when one of them clearly dominates.
        if resolved.is_none() && candidates.is_empty() {
            let mut counts: Vec<(usize, usize)> = show_panel
                .get(m.show)
                .into_iter()
                .flatten()
                .filter(|(p, _)| matches(p))
                .map(|(p, dates)| (*p, dates.iter().filter(|d| within_a_year(**d, m.date)).count()))
                .filter(|(_, c)| *c >= 2)
                .collect();
            counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            candidates = counts.iter().map(|(p, _)| *p).collect();
            resolved = match counts.as_slice() {
                [(p, _)] => Some(*p),
                [(p, c1), (_, c2), ..] if *c1 >= 3 * *c2 => Some(*p),
                _ => None,
            };
        }
        let person = match resolved {
            Some(p) => {
                short_aliases.entry(p).or_default().push(display.clone());
                p
            }
            None => {
                let mut names: Vec<String> = candidates.iter().map(|p| people[*p].name.clone()).collect();
                names.sort();
                names.dedup();
                ambiguous.push(AmbiguousName {
                    name: display.clone(),
                    source: SourceRef { file: m.file.to_string(), line: m.line },
                    candidates: names,
                });
                *unresolved.entry((m.show.to_string(), short.clone())).or_insert_with(|| {
                    people.push(ResolvedPerson { name: display.clone(), aliases: Vec::new(), links: m.links.to_vec() });
                    people.len() - 1
                })
            }
        };
        mention_person[i] = person;
    }
    for (p, shorts) in short_aliases {
        for s in shorts {
            if !people[p].aliases.contains(&s) && people[p].name != s {
                people[p].aliases.push(s);
            }
        }
        people[p].aliases.sort();
    }
    // Mentions with an empty name (should not happen) fall back to a placeholder person.
    if mention_person.contains(&usize::MAX) {
        people.push(ResolvedPerson { name: "(unnamed)".into(), ..Default::default() });
        let fallback = people.len() - 1;
        for p in &mut mention_person {
            if *p == usize::MAX {
                *p = fallback;
            }
        }
    }
    PeopleResolution { names_before: keys.len() + short_spellings.len(), people, mention_person, merges, ambiguous }
}

/// Pairs of full-name keys (smaller index first) that are one-letter misspellings of each
/// other on a shared show: same first word, same number of words, 8+ bytes, one edit apart,
/// and any differing word at least four letters long on both sides.
///
/// Candidates are found through shared one-deletion variants (two strings within one edit
/// always share one), not by comparing every pair of keys with the same first word, which is
/// quadratic in the number of people; the conditions above then decide.
fn typo_pairs(keys: &[KeyInfo<'_>]) -> Vec<(usize, usize)> {
    use std::hash::{BuildHasher, Hasher};
    let joined: Vec<String> = keys.iter().map(|k| k.tokens.join(" ")).collect();
    let state = std::collections::hash_map::RandomState::new();
    let hash = |head: &str, tail: &str| {
        let mut h = state.build_hasher();
        h.write(head.as_bytes());
        h.write(tail.as_bytes());
        h.finish()
    };
    let mut by_variant: HashMap<u64, Vec<usize>> = HashMap::new();
    for (k, j) in joined.iter().enumerate() {
        // The smaller of a pair must be 8+ bytes, so the other is at least 7.
        if j.len() < 7 {
            continue;
        }
        let mut variants: Vec<u64> = Vec::with_capacity(j.len() + 1);
        variants.push(hash(j, ""));
        for (at, c) in j.char_indices() {
            variants.push(hash(&j[..at], &j[at + c.len_utf8()..]));
        }
        variants.sort_unstable();
        variants.dedup();
        for v in variants {
            by_variant.entry(v).or_default().push(k);
        }
    }
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for ks in by_variant.values() {
        for (i, &a) in ks.iter().enumerate() {
            for &b in &ks[i + 1..] {
                candidates.push((a.min(b), a.max(b)));
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    candidates.retain(|&(a, b)| is_typo_pair(keys, &joined, a, b));
    candidates
}

/// The conditions of [`typo_pairs`] for one pair, `a < b`.
fn is_typo_pair(keys: &[KeyInfo<'_>], joined: &[String], a: usize, b: usize) -> bool {
    let (ta, tb) = (&keys[a].tokens, &keys[b].tokens);
    if ta[0] != tb[0] || ta.len() != tb.len() {
        return false;
    }
    let (ja, jb) = (&joined[a], &joined[b]);
    if ja.len() < 8 || !damerau_at_most_one(ja, jb) {
        return false;
    }
    // The differing word must be long enough that one edit is a typo, not another name.
    let differing_ok = ta.iter().zip(tb).all(|(x, y)| x == y || (x.len() >= 4 && y.len() >= 4));
    differing_ok && keys[a].shows.iter().any(|s| keys[b].shows.contains(s))
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

/// One sponsor item to resolve.
#[derive(Debug, Clone)]
pub struct SponsorMentionRef {
    pub name: String,
    pub url: Option<String>,
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
    let labels: Vec<&str> = canon.domain.split('.').collect();
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
    let mut key_index: HashMap<String, usize> = HashMap::new();
    let mut key_names: Vec<BTreeMap<String, usize>> = Vec::new();
    let mut key_urls: Vec<BTreeMap<String, (usize, String)>> = Vec::new();
    let mut mention_key = Vec::with_capacity(mentions.len());
    for m in mentions {
        let name = clean_display(&m.name);
        let key = brand_key(&name);
        let k = *key_index.entry(key).or_insert_with(|| {
            key_names.push(BTreeMap::new());
            key_urls.push(BTreeMap::new());
            key_names.len() - 1
        });
        *key_names[k].entry(name).or_default() += 1;
        if let Some(url) = &m.url {
            let id = canonical_url(url).map_or_else(|| url.clone(), |c| c.url);
            key_urls[k].entry(id).or_insert((0, url.clone())).0 += 1;
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
    let mut root_sponsor: HashMap<usize, usize> = HashMap::new();
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

    #[test]
    fn typo_pairs_equal_the_quadratic_search() {
        // Names with typos, transpositions, inserted and dropped letters, short names, shared
        // and separate shows.
        let firsts = ["erik", "eric", "charles", "jonathan", "ana", "zoe"];
        let lasts = ["bryn", "byrn", "brynn", "wood", "woods", "wod", "heiligers", "heiligrs", "o neal", "oneal"];
        let shows = ["a", "b"];
        let mut keys: Vec<KeyInfo<'static>> = Vec::new();
        for (i, f) in firsts.iter().enumerate() {
            for (j, l) in lasts.iter().enumerate() {
                let key = format!("{f} {l}");
                let mut info = KeyInfo { tokens: key.split(' ').map(str::to_string).collect(), ..Default::default() };
                info.shows.insert(shows[(i + j) % 2]);
                if j % 3 == 0 {
                    info.shows.insert(shows[(i + j + 1) % 2]);
                }
                keys.push(info);
            }
        }
        let joined: Vec<String> = keys.iter().map(|k| k.tokens.join(" ")).collect();
        let mut brute = Vec::new();
        for a in 0..keys.len() {
            for b in a + 1..keys.len() {
                if is_typo_pair(&keys, &joined, a, b) {
                    brute.push((a, b));
                }
            }
        }
        assert!(brute.len() >= 10, "{brute:?}");
        assert_eq!(typo_pairs(&keys), brute);
    }

    fn mention<'a>(episode: usize, show: &'a str, name: &'a str, panel: bool) -> NameMention<'a> {
        NameMention {
            episode,
            show,
            date: NaiveDate::from_ymd_opt(2019, 1, 1 + episode as u32 % 28),
            name,
            links: &[],
            panel,
            file: Box::leak(format!("{show}/{episode}.md").into_boxed_str()),
            line: 1,
        }
    }

    #[test]
    fn short_names_resolve_on_the_page_and_by_the_show_panel() {
        let ms = vec![
            mention(0, "js", "Charles Max Wood", true),
            mention(0, "js", "Chuck", false),
            mention(1, "js", "Charles Max Wood", true),
            mention(2, "js", "Charles Wood", true),
            mention(3, "js", "Chuck", false),
        ];
        let r = resolve_people(&ms, &[]);
        let p = r.mention_person[0];
        assert!(r.mention_person.iter().all(|&x| x == p), "{:?}", r.mention_person);
        assert_eq!(r.people[p].name, "Charles Max Wood");
        assert!(r.people[p].aliases.contains(&"Chuck".to_string()));
        assert!(r.people[p].aliases.contains(&"Charles Wood".to_string()));
    }

    #[test]
    fn different_people_sharing_a_first_name_stay_apart() {
        let ms = vec![
            mention(0, "js", "Dave Smith", true),
            mention(0, "js", "David Kimura", true),
            mention(0, "js", "Dave", false),
            mention(1, "rr", "Dave Smith", true),
        ];
        let r = resolve_people(&ms, &[]);
        assert_ne!(r.mention_person[0], r.mention_person[1]);
        assert_ne!(r.mention_person[2], r.mention_person[0]);
        assert_ne!(r.mention_person[2], r.mention_person[1]);
        assert_eq!(r.ambiguous.len(), 1);
        assert_eq!(r.mention_person[0], r.mention_person[3]);
    }

    #[test]
    fn misspelling_and_shared_handle_merge() {
        let (la, lc, ld) = (
            ["https://twitter.com/ebryn".to_string()],
            ["https://twitter.com/jonathanstark".to_string()],
            ["https://twitter.com/JonathanStark?lang=en".to_string()],
        );
        let a = NameMention { links: &la, ..mention(0, "js", "Erik Bryn", true) };
        let b = mention(1, "js", "Erik Byrn", true);
        let c = NameMention { links: &lc, ..mention(2, "js", "Jonathan Stark", true) };
        let d = NameMention { links: &ld, ..mention(3, "fs", "Jon Stark", true) };
        let r = resolve_people(&[a, b, c, d], &[]);
        assert_eq!(r.mention_person[0], r.mention_person[1]);
        assert_eq!(r.mention_person[2], r.mention_person[3]);
        assert_eq!(r.merges.len(), 2);
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
        .map(|(n, u)| SponsorMentionRef { name: n.to_string(), url: u.map(str::to_string) })
        .collect();
        let r = resolve_sponsors(&ms);
        assert_eq!(r.sponsors.len(), 3);
        assert_eq!(r.mention_sponsor[0], r.mention_sponsor[2]);
        assert_eq!(r.mention_sponsor[3], r.mention_sponsor[4]);
    }
}
