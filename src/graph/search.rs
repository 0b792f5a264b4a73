//! Ranked, typo-tolerant search over names and titles: case- and accent-insensitive, every
//! query word must match a word of the candidate (exactly, as a prefix, or within a small
//! edit distance) — best all in one of its texts (a name, an alias), else spread over
//! them — and the result carries a relevance score and the text that matched.
//!
//! The folded words of every searchable text are indexed once, when the graph is built.

use rustc_hash::FxHashMap as HashMap;

use unicode_normalization::char::is_combining_mark;

use crate::normalize::{fold_into, words};

/// One searchable text of an entity (its name, an alias, a title...).
#[derive(Debug, Clone)]
struct Entry {
    /// Index of the entity in its arena.
    entity: u32,
    /// Index of the text among the entity's texts (0 = primary name).
    text: u16,
    /// Number of words of the text.
    words: u16,
    /// Hash of the folded text, to tell an exact match (a query equal to the whole text).
    /// The text itself is not kept: at a million episodes the folded copies of every title
    /// and URL would weigh more than the rest of the index.
    folded_hash: u64,
}

/// The hash an [`Entry`] keeps of its folded text: FxHash, stable within the process. Two
/// different texts of the same length in words that share a hash would only lift one
/// result's score to 1.0, so the hash need not resist crafted input, and SipHash cost 10-20%
/// of building the index of a million links and picks.
fn text_hash(folded: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    folded.hash(&mut h);
    h.finish()
}

/// Search index over one kind of entity: the folded words of every text, as a sorted
/// vocabulary with posting lists (which entries hold each word). A query word is matched
/// against the vocabulary — exactly, as a prefix (a range of the sorted list) or within a
/// small edit distance — and only the entries of the matching words are scored, so a
/// search costs the vocabulary plus the hits, not the number of texts times their words.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    /// Distinct folded words, sorted.
    vocab: Vec<String>,
    /// The characters of each vocabulary word (for edit distances).
    vocab_chars: Vec<Box<[char]>>,
    /// For each vocabulary word `w`, the entries holding it (ascending, no duplicates) are
    /// `postings[offsets[w]..offsets[w + 1]]`: one flat list, not a list per word.
    postings: Vec<u32>,
    offsets: Vec<u32>,
}

/// A match: the entity, its score in (0, 1], and which of its texts matched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub entity: u32,
    pub score: f64,
    pub text: u16,
}

/// Edits allowed for a query word of `n` characters.
fn allowed_edits(n: usize) -> usize {
    match n {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions) between
/// `a` and `b`, or `None` when it exceeds `max`.
fn osa_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let w = b.len() + 1;
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|d| *d <= max)
}

/// How well one query word matches one candidate word (0 when it does not).
fn word_score(q: &[char], w: &[char]) -> f64 {
    if q == w {
        return 1.0;
    }
    if w.starts_with(q) {
        // Prefixes score by how much of the word they cover.
        return 0.7 + 0.2 * (q.len() as f64 / w.len() as f64);
    }
    let allowed = allowed_edits(q.len());
    if allowed == 0 {
        return 0.0;
    }
    if let Some(d) = osa_within(q, w, allowed) {
        return 0.75 - 0.15 * d as f64;
    }
    // A typo while typing: compare with the word's prefix of the same length.
    if w.len() > q.len()
        && let Some(d) = osa_within(q, &w[..q.len()], allowed)
    {
        return 0.55 - 0.1 * d as f64;
    }
    0.0
}

/// A folded word of at most 16 bytes as one number: its bytes, zero-padded, big-endian.
/// Folded words hold letters and digits only, never a zero byte, so the number gives the
/// word back. `padded` holds the word at `at` followed by at least 16 more bytes (whatever
/// they are: they are masked off), so the number is one unaligned 16-byte load, not a copy
/// of the word into a zeroed buffer (whose bytewise stores the wide load would wait on).
fn short_word(padded: &[u8], at: usize, len: usize) -> Option<u128> {
    if len > 16 {
        return None;
    }
    let bytes: [u8; 16] = padded[at..at + 16].try_into().expect("16 bytes follow every word");
    // An empty word (which `fold` never leaves) would keep no byte: the number 0, "".
    let kept = (!0u128).checked_shl(((16 - len) * 8) as u32).unwrap_or(0);
    Some(u128::from_be_bytes(bytes) & kept)
}

/// Bytes appended after a folded text, so that [`short_word`] can read 16 bytes from the
/// start of its last word.
const WORD_PAD: &str = "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

/// The word a [`short_word`] number holds.
fn word_of(key: u128) -> String {
    let padded = key.to_be_bytes();
    let len = padded.iter().position(|&b| b == 0).unwrap_or(padded.len());
    String::from_utf8(padded[..len].to_vec()).expect("a short word is the bytes of a folded word")
}

/// The index of a slice of the entities, before merging: its entries (numbered from 0),
/// its distinct words, sorted, and which words each entry holds. The posting lists are
/// not made here: counted per word, they are written once, straight to their place in the
/// merged index (no list per word grown by doubling and copied again when merged).
struct Slice {
    entries: Vec<Entry>,
    /// The slice's distinct words, sorted.
    words: Vec<String>,
    /// How many entries hold each of `words`.
    counts: Vec<u32>,
    /// The words each entry holds, without repeats, entry after entry, as the slice's word
    /// numbers (the order the words were first seen).
    held: Vec<u32>,
    /// Where each entry's words end in `held`.
    held_ends: Vec<u32>,
    /// The place in `words` of each word number.
    rank: Vec<u32>,
}

/// A word of a [`Slice`] while it is built: short ones as their number ([`short_word`]).
enum SliceWord {
    Short(u128),
    Long(String),
}

impl Slice {
    fn build<'a, I, F>(range: std::ops::Range<usize>, texts: &F) -> Slice
    where
        F: Fn(usize) -> I,
        I: IntoIterator<Item = &'a str>,
    {
        let mut entries = Vec::new();
        // Words are numbered through hash maps and sorted once at the end (the same sorted
        // vocabulary and posting lists as a BTreeMap keyed by word, without a string
        // comparison per tree level and a clone per word). A word of up to 16 bytes, nearly
        // every word, is keyed by its bytes as one number: hashed and compared without
        // reading a string, and no string is made for it until the end.
        let mut by_short: HashMap<u128, u32> = HashMap::default();
        let mut by_long: HashMap<String, u32> = HashMap::default();
        let mut seen: Vec<SliceWord> = Vec::new();
        // For each word number, 1 + the last entry that held it (0: none yet).
        let mut last_holder: Vec<u32> = Vec::new();
        let mut held: Vec<u32> = Vec::new();
        let mut held_ends: Vec<u32> = Vec::new();
        let mut folded = String::new();
        for i in range {
            for (t, text) in texts(i).into_iter().enumerate() {
                // `fold` never leaves an empty word: its words are those of `words(text)`.
                folded.clear();
                fold_into(text, &mut folded, is_combining_mark);
                if folded.is_empty() {
                    continue;
                }
                let len = folded.len();
                folded.push_str(WORD_PAD);
                let e = entries.len() as u32;
                let mut n = 0;
                let mut at = 0;
                for w in folded[..len].split(' ') {
                    n += 1;
                    let key = short_word(folded.as_bytes(), at, w.len());
                    let fresh = seen.len() as u32;
                    let next = match key {
                        Some(key) => *by_short.entry(key).or_insert(fresh),
                        // Looked up before inserting: a new `String` only for a new word.
                        None => match by_long.get(w) {
                            Some(&number) => number,
                            None => {
                                by_long.insert(w.to_string(), fresh);
                                fresh
                            }
                        },
                    };
                    if next == fresh {
                        seen.push(key.map_or_else(|| SliceWord::Long(w.to_string()), SliceWord::Short));
                        last_holder.push(0);
                    }
                    if last_holder[next as usize] != e + 1 {
                        last_holder[next as usize] = e + 1;
                        held.push(next);
                    }
                    at += w.len() + 1;
                }
                held_ends.push(held.len() as u32);
                entries.push(Entry {
                    entity: i as u32,
                    text: t as u16,
                    words: n as u16,
                    folded_hash: text_hash(&folded[..len]),
                });
            }
        }
        drop((by_short, by_long, last_holder));
        let words: Vec<String> = seen
            .into_iter()
            .map(|w| match w {
                SliceWord::Short(key) => word_of(key),
                SliceWord::Long(w) => w,
            })
            .collect();
        let mut order: Vec<u32> = (0..words.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| words[a as usize].cmp(&words[b as usize]));
        let mut rank = vec![0; words.len()];
        for (place, &id) in order.iter().enumerate() {
            rank[id as usize] = place as u32;
        }
        let mut counts = vec![0; words.len()];
        for &id in &held {
            counts[rank[id as usize] as usize] += 1;
        }
        let mut by_number: Vec<Option<String>> = words.into_iter().map(Some).collect();
        let words = order.iter().map(|&id| by_number[id as usize].take().expect("each word once")).collect();
        Slice { entries, words, counts, held, held_ends, rank }
    }
}

impl SearchIndex {
    /// `texts(i)` gives the searchable texts of entity `i`, primary first.
    pub fn build<'a, I, F>(count: usize, texts: F) -> SearchIndex
    where
        F: Fn(usize) -> I + Sync,
        I: IntoIterator<Item = &'a str>,
    {
        // Large kinds (millions of links and picks at scale) are indexed in slices on every
        // core and merged word by word; a small one in one slice.
        let slices = if count < 1 << 16 { 1 } else { 2 * rayon::current_num_threads() };
        SearchIndex::build_in_slices(count, count.div_ceil(slices).max(1), texts)
    }

    /// The index of entities `0..count`, built `slice` entities at a time on every core. The
    /// same index whatever the slice size: slices are merged in entity order.
    fn build_in_slices<'a, I, F>(count: usize, slice: usize, texts: F) -> SearchIndex
    where
        F: Fn(usize) -> I + Sync,
        I: IntoIterator<Item = &'a str>,
    {
        use rayon::prelude::*;
        let starts: Vec<usize> = (0..count).step_by(slice).collect();
        let slices: Vec<Slice> =
            starts.into_par_iter().map(|start| Slice::build(start..(start + slice).min(count), &texts)).collect();
        SearchIndex::merge(slices)
    }

    /// Joins slices built in entity order: their entries one after the other, their sorted
    /// words merged into one vocabulary, and each word's postings (its entries, shifted by
    /// the entries before their slice) written in slice order, so still ascending.
    fn merge(slices: Vec<Slice>) -> SearchIndex {
        let mut entries = Vec::with_capacity(slices.iter().map(|s| s.entries.len()).sum());
        // For each slice: its entry base, and the vocabulary number of each of its words.
        let mut bases = Vec::with_capacity(slices.len());
        let mut numbers: Vec<Vec<u32>> = slices.iter().map(|s| vec![0; s.words.len()]).collect();
        let mut words: Vec<std::vec::IntoIter<String>> = Vec::with_capacity(slices.len());
        let mut slice_counts = Vec::with_capacity(slices.len());
        let mut held = Vec::with_capacity(slices.len());
        for slice in slices {
            bases.push(entries.len() as u32);
            entries.extend(slice.entries);
            words.push(slice.words.into_iter());
            slice_counts.push(slice.counts);
            held.push((slice.held, slice.held_ends, slice.rank));
        }
        let mut heads: Vec<(Option<String>, usize)> = words.iter_mut().map(|w| (w.next(), 0)).collect();
        let mut vocab = Vec::new();
        let mut counts: Vec<u32> = Vec::new();
        // A k-way merge over a handful of sorted word lists.
        loop {
            let least = (0..heads.len()).filter(|&k| heads[k].0.is_some()).min_by(|&a, &b| heads[a].0.cmp(&heads[b].0));
            let Some(least) = least else { break };
            let word = heads[least].0.take().expect("the least head holds a word");
            let number = vocab.len() as u32;
            let mut count = 0;
            for (k, (head, at)) in heads.iter_mut().enumerate() {
                if k == least || head.as_deref() == Some(word.as_str()) {
                    numbers[k][*at] = number;
                    count += slice_counts[k][*at];
                    *at += 1;
                    *head = words[k].next();
                }
            }
            counts.push(count);
            vocab.push(word);
        }
        let mut offsets = Vec::with_capacity(vocab.len() + 1);
        let mut total = 0u32;
        offsets.push(0);
        for &c in &counts {
            total += c;
            offsets.push(total);
        }
        drop(counts);
        let mut postings = vec![0u32; total as usize];
        let mut cursor: Vec<u32> = offsets[..vocab.len()].to_vec();
        for (((held, ends, rank), numbers), base) in held.into_iter().zip(&numbers).zip(bases) {
            let number_of: Vec<u32> = rank.iter().map(|&r| numbers[r as usize]).collect();
            let mut start = 0;
            for (e, &end) in ends.iter().enumerate() {
                for &id in &held[start as usize..end as usize] {
                    let w = number_of[id as usize] as usize;
                    postings[cursor[w] as usize] = base + e as u32;
                    cursor[w] += 1;
                }
                start = end;
            }
        }
        SearchIndex::from_parts(entries, vocab, postings, offsets)
    }

    fn from_parts(entries: Vec<Entry>, vocab: Vec<String>, postings: Vec<u32>, offsets: Vec<u32>) -> SearchIndex {
        use rayon::prelude::*;
        let vocab_chars = vocab.par_iter().map(|w| w.chars().collect()).collect();
        SearchIndex { entries, vocab, vocab_chars, postings, offsets }
    }

    #[cfg(test)]
    fn from_sorted_words(entries: Vec<Entry>, by_word: Vec<(String, Vec<u32>)>) -> SearchIndex {
        let total: usize = by_word.iter().map(|(_, list)| list.len()).sum();
        let mut postings = Vec::with_capacity(total);
        let mut offsets = Vec::with_capacity(by_word.len() + 1);
        let mut vocab = Vec::with_capacity(by_word.len());
        offsets.push(0);
        for (word, list) in by_word {
            postings.extend_from_slice(&list);
            offsets.push(postings.len() as u32);
            vocab.push(word);
        }
        SearchIndex::from_parts(entries, vocab, postings, offsets)
    }

    /// The entries holding vocabulary word `w`.
    fn posting(&self, w: usize) -> &[u32] {
        &self.postings[self.offsets[w] as usize..self.offsets[w + 1] as usize]
    }

    /// The index as the first implementation built it (a BTreeMap of `words`), for the test
    /// that pins the fast build to it.
    #[cfg(test)]
    fn build_reference<'a, I, F>(count: usize, texts: F) -> SearchIndex
    where
        F: Fn(usize) -> I,
        I: IntoIterator<Item = &'a str>,
    {
        let mut entries = Vec::new();
        let mut by_word: std::collections::BTreeMap<String, Vec<u32>> = std::collections::BTreeMap::new();
        for i in 0..count {
            for (t, text) in texts(i).into_iter().enumerate() {
                let words = words(text);
                if words.is_empty() {
                    continue;
                }
                let e = entries.len() as u32;
                for w in &words {
                    let list = by_word.entry(w.clone()).or_default();
                    if list.last() != Some(&e) {
                        list.push(e);
                    }
                }
                entries.push(Entry {
                    entity: i as u32,
                    text: t as u16,
                    words: words.len() as u16,
                    folded_hash: text_hash(&words.join(" ")),
                });
            }
        }
        SearchIndex::from_sorted_words(entries, by_word.into_iter().collect())
    }

    /// Vocabulary words matching a query word, with their scores.
    fn matching_words(&self, q: &str) -> Vec<(usize, f64)> {
        let qc: Vec<char> = q.chars().collect();
        let start = self.vocab.partition_point(|w| w.as_str() < q);
        let mut out: Vec<(usize, f64)> = Vec::new();
        // Exact and prefix matches form one range of the sorted vocabulary.
        let mut end = start;
        while end < self.vocab.len() && self.vocab[end].starts_with(q) {
            out.push((end, word_score(&qc, &self.vocab_chars[end])));
            end += 1;
        }
        if allowed_edits(qc.len()) > 0 {
            for (i, w) in self.vocab_chars.iter().enumerate() {
                if (start..end).contains(&i) || w.len() + allowed_edits(qc.len()) < qc.len() {
                    continue;
                }
                let s = word_score(&qc, w);
                if s > 0.0 {
                    out.push((i, s));
                }
            }
        }
        out
    }

    /// All entities matching every word of `query`, best first (ties by entity order).
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let q_words = words(query);
        if q_words.is_empty() {
            return Vec::new();
        }
        let q_hash = text_hash(&q_words.join(" "));
        // For each query word: entry → best score of that word in the entry.
        let mut per_word: Vec<HashMap<u32, f64>> = Vec::with_capacity(q_words.len());
        for q in &q_words {
            let mut scores: HashMap<u32, f64> = HashMap::default();
            for (w, s) in self.matching_words(q) {
                for e in self.posting(w) {
                    let best = scores.entry(*e).or_insert(0.0);
                    if s > *best {
                        *best = s;
                    }
                }
            }
            if scores.is_empty() {
                return Vec::new();
            }
            per_word.push(scores);
        }
        // Start from the rarest word; an entry must match every word.
        per_word.sort_by_key(|m| m.len());
        let (first, rest) = per_word.split_first().expect("at least one query word");
        let mut best: HashMap<u32, Hit> = HashMap::default();
        for (&e, &s0) in first {
            let mut total = s0;
            if !rest.iter().all(|m| m.get(&e).map(|s| total += s).is_some()) {
                continue;
            }
            let entry = &self.entries[e as usize];
            let mut score = total / q_words.len() as f64;
            // Whole-text and coverage bonuses: "Joe Eames" beats "Joe Eames Jr Fan Club".
            if entry.folded_hash == q_hash && entry.words as usize == q_words.len() {
                score = 1.0;
            } else {
                let coverage = q_words.len() as f64 / (entry.words as usize).max(q_words.len()) as f64;
                score = (score * (0.85 + 0.1 * coverage)).min(0.99);
            }
            // The primary name outranks an alias with the same score.
            if entry.text > 0 {
                score *= 0.98;
            }
            let hit = Hit { entity: entry.entity, score, text: entry.text };
            best.entry(entry.entity)
                .and_modify(|h| {
                    if hit.score > h.score || (hit.score == h.score && hit.text < h.text) {
                        *h = hit
                    }
                })
                .or_insert(hit);
        }
        // An entity whose texts match the words only together ("Chuck" is an alias,
        // "Wood" in the name) still matches, below any single-text match of the same words.
        if q_words.len() > 1 {
            let by_entity: Vec<HashMap<u32, f64>> = per_word
                .iter()
                .map(|m| {
                    let mut best: HashMap<u32, f64> = HashMap::default();
                    for (e, s) in m {
                        let v = best.entry(self.entries[*e as usize].entity).or_insert(0.0);
                        *v = v.max(*s);
                    }
                    best
                })
                .collect();
            let (first, rest) = by_entity.split_first().expect("at least one query word");
            for (&entity, &s0) in first {
                if best.contains_key(&entity) {
                    continue;
                }
                let mut total = s0;
                if rest.iter().all(|m| m.get(&entity).map(|s| total += s).is_some()) {
                    let score = total / q_words.len() as f64 * 0.8;
                    best.insert(entity, Hit { entity, score, text: 0 });
                }
            }
        }
        let mut hits: Vec<Hit> = best.into_values().collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entity.cmp(&b.entity)));
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let split = idx.search("chuck wood");
        assert_eq!(split.len(), 1, "alias and name together");
        assert_eq!((split[0].entity, split[0].text), (0, 0));
        assert!(split[0].score < idx.search("charles wood")[0].score);
    }

    #[test]
    fn fast_build_equals_the_reference_build_in_slices_of_any_size() {
        let texts: Vec<Vec<&str>> = vec![
            vec!["Charles Max Wood", "Chuck", "chuck wood"],
            vec!["", "  ", "--"],
            vec!["Christiané Heiligers", "Ｆｕｌｌ ｗｉｄｔｈ", "e\u{301}cole"],
            vec!["Joe Eames Joe", "joe  eames"],
            vec!["https://www.example.com/a-b?c=1", "O’Neal, AJ"],
            vec![],
            vec!["ﬁre Ⅻ 가각", "Zoë Åström-Øre"],
            // Words of 16 and 17 bytes, a long one, and a long one made of multi-byte letters.
            vec!["abcdefghijklmnop abcdefghijklmnopq", "Supercalifragilisticexpialidocious abcdefghijklmnop"],
            vec!["가각가각가각가각 ab abcdefghijklmnopq", "éééééééé"],
        ];
        let slow = SearchIndex::build_reference(texts.len(), |i| texts[i].iter().copied());
        // One slice, and the entities cut into slices of every size (merged word by word).
        for slice in 1..=texts.len() {
            let fast = SearchIndex::build_in_slices(texts.len(), slice, |i| texts[i].iter().copied());
            assert_eq!(fast.vocab, slow.vocab, "slices of {slice}");
            assert_eq!(fast.postings, slow.postings, "slices of {slice}");
            assert_eq!(fast.vocab_chars, slow.vocab_chars);
            assert_eq!(fast.offsets, slow.offsets, "slices of {slice}");
            let key = |e: &Entry| (e.entity, e.text, e.words, e.folded_hash);
            assert_eq!(
                fast.entries.iter().map(key).collect::<Vec<_>>(),
                slow.entries.iter().map(key).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn edit_distance_is_bounded_and_counts_transpositions() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(osa_within(&c("heiligrs"), &c("heiligers"), 2), Some(1));
        assert_eq!(osa_within(&c("eamse"), &c("eames"), 1), Some(1), "a swap is one edit");
        assert_eq!(osa_within(&c("kitten"), &c("sitting"), 2), None);
        assert_eq!(osa_within(&c("kitten"), &c("sitting"), 3), Some(3));
        assert_eq!(osa_within(&c(""), &c("ab"), 2), Some(2));
    }

    #[test]
    fn the_index_agrees_with_scoring_every_text() {
        // Brute force: every entry, every word, the same word score.
        let names: Vec<Vec<String>> = (0..300)
            .map(|i| {
                let first = ["anna", "bob", "carla", "dmitri", "eva", "frank"][i % 6];
                let last = ["smith", "smyth", "schmidt", "jones", "johnson", "jonas", "garcia"][i % 7];
                vec![format!("{first} {last} {i}"), format!("{first}y")]
            })
            .collect();
        let idx = SearchIndex::build(names.len(), |i| names[i].iter().map(String::as_str));
        for q in [
            "smith",
            "smyht",
            "jon",
            "johnsn",
            "carla schmit",
            "annay",
            "eva garcia 13",
            "zzz",
            "bob jones 99",
            "annay smith",
        ] {
            let qw = words(q);
            let qc: Vec<Vec<char>> = qw.iter().map(|w| w.chars().collect()).collect();
            let mut expected: Vec<u32> = Vec::new();
            for (i, texts) in names.iter().enumerate() {
                // Every query word matches some word of some text of the entity.
                let tw: Vec<Vec<char>> = texts.iter().flat_map(|t| words(t)).map(|w| w.chars().collect()).collect();
                let hit = qc.iter().all(|q| tw.iter().any(|w| word_score(q, w) > 0.0));
                if hit {
                    expected.push(i as u32);
                }
            }
            let mut got: Vec<u32> = idx.search(q).iter().map(|h| h.entity).collect();
            got.sort_unstable();
            assert_eq!(got, expected, "query {q:?}");
        }
    }
}
