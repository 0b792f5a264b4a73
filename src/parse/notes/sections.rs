//! Section structure of the notes: which lines are Panel, Guests, Sponsors, Picks, Links...
//!
//! A section starts at a label, written in any of the ways the corpus uses: a heading
//! (`### Panel`, `### **Panelists**`), a bold or plain label line (`**Panel:**`, `Picks`,
//! `Picks:`), a label with content on the same line (`**Host:** Charles Max Wood`,
//! `### Joined By Special Guest: Aaron Ma`), a label glued to the end of the previous text
//! (`...Low-Budget CompaniesPicks`, `Milestones&nbsp;Picks`) and the all-in-one flattened
//! paragraph of old pages (`Panel A (twitter github) ... Discussion ... Picks ...`). Any other
//! heading ends the current section.

use super::lines::{Block, Line};

/// What a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Before any label.
    Intro,
    Panel,
    Host,
    Guest,
    Sponsors,
    Picks,
    Links,
    Summary,
    /// Topics, discussion, book club, next week, and any heading we do not know.
    Other,
}

/// Label words, lowercase, with the section they open. Longest phrases are tried first.
const LABELS: &[(&str, Kind)] = &[
    ("panel", Kind::Panel),
    ("panels", Kind::Panel),
    ("panelist", Kind::Panel),
    ("panelists", Kind::Panel),
    ("the panel", Kind::Panel),
    ("panel members", Kind::Panel),
    ("on the panel", Kind::Panel),
    ("panelists and guests", Kind::Panel),
    ("co-hosts", Kind::Panel),
    ("cohosts", Kind::Panel),
    ("host", Kind::Host),
    ("hosts", Kind::Host),
    ("hosted by", Kind::Host),
    ("your host", Kind::Host),
    ("guest", Kind::Guest),
    ("guests", Kind::Guest),
    ("special guest", Kind::Guest),
    ("special guests", Kind::Guest),
    ("joined by", Kind::Guest),
    ("joined by special guest", Kind::Guest),
    ("joined by special guests", Kind::Guest),
    ("with special guest", Kind::Guest),
    ("with special guests", Kind::Guest),
    ("featuring", Kind::Guest),
    ("featured guest", Kind::Guest),
    ("guest speaker", Kind::Guest),
    ("sponsors", Kind::Sponsors),
    ("sponsor", Kind::Sponsors),
    ("our sponsors", Kind::Sponsors),
    ("sponsored by", Kind::Sponsors),
    ("sponsors/affiliates", Kind::Sponsors),
    ("sponsors/affilates", Kind::Sponsors),
    ("sponsors / affiliates", Kind::Sponsors),
    ("sponsors and affiliates", Kind::Sponsors),
    ("affiliates", Kind::Sponsors),
    ("this episode is sponsored by", Kind::Sponsors),
    ("picks", Kind::Picks),
    ("pick", Kind::Picks),
    ("the picks", Kind::Picks),
    ("picks of the week", Kind::Picks),
    ("links", Kind::Links),
    ("link", Kind::Links),
    ("episode links", Kind::Links),
    ("show links", Kind::Links),
    ("useful links", Kind::Links),
    ("other links", Kind::Links),
    ("links mentioned", Kind::Links),
    ("links mentioned in this episode", Kind::Links),
    ("mentioned in this episode", Kind::Links),
    ("resources", Kind::Links),
    ("resources mentioned", Kind::Links),
    ("links and resources", Kind::Links),
    ("references", Kind::Links),
    ("summary", Kind::Summary),
    ("episode summary", Kind::Summary),
    ("show summary", Kind::Summary),
    ("description", Kind::Summary),
    ("episode description", Kind::Summary),
    ("about this episode", Kind::Summary),
    ("discussion", Kind::Other),
    ("discussions", Kind::Other),
    ("discussions and questions", Kind::Other),
    ("show topics", Kind::Other),
    ("topics", Kind::Other),
    ("show notes", Kind::Other),
    ("in particular, we dive pretty deep on", Kind::Other),
    ("in particular we dive pretty deep on", Kind::Other),
    ("book club", Kind::Other),
    ("next week", Kind::Other),
    ("in two weeks", Kind::Other),
    ("transcript", Kind::Other),
    ("follow on social media", Kind::Other),
    ("see also", Kind::Other),
    ("advertisement", Kind::Other),
    ("news", Kind::Other),
    ("extras", Kind::Other),
    ("announcements", Kind::Other),
    ("upcoming events", Kind::Other),
    ("events", Kind::Other),
];

/// The label `phrase` is, if any (for tests; [`leading_label`] reads the prefix map itself).
#[cfg(test)]
fn label_kind(phrase: &str) -> Option<Kind> {
    label_prefixes().get(phrase.as_bytes()).copied().flatten()
}

/// Whether some label starts with `phrase`.
#[cfg(test)]
fn label_starts_with(phrase: &str) -> bool {
    label_prefixes().contains_key(phrase.as_bytes())
}

/// The first letters of [`LABELS`].
fn label_initials() -> &'static [char] {
    static INITIALS: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    INITIALS.get_or_init(|| {
        let mut v: Vec<char> = LABELS.iter().filter_map(|(p, _)| p.chars().next()).collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

/// Every prefix of every phrase of [`LABELS`] (the phrases are distinct), with the label it
/// is whole, if any: one lookup per word read tells both whether the words so far are a
/// label and whether a longer label may still follow. Keyed by bytes, so that the lowercased
/// words on the stack are looked up as they are (no UTF-8 check).
fn label_prefixes() -> &'static rustc_hash::FxHashMap<&'static [u8], Option<Kind>> {
    static PREFIXES: std::sync::OnceLock<rustc_hash::FxHashMap<&'static [u8], Option<Kind>>> =
        std::sync::OnceLock::new();
    PREFIXES.get_or_init(|| {
        let mut m = rustc_hash::FxHashMap::default();
        for (p, _) in LABELS {
            for end in (0..=p.len()).filter(|&e| p.is_char_boundary(e)) {
                m.entry(&p.as_bytes()[..end]).or_insert(None);
            }
        }
        for &(p, k) in LABELS {
            m.insert(p.as_bytes(), Some(k));
        }
        m
    })
}

/// Characters around labels that carry no meaning (`**`, `__`, escapes, bullets).
fn is_decor(c: char) -> bool {
    matches!(c, '*' | '_' | '#' | '\\' | ' ' | '[' | ']' | '•' | '>' | '|')
}

/// For each lowercase ASCII letter `a`, bit `b - b'a'` is set when some phrase of [`LABELS`]
/// starts with the letters `a` `b` (every phrase starts with two such letters: a phrase that
/// does not fails this constant's evaluation, so the build).
const LABEL_HEADS: [u32; 26] = {
    let mut heads = [0u32; 26];
    let mut i = 0;
    while i < LABELS.len() {
        let p = LABELS[i].0.as_bytes();
        assert!(p[0].is_ascii_lowercase() && p[1].is_ascii_lowercase());
        heads[(p[0] - b'a') as usize] |= 1 << (p[1] - b'a');
        i += 1;
    }
    heads
};

/// The same for three letters: bit `c - b'a'` of `[a - b'a'][b - b'a']` is set when some
/// phrase starts with the lowercase ASCII letters `a` `b` `c`.
const LABEL_HEADS3: [[u32; 26]; 26] = {
    let mut heads = [[0u32; 26]; 26];
    let mut i = 0;
    while i < LABELS.len() {
        let p = LABELS[i].0.as_bytes();
        if p.len() >= 3 && p[2].is_ascii_lowercase() {
            heads[(p[0] - b'a') as usize][(p[1] - b'a') as usize] |= 1 << (p[2] - b'a');
        }
        i += 1;
    }
    heads
};

/// Whether no phrase of [`LABELS`] can start with the first word of `word`: told by the
/// word's first two or three bytes when they are ASCII letters (`None`: they are not).
fn no_label_starts_like(word: &[u8]) -> Option<bool> {
    let letter =
        |i: usize| word.get(i).filter(|b| b.is_ascii_alphabetic()).map(|b| usize::from(b.to_ascii_lowercase() - b'a'));
    let (a, b) = (letter(0)?, letter(1)?);
    if LABEL_HEADS[a] & 1 << b == 0 {
        return Some(true);
    }
    Some(letter(2).is_some_and(|c| LABEL_HEADS3[a][b] & 1 << c == 0))
}

/// A label at the start of `text`: (kind, byte offset just after the label and its colon,
/// whether a colon followed). The longest label phrase wins.
pub(crate) fn leading_label(text: &str) -> Option<(Kind, usize, bool)> {
    // This runs on every line, and most lines start with a word no label starts with: when
    // its first letters (after the decor, all of which but `•` is ASCII) are ASCII, table
    // lookups tell, before any character is decoded. The first word lowercased (as the full
    // reading below builds it) starts with these letters lowercased, so when no label phrase
    // starts with them, none is a prefix of it either, and that reading finds no label.
    let bytes = text.as_bytes();
    let mut s = 0;
    while s < bytes.len() && bytes[s].is_ascii() && is_decor(char::from(bytes[s])) {
        s += 1;
    }
    if no_label_starts_like(&bytes[s..]) == Some(true) {
        return None;
    }
    leading_label_read(text)
}

/// [`leading_label`] without its quick rejection: reads the words one by one.
fn leading_label_read(text: &str) -> Option<(Kind, usize, bool)> {
    let start = text.find(|c: char| !is_decor(c))?;
    // Most lines start with a letter no label starts with: done before any allocation.
    let first = text[start..].chars().next()?.to_lowercase().next()?;
    if !label_initials().contains(&first) {
        return None;
    }
    let mut best: Option<(Kind, usize)> = None;
    // The words read so far, lowercased, on the stack: this runs at every word of a line
    // that has a colon near it. No label is longer than the buffer.
    let mut phrase = [0u8; 64];
    let mut len = 0;
    let mut words = 0;
    let mut i = start;
    let bytes = text.as_bytes();
    while i < text.len() && words < 7 {
        // Read one word.
        let w_end = text[i..]
            .find(|c: char| !(c.is_alphabetic() || c == '-' || c == '/' || c == '\'' || c == ','))
            .map_or(text.len(), |n| i + n);
        if w_end == i {
            break;
        }
        let word = &text[i..w_end];
        let lower;
        let word = if word.is_ascii() {
            word.as_bytes()
        } else {
            lower = word.to_lowercase();
            lower.as_bytes()
        };
        let space = usize::from(len > 0);
        if len + space + word.len() > phrase.len() {
            break;
        }
        if space == 1 {
            phrase[len] = b' ';
        }
        for (slot, b) in phrase[len + space..].iter_mut().zip(word) {
            *slot = b.to_ascii_lowercase();
        }
        len += space + word.len();
        words += 1;
        let mut clean = &phrase[..len];
        while let [head @ .., b','] = clean {
            clean = head;
        }
        // Stop as soon as no label starts with the words read so far (most lines: at once).
        let Some(&kind) = label_prefixes().get(clean).filter(|_| !clean.is_empty()) else {
            break;
        };
        if let Some(k) = kind {
            best = Some((k, w_end));
        }
        // Skip spaces (and decor) to the next word; stop at anything else.
        let mut j = w_end;
        while j < text.len() && (bytes[j] == b' ' || bytes[j] == b'*' || bytes[j] == b'_') {
            j += 1;
        }
        if j == w_end || j >= text.len() || !text[j..].starts_with(|c: char| c.is_alphabetic()) {
            break;
        }
        i = j;
    }
    let (kind, end) = best?;
    // After the label: optional decor, optional colon, optional decor.
    let rest = &text[end..];
    let skip1 = rest.len() - rest.trim_start_matches(is_decor).len();
    let after = &rest[skip1..];
    let (colon, skip2) = if after.starts_with(':') || after.starts_with('：') {
        let c = after.chars().next().map_or(1, char::len_utf8);
        let a2 = &after[c..];
        (true, c + a2.len() - a2.trim_start_matches(is_decor).len())
    } else {
        (false, 0)
    };
    // A label word followed by more words without a colon is prose ("Panel talks about").
    let offset = end + skip1 + skip2;
    Some((kind, offset, colon))
}

/// Section of each line, and where its content starts in the line text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mark {
    pub kind: Kind,
    /// Byte offset in the line text where the section content starts (after a label).
    pub from: usize,
    /// The line is (or starts with) a section label.
    pub header: bool,
}

/// Words that, glued to the end of a line or in a flattened paragraph, open a section.
/// (`glued_cuts` looks for the glued words at their first letters, P, L and S.)
const GLUED: &[&str] = &["Picks", "Panelists", "Panel", "Links", "Sponsors"];
const FLAT: &[&str] =
    &["Panelists", "Panel", "Discussion", "Picks", "Book Club", "Next Week", "Links", "Sponsors", "Transcript"];

/// Splits lines at glued section words and across flattened paragraphs, so that every
/// label starts its own line.
pub(crate) fn split_glued(lines: Vec<Line>) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len() + 4);
    // Only the opening paragraphs, before any section label, can be a flattened people line.
    let mut intro = true;
    for line in lines {
        let mut cuts = if intro { people_paragraph_cuts(&line) } else { Vec::new() };
        if cuts.is_empty() {
            cuts = glued_cuts(&line);
        }
        if intro && leading_label(&line.text).is_some_and(|(k, _, _)| k != Kind::Other) {
            intro = false;
        }
        if cuts.is_empty() {
            out.push(line);
            continue;
        }
        let mut rest = line;
        let mut shift = 0;
        for at in cuts {
            let (a, mut b) = rest.split_at(at - shift);
            shift = at;
            b.forced_header = true;
            if !a.text.trim().is_empty() {
                out.push(a);
            }
            rest = b;
        }
        out.push(rest);
    }
    out
}

/// People labels that, inside a flattened opening paragraph, start a new line when a colon
/// follows them (longest first).
const PEOPLE_LABELS: &[&str] =
    &["Special Guests", "Special Guest", "Guests", "Guest", "Hosts", "Host", "Panelists", "Panel"];
/// Other labels that end the people part of such a paragraph when a colon follows them.
const PARA_END_LABELS: &[&str] =
    &["Discussions and Questions", "Discussions", "Discussion", "Picks", "Links", "Sponsors", "Resources"];

/// A flattened opening paragraph that names the panel mid-line, after a banner:
/// `React Native Radio | Episode 107 Panel Nader Dabit Spencer Carli Special Guest: Gabriel
/// Peal In today's episode...`, `MJS 038: Peter Cooper** Panel: Charles Max Wood Guest: Peter
/// Cooper This week...`. Returns where the panel label starts, and then every later people
/// label with a colon (and the label that ends the people part), so that each starts a line.
fn people_paragraph_cuts(line: &Line) -> Vec<usize> {
    let text = &line.text;
    if line.block != Block::Para || text.len() < 20 {
        return Vec::new();
    }
    let Some(start) = panel_label_mid_line(line) else {
        return Vec::new();
    };
    let mut cuts = vec![start];
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < text.len() {
        let c = bytes[i];
        if !matches!(c, b'S' | b'G' | b'H' | b'P' | b'D' | b'L' | b'R') || !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &text[i..];
        let label = PEOPLE_LABELS
            .iter()
            .chain(PARA_END_LABELS)
            .find(|w| rest.starts_with(**w) && !rest[w.len()..].starts_with(char::is_alphanumeric));
        let Some(w) = label else {
            i += 1;
            continue;
        };
        let after = rest[w.len()..].trim_start_matches(['*', '_', ' ']);
        let prev = text[..i].chars().next_back().unwrap_or(' ');
        let in_link = line.links.iter().any(|l| l.start <= i && i < l.end);
        // "Special Guest": the "Guest" inside it is no second label.
        let inside_special = text[..i].ends_with("Special ");
        let prev_ok = matches!(prev, ' ' | '*' | '_') || prev.is_lowercase();
        if after.starts_with([':', '：']) && !in_link && !inside_special && prev_ok && !after_clock(&text[..i]) {
            cuts.push(i);
            if PARA_END_LABELS.contains(w) {
                break;
            }
        }
        i += w.len();
    }
    cuts
}

/// Offset of a "Panel"/"Panelists"/"Host" label in the first part of a paragraph (after a
/// banner, never at its start, never after a timestamp: "21:15 – Panel: Yes" is a speaker),
/// followed by a person's name.
fn panel_label_mid_line(line: &Line) -> Option<usize> {
    use super::text::{is_name_token, is_not_name_word};
    let text = &line.text;
    let window = super::lines::floor_boundary(text, 320);
    // Every opening paragraph is searched for each word: one SIMD searcher per word.
    static WORDS: std::sync::LazyLock<[(&str, memchr::memmem::Finder<'static>); 4]> = std::sync::LazyLock::new(|| {
        ["Panelists", "Panel", "Hosts", "Host"].map(|w| (w, memchr::memmem::Finder::new(w)))
    });
    for (w, finder) in WORDS.iter() {
        let mut from = 0;
        while let Some(n) = finder.find(&text.as_bytes()[from..window]) {
            let at = from + n;
            if at == 0 {
                from = w.len();
                continue;
            }
            from = at + w.len();
            if from > window {
                break;
            }
            let prev = text[..at].chars().next_back().unwrap_or(' ');
            if text[from..].starts_with(char::is_alphanumeric) || !(prev == ' ' || prev == '*' || prev == '_') {
                continue;
            }
            if line.links.iter().any(|l| l.start <= at && at < l.end) {
                continue;
            }
            let before = text[..at].trim_end_matches([' ', '*', '_', '-', '–', '—']);
            if before.is_empty() || after_clock(before) {
                continue;
            }
            let after = text[from..].trim_start_matches(['*', '_', ' ', ':', '：']);
            let toks: Vec<&str> = after.split_whitespace().take(2).map(|t| t.trim_end_matches(',')).collect();
            if toks.len() == 2 && toks.iter().all(|t| is_name_token(t) && !is_not_name_word(t)) {
                return Some(at);
            }
        }
    }
    None
}

/// Whether `before` ends with a timestamp (`21:15 –`, `(0:40)`): what follows is a speaker
/// or a topic, not a label.
fn after_clock(before: &str) -> bool {
    let before = before.trim_end_matches([' ', '*', '_', '-', '–', '—', '(', ')']);
    let last = before.rsplit(' ').next().unwrap_or("");
    last.contains(':') && last.trim_matches(|c: char| !c.is_ascii_digit()).contains(':')
}

/// Byte offsets where a glued or flattened section word starts.
fn glued_cuts(line: &Line) -> Vec<usize> {
    let text = &line.text;
    let mut cuts = Vec::new();
    if matches!(line.block, Block::Heading(_)) {
        return cuts;
    }
    let flattened = line.text.len() > 120
        && (text.starts_with("Panel ") || text.starts_with("Panelists "))
        && text.contains(" (twitter");
    let in_link = |i: usize| line.links.iter().any(|l| l.start <= i && i < l.end);
    let words: &[&str] = if flattened { FLAT } else { GLUED };
    // One pass over the capitals that can start a section word. They are ASCII, and an ASCII
    // byte is always a whole character: a byte scan finds the same offsets without decoding.
    // The glued words all start with P, L or S, which memchr finds a word at a time; only a
    // flattened paragraph (rare) needs the other capitals.
    let bytes = text.as_bytes();
    let mut glued_starts = memchr::memchr3_iter(b'P', b'L', b'S', bytes);
    let mut flat_starts = bytes
        .iter()
        .enumerate()
        .filter(|&(_, c)| matches!(c, b'P' | b'L' | b'S' | b'D' | b'B' | b'N' | b'T'))
        .map(|(at, _)| at);
    let starts: &mut dyn Iterator<Item = usize> = if flattened { &mut flat_starts } else { &mut glued_starts };
    for at in starts {
        let second = text.as_bytes().get(at + 1).copied();
        let Some(w) = words.iter().find(|w| w.as_bytes().get(1).copied() == second && text[at..].starts_with(**w))
        else {
            continue;
        };
        {
            // A flattened paragraph starts with its first label; a glued word never does.
            if in_link(at) || (at == 0 && !flattened) {
                continue;
            }
            let after = &text[at + w.len()..];
            let next = after.chars().next();
            if next.is_some_and(char::is_alphanumeric) {
                continue;
            }
            let prev = text[..at].chars().next_back().unwrap_or(' ');
            if flattened {
                // The paragraph opens with its panel; a later "Panel" is a topic
                // ("42:46 - Social Media Panel Activity Levels").
                if (prev == ' ' && !w.starts_with("Panel")) || at == 0 {
                    cuts.push(at);
                }
                continue;
            }
            // Glued: "CompaniesPicks", "role?Picks", "Milestones Picks" at the end of a line,
            // or "NeedsPicks[link](..) (Jonathan)" with the picks following on the same line.
            let glued_to_word = prev.is_lowercase() || prev.is_ascii_digit() || "?!.)’'\"".contains(prev);
            // "**Links:** [a](..) **Picks:** Shai": a bold label with a colon mid-line.
            let bold_label = matches!(*w, "Picks" | "Links" | "Sponsors")
                && line.is_bold(at, at + w.len())
                && after.trim_start_matches(['*', ' ']).starts_with(':');
            if bold_label {
                cuts.push(at);
                continue;
            }
            // "...he could do things.** Picks **Simon** : ...": Picks mid-paragraph, followed
            // by a picker label.
            if *w == "Picks" && matches!(prev, ' ' | '*' | '_') && picker_label_follows(after) {
                cuts.push(at);
                continue;
            }
            let at_end = after.trim().is_empty();
            let followed_by_link =
                line.links.iter().any(|l| l.start == at + w.len()) || after.trim_start().starts_with(':');
            let topic_line = text
                .split_whitespace()
                .next()
                .is_some_and(|t| t.contains(':') && t.starts_with(|c: char| c.is_ascii_digit()));
            // "Future Pebble Milestones&nbsp;Picks": a space, but after a multi-word topic
            // ("09:47 - Picks" is a topic about picks, not a heading).
            let words_before = text[..at].split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count();
            if (glued_to_word && (at_end || followed_by_link))
                // Only "Picks" is left after a space; "09:38 - Corporate Sponsors" is a topic.
                || (prev == ' '
                    && *w == "Picks"
                    && at_end
                    && (topic_line && words_before >= 1 || words_before >= 3))
            {
                cuts.push(at);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// Whether `s` starts with a picker label: one to three name words, then a colon.
fn picker_label_follows(s: &str) -> bool {
    use super::text::{is_name_token, is_not_name_word};
    let s = s.trim_start_matches(['*', '_', ' ', ':', '\\']);
    let Some(colon) = s[..super::lines::floor_boundary(s, 40)].find(':') else {
        return false;
    };
    let words: Vec<&str> = s[..colon].split_whitespace().map(|w| w.trim_matches(['*', '_', '\\'])).collect();
    let words: Vec<&str> = words.into_iter().filter(|w| !w.is_empty()).collect();
    (1..=3).contains(&words.len()) && words.iter().all(|w| is_name_token(w) && !is_not_name_word(w))
}

/// Assigns a section to every line.
pub(crate) fn mark(lines: &[Line]) -> Vec<Mark> {
    let mut marks = Vec::with_capacity(lines.len());
    let mut current = Kind::Intro;
    for line in lines {
        let label = leading_label(&line.text);
        let is_heading = matches!(line.block, Block::Heading(_));
        let mut mark = Mark { kind: current, from: 0, header: false };
        if let Some((kind, off, colon)) = label {
            let rest = line.text[off..].trim();
            let label_bold = line.is_bold(0, off.min(line.text.len()));
            // A label counts when it is clearly one: a heading, a colon, bold, alone on its
            // line, or a glued word split off above.
            // A bare label as a list item is a topic bullet ("- Picks"), unless bold or with
            // a colon.
            let bare_item = line.block == Block::Item && !label_bold;
            let accepted = is_heading
                || colon
                || (rest.is_empty() && !bare_item)
                || line.forced_header
                || (label_bold && off > 0 && kind != Kind::Other);
            if accepted && !prose_after_label(kind, rest, colon, is_heading) {
                // "**Guest:** Jane Doe" names its people on that line; the lines after it are
                // topics, not more guests.
                let one_line = matches!(kind, Kind::Panel | Kind::Host | Kind::Guest) && !rest.is_empty();
                current = if one_line { Kind::Other } else { kind };
                mark = Mark { kind, from: off, header: true };
            }
        } else if possessive_picks(&line.text) {
            // "## Charles’ Picks:": a Picks section whose picker is in its heading.
            current = Kind::Picks;
            mark = Mark { kind: Kind::Picks, from: 0, header: true };
        } else if is_heading {
            // Any other heading ends the section, rules (`## **____**`) included: they fence
            // off banner ads from the Sponsors list above them.
            current = Kind::Other;
            mark = Mark { kind: Kind::Other, from: line.text.len(), header: true };
        }
        marks.push(mark);
    }
    marks
}

/// "Charles’ Picks:", "Tero's Picks" as a whole line.
fn possessive_picks(text: &str) -> bool {
    let t = text.trim_matches(|c: char| matches!(c, '*' | '_' | ' ' | ':' | '#'));
    let Some(head) = t.strip_suffix("Picks").or_else(|| t.strip_suffix("Pick")) else {
        return false;
    };
    let head = head.trim_end();
    let name = head
        .strip_suffix("’s")
        .or_else(|| head.strip_suffix("'s"))
        .or_else(|| head.strip_suffix('’'))
        .or_else(|| head.strip_suffix('\''));
    name.is_some_and(|n| super::text::is_person_name(n.trim(), true))
}

/// "Panel talks about..." or "Guests go back-and-forth" is prose, not a label.
fn prose_after_label(kind: Kind, rest: &str, colon: bool, heading: bool) -> bool {
    if colon || heading || rest.is_empty() {
        return false;
    }
    let first = rest.split_whitespace().next().unwrap_or("");
    match kind {
        Kind::Panel | Kind::Host | Kind::Guest => first.starts_with(|c: char| c.is_lowercase()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::lines::build;
    use super::*;

    #[test]
    fn label_lookups_agree_with_scans_of_the_label_list() {
        let mut phrases: Vec<String> = Vec::new();
        for (p, _) in LABELS {
            for end in 0..=p.len() {
                if p.is_char_boundary(end) {
                    phrases.push(p[..end].to_string());
                    phrases.push(format!("{}x", &p[..end]));
                }
            }
        }
        phrases.extend(["zzz", "a", "panel,", "picks of the weekend", "é"].map(String::from));
        let mut distinct: Vec<&str> = LABELS.iter().map(|(p, _)| *p).collect();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), LABELS.len(), "label phrases are distinct");
        for ph in &phrases {
            let scan = LABELS.iter().find(|(p, _)| p == ph).map(|&(_, k)| k);
            assert_eq!(label_kind(ph), scan, "{ph:?}");
            if let Some(&first) = ph.as_bytes().first() {
                let scan = LABELS.iter().any(|(p, _)| p.as_bytes()[0] == first && p.starts_with(ph.as_str()));
                assert_eq!(label_starts_with(ph), scan, "{ph:?}");
            }
        }
    }

    fn kinds(md: &str) -> Vec<(String, Kind, bool)> {
        let lines = split_glued(build(md, 1));
        let marks = mark(&lines);
        lines.iter().zip(marks).map(|(l, m)| (l.text.clone(), m.kind, m.header)).collect()
    }

    #[test]
    fn quick_rejection_agrees_with_reading_the_words() {
        let mut texts: Vec<String> = LABELS.iter().map(|(p, _)| p.to_string()).collect();
        texts.extend(LABELS.iter().map(|(p, _)| format!("**{}:** x", p.to_uppercase())));
        texts.extend(
            [
                "",
                " ",
                "*",
                "**",
                "a",
                "A",
                "Ab",
                "pi",
                "Pi",
                "PICKS",
                "Picks",
                "pIcks:",
                "Rob Kowalski",
                "[CacheFly](x)",
                "• Panel",
                "•Picks",
                "> | Links",
                "\\*Links",
                "É Picks",
                "Épicks",
                "Ṕicks",
                "Pícks",
                "Kpicks",
                "\u{212a}ey",
                "İnternet",
                "p-icks",
                "p,icks",
                "pa,nel",
                "P1cks",
                "12 Picks",
                "ab",
                "zz top",
                "Co-hosts:",
                "cohosts",
                "In particular, we dive",
                "in two weeks",
                "ß",
                "日本 Picks",
                "Guest\u{301}s",
                "the panel",
                "Theater",
            ]
            .map(String::from),
        );
        for t in &texts {
            assert_eq!(leading_label(t), leading_label_read(t), "{t:?}");
        }
        // The quick rejection does reject: a name or a topic at the start of a line.
        assert_eq!(no_label_starts_like(b"Rob Kowalski"), Some(true));
        assert_eq!(no_label_starts_like(b"Tools Big"), Some(true));
        assert_eq!(no_label_starts_like(b"Topics"), Some(false));
        assert_eq!(no_label_starts_like(b"On the panel"), Some(false));
        assert_eq!(no_label_starts_like(b"P"), None);
        assert_eq!(no_label_starts_like("Éa".as_bytes()), None);
    }

    #[test]
    fn labels_in_their_many_forms() {
        assert_eq!(leading_label("**Panel:** Charles"), Some((Kind::Panel, 11, true)));
        assert_eq!(leading_label("### **Panelists**").map(|x| x.0), Some(Kind::Panel));
        assert_eq!(leading_label("Joined by Special Guest: Mika").map(|x| (x.0, x.1)), Some((Kind::Guest, 25)));
        assert_eq!(leading_label("Sponsors/Affilates").map(|x| x.0), Some(Kind::Sponsors));
        assert_eq!(leading_label("In particular, we dive pretty deep on:").map(|x| x.0), Some(Kind::Other));
        assert_eq!(leading_label("Picks are fun"), Some((Kind::Picks, 6, false)));
        assert_eq!(leading_label("Pickin On Series"), None);
    }

    #[test]
    fn glued_picks_heading_is_split_off() {
        let k = kinds("28:52 - Getting StartedPicks\n\n[A](https://a.com) (Joe)\n");
        assert_eq!(k[0].1, Kind::Intro);
        assert_eq!(k[1], ("Picks".to_string(), Kind::Picks, true));
        assert_eq!(k[2].1, Kind::Picks);
        let k = kinds("- Future Pebble Milestones&nbsp;Picks\n\n[A](https://a.com) (Joe)\n");
        assert_eq!(k[1].1, Kind::Picks);
    }

    #[test]
    fn headings_end_sections_and_prose_is_not_a_label() {
        let k = kinds("### Panel\n\n- A B\n\n## Where it started\n\nPanel talks about X.\n");
        assert_eq!(k[1].1, Kind::Panel);
        assert_eq!(k[2].1, Kind::Other);
        assert_eq!((k[3].1, k[3].2), (Kind::Other, false));
    }
}
