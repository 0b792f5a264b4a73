//! People of the notes: hosts and panelists, guests, with their profile links.
//!
//! Sources, strongest first: Panel/Host/Guest sections and inline role labels
//! (`**Host:** A **Guest:** B`, `Joined by Special Guest: X`), timestamped introductions
//! (`02:35 - Thomas Burleson Introduction`, whose sub-bullets are their links), a panel named
//! only in prose ("A, B, and C talk about..."), and, when the notes name no guest, the title
//! ("... with Jane Doe and John Roe").

use crate::model::{PersonMention, Role};

use super::lines::{Block, Line};
use super::sections::{Kind, Mark, leading_label};
use super::text::{clean_name, fold, is_honorific, is_name_token, is_not_name_word, is_particle, is_person_name};

/// Collects the people of a page, de-duplicated by folded name.
#[derive(Debug, Default)]
pub(crate) struct People {
    pub list: Vec<PersonMention>,
    /// Folded names, parallel to `list`.
    keys: Vec<String>,
}

impl People {
    pub(crate) fn add(&mut self, name: &str, role: Role, links: Vec<String>, line: u32) {
        let name = clean_name(name);
        if name.is_empty() {
            return;
        }
        let key = fold(&name);
        if let Some(i) = self.keys.iter().position(|k| *k == key) {
            let p = &mut self.list[i];
            // Listed twice: one mention; a guest listing is the more specific role.
            if role == Role::Guest {
                p.role = Role::Guest;
            }
            for l in links {
                if !p.links.contains(&l) {
                    p.links.push(l);
                }
            }
            return;
        }
        let mut links = links;
        let mut seen = Vec::with_capacity(links.len());
        links.retain(|l| {
            let new = !seen.contains(l);
            seen.push(l.clone());
            new
        });
        self.list.push(PersonMention { name, role, links, line });
        self.keys.push(key);
    }

    pub(crate) fn has_role(&self, role: Role) -> bool {
        self.list.iter().any(|p| p.role == role)
    }

    pub(crate) fn find(&self, name: &str) -> Option<&PersonMention> {
        let key = fold(name);
        self.keys.iter().position(|k| *k == key).map(|i| &self.list[i])
    }
}

fn role_of(kind: Kind) -> Option<Role> {
    match kind {
        Kind::Panel => Some(Role::Panelist),
        Kind::Host => Some(Role::Host),
        Kind::Guest => Some(Role::Guest),
        _ => None,
    }
}

/// First names known on the page (pick headings, tags, speaker labels): they tell where one
/// name ends in a run-on list ("Charles Max Wood Dave Kimura David Richards").
#[derive(Debug, Default)]
pub(crate) struct FirstNames(pub Vec<String>, pub TitleKey);

/// The episode title (folded and padded with spaces) and the guests it names, to confirm
/// names found in messy text.
#[derive(Debug, Default)]
pub(crate) struct TitleKey(pub String, pub Vec<String>);

impl TitleKey {
    pub(crate) fn new(title: &str) -> Self {
        // The folded title padded in place (every page builds one): no second copy through
        // `format!`.
        let mut padded = fold(title);
        padded.insert(0, ' ');
        padded.push(' ');
        TitleKey(padded, title_guests(title))
    }

    /// Whether the title names `name`: as whole words, or as one of its guests (allowing a
    /// spelling slip, "Eric Simmons" for "Eric Simons").
    pub(crate) fn names(&self, name: &str) -> bool {
        let k = fold(name);
        !k.is_empty() && (self.0.contains(&format!(" {k} ")) || self.guest(name))
    }

    /// Whether `name` is one of the title's guests (as many words, close spelling).
    pub(crate) fn guest(&self, name: &str) -> bool {
        let n = name.split_whitespace().count();
        self.1.iter().any(|g| g.split_whitespace().count() == n && super::names::same_person(g, name))
    }
}

impl FirstNames {
    fn contains(&self, tok: &str) -> bool {
        if self.0.is_empty() {
            return false;
        }
        if tok.bytes().all(|b| b.is_ascii_alphabetic()) {
            return self.0.iter().any(|f| f.eq_ignore_ascii_case(tok));
        }
        let k = fold(tok);
        !k.is_empty() && self.0.contains(&k)
    }
}

/// A name found in a chunk of text, with its profile links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub name: String,
    pub links: Vec<String>,
}

/// Profile-ish link texts: a link with such a text after a name belongs to that person.
fn is_profile_text(t: &str) -> bool {
    let l = t.trim().to_lowercase();
    l.starts_with('@')
        || [
            "twitter",
            "github",
            "git",
            "blog",
            "website",
            "site",
            "homepage",
            "home page",
            "linkedin",
            "medium",
            "youtube",
            "facebook",
            "instagram",
            "web",
            "dev.to",
            "email",
            "codepen",
            "stackoverflow",
            "stack overflow",
            "personal site",
            "company",
        ]
        .iter()
        .any(|p| l == *p || l.starts_with(p))
}

/// Names in `line.text[a..b]`: linked names, plain names separated by commas/"and", run-on
/// names, each with the links given after it (in parentheses or as profile links).
pub(crate) fn names_in(line: &Line, a: usize, b: usize, firsts: &FirstNames, guest: bool) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut depth = 0i32;
    let mut pos = a;
    let text = &line.text;
    let links: Vec<_> = line.links_in(a, b).collect();
    let mut li = 0;
    let mut stop = false;
    while pos < b && !stop {
        let next_link = links.get(li).map(|l| l.start).unwrap_or(b).min(b);
        if pos < next_link {
            let seg = &text[pos..next_link];
            stop = plain_names(seg, &mut depth, &mut out, firsts, guest);
            pos = next_link;
            continue;
        }
        let Some(link) = links.get(li) else { break };
        li += 1;
        let end = link.end.min(b).max(link.start);
        // "Charles Ma[x Wood](..)": a link glued to the letters before it only continues
        // the plain name; its text is read as text.
        let glued = depth == 0
            && link.start > a
            && !links.iter().any(|l| l.end == link.start)
            && text[..link.start].ends_with(char::is_alphabetic)
            && text[link.start..end].starts_with(char::is_alphabetic);
        if glued {
            if let Some(last) = out.last_mut() {
                let ltext = &text[link.start..end];
                let mut joined = last.name.clone();
                let mut words = ltext.split_whitespace();
                joined.push_str(words.next().unwrap_or(""));
                for w in words {
                    joined.push(' ');
                    joined.push_str(w);
                }
                if is_person_name(&joined, false) {
                    last.name = joined;
                }
            }
            pos = end.max(pos + 1);
            continue;
        }
        let ltext = clean_name(&text[link.start..end]);
        let url_ok = looks_like_url(&link.url);
        if depth == 0 && is_person_name(&ltext, firsts.contains(&ltext)) {
            out.push(Found { name: ltext, links: if url_ok { vec![link.url.clone()] } else { vec![] } });
        } else if let Some(last) = out.last_mut()
            && url_ok
            && (depth > 0 || is_profile_text(&text[link.start..end]))
        {
            last.links.push(link.url.clone());
        }
        pos = end.max(pos + 1);
    }
    out
}

/// Whether a link target is a URL rather than a slip (`[amazon](Jamison)`).
pub(crate) fn looks_like_url(u: &str) -> bool {
    let u = u.trim();
    if u.is_empty() || u.contains(' ') {
        return false;
    }
    u.starts_with("http://")
        || u.starts_with("https://")
        || u.starts_with("mailto:")
        || u.starts_with("//")
        || u.starts_with('/')
        || u.split('/').next().is_some_and(|host| {
            host.contains('.')
                && host.rsplit('.').next().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
        })
}

/// Plain-text names of a segment; returns true once prose starts (nothing more to read).
fn plain_names(seg: &str, depth: &mut i32, out: &mut Vec<Found>, firsts: &FirstNames, guest: bool) -> bool {
    let mut run: Vec<&str> = Vec::new();
    let mut words = Vec::new();
    // Drop parenthesised parts (link groups, handles) while keeping depth across segments.
    let mut buf = String::with_capacity(seg.len());
    for c in seg.chars() {
        match c {
            '(' => {
                // What follows a name in parentheses (links, handles) ends that name.
                buf.push_str(" , ");
                *depth += 1;
            }
            ')' => *depth = (*depth - 1).max(0),
            _ if *depth > 0 => {}
            ',' | ';' | '&' | '/' | '|' | '+' => buf.push_str(" , "),
            c => buf.push(c),
        }
    }
    for w in buf.split_whitespace() {
        // "Wood1:50 - Introducing": a timestamp glued to the last name.
        let cut = w
            .char_indices()
            .find(|&(i, c)| i > 0 && c.is_ascii_digit() && w[..i].ends_with(char::is_alphabetic))
            .map_or(w.len(), |(i, _)| i);
        words.push(&w[..cut]);
        if cut < w.len() {
            // What follows the glued timestamp is a topic, not more names.
            words.push("0");
        }
    }
    let mut prose = false;
    fn clean(w: &str) -> &str {
        w.trim_matches(|c: char| matches!(c, '*' | '_' | '"' | '“' | '”' | '\\' | '`'))
    }
    let is_name_word = |core: &str| is_name_token(core) && !is_not_name_word(core) && !is_all_caps_word(core);
    for (k, &w) in words.iter().enumerate() {
        let t = clean(w);
        let is_dash = t == "-" || t == "–" || t == "—";
        // A guest's name is followed by what they do: "Mike Grabowski - Haul".
        if guest && is_dash && (!out.is_empty() || run.len() >= 2) {
            flush_guest_run(&mut run, out, firsts);
            prose = true;
            break;
        }
        let is_sep = t == "," || t == "and" || is_dash || t.is_empty();
        if is_sep || t.starts_with('@') {
            flush_guest_or_run(guest, &mut run, out, firsts);
            continue;
        }
        let core = t.trim_end_matches([',', ':', ';']);
        // "Peggy Rayzis. Talking about...": a word ending a sentence ends the names.
        let sentence_end = core.ends_with('.')
            && core.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && !core[..core.len() - 1].contains('.')
            && !is_honorific(core);
        let core = if sentence_end { core.trim_end_matches('.') } else { core };
        if is_name_word(core) || (!run.is_empty() && is_particle(core)) {
            run.push(core);
            if sentence_end {
                flush_guest_or_run(guest, &mut run, out, firsts);
                prose = true;
                break;
            }
            if guest && t.trim_end_matches(['*', '_']).ends_with(':') {
                // "Microsoft Team: Keith Ballinger and ...": a group label before the names;
                // "Naoufal Kadhom: Payment Processing": the guest, then a topic.
                let next_is_name = words[k + 1..]
                    .iter()
                    .map(|w| clean(w).trim_end_matches([',', ':', ';']))
                    .filter(|w| !w.is_empty())
                    .take(2)
                    .filter(|w| is_name_word(w))
                    .count()
                    == 2;
                if next_is_name && out.is_empty() && !firsts.1.names(&run.join(" ")) {
                    run.clear();
                    continue;
                }
                flush_guest_run(&mut run, out, firsts);
                prose = true;
                break;
            }
            if core.len() < t.len() {
                flush_guest_or_run(guest, &mut run, out, firsts);
            }
        } else {
            // Names come first in a role chunk; the first other word starts prose, and a
            // lone first name right before it is that sentence's subject ("John both work").
            if run.len() > 1 || out.is_empty() {
                flush_guest_or_run(guest, &mut run, out, firsts);
            }
            run.clear();
            prose = true;
            break;
        }
    }
    if !prose {
        flush_guest_or_run(guest, &mut run, out, firsts);
    }
    prose
}

fn flush_guest_or_run(guest: bool, run: &mut Vec<&str>, out: &mut Vec<Found>, firsts: &FirstNames) {
    if guest { flush_guest_run(run, out, firsts) } else { flush_run(run, out, firsts) }
}

/// A guest run: guests are listed with separators, so a long run of capitalised words is
/// one name followed by a topic or company ("Ben Hseih React Native File System").
/// Guests run together without separators ("Eric Simmons Albert Pai") are kept when the title
/// names them; otherwise only the first name of the run is.
fn flush_guest_run(run: &mut Vec<&str>, out: &mut Vec<Found>, firsts: &FirstNames) {
    if run.len() > 3 && !run.iter().all(|t| firsts.contains(t)) && !firsts.1.names(&run.join(" ")) {
        let named: Vec<String> = segment(run, firsts).into_iter().filter(|n| firsts.1.guest(n)).collect();
        if named.is_empty() {
            run.truncate(2);
        } else {
            for name in named {
                out.push(Found { name, links: Vec::new() });
            }
            run.clear();
            return;
        }
    }
    flush_run(run, out, firsts);
}

fn is_all_caps_word(t: &str) -> bool {
    t.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !t.chars().any(char::is_lowercase)
}

/// Turns a run of name tokens into one or more names.
fn flush_run(run: &mut Vec<&str>, out: &mut Vec<Found>, firsts: &FirstNames) {
    if run.is_empty() {
        return;
    }
    let names = segment(run, firsts);
    // A lone first name only counts in a run made of first names ("Gui Jaim Erica");
    // "John Baur Paul and John both work..." ends in prose, not in a third person.
    let all_single = names.iter().all(|n| !n.contains(' '));
    for name in names {
        let single_ok = all_single && firsts.contains(&name);
        if is_person_name(&name, single_ok) {
            out.push(Found { name, links: Vec::new() });
        }
    }
    run.clear();
}

/// Splits run-on names: at known first names, after initials ("Phillip M."), and otherwise
/// in pairs (the first name taking three tokens when the count is odd).
pub(crate) fn segment(run: &[&str], firsts: &FirstNames) -> Vec<String> {
    // A run made only of first names the page uses alone: one person each ("Gui Jaim Erica").
    if run.len() > 1 && run.iter().all(|t| firsts.contains(t)) {
        return run.iter().map(|t| t.to_string()).collect();
    }
    // Most runs are one name of one or two words. Two words never split below (a known first
    // name starts a new name only after two words), and a name of up to three words is kept
    // whole: the one name is the whole run, without building the chunks.
    if run.len() <= 2 {
        return vec![run.join(" ")];
    }
    let mut chunks: Vec<Vec<&str>> = vec![Vec::new()];
    for (i, t) in run.iter().enumerate() {
        let cur = chunks.last_mut().expect("never empty");
        // A first name the page uses on its own starts a new name, unless that would leave
        // a lone word behind ("Charles Max Wood" when someone else is "Max"). A middle
        // initial stays inside its name ("David J. Soler").
        let known_first = i > 0 && firsts.contains(t) && !is_particle(run[i - 1]) && cur.len() >= 2;
        if known_first {
            chunks.push(vec![t]);
        } else {
            cur.push(t);
        }
    }

    let mut out = Vec::new();
    for c in chunks {
        if c.len() <= 3 || firsts.0.is_empty() && c.len() <= 3 {
            out.push(c.join(" "));
            continue;
        }
        // No evidence inside: pairs, the first one of three when odd.
        let mut i = 0;
        if c.len() % 2 == 1 {
            out.push(c[..3].join(" "));
            i = 3;
        }
        while i + 1 < c.len() {
            out.push(c[i..i + 2].join(" "));
            i += 2;
        }
    }
    out
}

/// Inline role labels inside a line: (offset of label start, offset of content, role).
fn role_labels(line: &Line) -> Vec<(usize, usize, Role)> {
    let text = &line.text;
    let mut out = Vec::new();
    // A role label counts only before a colon: most lines have none, and a word needs a
    // look only when the next colon is near.
    // (`:` is ASCII: a byte search finds the same offsets, without a char searcher per line.)
    let Some(mut colon) = memchr::memchr(b':', text.as_bytes()) else {
        return out;
    };
    let mut prev_alnum = false;
    for (i, c) in text.char_indices() {
        let word_start = !prev_alnum && c.is_alphabetic();
        prev_alnum = c.is_alphanumeric();
        // Cheap filters first: role words start with one of these letters and end in a colon
        // a few words later.
        if !word_start
            || !matches!(c.to_ascii_lowercase(), 'p' | 'h' | 'g' | 's' | 'j' | 'w' | 'f' | 'c' | 'o' | 't' | 'y')
        {
            continue;
        }
        if colon < i {
            match memchr::memchr(b':', &text.as_bytes()[i..]) {
                Some(at) => colon = i + at,
                None => break,
            }
        }
        if colon >= i + 48 {
            continue;
        }
        if let Some((kind, off, colon)) = leading_label(&text[i..]) {
            // Mid-line, only a bold label counts: "4:53 – Guest: The UK is cold" is a speaker.
            let at_start = text[..i].trim_matches(|c: char| c == '*' || c == '_' || c == ' ').is_empty();
            let bold = line.is_bold(i, (i + off).min(text.len()));
            if let (Some(role), true, true) = (role_of(kind), colon, at_start || bold)
                && out.last().is_none_or(|&(_, end, _)| i >= end)
            {
                out.push((i, i + off, role));
            }
        }
    }
    out
}

/// Everything people-related in the notes.
pub(crate) fn extract(lines: &[Line], marks: &[Mark], firsts: &FirstNames, people: &mut People) {
    // One list for every line's chunks (most lines of a section have one).
    let mut chunks: Vec<(usize, usize, Role)> = Vec::new();
    for (idx, (line, mark)) in lines.iter().zip(marks).enumerate() {
        let section_role = role_of(mark.kind);
        if matches!(mark.kind, Kind::Picks | Kind::Links | Kind::Sponsors) && !mark.header {
            continue;
        }
        let labels = role_labels(line);
        if labels.is_empty() && section_role.is_none() {
            continue;
        }
        // Content before the first inline label belongs to the section's role.
        chunks.clear();
        let first_label = labels.first().map_or(line.text.len(), |l| l.0);
        if let Some(role) = section_role {
            let from = mark.from.min(first_label);
            if from < first_label {
                chunks.push((from, first_label, role));
            }
        }
        for (k, &(_, content, role)) in labels.iter().enumerate() {
            let end = labels.get(k + 1).map_or(line.text.len(), |l| l.0);
            chunks.push((content.min(end), end, role));
        }
        for &(a, b, role) in &chunks {
            for f in names_in(line, a, b, firsts, role == Role::Guest) {
                people.add(&f.name, role, f.links, line.no);
            }
        }
        let _ = idx;
    }
}

/// `02:35 - Thomas Burleson Introduction`: a guest whose profile links are the sub-bullets.
pub(crate) fn introductions(lines: &[Line], marks: &[Mark], people: &mut People) -> bool {
    // One searcher for every line (a `str::find` builds a new one per call).
    static INTRODUCTION: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(" Introduction"));
    let before = people.list.len();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if matches!(marks[i].kind, Kind::Picks | Kind::Links | Kind::Sponsors) {
            i += 1;
            continue;
        }
        let mut found = Vec::new();
        let text = &line.text;
        let mut from = 0;
        while let Some(n) = INTRODUCTION.find(&text.as_bytes()[from..]) {
            let at = from + n;
            from = at + " Introduction".len();
            let after_ok = text[from..].chars().next().is_none_or(|c| !c.is_alphabetic());
            if !after_ok {
                continue;
            }
            // Walk back over the name to the timestamp.
            let before = &text[..at];
            let Some(ts_end) = timestamp_before(before) else {
                continue;
            };
            let name = before[ts_end..].trim_start_matches([' ', '-', '–', ':']).trim();
            let name = clean_name(name);
            if is_person_name(&name, false) {
                found.push(name);
            }
        }
        if found.is_empty() {
            i += 1;
            continue;
        }
        // Sub-bullets right below (until the next non-item line) hold the links.
        let mut links = Vec::new();
        let mut j = i + 1;
        while j < lines.len() && matches!(lines[j].block, Block::Item) && found.len() == 1 {
            let l = &lines[j];
            if l.links.len() == 1 && is_profile_text(&l.text[l.links[0].start..l.links[0].end]) {
                links.push(l.links[0].url.clone());
            }
            j += 1;
        }
        for name in found {
            if people.find(&name).is_none() {
                people.add(&name, Role::Guest, std::mem::take(&mut links), line.no);
            }
        }
        i += 1;
    }
    people.list.len() > before
}

/// Byte offset just after the last timestamp (`02:35`, `1:02:03`) in `s` if it is followed
/// only by a name.
fn timestamp_before(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut end = None;
    let mut i = 0;
    while i + 3 < bytes.len() + 1 {
        if i + 4 <= bytes.len()
            && bytes[i].is_ascii_digit()
            && (bytes[i + 1] == b':' || (bytes[i + 1].is_ascii_digit() && bytes.get(i + 2) == Some(&b':')))
        {
            let mut j = i;
            while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b':') {
                j += 1;
            }
            if j - i >= 4 && (i == 0 || !bytes[i - 1].is_ascii_digit()) {
                end = Some(j);
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    let e = end?;
    let name = s[e..].trim_start_matches([' ', '-', '–', ':']);
    (name.split_whitespace().count() <= 4).then_some(e)
}

/// Guests named by the title: "... with Jane Doe and John Roe", "... feat. Jane Doe of Acme"
/// (the last connector).
pub(crate) fn title_guests(title: &str) -> Vec<String> {
    let lower = title.to_lowercase();
    // "with", or "feat." / "ft." / "featuring" (the last connector wins).
    let Some((at, len)) = last_connector(&lower) else {
        return Vec::new();
    };
    let rest = &title[at + len..];
    let mut out = Vec::new();
    // Parts between commas and ampersands, split in place. (U+0001 splits too, as it did when
    // both were turned into it in a copy of the text; only an escaped title can hold one.)
    for part in rest.split([',', '&', '\u{1}']).flat_map(|p| p.split(" and ")) {
        let toks: Vec<&str> = part
            .split_whitespace()
            .map(|t| t.trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '(' | ')' | ':' | '!' | '?')))
            .take_while(|t| (is_name_token(t) && !is_all_caps_word(t) && !is_not_name_word(t)) || is_particle(t))
            .collect();
        let name = toks.join(" ");
        if part.trim().is_empty() {
            continue;
        }
        // Every part after "with" must be a person ("with Unit Testing, GraphQL and
        // Firebase Auth" names topics, not guests).
        if toks.len() < 2 || !is_person_name(&name, false) {
            return Vec::new();
        }
        out.push(name);
    }
    out
}

/// Connectors before a title's guests.
const CONNECTORS: [&str; 5] = [" with ", " feat. ", " feat ", " ft. ", " featuring "];

/// Where the last of the [`CONNECTORS`] starts in `lower`, and its length. Each starts with a
/// space: the spaces are tried from the end, so the first hit is the rightmost match of any
/// connector, as the largest of their `rfind`s (two connectors never match at one offset).
fn last_connector(lower: &str) -> Option<(usize, usize)> {
    let bytes = lower.as_bytes();
    memchr::memrchr_iter(b' ', bytes).find_map(|i| {
        let rest = &bytes[i..];
        // Only "w" and "f" follow the space of a connector: most spaces are done here.
        if !matches!(rest.get(1), Some(b'w' | b'f')) {
            return None;
        }
        CONNECTORS.iter().find(|c| rest.starts_with(c.as_bytes())).map(|c| (i, c.len()))
    })
}

/// The speakers of a conference-talk title: "Robots Love JavaScript Too - Brad Midgley - JS
/// Remote Conf 2015", "Angular Q&A - Brad Green, Igor Minar, and Miško Hevery - JS Remote Conf
/// 2015" (the segment before a last one that ends in a year).
pub(crate) fn title_speakers(title: &str) -> Vec<String> {
    let segs = title_segments(title, &[" - ", " – ", " — "]);
    let [.., speakers, conf] = segs.as_slice() else {
        return Vec::new();
    };
    let year = conf.split_whitespace().last().is_some_and(|y| {
        y.len() == 4 && (y.starts_with("19") || y.starts_with("20")) && y.bytes().all(|b| b.is_ascii_digit())
    });
    if segs.len() < 3 || !year {
        return Vec::new();
    }
    let cleaned = speakers.replace(", and ", ",").replace(" and ", ",").replace(" & ", ",");
    let names: Vec<String> = cleaned.split(',').map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect();
    let ok = !names.is_empty()
        && names.iter().all(|n| (2..=4).contains(&n.split_whitespace().count()) && is_person_name(n, false));
    if ok { names } else { Vec::new() }
}

/// Splits a title at any of `seps`.
fn title_segments<'a>(title: &'a str, seps: &[&str]) -> Vec<&'a str> {
    let mut out = vec![title];
    for sep in seps {
        out = out.into_iter().flat_map(|s| s.split(sep)).collect();
    }
    out.into_iter().map(str::trim).filter(|s| !s.is_empty()).collect()
}

/// A person the title names alone, without a connector: "MRS 012 Simon Moro", "MAS 005 Jeff
/// Whelpley: My Angular Story", "#1 My Angular Story Tero Parviainen", "Sam Julien Interview -
/// Gatsby". A title segment that, once the show code, number and "My ... Story" are dropped,
/// is exactly a two- or three-word name. The caller confirms it on the page.
pub(crate) fn title_subjects(title: &str) -> Vec<String> {
    let mut out = Vec::new();
    for seg in title_segments(title, &[" - ", " – ", " — ", ": ", " | ", "(", ")"]) {
        let mut toks: Vec<&str> = seg.split_whitespace().map(|t| t.trim_end_matches(['.', ','])).collect();
        // Show code and number: "MRS", "012", "#1", "MAS:".
        while let Some(t) = toks.first() {
            let core = t.trim_matches(|c: char| matches!(c, ':' | '#' | '.' | '–' | '-'));
            let code = core.len() >= 2 && core.chars().all(|c| c.is_ascii_uppercase());
            if core.is_empty() || core.chars().all(|c| c.is_ascii_digit()) || code {
                toks.remove(0);
            } else {
                break;
            }
        }
        // "My Angular Story", "My JS Story".
        if toks.first() == Some(&"My")
            && let Some(k) = toks.iter().take(4).position(|t| *t == "Story")
        {
            toks.drain(..=k);
        }
        if toks.last().is_some_and(|t| t.eq_ignore_ascii_case("interview")) {
            toks.pop();
        }
        let name = toks.join(" ");
        if (2..=3).contains(&toks.len())
            && toks.iter().all(|t| is_name_token(t) && !is_all_caps_word(t))
            && is_person_name(&name, false)
        {
            out.push(name);
        }
    }
    out
}

/// Whether the name list ending before token `end` follows "panelists" / "panel".
fn introduced_by_panel(toks: &[&str], end: usize, n_names: usize) -> bool {
    // Walk back over the list (names, commas, "and") to the word before it.
    let mut names_seen = 0;
    let mut k = end;
    while k > 0 {
        k -= 1;
        let t = toks[k].trim_end_matches([',', ';']);
        if t.eq_ignore_ascii_case("and") {
            continue;
        }
        let w = t.to_lowercase();
        if matches!(w.as_str(), "panelists" | "panelist" | "panel" | "hosts") {
            return names_seen >= n_names.min(2);
        }
        if is_name_token(t) || is_particle(t) {
            if toks[k].ends_with(',') || k + 1 == end {
                names_seen += 1;
            }
            continue;
        }
        return false;
    }
    false
}

/// "... and our special guest Shayne Boyer": the name after "guest(s)".
fn special_guest_after(toks: &[&str]) -> Option<String> {
    let at = toks.iter().position(|t| matches!(t.to_lowercase().trim_end_matches([',', ':']), "guest" | "guests"))?;
    let mut guest: Vec<&str> = Vec::new();
    for raw in toks[at + 1..].iter().take(3) {
        let t = raw.trim_end_matches([',', '.', ';', ':']);
        if !is_name_token(t) || is_not_name_word(t) {
            break;
        }
        guest.push(t);
        if t.len() < raw.len() {
            break;
        }
    }
    let g = guest.join(" ");
    (at < 6 && is_person_name(&g, false)).then_some(g)
}

/// A panel (and guest) named only in prose: "Charles Max Wood, Alyssa Nicoll, Joe Eames, and
/// Ward Bell talk about...", "Charles Max Wood welcomes Jon Schlinkert". Returns (panel, guests).
pub(crate) fn prose_panel(line: &Line) -> (Vec<String>, Vec<String>) {
    const GROUP_VERBS: &[&str] = &[
        "talk",
        "discuss",
        "chat",
        "speak",
        "sit",
        "are",
        "interview",
        "welcome",
        "go",
        "dive",
        "cover",
        "share",
        "answer",
        "explore",
        "delve",
        "take",
        "look",
        "get",
        "debate",
    ];
    const HOST_VERBS: &[&str] = &["welcomes", "interviews"];
    // The sentence naming the panel opens the notes; deep inside a long paragraph a list of
    // names is about something else.
    let toks: Vec<&str> = line.text.split_whitespace().take(60).collect();
    let mut names: Vec<String> = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    // A finished candidate joins the list if it is a full name; anything else breaks the list.
    let complete = |run: &mut Vec<&str>, names: &mut Vec<String>| {
        let n = run.join(" ");
        run.clear();
        if is_person_name(&n, false) && n.split(' ').count() <= 3 {
            names.push(n);
        } else {
            names.clear();
        }
    };
    for (i, raw) in toks.iter().enumerate() {
        let t = raw.trim_end_matches([',', ';']);
        // Prose is loose, so only mixed-case name words count here ("JS Story" is no name).
        let caps = t.chars().filter(|c| c.is_uppercase()).count() > 1 && !t.chars().skip(1).any(char::is_lowercase);
        if (is_name_token(t) && !is_not_name_word(t) && !caps) || (!run.is_empty() && is_particle(t)) {
            run.push(t);
            if t.len() < raw.len() {
                complete(&mut run, &mut names);
            }
            continue;
        }
        if !run.is_empty() {
            complete(&mut run, &mut names);
        }
        let verb = t.to_lowercase();
        let verb = verb.trim_end_matches(['.', ':']);
        if verb == "and" && !names.is_empty() {
            continue;
        }
        // "panelists Ward Bell, Joe Eames, ... and our special guest Shayne Boyer".
        if names.len() >= 2 && introduced_by_panel(&toks, i, names.len()) {
            let guest = special_guest_after(&toks[i..]);
            return (names, guest.into_iter().collect());
        }
        if !names.is_empty() && HOST_VERBS.contains(&verb) {
            // The host is the subject right before the verb.
            let host = names.last().cloned().into_iter().collect::<Vec<_>>();
            // "X welcomes Y": Y is the guest.
            let mut guest: Vec<&str> = Vec::new();
            for raw in toks[i + 1..].iter().take(3) {
                let t = raw.trim_end_matches([',', '.', ';', ':']);
                if !is_name_token(t) || is_not_name_word(t) {
                    break;
                }
                guest.push(t);
                if t.len() < raw.len() {
                    break;
                }
            }
            let g = guest.join(" ");
            if is_person_name(&g, false) {
                return (host, vec![g]);
            }
            names.clear();
            continue;
        }
        if names.len() >= 2 && GROUP_VERBS.iter().any(|v| verb == *v || verb.strip_suffix('s') == Some(v)) {
            return (names, Vec::new());
        }
        names.clear();
    }
    (Vec::new(), Vec::new())
}

#[cfg(test)]
mod tests {
    use super::super::lines::build;
    use super::super::sections::{mark, split_glued};
    use super::*;

    fn people_of(md: &str, firsts: &[&str]) -> Vec<(String, Role, Vec<String>)> {
        let lines = split_glued(build(md, 1));
        let marks = mark(&lines);
        let firsts = FirstNames(firsts.iter().map(|s| fold(s)).collect(), TitleKey::default());
        let mut p = People::default();
        extract(&lines, &marks, &firsts, &mut p);
        introductions(&lines, &marks, &mut p);
        p.list.into_iter().map(|p| (p.name, p.role, p.links)).collect()
    }

    #[test]
    fn short_runs_are_one_name_unless_all_first_names() {
        let none = FirstNames::default();
        let firsts = FirstNames(vec!["max".into(), "dave".into()], TitleKey::default());
        assert_eq!(segment(&[], &none), [""]);
        assert_eq!(segment(&["Rob"], &firsts), ["Rob"]);
        assert_eq!(segment(&["Rob", "Max"], &firsts), ["Rob Max"]);
        assert_eq!(segment(&["Max", "Dave"], &firsts), ["Max", "Dave"]);
        assert_eq!(segment(&["Charles", "Max", "Wood"], &firsts), ["Charles Max Wood"]);
        assert_eq!(segment(&["Charles", "Wood", "Dave", "Kimura"], &firsts), ["Charles Wood", "Dave Kimura"]);
    }

    #[test]
    fn panel_list_with_link_groups() {
        let md = "### Panel\n\n- Steven Sanderson ([twitter](https://twitter.com/ss)&nbsp;[github](https://github.com/ss))\n- [Aimee Knight](https://twitter.com/aimee)\n- Caleb Wells\u{200b}\n";
        let p = people_of(md, &[]);
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].0, "Steven Sanderson");
        assert_eq!(p[0].2, vec!["https://twitter.com/ss", "https://github.com/ss"]);
        assert_eq!(p[1], ("Aimee Knight".into(), Role::Panelist, vec!["https://twitter.com/aimee".into()]));
        assert_eq!(p[2].0, "Caleb Wells");
    }

    #[test]
    fn special_guest_line() {
        let md = "### Panel\n\n- Charles Max Wood\n- Mark Ericksen\nJoined by Special Guest: Mika Kalathil\n\n**Special Guest:** **Sherry Walling, Ph.D.**\n";
        let p = people_of(md, &[]);
        assert_eq!(p[1], ("Mark Ericksen".into(), Role::Panelist, vec![]));
        assert_eq!(p[2], ("Mika Kalathil".into(), Role::Guest, vec![]));
        assert_eq!(p[3], ("Sherry Walling".into(), Role::Guest, vec![]));
    }

    #[test]
    fn host_and_guest_on_one_line_and_run_on_panel() {
        let md = "**Host:&nbsp;** Charles Max Wood **Guest:** &nbsp;Sebastian Sogamoso\n";
        let p = people_of(md, &[]);
        assert_eq!(p[0], ("Charles Max Wood".into(), Role::Host, vec![]));
        assert_eq!(p[1], ("Sebastian Sogamoso".into(), Role::Guest, vec![]));
        let md =
            "**Panel:** Charles Max Wood Dave Kimura David Richards In this episode, Charles, Dave and David talk.\n";
        let p = people_of(md, &["Dave", "David", "Charles"]);
        let names: Vec<_> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["Charles Max Wood", "Dave Kimura", "David Richards"]);
        let md = "**Panel:** Kai Davis Jonathan Stark In this episode...\n";
        let names: Vec<_> = people_of(md, &[]).into_iter().map(|x| x.0).collect();
        assert_eq!(names, ["Kai Davis", "Jonathan Stark"]);
    }

    #[test]
    fn flattened_panel_with_link_words() {
        let md = format!(
            "Panel Curtis McHale (twitter github blog) Eric Davis (twitter github blog) Charles Max Wood (twitter github Teach Me To Code) Discussion 01:30 - Rates {}\n",
            "word ".repeat(20)
        );
        let names: Vec<_> = people_of(&md, &[]).into_iter().map(|x| x.0).collect();
        assert_eq!(names, ["Curtis McHale", "Eric Davis", "Charles Max Wood"]);
    }

    #[test]
    fn guest_introduced_by_timestamp() {
        let md = "02:35 - Thomas Burleson Introduction\n\n- [Twitter](https://twitter.com/tb)\n- [Acme](https://acme.com)\n\n03:00 - Things\n";
        let p = people_of(md, &[]);
        assert_eq!(p, vec![("Thomas Burleson".into(), Role::Guest, vec!["https://twitter.com/tb".into()])]);
    }

    #[test]
    fn guest_from_title_when_notes_name_none() {
        assert_eq!(
            title_guests("023 AiA Back& with Itay Herskovits and Relly Rivlan"),
            ["Itay Herskovits", "Relly Rivlan"]
        );
        assert_eq!(title_guests("EMx 071: The Problem with Dialyzer with Chris Keathley"), ["Chris Keathley"]);
        assert!(title_guests("RR 382: When to Build, When to Buy with the Panelists").is_empty());
        assert!(title_guests("JSJ 1: Testing with Special Guest").is_empty());
        assert_eq!(title_guests("AiA 245: CosmosDB with Steve Faulkner LIVE at Microsoft BUILD"), ["Steve Faulkner"]);
        assert_eq!(title_guests("X with Jane Roe\u{1}John Doe & Ann Lee"), ["Jane Roe", "John Doe", "Ann Lee"]);
    }

    #[test]
    fn last_connector_is_the_rightmost_rfind() {
        let by_rfind = |lower: &str| {
            CONNECTORS.iter().filter_map(|c| lower.rfind(c).map(|i| (i, c.len()))).max_by_key(|&(i, _)| i)
        };
        for t in [
            "",
            " ",
            "with",
            " with ",
            " with with ",
            "a with b feat. c",
            "a feat c with d",
            "x ft. y",
            "x featuring y feat z",
            "x feat.  y",
            "x feat.feat y",
            "a  featuring ",
            " ft.",
            "with ",
            "  feat feat ",
            "Zoë with Jöe feat. Ünal",
            "x\u{a0}with y",
            "x\twith y with\tz",
            "no connector here",
        ] {
            let lower = t.to_lowercase();
            assert_eq!(last_connector(&lower), by_rfind(&lower), "{t:?}");
        }
    }

    #[test]
    fn panel_in_prose() {
        let l = &build(
            "On today’s episode, Charles Max Wood, Alyssa Nicoll, Joe Eames, and Ward Bell talk about Angular.\n",
            1,
        )[0];
        assert_eq!(prose_panel(l).0, ["Charles Max Wood", "Alyssa Nicoll", "Joe Eames", "Ward Bell"]);
        let l = &build("Charles Max Wood welcomes Jon Schlinkert to the show.\n", 1)[0];
        assert_eq!(prose_panel(l), (vec!["Charles Max Wood".into()], vec!["Jon Schlinkert".into()]));
        let l = &build("The panel talks about React.\n", 1)[0];
        assert_eq!(prose_panel(l), (vec![], vec![]));
    }
}
