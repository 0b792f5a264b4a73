//! The Picks section: one pick per recommended item, attributed to who picked it.
//!
//! Attribution comes in four shapes, all handled line by line: picker lines (`**Name**`,
//! `**Name:**`, `Name:`, a bare name, `[Name](profile)`) that group the items below them;
//! a trailing tag after each item (`[A](..) (Joe)`, also after `&nbsp;`, after other
//! parentheses, or a pair `(Jamison & Jeremy)`), often with every pick run together on one
//! line; inline labels inside one paragraph (`Hongli: [A](..), [B](..) David: CI, Slack`);
//! and nothing at all (the pick then has no picker and the editor gets a diagnostic).
//! Pickers are returned as written; `mod.rs` resolves them to the page's full names.

use std::rc::Rc;

use super::lines::{Block, Line, Link};
use super::people::looks_like_url;
use super::sections::{Kind, Mark};
use super::text::{
    AnyOf, clean_name, contains_ignore_ascii_case, fold, is_name_token, is_not_name_word, is_person_name, join_trimmed,
    lower_contains,
};

/// One pick item: (title, url, also_urls).
type Item = (String, Option<String>, Vec<String>);

/// A pick before name resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawPick {
    /// Who picked it, as written ("Chuck", "Charles Max Wood"); the picks under one label
    /// share the list.
    pub pickers: Rc<[String]>,
    pub title: String,
    pub url: Option<String>,
    pub also_urls: Vec<String>,
    pub line: u32,
}

/// Everything the Picks section says.
#[derive(Debug, Default)]
pub(crate) struct PickSection {
    pub picks: Vec<RawPick>,
    /// Profile links found under a picker ("Follow X on Twitter"), by picker as written.
    pub profile_links: Vec<(String, String)>,
    /// Picker names as written, in order of appearance.
    pub pickers: Vec<String>,
    /// (line, message) for the editor.
    pub problems: Vec<(u32, String)>,
    /// Line of the Picks heading, if any.
    pub header_line: Option<u32>,
    /// Which attribution shapes the section used (for corpus statistics).
    pub by_heading: bool,
    pub by_tag: bool,
    pub by_inline_label: bool,
}

/// Whether a short text says "no picks".
fn is_no_pick(t: &str) -> bool {
    let core = t.trim_matches(|c: char| !c.is_alphanumeric());
    // Only the first bytes matter: lowercase a short ASCII head on the stack, not the text.
    // The head is longer than every phrase below, so a cut head never equals one (nor did
    // the whole text) and starts with one exactly when the whole text does.
    let mut head = [0u8; 24];
    let lower;
    // Compared as bytes: the phrases are ASCII, and bytes need no UTF-8 check of the head.
    let l: &[u8] = if core.is_ascii() {
        let n = core.len().min(head.len());
        head[..n].copy_from_slice(&core.as_bytes()[..n]);
        head[..n].make_ascii_lowercase();
        &head[..n]
    } else {
        lower = core.to_lowercase();
        lower.as_bytes()
    };
    l.is_empty()
        || l.starts_with(b"no pick")
        || l.starts_with(b"none")
        || l == b"nothing"
        || l.starts_with(b"nothing this week")
        || l == b"n/a"
        || l == b"pass"
        || l.starts_with(b"no picks")
}

/// A picker's own social-profile line: "Follow X on Twitter > [@x]", "X's Website > [..]".
fn is_social_line(t: &str, picker: Option<&str>) -> bool {
    let t = t.trim_start_matches(|c: char| !c.is_alphanumeric());
    // The tests below are on the lowercased line. Nearly every line is ASCII: then the ASCII
    // case-insensitive tests on the line itself give the same answers, without the copy (and
    // on a lowercased copy they are exact, as it holds no ASCII capital).
    let lower;
    let l = if t.is_ascii() {
        t
    } else {
        lower = t.to_lowercase();
        &lower
    };
    let starts = |p: &str| l.as_bytes().get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()));
    if starts("follow ") || starts("connect with ") || starts("find ") && contains_ignore_ascii_case(l, " on twitter") {
        return true;
    }
    let Some(p) = picker else { return false };
    // The folded line must start with the picker's folded first name (below). When the
    // line's first letter and the name's are ASCII, they are the folded ones: most lines
    // (a pick's title) start with another letter, and are answered without a scan.
    if let (Some(&a), Some(b)) = (l.as_bytes().first(), first_ascii_letter(p))
        && a.is_ascii()
        && !a.eq_ignore_ascii_case(&b)
    {
        return false;
    }
    const PROFILES: &[&str] =
        &["twitter", "website", "github", "blog", "linkedin", "instagram", "youtube", "medium", "site", "facebook"];
    static ANY_PROFILE: std::sync::LazyLock<AnyOf> = std::sync::LazyLock::new(|| AnyOf::new(PROFILES));
    // Cheap test before folding anything: most lines name no profile at all.
    if !ANY_PROFILE.in_text(l) {
        return false;
    }
    let folded = fold(p);
    let first = folded.split(' ').next().unwrap_or("");
    if first.is_empty() {
        return false;
    }
    // Folding lowercases ASCII: the folded line is the folded lowercase line.
    let lf = fold(l);
    // "{first} s {profile}" or "{first} on {profile}" at the start, read piece by piece.
    lf.strip_prefix(first)
        .and_then(|r| r.strip_prefix(" s ").or_else(|| r.strip_prefix(" on ")))
        .is_some_and(|r| PROFILES.iter().any(|p| r.starts_with(p)))
}

/// The first letter or digit of `name` when it is ASCII and only ASCII separators come
/// before it: then it is the first byte of `fold(name)`, lowercased. `None` when anything
/// else comes first (a non-ASCII character may fold to letters).
fn first_ascii_letter(name: &str) -> Option<u8> {
    let first = *name.as_bytes().iter().find(|b| !b.is_ascii() || b.is_ascii_alphanumeric())?;
    first.is_ascii().then_some(first)
}

/// "Other picks to check out", "More picks", "Honorable mentions": a sub-header inside the
/// Picks section whose items nobody in particular picked. Returns the length of the header
/// (with its colon) when `t` starts with one.
fn unattributed_header(t: &str) -> Option<usize> {
    let t0 = t.trim_start_matches(['*', '_', ' ']);
    let lead = t.len() - t0.len();
    let first = t0.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    if !matches!(first, "Other" | "More" | "Additional" | "Bonus" | "Extra" | "Honorable" | "Honourable") {
        return None;
    }
    let end = t0.find([':', '\n']).unwrap_or(t0.len()).min(48);
    let head = &t0[..super::lines::floor_boundary(t0, end)];
    let lower = head.to_lowercase();
    if !(lower.contains("pick") || lower.contains("mention")) || head.split_whitespace().count() > 6 {
        return None;
    }
    let after = &t0[head.len()..];
    let colon = after.trim_start_matches(['*', '_', ' ']).starts_with(':');
    if !colon && !after.trim_matches(['*', '_', ' ']).is_empty() {
        return None;
    }
    let rest = after.trim_start_matches(['*', '_', ' ']).trim_start_matches(':');
    Some(lead + t0.len() - rest.len())
}

/// `(Joe)`, `(AJ)`, `(Jamison & Jeremy)`: the names of a trailing attribution tag.
pub(crate) fn tag_names(inner: &str) -> Option<Vec<String>> {
    let inner = inner.trim();
    if inner.is_empty() || inner.len() > 40 {
        return None;
    }
    let mut names = Vec::new();
    // Most tags hold one name: rewrite the separators only when there are some.
    let normal = if inner.contains('&') || inner.contains(" and ") {
        std::borrow::Cow::Owned(inner.replace(" & ", ",").replace(" and ", ",").replace('&', ","))
    } else {
        std::borrow::Cow::Borrowed(inner)
    };
    for part in normal.split(',') {
        let p = part.trim();
        // One or two words, on the stack.
        let mut words = p.split_whitespace();
        let toks: &[&str] = match (words.next(), words.next(), words.next()) {
            (Some(a), None, _) => &[a],
            (Some(a), Some(b), None) => &[a, b],
            _ => return None,
        };
        // "(PWA)", "(TV)": capitals of three letters or more are acronyms, not people.
        let acronym = |t: &str| t.chars().count() >= 3 && !t.chars().any(char::is_lowercase);
        if !toks.iter().all(|t| is_name_token(t) && !is_not_name_word(t) && !t.ends_with('.') && !acronym(t)) {
            return None;
        }
        names.push(p.to_string());
    }
    (!names.is_empty()).then_some(names)
}

/// A tag found in a line: byte range of `( ... )` and the names.
#[derive(Debug, Clone)]
struct Tag {
    start: usize,
    end: usize,
    names: Vec<String>,
}

fn find_tags(line: &Line, a: usize, b: usize) -> Vec<Tag> {
    let text = &line.text;
    let mut out = Vec::new();
    let mut i = a;
    // A link whose target is a name is a slip for a tag: `[amazon](Jamison)`.
    for l in line.links_in(a, b) {
        if !looks_like_url(&l.url)
            && let Some(names) = tag_names(&l.url)
        {
            out.push(Tag { start: l.start, end: l.end, names });
        }
    }
    // The parentheses are ASCII: byte searches find the same offsets as char searches, without
    // a searcher per call (this runs on every line of a Picks section).
    let bytes = text.as_bytes();
    while i < b {
        let Some(n) = memchr::memchr(b'(', &bytes[i..b]) else { break };
        let open = i + n;
        i = open + 1;
        if line.links.iter().any(|l| l.start <= open && open < l.end) {
            continue;
        }
        let Some(m) = memchr::memchr(b')', &bytes[open..b]) else {
            break;
        };
        let close = open + m;
        if let Some(names) = tag_names(&text[open + 1..close]) {
            out.push(Tag { start: open, end: close + 1, names });
            i = close + 1;
        }
    }
    out.sort_by_key(|t| t.start);
    out
}

/// Whether the line holds a "Name:" label of a person of the page between `a` and `b`. An
/// unknown label may be an item title ("Joshua Clanton: A Drip of JavaScript (Reuven)").
fn has_person_labels(line: &Line, a: usize, b: usize, known: &dyn Fn(&str) -> bool) -> bool {
    inline_labels(line, a, b, known).iter().any(|(_, name, _)| !name.is_empty() && known(name))
}

/// The picker named by a whole line (`**Name**`, `Name:`, `[Name](..)`, a bare name), and
/// the offset where content after `Name:` starts.
fn picker_line(line: &Line, a: usize, known: &dyn Fn(&str) -> bool) -> Option<(Vec<String>, usize)> {
    let text = &line.text[a..];
    if text.len() > 60 {
        // A long line can still start with "Name:" followed by its picks.
        return label_prefix(line, a, known).map(|(n, at)| (vec![n], at));
    }
    let stripped = text.trim_matches(|c: char| matches!(c, '*' | '_' | ' ' | ':' | '\\' | '-' | '–'));
    let stripped = strip_possessive_picks(stripped);
    // "Sam Julien, Brooke Avery, Jesse Sanders:": several pickers share the items below.
    if text.trim_end_matches(['*', '_', ' ']).ends_with(':') && line.links_in(a, line.text.len()).next().is_none() {
        // Nearly every such label names one picker, with neither " and " nor " & ": then the
        // replacements would only copy the text (three times), so they are skipped.
        let bytes = stripped.as_bytes();
        let joined;
        let list = if bytes.contains(&b'&') || bytes.windows(5).any(|w| w == b" and ") {
            joined = stripped.replace(", and ", ",").replace(" and ", ",").replace(" & ", ",");
            joined.as_str()
        } else {
            stripped
        };
        let parts: Vec<String> = list.split(',').map(|p| clean_name(p.trim())).collect();
        if parts.len() >= 2 && parts.iter().all(|p| is_person_name(p, true)) {
            return Some((parts, line.text.len()));
        }
    }
    // Only a whole line can be a bare name: the name is cleaned (and checked) only then.
    let whole = !stripped.contains(['(', ')', ',']);
    if whole {
        let name = clean_name(stripped);
        let has_other_link = line.links_in(a, line.text.len()).any(|l| {
            l.end - l.start < stripped.len()
                || !name.contains(line.text[l.start..l.end].trim_matches(|c: char| !c.is_alphanumeric()))
        });
        if !name.is_empty() && !has_other_link && name.split_whitespace().count() <= 4 && !is_no_pick(&name) {
            let bold = line.is_bold(a, line.text.len());
            let colon = text.trim_end_matches(['*', '_', ' ']).ends_with(':');
            let plain_item = line.block == Block::Item && !bold && !colon;
            let single = name.split_whitespace().count() == 1;
            let shaped = is_person_name(&name, true);
            if shaped && (!plain_item || known(&name)) && (!single || !plain_item || known(&name)) {
                return Some((vec![name], line.text.len()));
            }
        }
    }
    label_prefix(line, a, known).map(|(n, at)| (vec![n], at))
}

/// "Charles’ Picks", "Tero's Pick" → the name.
fn strip_possessive_picks(t: &str) -> &str {
    let trimmed = t.trim_end_matches(['*', '_', ' ', ':']);
    let Some(head) = trimmed.strip_suffix("Picks").or_else(|| trimmed.strip_suffix("Pick")) else {
        return t;
    };
    let head = head.trim_end();
    head.strip_suffix("’s")
        .or_else(|| head.strip_suffix("'s"))
        .or_else(|| head.strip_suffix('’'))
        .or_else(|| head.strip_suffix('\''))
        .map_or(t, str::trim_end)
}

/// `Name: rest of the line` at the start of the content.
fn label_prefix(line: &Line, a: usize, known: &dyn Fn(&str) -> bool) -> Option<(String, usize)> {
    let text = &line.text[a..];
    // "Name:" or, in some shows, "Name •[item](..)".
    let colon = text.find([':', '•'])?;
    let sep_len = text[colon..].chars().next().map_or(1, char::len_utf8);
    if colon == 0 || colon > 40 {
        return None;
    }
    if line.links.iter().any(|l| l.start < a + colon && a + colon < l.end) {
        return None;
    }
    let name = clean_name(strip_possessive_picks(&text[..colon]));
    if !is_person_name(&name, true) {
        return None;
    }
    // In a list item, "**Movie:** [Handmaiden](..)" is a category, not a picker.
    if line.block == Block::Item && !known(&name) {
        return None;
    }
    let rest = &text[colon + sep_len..];
    let skip = rest.len() - rest.trim_start_matches(['*', '_', ' ']).len();
    Some((name, a + colon + sep_len + skip))
}

/// Inline labels in a run-on paragraph: offsets of `Name:` starts, the name, and content start.
fn inline_labels(line: &Line, a: usize, b: usize, known: &dyn Fn(&str) -> bool) -> Vec<(usize, String, usize)> {
    let text = &line.text;
    let mut out = Vec::new();
    let mut i = a;
    while i < b {
        // "Name:" or "Name •" (adv-in-angular's bullet labels).
        let Some(n) = text[i..b].find([':', '•']) else { break };
        let colon = i + n;
        let sep_len = text[colon..].chars().next().map_or(1, char::len_utf8);
        i = colon + sep_len;
        if line.links.iter().any(|l| l.start <= colon && colon < l.end) {
            continue;
        }
        // "... NG-Conf free tickets Other picks to check out: NG-Conf, ...": a sub-header.
        let seg = &text[a..colon];
        let header = seg
            .char_indices()
            .filter(|&(i, c)| {
                matches!(c, 'O' | 'M' | 'A' | 'B' | 'E' | 'H')
                    && (i == 0 || seg[..i].ends_with([' ', '*', '_']) || seg[..i].ends_with(char::is_lowercase))
            })
            .map(|(i, _)| i)
            .find(|&i| unattributed_header(&text[a + i..]).is_some_and(|n| a + i + n > colon));
        if let Some(h) = header {
            let rest = &text[colon + sep_len..b];
            let skip = rest.len() - rest.trim_start_matches(['*', '_', ' ']).len();
            out.push((a + h, String::new(), colon + sep_len + skip));
            continue;
        }
        // The word(s) right before the colon ("Charles' Pick:" names Charles).
        let before = &text[a..colon];
        let trimmed = before.trim_end_matches(['*', '_']);
        let possessive = strip_possessive_picks(trimmed);
        let mut start = if possessive.len() < trimmed.len() { possessive.len() } else { trimmed.len() };
        let mut words = 0;
        let mut cand = String::new();
        while words < 2 {
            let chunk = &text[a..a + start];
            let ws = chunk.trim_end().len();
            let mut w0 = chunk[..ws]
                .char_indices()
                .rfind(|&(_, c)| c.is_whitespace() || c == ')' || c == ']')
                .map_or(0, |(p, c)| p + c.len_utf8());
            // "[Freedome](..)Alyssa:": the label starts where the link text ends.
            if let Some(l) = line.links.iter().rfind(|l| l.end > a + w0 && l.end <= a + ws) {
                w0 = l.end - a;
            }
            let word = chunk[w0..ws].trim_matches(|c: char| matches!(c, '*' | '_'));
            if word.is_empty() || !is_name_token(word) || is_not_name_word(word) {
                break;
            }
            cand = if cand.is_empty() { word.to_string() } else { format!("{word} {cand}") };
            start = w0;
            words += 1;
            // A second word only when the pair is a page person ("Charles Max Wood:").
            if !(words == 1 && known(&format!("{} {}", chunk[..w0].split_whitespace().last().unwrap_or(""), word))) {
                break;
            }
        }
        if cand.is_empty() {
            continue;
        }
        let at_start = text[a..a + start].trim().is_empty();
        let link_before = line.links.iter().any(|l| l.end <= a + start && text[l.end..a + start].trim().is_empty());
        // "**Jonathan** :[The Expanse](..)": a bold name before a colon is a label too.
        let bold = line.is_bold(a + start, a + start + cand.len().min(colon - (a + start)));
        if at_start || known(&cand) || link_before || bold {
            let rest = &text[colon + sep_len..b];
            let skip = rest.len() - rest.trim_start_matches(['*', '_', ' ']).len();
            out.push((a + start, cand, colon + sep_len + skip));
        }
    }
    out
}

/// Builds picks from `line.text[s..e]`: one pick, or several when `split` (commas and
/// back-to-back links separate items).
fn items(
    line: &Line,
    s: usize,
    e: usize,
    split: bool,
    known: &dyn Fn(&str) -> bool,
    out: &mut Vec<Item>,
    bad: &mut Vec<String>,
) {
    if s >= e {
        return;
    }
    if !split {
        if let Some(p) = one_item(line, s, e, bad) {
            out.push(p);
        }
        return;
    }
    let text = &line.text;
    let mut cuts = vec![s];
    let mut depth = 0i32;
    let mut i = s;
    // The links that start in the range: each offset looks only at these, not at every link
    // of the line. Not a binary search: nested links in broken Markdown leave a line's links
    // out of start order (the fuzz test found one).
    let starting: Vec<&Link> = line.links.iter().filter(|l| l.start >= s && l.start < e).collect();
    // Bytes, not chars: the separators are ASCII, and a link starts at a char boundary.
    for (k, &c) in text.as_bytes()[s..e].iter().enumerate() {
        let at = s + k;
        if at < i {
            continue;
        }
        if let Some(&l) = starting.iter().find(|l| l.start == at && l.end > at) {
            // Back-to-back links with only spaces between are separate items.
            if let Some(prev) = line.links.iter().find(|p| p.end <= at && p.end >= cuts[cuts.len() - 1])
                && text[prev.end..at].trim().is_empty()
                && prev.url != l.url
                && at > *cuts.last().unwrap_or(&s)
            {
                cuts.push(at);
            }
            i = l.end;
            continue;
        }
        match c {
            b'(' => depth += 1,
            b')' => depth = (depth - 1).max(0),
            b',' | b';' if depth == 0 => cuts.push(at + 1),
            _ => {}
        }
    }
    cuts.push(e);
    // "bravery and persistence, Alyssa Nicoll": a page person after a comma is part of the
    // item (who it is about), not an item of its own.
    let mut k = 1;
    while k + 1 < cuts.len() {
        let seg = &text[cuts[k]..cuts[k + 1]];
        let name = seg.trim().trim_end_matches([',', ';']).trim();
        let prev = text[cuts[k - 1]..cuts[k]].trim().trim_end_matches([',', ';']).trim();
        if line.links_in(cuts[k], cuts[k + 1]).next().is_none()
            && is_person_name(name, false)
            && known(name)
            && !is_person_name(prev, false)
        {
            cuts.remove(k);
        } else {
            k += 1;
        }
    }
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let b = if text[..b].ends_with([',', ';']) && b > a { b - 1 } else { b };
        if let Some(p) = one_item(line, a, b, bad) {
            out.push(p);
        }
    }
}

/// One pick from `text[s..e]`: title = link text (adjacent links to one URL joined), or the
/// plain text; url = first link; also_urls = the others.
fn one_item(line: &Line, s: usize, e: usize, bad: &mut Vec<String>) -> Option<Item> {
    let text = &line.text;
    let mut links: Vec<&Link> = Vec::new();
    for l in line.links_in(s, e) {
        if looks_like_url(&l.url) {
            links.push(l);
        } else {
            bad.push(l.url.clone());
        }
    }
    if let Some(first) = links.first() {
        let mut title = text[first.start..first.end.min(e).max(first.start)].to_string();
        let mut last_end = first.end;
        let mut also = Vec::new();
        for l in &links[1..] {
            if l.url == first.url && text[last_end..l.start].trim().len() <= 3 {
                // One title split over adjacent links to the same URL.
                title.push_str(&text[last_end..l.end.min(e).max(last_end)]);
                last_end = l.end;
            } else if l.url != first.url && !also.contains(&l.url) {
                also.push(l.url.clone());
            }
        }
        let title = tidy_title(&title);
        let title = if title.is_empty() { first.url.clone() } else { title };
        return Some((title, Some(first.url.clone()), also));
    }
    let title = tidy_title(&text[s..e]);
    if title.is_empty() || !title.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some((title, None, Vec::new()))
}

fn tidy_title(t: &str) -> String {
    let trim = |c: char| matches!(c, ',' | ';' | '-' | '–' | '—' | '*' | '_' | ' ' | '\\' | '|' | '•');
    // Most titles are printable ASCII without double spaces: splitting them at whitespace and
    // joining by single spaces changes nothing but their ends, which the trim (it takes
    // spaces too) removes anyway.
    if t.bytes().all(|b| (0x20..0x7f).contains(&b)) && !t.contains("  ") {
        return t.trim_matches(trim).to_string();
    }
    join_trimmed(t.split_whitespace(), t.len(), trim)
}

/// Reads the Picks section(s). `known` tells whether a name is a person of the page.
pub(crate) fn extract(lines: &[Line], marks: &[Mark], known: &dyn Fn(&str) -> bool) -> PickSection {
    let mut sec = PickSection::default();
    let mut picker: Option<Rc<[String]>> = None;
    let mut unattributed_line: Option<u32> = None;
    // Picks made since the last picker line; a prose paragraph after some closes the section.
    let mut since_label = 0usize;
    let mut closed = false;
    for (idx, (line, mark)) in lines.iter().zip(marks).enumerate() {
        if mark.kind != Kind::Picks {
            if mark.header {
                picker = None;
            }
            continue;
        }
        if mark.header {
            sec.header_line.get_or_insert(line.no);
            picker = None;
            closed = false;
            since_label = 0;
        }
        if closed {
            continue;
        }
        let a = mark.from.min(line.text.len());
        let b = line.text.len();
        if line.text[a..].trim().is_empty() {
            continue;
        }
        let mut bad = Vec::new();
        let mut found: Vec<(Rc<[String]>, Item)> = Vec::new();
        let tags = find_tags(line, a, b);
        let content_start;
        // On a line of tagged items, "Joshua Clanton: A Drip of JavaScript (Reuven)" is an
        // item title, not a picker heading, unless the name is a person of the page.
        // Under a picker heading, "Rogue One: A Star Wars Story" is an item, not another
        // picker, unless the name is a person of the page.
        let label = picker_line(line, a, known).filter(|(n, after)| {
            (tags.is_empty() || n.iter().all(|n| known(n)))
                && (*after == line.text.len() || picker.is_none() || n.iter().all(|n| known(n)))
        });
        match label {
            Some((names, after)) => {
                sec.by_heading = true;
                sec.pickers.extend(names.iter().cloned());
                picker = Some(names.into());
                content_start = after;
                since_label = 0;
            }
            None => content_start = a,
        }
        let mut content_start = content_start;
        // "Other picks to check out:": the items below (or after it) have no picker.
        if let Some(n) = unattributed_header(&line.text[content_start..b]) {
            picker = None;
            content_start += n;
        }
        let current: Rc<[String]> = picker.clone().unwrap_or_default();
        if content_start >= b || line.text[content_start..b].trim().is_empty() {
            continue;
        }
        let content = &line.text[content_start..b];
        // A paragraph of prose after the picks (a promo, a pasted copy of the notes) is not
        // a pick: the section is over.
        let words = content.split_whitespace().count();
        let sentence = content.contains(". ") || content.ends_with(['.', '!', ':']);
        if line.block == Block::Para
            && tags.is_empty()
            && words >= 12
            && sentence
            && (since_label > 0 || (picker.is_none() && !sec.picks.is_empty()))
        {
            closed = true;
            continue;
        }
        if is_social_line(content, current.first().map(String::as_str)) {
            if let Some(p) = current.first() {
                for l in line.links_in(content_start, b) {
                    sec.profile_links.push((p.clone(), l.url.clone()));
                }
            }
            continue;
        }
        if is_no_pick(content) || lower_contains(content, "sponsored by") {
            continue;
        }
        // "Panelist" / "Guest" alone: picks of someone the page does not name.
        let bare = content.trim_matches(|c: char| !c.is_alphanumeric());
        if matches!(bare, "Panelist" | "Panelists" | "Panel" | "Guest" | "Guests" | "Host") {
            picker = None;
            continue;
        }
        // A list item that only introduces nested items is not a pick itself.
        if line.block == Block::Item && line.has_children && line.links_in(content_start, b).next().is_none() {
            continue;
        }
        let para = line.block != Block::Item && line.block != Block::ItemCont;
        // Under the group of a person of the page, a trailing "(Aladdin)" is part of the item's
        // title unless it names a person of the page too: the group already says who picked it.
        // A group label that is no known person ("Tips") does not outrank the tags.
        // The same holds on a line of "Name: items" labels ("Charles: Newbie Remote Conf (July)").
        let tags: Vec<Tag> = tags.into_iter().filter(|t| t.start >= content_start).collect();
        let unknown_tag = |t: &Tag| !t.names.iter().all(|n| known(n));
        let group_is_person = !current.is_empty() && current.iter().all(|n| known(n));
        let tags: Vec<Tag> = if tags.iter().any(unknown_tag)
            && (group_is_person
                || (para || line.block == Block::ItemCont) && has_person_labels(line, content_start, b, known))
        {
            tags.into_iter().filter(|t| !unknown_tag(t)).collect()
        } else {
            tags
        };
        if !tags.is_empty() {
            sec.by_tag = true;
            let mut from = content_start;
            for t in &tags {
                let mut got = Vec::new();
                items(line, from, t.start, false, known, &mut got, &mut bad);
                let names: Rc<[String]> = Rc::from(t.names.as_slice());
                for g in got {
                    found.push((names.clone(), g));
                }
                from = t.end;
            }
            let mut got = Vec::new();
            items(line, from, b, para, known, &mut got, &mut bad);
            for g in got {
                found.push((current.clone(), g));
            }
        } else {
            let labels = if para || line.block == Block::ItemCont {
                inline_labels(line, content_start, b, known)
            } else {
                Vec::new()
            };
            if labels.is_empty() {
                let mut got = Vec::new();
                // Several links back to back in a paragraph are several picks.
                items(line, content_start, b, para && line.links.len() > 1, known, &mut got, &mut bad);
                for g in got {
                    found.push((current.clone(), g));
                }
            } else {
                let mut got = Vec::new();
                items(line, content_start, labels[0].0, true, known, &mut got, &mut bad);
                for g in got {
                    found.push((current.clone(), g));
                }
                sec.by_inline_label = true;
                for (k, (_, name, cstart)) in labels.iter().enumerate() {
                    let end = labels.get(k + 1).map_or(b, |l| l.0);
                    let who: Rc<[String]> = if name.is_empty() { Rc::new([]) } else { Rc::new([name.clone()]) };
                    if !name.is_empty() {
                        sec.pickers.push(name.clone());
                    }
                    picker = (!who.is_empty()).then(|| who.clone());
                    let mut got = Vec::new();
                    items(line, (*cstart).min(end), end, true, known, &mut got, &mut bad);
                    for g in got {
                        found.push((who.clone(), g));
                    }
                }
            }
        }
        for url in bad {
            sec.problems.push((line.no, format!("link target {url:?} is not a URL")));
        }
        for (pickers, (title, url, also_urls)) in found {
            if is_no_pick(&title) || is_social_line(&title, pickers.first().map(String::as_str)) {
                continue;
            }
            if pickers.is_empty() {
                unattributed_line.get_or_insert(line.no);
            }
            since_label += 1;
            sec.picks.push(RawPick { pickers, title, url, also_urls, line: line.no });
        }
        let _ = idx;
    }
    if let Some(l) = unattributed_line {
        let n = sec.picks.iter().filter(|p| p.pickers.is_empty()).count();
        sec.problems.push((l, format!("{n} pick(s) in the Picks section are not attributed to anyone")));
    }
    sec
}

#[cfg(test)]
mod tests {
    use super::super::lines::build;
    use super::super::sections::{mark, split_glued};
    use super::*;

    fn picks(md: &str, known: &[&str]) -> Vec<(Vec<String>, String, Option<String>)> {
        let lines = split_glued(build(md, 1));
        let marks = mark(&lines);
        let known: Vec<String> = known.iter().map(|s| fold(s)).collect();
        let k = move |n: &str| {
            let f = fold(n);
            known.iter().any(|x| *x == f || x.split(' ').next() == Some(f.as_str()))
        };
        extract(&lines, &marks, &k).picks.into_iter().map(|p| (p.pickers.to_vec(), p.title, p.url)).collect()
    }

    fn by(n: &str) -> Vec<String> {
        vec![n.to_string()]
    }

    #[test]
    fn picks_grouped_under_bold_names() {
        let md = "### Picks\n**Mark Ericksen**\n- [https://a.com](https://a.com)\n**Josh Adams:**\n- Find a positive place\n- [B](https://b.com)\n";
        assert_eq!(
            picks(md, &[]),
            vec![
                (by("Mark Ericksen"), "https://a.com".into(), Some("https://a.com".into())),
                (by("Josh Adams"), "Find a positive place".into(), None),
                (by("Josh Adams"), "B".into(), Some("https://b.com".into())),
            ]
        );
    }

    #[test]
    fn picks_under_bare_names_and_continuation_lines() {
        let md =
            "**Picks:** Dave\n- https://sentry.io/welcome/\n  David\n- [Spy](https://spy.com)\n\nKai\n\n- No Picks\n";
        assert_eq!(
            picks(md, &["Dave Kimura", "David Richards"]),
            vec![
                (by("Dave"), "https://sentry.io/welcome/".into(), Some("https://sentry.io/welcome/".into())),
                (by("David"), "Spy".into(), Some("https://spy.com".into())),
            ]
        );
    }

    #[test]
    fn picks_tagged_by_trailing_parenthesis() {
        let md = "### Picks\n\n- [Wool](https://w.com)&nbsp;(Jamison)\n- [Day of the Doctor](https://d.com) (and Prequel) (Chuck)\n- [Viz](https://v.com) (Jamison & Jeremy)\n- Electric Razor (Chuck)\n";
        assert_eq!(
            picks(md, &[]),
            vec![
                (by("Jamison"), "Wool".into(), Some("https://w.com".into())),
                (by("Chuck"), "Day of the Doctor".into(), Some("https://d.com".into())),
                (vec!["Jamison".into(), "Jeremy".into()], "Viz".into(), Some("https://v.com".into())),
                (by("Chuck"), "Electric Razor".into(), None),
            ]
        );
    }

    #[test]
    fn a_parenthesis_under_a_picker_group_is_title_unless_it_names_a_page_person() {
        // js-jabber 347: "(_Aladdin)_" is the film the song is from, not who picked it.
        let md = "### **Picks**\n **AJ O\u{2019}Neal:**\n- Prince Ali Ababwa (_Aladdin)_\n- [Node v.10.12](https://nodejs.org/)\n- [Wool](https://w.com) (Chris)\n";
        let got = picks(md, &["AJ O\u{2019}Neal", "Chris Ferdinandi"]);
        assert_eq!(got[0].0, by("AJ O\u{2019}Neal"));
        assert!(got[0].1.starts_with("Prince Ali Ababwa (") && got[0].1.contains("Aladdin"), "{got:?}");
        assert_eq!(got[1].0, by("AJ O\u{2019}Neal"));
        // A tag that names a person of the page still wins over the group.
        assert_eq!(got[2], (by("Chris"), "Wool".into(), Some("https://w.com".into())));
    }

    #[test]
    fn a_parenthesis_after_a_persons_inline_label_is_title() {
        // js-jabber 250: months in parentheses on a line of "Name: items" labels.
        let md = "### Picks\n\nAimee: CodeStock conference AJ: Real Love by Greg Baer Charles: Newbie Remote Conf (July), Angular Remote Conf (August)\n";
        let got = picks(md, &["Aimee Knight", "AJ O\u{2019}Neal", "Charles Max Wood"]);
        let pickers: Vec<&str> = got.iter().map(|g| g.0[0].as_str()).collect();
        assert_eq!(pickers, ["Aimee", "AJ", "Charles", "Charles"], "{got:?}");
        assert!(got[2].1.contains("(July)"), "{got:?}");
        // One unknown label before a tag is an item title: the tag names the picker.
        let md = "### Picks\n\nJoshua Clanton: A Drip of JavaScript (Reuven)\n";
        assert_eq!(picks(md, &[])[0].0, by("Reuven"));
    }

    #[test]
    fn run_on_picks_line() {
        let md = "41:32 - Finding a Good AccountantPicks\n\n[AppSumo](https://appsumo.com/) (Trevor)[nathanbarry.com](https://nathanbarry.com/) (Trevor)Listening (Joe)\n";
        assert_eq!(
            picks(md, &[]),
            vec![
                (by("Trevor"), "AppSumo".into(), Some("https://appsumo.com/".into())),
                (by("Trevor"), "nathanbarry.com".into(), Some("https://nathanbarry.com/".into())),
                (by("Joe"), "Listening".into(), None),
            ]
        );
    }

    #[test]
    fn inline_labels_in_one_paragraph() {
        let md = "## Picks:\n\nJon: Generate-Assemble-Build-Update Charles: [DISC Profile](https://disc.com), Facebook Group (business people)\n";
        assert_eq!(
            picks(md, &["Charles Max Wood", "Jon Schlinkert"]),
            vec![
                (by("Jon"), "Generate-Assemble-Build-Update".into(), None),
                (by("Charles"), "DISC Profile".into(), Some("https://disc.com".into())),
                (by("Charles"), "Facebook Group (business people)".into(), None),
            ]
        );
    }

    /// `is_social_line` without its first-letter test, as it was before it.
    fn is_social_line_reference(t: &str, picker: Option<&str>) -> bool {
        let t = t.trim_start_matches(|c: char| !c.is_alphanumeric());
        let l = t.to_lowercase();
        let starts = |p: &str| l.starts_with(p);
        if starts("follow ") || starts("connect with ") || starts("find ") && l.contains(" on twitter") {
            return true;
        }
        let Some(p) = picker else { return false };
        const PROFILES: &[&str] =
            &["twitter", "website", "github", "blog", "linkedin", "instagram", "youtube", "medium", "site", "facebook"];
        if !AnyOf::new(PROFILES).in_text(&l) {
            return false;
        }
        let folded = fold(p);
        let first = folded.split(' ').next().unwrap_or("");
        if first.is_empty() {
            return false;
        }
        let lf = fold(&l);
        lf.strip_prefix(first)
            .and_then(|r| r.strip_prefix(" s ").or_else(|| r.strip_prefix(" on ")))
            .is_some_and(|r| PROFILES.iter().any(|p| r.starts_with(p)))
    }

    #[test]
    fn social_line_first_letter_test_changes_no_answer() {
        let lines = [
            "Chuck's Website > [devchat.tv]",
            "chuck on GitHub",
            "Follow Chuck on Twitter",
            "Find me on Twitter",
            "Started tool",
            "**Chuck** s blog",
            "Élodie’s website",
            "elodie s Website",
            "\u{212a}elvin on github",
            "kelvin on github",
            "José on Twitter",
            "jose on twitter",
            "tel on youtube",
            "1password site",
            "",
            "-- Chuck on medium",
        ];
        let pickers = [
            None,
            Some("Charles Max Wood"),
            Some("Chuck"),
            Some("Élodie Durand"),
            Some("Kelvin Smith"),
            Some("José Valim"),
            Some("\u{2121} John"),
            Some("1Password Team"),
            Some("  -Chuck"),
            Some("--"),
            Some(""),
        ];
        for line in lines {
            for picker in pickers {
                assert_eq!(
                    is_social_line(line, picker),
                    is_social_line_reference(line, picker),
                    "{line:?} by {picker:?}"
                );
            }
        }
    }

    #[test]
    fn social_lines_nested_headers_and_split_titles_are_handled() {
        let md = "### Picks\n**Una Kravets:**\n* Follow Una on Twitter - [@Una](https://twitter.com/Una)\n* Podcasts I like:\n  * [A](https://a.com)\n* [One ](https://x.com)[Title](https://x.com)\n";
        assert_eq!(
            picks(md, &[]),
            vec![
                (by("Una Kravets"), "A".into(), Some("https://a.com".into())),
                (by("Una Kravets"), "One Title".into(), Some("https://x.com".into())),
            ]
        );
    }

    #[test]
    fn shared_picker_labels_split_at_commas_and_and_ampersand() {
        for (label, who) in [
            ("Jane Roe, John Doe:", vec!["Jane Roe", "John Doe"]),
            ("Jane Roe and John Doe:", vec!["Jane Roe", "John Doe"]),
            ("Jane Roe, Ann Lee, and John Doe:", vec!["Jane Roe", "Ann Lee", "John Doe"]),
            ("Jane Roe & John Doe:", vec!["Jane Roe", "John Doe"]),
            ("Jane Roe:", vec!["Jane Roe"]),
            ("Sandy Anderson:", vec!["Sandy Anderson"]),
        ] {
            let md = format!("### Picks\n**{label}**\n- [A](https://a.com)\n");
            let got = picks(&md, &[]);
            assert_eq!(
                got,
                vec![(who.iter().map(|s| s.to_string()).collect(), "A".into(), Some("https://a.com".into()))],
                "{label}"
            );
        }
    }
}
