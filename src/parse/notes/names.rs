//! In-page name resolution: turns a short or misspelled name ("Chuck", "AJ", "Rueven Lerner")
//! into the full name the same page gives, and never merges two different people.
//!
//! Sources, in order: the people the notes list (panel, guests, hosts), then other full names
//! of the page (title guests, pick headings, the Links section), then the transcript, scanned
//! lazily and only for the names that need it ("...on our panel we have Pete Hodgson").

use std::cell::RefCell;

use super::text::{fold, is_name_token, is_not_name_word, nickname_of};

/// How a written name resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// A full name of the page (or the written full name itself).
    Full(String),
    /// Several people of the page share this short name.
    Ambiguous(Vec<String>),
    /// Nothing on the page completes it.
    Unknown,
}

pub(crate) struct Resolver<'a> {
    /// Listed people first, then other names of the page; (as written, folded).
    tiers: [Vec<(String, String)>; 2],
    transcript: &'a str,
    cache: RefCell<Vec<(String, Option<String>)>>,
    /// Resolutions already made (valid once all names are added; cleared by `add`).
    resolved: RefCell<Vec<(String, Resolved)>>,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(transcript: &'a str) -> Self {
        Resolver {
            tiers: [Vec::new(), Vec::new()],
            transcript,
            cache: RefCell::new(Vec::new()),
            resolved: RefCell::new(Vec::new()),
        }
    }

    /// Adds a full name (two tokens or more) of the listed people (tier 0) or other sources.
    pub(crate) fn add(&mut self, name: &str, listed: bool) {
        let key = fold(name);
        if key.split(' ').count() < 2 {
            return;
        }
        let tier = &mut self.tiers[usize::from(!listed)];
        if !tier.iter().any(|(_, k)| *k == key) {
            tier.push((name.to_string(), key));
            self.resolved.borrow_mut().clear();
        }
    }

    pub(crate) fn resolve(&self, written: &str) -> Resolved {
        if let Some((_, r)) = self.resolved.borrow().iter().find(|(w, _)| w == written) {
            return r.clone();
        }
        let r = self.resolve_uncached(written);
        self.resolved.borrow_mut().push((written.to_string(), r.clone()));
        r
    }

    fn resolve_uncached(&self, written: &str) -> Resolved {
        let key = fold(written);
        if key.is_empty() {
            return Resolved::Unknown;
        }
        let toks: Vec<&str> = key.split(' ').collect();
        if toks.len() >= 2 {
            return Resolved::Full(self.full_name(written, &key));
        }
        let short = toks[0];
        for tier in &self.tiers {
            match pick_unique(tier, short) {
                Resolved::Unknown => {}
                r => return r,
            }
        }
        match self.via_transcript(written) {
            Some(full) => Resolved::Full(full),
            None => Resolved::Unknown,
        }
    }

    /// Whether `written` is a person of the page (full name, or a short name of exactly one
    /// page person), without looking at the transcript.
    pub(crate) fn is_known(&self, written: &str) -> bool {
        // What `resolve_local` would say, without building its answer (this runs for every
        // candidate picker): a full name resolves, and then counts when it is close to a page
        // name; a short name counts when some tier has a first name for it.
        if self.tiers.iter().all(Vec::is_empty) {
            return false;
        }
        let key = fold(written);
        if key.is_empty() {
            return false;
        }
        if key.contains(' ') {
            // A name is similar to itself, and nearly every full name asked about is listed as
            // written: equality first, without the spelling tests against every other name
            // (each of which collects the tokens of both).
            return self.tiers.iter().flatten().any(|(_, k)| *k == key)
                || self.tiers.iter().flatten().any(|(_, k)| similar(&key, k));
        }
        // Test by test, as `pick_unique` does: the costly spelling test runs only when no
        // stricter one matches.
        self.tiers
            .iter()
            .any(|tier| (0..FIRST_NAME_TESTS).any(|t| tier.iter().any(|(_, k)| first_name_test(t, k, &key))))
    }

    /// Like [`Resolver::resolve`], without the transcript.
    pub(crate) fn resolve_local(&self, written: &str) -> Resolved {
        let key = fold(written);
        if key.is_empty() {
            return Resolved::Unknown;
        }
        if key.contains(' ') {
            return Resolved::Full(self.full_name(written, &key));
        }
        for tier in &self.tiers {
            match pick_unique(tier, &key) {
                Resolved::Unknown => {}
                r => return r,
            }
        }
        Resolved::Unknown
    }

    /// A written full name, matched to a listed person when it is clearly the same one
    /// (spelling slip, a dropped middle name, "Dr." in front).
    fn full_name(&self, written: &str, key: &str) -> String {
        // Listed people first, exactly then loosely: a misspelt pick heading must not win
        // over the panel list just because it was recorded as a name too.
        for tier in &self.tiers {
            if let Some((name, _)) = tier.iter().find(|(_, k)| k == key) {
                return name.clone();
            }
            let mut best: Option<(f64, &String)> = None;
            for (name, k) in tier {
                let score = similarity(key, k);
                if score >= 0.85 && best.is_none_or(|(s, _)| score > s) {
                    best = Some((score, name));
                }
            }
            if let Some((_, n)) = best {
                return n.clone();
            }
        }
        written.to_string()
    }

    /// "Pete" → "Pete Hodgson" when the transcript introduces him; cached per name.
    /// Whether some name was completed from the transcript.
    pub(crate) fn used_transcript(&self) -> bool {
        self.cache.borrow().iter().any(|(_, r)| r.is_some())
    }

    fn via_transcript(&self, written: &str) -> Option<String> {
        if let Some((_, r)) = self.cache.borrow().iter().find(|(w, _)| w == written) {
            return r.clone();
        }
        let found = transcript_full_name(self.transcript, written);
        self.cache.borrow_mut().push((written.to_string(), found.clone()));
        found
    }
}

/// Whether two written full names are the same person (spelling slip, middle name dropped).
pub(crate) fn same_person(a: &str, b: &str) -> bool {
    similar(&fold(a), &fold(b))
}

/// Similarity of two folded full names: same first letter and close spelling, or one name's
/// tokens all found in the other with the same first token.
fn similarity(a: &str, b: &str) -> f64 {
    token_similarity(a, b).unwrap_or_else(|| strsim::jaro_winkler(a, b).min(strsim::normalized_levenshtein(a, b) + 0.1))
}

/// Whether `similarity(a, b) >= 0.85`. The spelling score is the smaller of two measures,
/// so it reaches the bar only when both do: the edit distance (the dearer one) is computed
/// only when Jaro-Winkler already does.
fn similar(a: &str, b: &str) -> bool {
    match token_similarity(a, b) {
        Some(s) => s >= 0.85,
        None => strsim::jaro_winkler(a, b) >= 0.85 && strsim::normalized_levenshtein(a, b) + 0.1 >= 0.85,
    }
}

/// The part of [`similarity`] read from the first letters and the tokens, when that decides
/// the score; `None` when the spelling does.
fn token_similarity(a: &str, b: &str) -> Option<f64> {
    if a.chars().next() != b.chars().next() {
        return Some(0.0);
    }
    let (ta, tb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if ta[0] == tb[0] && (ta.iter().all(|t| tb.contains(t)) || tb.iter().all(|t| ta.contains(t))) {
        return Some(0.95);
    }
    // "Lee W" / "Ben L.": a first name and the initial of the surname.
    let initial_of = |short: &[&str], long: &[&str]| {
        short.len() == 2
            && long.len() >= 2
            && short[0] == long[0]
            && short[1].chars().count() == 1
            && long.last().is_some_and(|l| l.starts_with(short[1]))
    };
    if initial_of(&ta, &tb) || initial_of(&tb, &ta) {
        return Some(0.9);
    }
    None
}

/// The one full name of `tier` whose first name is `short` (exactly, then by nickname, then
/// by initials or a one-letter slip).
fn pick_unique(tier: &[(String, String)], short: &str) -> Resolved {
    for test in 0..FIRST_NAME_TESTS {
        let mut hits = tier.iter().filter(|(_, k)| first_name_test(test, k, short)).map(|(n, _)| n);
        let Some(first) = hits.next() else { continue };
        let Some(second) = hits.next() else {
            return Resolved::Full(first.clone());
        };
        let mut names: Vec<String> = [first, second].into_iter().chain(hits).cloned().collect();
        names.dedup();
        return Resolved::Ambiguous(names);
    }
    Resolved::Unknown
}

/// How many tests [`first_name_test`] has.
const FIRST_NAME_TESTS: usize = 3;

/// Whether folded full name `k` has `short` as its first name by test `test`, strictest
/// first: 0 exactly or by initials, 1 by nickname, 2 by a one-letter slip.
fn first_name_test(test: usize, k: &str, short: &str) -> bool {
    fn first(k: &str) -> &str {
        // A byte loop: names are short, and this runs for every candidate of every short name.
        &k[..k.bytes().position(|b| b == b' ').unwrap_or(k.len())]
    }
    // "a j o neal" → "aj": leading one-letter tokens are initials.
    fn initials_match(k: &str, short: &str) -> bool {
        let mut rest = short;
        for t in k.split(' ') {
            if t.len() != 1 {
                break;
            }
            match rest.strip_prefix(t) {
                Some(r) => rest = r,
                None => return false,
            }
        }
        rest.is_empty() && short.len() >= 2
    }
    match test {
        0 => first(k) == short || initials_match(k, short),
        1 => nickname_of(short, first(k)) || nickname_of(first(k), short),
        _ => {
            let f = first(k);
            // The distance is at least the difference in length: only close lengths need it.
            f.len() >= 4
                && short.len() >= 4
                && f.chars().count().abs_diff(short.chars().count()) <= 1
                && strsim::damerau_levenshtein(f, short) == 1
        }
    }
}

/// Words that follow a first name in a transcript without being a surname.
fn is_surname_candidate(tok: &str) -> bool {
    is_name_token(tok) && !is_not_name_word(tok) && tok.chars().skip(1).any(char::is_lowercase) && !tok.ends_with('.')
}

/// Scans the transcript for "<first> <Surname>" (also by nickname, "Chuck" → "Charles Max
/// Wood"), and returns the most frequent completion.
pub(crate) fn transcript_full_name(transcript: &str, short: &str) -> Option<String> {
    if transcript.is_empty() || short.len() < 2 {
        return None;
    }
    // Hosts introduce everyone in the first minutes; reading further costs time and only
    // finds other people with the same first name.
    let transcript = &transcript[..super::lines::floor_boundary(transcript, 16_000)];
    let short_key = fold(short);
    let mut firsts: Vec<String> = vec![capitalise(&short_key)];
    if short.chars().all(|c| c.is_uppercase()) {
        firsts.push(short.to_string());
    }
    for (s, f) in nicknames_for(&short_key) {
        firsts.push(capitalise(s));
        firsts.push(capitalise(f));
    }
    firsts.dedup();
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    for first in &firsts {
        let mut seen = 0;
        let mut looked = 0;
        for at in memchr::memmem::find_iter(transcript.as_bytes(), first.as_bytes()) {
            let from = at + first.len();
            looked += 1;
            if looked > 400 {
                break;
            }
            let before_ok = transcript[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after = &transcript[from..];
            if !before_ok || !after.starts_with(' ') {
                continue;
            }
            let rest = &after[1..];
            let (w1, sep1) = next_word(rest);
            if !is_surname_candidate(w1) {
                continue;
            }
            let mut name = format!("{first} {w1}");
            // A middle name: "Charles Max Wood" (the next word on the same line, capitalised).
            if sep1 == Some(' ') {
                let (w2, _) = next_word(&rest[w1.len() + 1..]);
                if is_surname_candidate(w2) {
                    name = format!("{name} {w2}");
                }
            }
            match counts.iter_mut().find(|(n, _, _)| *n == name) {
                Some(c) => c.1 += 1,
                None => counts.push((name, 1, at)),
            }
            seen += 1;
            if seen > 40 {
                break;
            }
        }
    }
    // Prefer the most frequent two-word stem; extend to three words when that form dominates.
    let mut stems: Vec<(String, usize, usize)> = Vec::new();
    for (n, c, at) in &counts {
        let stem: String = n.split(' ').take(2).collect::<Vec<_>>().join(" ");
        match stems.iter_mut().find(|(s, _, _)| *s == stem) {
            Some(s) => {
                s.1 += c;
                s.2 = s.2.min(*at);
            }
            None => stems.push((stem, *c, *at)),
        }
    }
    let (stem, total, _) = stems.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))?;
    let long =
        counts.iter().filter(|(n, _, _)| n.starts_with(&stem) && n.split(' ').count() == 3).max_by_key(|(_, c, _)| *c);
    match long {
        Some((n, c, _)) if *c * 2 >= total => Some(n.clone()),
        _ => Some(stem),
    }
}

/// The word at the start of `s` (letters, apostrophes, hyphens) and the character after it.
/// Transcripts glue the next speaker label to a name ("Ward BellWard: Hello"), so a word
/// followed by a colon ends at its last lowercase-to-capital step.
fn next_word(s: &str) -> (&str, Option<char>) {
    let end = s.find(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’' || c == '-')).unwrap_or(s.len());
    let word = &s[..end];
    let next = s[end..].chars().next();
    if next == Some(':') {
        let mut cut = None;
        let mut prev_lower = false;
        for (i, c) in word.char_indices() {
            if c.is_uppercase() && prev_lower {
                cut = Some(i);
            }
            prev_lower = c.is_lowercase();
        }
        if let Some(i) = cut {
            return (&word[..i], word[i..].chars().next());
        }
    }
    (word, next)
}

fn nicknames_for(short: &str) -> Vec<(&'static str, &'static str)> {
    const PAIRS: &[&str] = &[
        "chuck",
        "charles",
        "dave",
        "david",
        "mike",
        "michael",
        "jim",
        "james",
        "joe",
        "joseph",
        "pete",
        "peter",
        "matt",
        "matthew",
        "chris",
        "christopher",
        "steve",
        "steven",
        "dan",
        "daniel",
        "andy",
        "andrew",
        "tom",
        "thomas",
        "rob",
        "robert",
        "bob",
        "robert",
        "ben",
        "benjamin",
        "alex",
        "alexander",
        "jon",
        "jonathan",
        "josh",
        "joshua",
        "nick",
        "nicholas",
        "tim",
        "timothy",
        "sam",
        "samuel",
        "will",
        "william",
        "bill",
        "william",
        "jeff",
        "jeffrey",
        "greg",
        "gregory",
        "nate",
        "nathan",
        "zach",
        "zachary",
        "phil",
        "phillip",
    ];
    PAIRS
        .chunks(2)
        .filter(|p| (p[0] == short || p[1] == short) && nickname_of(p[0], p[1]))
        .map(|p| (p[0], p[1]))
        .collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_resolve_within_the_page() {
        let mut r = Resolver::new("");
        for n in ["Charles Max Wood", "Dave Kimura", "David Richards", "AJ O’Neal"] {
            r.add(n, true);
        }
        r.add("Reuven Lerner", true);
        assert_eq!(r.resolve("Chuck"), Resolved::Full("Charles Max Wood".into()));
        assert_eq!(r.resolve("Dave"), Resolved::Full("Dave Kimura".into()));
        assert_eq!(r.resolve("David"), Resolved::Full("David Richards".into()));
        assert_eq!(r.resolve("AJ"), Resolved::Full("AJ O’Neal".into()));
        assert_eq!(r.resolve("Rueven Lerner"), Resolved::Full("Reuven Lerner".into()));
        assert_eq!(r.resolve("Jaim"), Resolved::Unknown);
        r.add("Aaron Frost", true);
        r.add("Aaron Ma", true);
        assert!(matches!(r.resolve("Aaron"), Resolved::Ambiguous(v) if v.len() == 2));
        // A surname initial picks the one it fits; the bare first name stays ambiguous.
        r.add("Ben Lachman", true);
        r.add("Ben Scheirman", true);
        assert_eq!(r.resolve("Ben L"), Resolved::Full("Ben Lachman".into()));
        assert_eq!(r.resolve("Ben S."), Resolved::Full("Ben Scheirman".into()));
        assert_eq!(r.resolve("Ben Q"), Resolved::Full("Ben Q".into()));
        assert!(same_person("Lee W", "Lee Whalen") && !same_person("Lee W", "Lee Smith"));
    }

    #[test]
    fn a_full_name_is_similar_to_itself() {
        // `is_known` tries equality before `similar`, which is exact only because of this.
        for k in ["a b", "charles max wood", "aj o neal", "lee w", "x y z", "zoe unal", "a  b", "a b "] {
            assert!(similar(k, k), "{k:?}");
        }
    }

    #[test]
    fn is_known_agrees_with_resolve_local() {
        let mut r = Resolver::new("");
        let asked = [
            "Chuck",
            "Charles",
            "Dave",
            "Davd",
            "AJ",
            "Aaron",
            "Ben",
            "Bem",
            "Movie",
            "Charles Wood",
            "Dave Kimura",
            "David Richards",
            "Jane Roe",
            "",
            "  ",
            "Aimee",
            "Amiee",
            "Reuven Lerner",
            "Rueven",
        ];
        let old = |r: &Resolver, w: &str| {
            matches!(r.resolve_local(w), Resolved::Full(_) | Resolved::Ambiguous(_))
                && !r.tiers.iter().all(Vec::is_empty)
                && {
                    let key = fold(w);
                    !key.contains(' ') || r.tiers.iter().flatten().any(|(_, k)| similarity(&key, k) >= 0.85)
                }
        };
        for w in asked {
            assert_eq!(r.is_known(w), old(&r, w), "{w:?} with no names");
        }
        for (n, listed) in [
            ("Charles Max Wood", true),
            ("Dave Kimura", true),
            ("David Richards", false),
            ("AJ O’Neal", true),
            ("Aaron Frost", true),
            ("Aaron Ma", true),
            ("Aimee Knight", false),
            ("Reuven Lerner", true),
        ] {
            r.add(n, listed);
            for w in asked {
                assert_eq!(r.is_known(w), old(&r, w), "{w:?} after {n:?}");
            }
        }
    }

    #[test]
    fn transcript_introductions_complete_first_names() {
        let t = "**JAIM:** Welcome. Today on our panel we have Pete Hodgson.** PETE: **Hello.** \
                 JAIM: **Andrew Madsen** ANDREW: Hi. CHUCK: I'm Charles Max Wood from DevChat.tv. \
                 Pete said hi. CHUCK: Charles Max Wood again.";
        assert_eq!(transcript_full_name(t, "Pete").as_deref(), Some("Pete Hodgson"));
        assert_eq!(transcript_full_name(t, "Andrew").as_deref(), Some("Andrew Madsen"));
        assert_eq!(transcript_full_name(t, "Chuck").as_deref(), Some("Charles Max Wood"));
        assert_eq!(transcript_full_name(t, "Jaim"), None);
    }
}
