//! Ranked, typo-tolerant search over names and titles: case- and accent-insensitive, every
//! query word must match a word of the candidate (exactly, as a prefix, or within a small
//! edit distance), and the result carries a relevance score and the text that matched.
//!
//! The folded words of every searchable text are computed once, when the graph is built.

use crate::normalize::{fold, words};

/// One searchable text of an entity (its name, an alias, a title...).
#[derive(Debug, Clone)]
struct Entry {
    /// Index of the entity in its arena.
    entity: u32,
    /// Index of the text among the entity's texts (0 = primary name).
    text: u16,
    /// The folded words, space-separated.
    folded: Box<str>,
    words: u16,
    /// The words as ids into the index's vocabulary.
    ids: Box<[u32]>,
}

/// Search index over one kind of entity.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    /// Distinct folded words of all texts.
    vocab: Vec<Box<str>>,
    /// For each vocabulary word, the entries that contain it (ascending).
    postings: Vec<Vec<u32>>,
}

/// A match: the entity, its score in (0, 1], and which of its texts matched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub entity: u32,
    pub score: f64,
    pub text: u16,
}

/// A folded query word, with what [`word_score`] needs to reject most candidates cheaply.
struct QueryWord<'a> {
    text: &'a str,
    chars: usize,
    /// Edits tolerated: 0 up to 3 letters, 1 up to 7, else 2.
    allowed: usize,
    hist: [u8; 64],
}

impl<'a> QueryWord<'a> {
    fn new(text: &'a str) -> QueryWord<'a> {
        let chars = text.chars().count();
        let allowed = match chars {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
        QueryWord { text, chars, allowed, hist: histogram(text) }
    }
}

/// Character counts, folded into 64 buckets (a lower bound on the true multiset difference).
fn histogram(s: &str) -> [u8; 64] {
    let mut h = [0u8; 64];
    for c in s.chars() {
        let b = &mut h[c as usize & 63];
        *b = b.saturating_add(1);
    }
    h
}

/// Whether `w` may be within `allowed` Damerau–Levenshtein edits of the query word: every edit
/// changes the length by at most one and the character counts by at most two, so a larger
/// difference in either rules the pair out without computing the distance.
fn may_be_close(q: &QueryWord<'_>, w: &str, w_chars: usize) -> bool {
    if q.chars.abs_diff(w_chars) > q.allowed {
        return false;
    }
    let h = histogram(w);
    let l1: usize = q.hist.iter().zip(&h).map(|(a, b)| a.abs_diff(*b) as usize).sum();
    l1 <= 2 * q.allowed
}

/// How well one query word matches one candidate word.
fn word_score(q: &QueryWord<'_>, w: &str) -> f64 {
    let qs = q.text;
    if qs == w {
        return 1.0;
    }
    if w.starts_with(qs) {
        // Prefixes score by how much of the word they cover.
        return 0.7 + 0.2 * (qs.len() as f64 / w.len() as f64);
    }
    let allowed = q.allowed;
    if allowed == 0 {
        return 0.0;
    }
    let w_chars = w.chars().count();
    // Compare with the word, and with the word's prefix of the same length (typo while typing).
    if may_be_close(q, w, w_chars) {
        let d_full = strsim::damerau_levenshtein(qs, w);
        if d_full <= allowed {
            return 0.75 - 0.15 * d_full as f64;
        }
    }
    if w_chars >= q.chars {
        let prefix = w.char_indices().nth(q.chars).map_or(w, |(i, _)| &w[..i]);
        if may_be_close(q, prefix, q.chars) {
            let d = strsim::damerau_levenshtein(qs, prefix);
            if d <= allowed {
                return 0.55 - 0.1 * d as f64;
            }
        }
    }
    0.0
}

impl SearchIndex {
    /// `texts(i)` gives the searchable texts of entity `i`, primary first.
    /// Texts are folded in parallel (rayon), in chunks, and kept in entity order.
    pub fn build<'a, I, F>(count: usize, texts: F) -> SearchIndex
    where
        F: Fn(usize) -> I + Sync,
        I: IntoIterator<Item = &'a str>,
    {
        use rayon::prelude::*;
        const CHUNK: usize = 4096;
        let chunks: Vec<Vec<Entry>> = (0..count.div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                let mut entries = Vec::new();
                for i in c * CHUNK..((c + 1) * CHUNK).min(count) {
                    for (t, text) in texts(i).into_iter().enumerate() {
                        let words = words(text);
                        if words.is_empty() {
                            continue;
                        }
                        let n = words.len().min(u16::MAX as usize) as u16;
                        entries.push(Entry {
                            entity: i as u32,
                            text: t as u16,
                            folded: words.join(" ").into(),
                            words: n,
                            ids: Box::new([]),
                        });
                    }
                }
                entries
            })
            .collect();
        let mut entries = chunks.concat();
        // The vocabulary and its postings: a query scores each distinct word once, then only
        // visits the entries holding a word that matches.
        let mut vocab_ids: std::collections::HashMap<Box<str>, u32> = std::collections::HashMap::new();
        let mut vocab: Vec<Box<str>> = Vec::new();
        let mut postings: Vec<Vec<u32>> = Vec::new();
        for (idx, e) in entries.iter_mut().enumerate() {
            let ids: Box<[u32]> = e
                .folded
                .split(' ')
                .map(|w| {
                    let id = match vocab_ids.get(w) {
                        Some(&id) => id,
                        None => {
                            let id = vocab.len() as u32;
                            vocab.push(w.into());
                            postings.push(Vec::new());
                            vocab_ids.insert(w.into(), id);
                            id
                        }
                    };
                    let list = &mut postings[id as usize];
                    if list.last() != Some(&(idx as u32)) {
                        list.push(idx as u32);
                    }
                    id
                })
                .collect();
            e.ids = ids;
        }
        SearchIndex { entries, vocab, postings }
    }

    /// All entities matching every word of `query`, best first (ties by entity order).
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let q_words = words(query);
        if q_words.is_empty() {
            return Vec::new();
        }
        let q_folded = fold(query);
        let query: Vec<QueryWord<'_>> = q_words.iter().map(|w| QueryWord::new(w)).collect();
        // Each query word against each distinct word, once.
        let matching: Vec<std::collections::HashMap<u32, f64>> = query
            .iter()
            .map(|q| {
                self.vocab
                    .iter()
                    .enumerate()
                    .filter_map(|(id, w)| {
                        let s = word_score(q, w);
                        (s > 0.0).then_some((id as u32, s))
                    })
                    .collect()
            })
            .collect();
        // Only entries holding a word that matches the rarest query word can match them all.
        let rarest = matching
            .iter()
            .min_by_key(|m| m.keys().map(|id| self.postings[*id as usize].len()).sum::<usize>())
            .expect("at least one query word");
        let mut candidates: Vec<u32> =
            rarest.keys().flat_map(|id| self.postings[*id as usize].iter().copied()).collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: std::collections::HashMap<u32, Hit> = std::collections::HashMap::new();
        for e in candidates.iter().map(|&i| &self.entries[i as usize]) {
            let mut total = 0.0;
            let mut ok = true;
            for m in &matching {
                let s = e.ids.iter().map(|id| m.get(id).copied().unwrap_or(0.0)).fold(0.0, f64::max);
                if s == 0.0 {
                    ok = false;
                    break;
                }
                total += s;
            }
            if !ok {
                continue;
            }
            let mut score = total / q_words.len() as f64;
            // Whole-text and coverage bonuses: "Joe Eames" beats "Joe Eames Jr Fan Club".
            if *e.folded == *q_folded {
                score = 1.0;
            } else {
                let coverage = q_words.len() as f64 / (e.words as usize).max(q_words.len()) as f64;
                score = (score * (0.85 + 0.1 * coverage)).min(0.99);
            }
            // The primary name outranks an alias with the same score.
            if e.text > 0 {
                score *= 0.98;
            }
            let hit = Hit { entity: e.entity, score, text: e.text };
            best.entry(e.entity)
                .and_modify(|h| {
                    if hit.score > h.score {
                        *h = hit
                    }
                })
                .or_insert(hit);
        }
        let mut hits: Vec<Hit> = best.into_values().collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entity.cmp(&b.entity)));
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `word_score` as it was before the cheap filters: the filters must not change a score.
    fn reference_score(q: &str, w: &str) -> f64 {
        if q == w {
            return 1.0;
        }
        if w.starts_with(q) {
            return 0.7 + 0.2 * (q.len() as f64 / w.len() as f64);
        }
        let qn = q.chars().count();
        let allowed = match qn {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
        if allowed == 0 {
            return 0.0;
        }
        let d_full = strsim::damerau_levenshtein(q, w);
        if d_full <= allowed {
            return 0.75 - 0.15 * d_full as f64;
        }
        let prefix: String = w.chars().take(qn).collect();
        if prefix.chars().count() == qn {
            let d = strsim::damerau_levenshtein(q, &prefix);
            if d <= allowed {
                return 0.55 - 0.1 * d as f64;
            }
        }
        0.0
    }

    /// `search` as it was: score every entry.
    fn reference_search(idx: &SearchIndex, query: &str) -> Vec<Hit> {
        let q_words = words(query);
        if q_words.is_empty() {
            return Vec::new();
        }
        let q_folded = fold(query);
        let mut best: std::collections::HashMap<u32, Hit> = std::collections::HashMap::new();
        for e in &idx.entries {
            let mut total = 0.0;
            let mut ok = true;
            for q in &q_words {
                let s = e.folded.split(' ').map(|w| reference_score(q, w)).fold(0.0, f64::max);
                if s == 0.0 {
                    ok = false;
                    break;
                }
                total += s;
            }
            if !ok {
                continue;
            }
            let mut score = total / q_words.len() as f64;
            if *e.folded == *q_folded {
                score = 1.0;
            } else {
                let coverage = q_words.len() as f64 / (e.words as usize).max(q_words.len()) as f64;
                score = (score * (0.85 + 0.1 * coverage)).min(0.99);
            }
            if e.text > 0 {
                score *= 0.98;
            }
            let hit = Hit { entity: e.entity, score, text: e.text };
            best.entry(e.entity)
                .and_modify(|h| {
                    if hit.score > h.score {
                        *h = hit
                    }
                })
                .or_insert(hit);
        }
        let mut hits: Vec<Hit> = best.into_values().collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entity.cmp(&b.entity)));
        hits
    }

    #[test]
    fn indexed_search_equals_scanning_every_entry() {
        let net = crate::generate::Network::new(crate::generate::GenOptions {
            episodes: 1500,
            seed: 4,
            transcript_scale: 0.0,
        });
        let mut texts: Vec<Vec<String>> = Vec::new();
        for i in 0..1500 {
            let ep = crate::generate::page(&net, i).episode.unwrap();
            let mut t = vec![ep.title.clone()];
            t.extend(ep.people.iter().map(|p| p.name.clone()));
            texts.push(t);
        }
        let idx = SearchIndex::build(texts.len(), |i| texts[i].iter().map(String::as_str));
        for q in [
            "react",
            "raect hooks",
            "charles wood",
            "chuck",
            "performance",
            "perfromance testing",
            "mentoring",
            "zz",
            "a",
            "the",
            "javascript career",
            "rust",
            "rusty",
            "hiring remote",
            "wod",
            "aia 012",
            "012",
        ] {
            assert_eq!(idx.search(q), reference_search(&idx, q), "{q}");
        }
    }

    #[test]
    fn filters_keep_every_score() {
        let words = [
            "charles",
            "charels",
            "chales",
            "wood",
            "woods",
            "wod",
            "javascript",
            "javscript",
            "jvaascript",
            "typescript",
            "react",
            "reacts",
            "raect",
            "elixir",
            "elxir",
            "heiligers",
            "heiligrs",
            "christiane",
            "cristiane",
            "abc",
            "ca",
            "abcd",
            "acbd",
            "dcba",
            "aaaaaaaaa",
            "aaaaaaaab",
            "zoë",
            "zoe",
            "müller",
            "muller",
            "über",
            "a",
            "",
            "rails",
            "rials",
            "testing",
            "tseting",
            "career",
            "carrer",
            "angular",
            "angualr",
            "vue",
            "views",
            "genservers",
            "genserver",
            "gnservers",
            "graphql",
            "grapql",
            "performance",
        ];
        for q in words {
            let qw = QueryWord::new(q);
            for w in words {
                assert_eq!(word_score(&qw, w), reference_score(q, w), "{q:?} vs {w:?}");
            }
        }
    }

    fn index(names: &[&[&str]]) -> SearchIndex {
        SearchIndex::build(names.len(), |i| names[i].iter().copied())
    }

    #[test]
    fn all_words_accents_and_typos() {
        let idx = index(&[&["Charles Max Wood", "Chuck"], &["Christiané Heiligers"], &["Joe Eames"], &["Joe Smith"]]);
        assert_eq!(idx.search("charles wood")[0].entity, 0);
        assert_eq!(idx.search("chuck")[0].text, 1);
        assert_eq!(idx.search("christiane")[0].entity, 1);
        assert_eq!(idx.search("Heiligrs")[0].entity, 1, "one-letter typo");
        let joes = idx.search("joe");
        assert_eq!(joes.len(), 2);
        assert_eq!(idx.search("joe eams")[0].entity, 2);
        assert!(idx.search("joe wood").is_empty(), "every word must match");
        assert!(idx.search("").is_empty());
        assert_eq!(idx.search("Joe Eames")[0].score, 1.0);
    }
}
