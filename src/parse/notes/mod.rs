//! The show notes under the front matter: people, sponsors, links, picks and the summary.
//!
//! Pipeline: [`scope`] cuts the notes off the transcript (which is never Markdown-parsed);
//! [`lines`] turns the notes into logical lines with links and page line numbers;
//! [`sections`] marks which lines are Panel, Guests, Sponsors, Picks, Links...; then
//! [`people`], [`sponsors`] and [`picks`] read their sections, and [`names`] resolves short
//! names against the page (and, lazily, its transcript). Every rule here is about the shape of
//! the notes, never about a particular show, file or person.

mod lines;
mod names;
mod people;
mod picks;
mod scope;
mod sections;
mod sponsors;
mod text;

use std::rc::Rc;
use std::sync::Arc;

use crate::model::{EpisodeLinks, PersonMention, PickMention, Role, Severity, SponsorMention};

use lines::{Block, Line};
use names::{Resolved, Resolver};
use people::{FirstNames, People, TitleKey};
use sections::{Kind, Mark};
use text::fold;
#[cfg(test)]
pub(crate) use text::has_combining_class;

/// Everything the notes of one page say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    pub people: Vec<PersonMention>,
    pub sponsors: Vec<SponsorMention>,
    pub picks: Vec<PickMention>,
    pub links: EpisodeLinks,
    pub summary: Option<String>,
    /// (page line, severity, message)
    pub diagnostics: Vec<(u32, Severity, String)>,
    /// Which rules fired on this page, as bits of [`RULES`] (for corpus statistics).
    pub rules: u32,
}

/// Names of the rule bits in [`Notes::rules`].
pub const RULES: &[&str] = &[
    "notes cut at a flattened transcript (speaker line)",
    "section word glued to text or flattened paragraph split",
    "run-on panel line (names without separators)",
    "guest from a timestamped introduction",
    "panel/guest named only in prose",
    "guest from the title",
    "picks grouped under picker lines",
    "picks attributed by trailing (Name) tags",
    "picks attributed by inline Name: labels",
    "picks given to the only person of the page",
    "picker resolved through the transcript",
    "pick without any picker",
    "guest named alone in the title, confirmed by the page",
    "host named only by a first name in the opening prose",
];

fn hit(rules: &mut u32, name: &str) {
    if let Some(i) = RULES.iter().position(|r| *r == name) {
        *rules |= 1 << i;
    }
}

/// Extracts the notes from the page body (everything after the front matter).
/// `body_line` is the page line where `body` starts; `title` is the cleaned episode title.
pub fn extract(body: &str, body_line: u32, title: &str) -> Notes {
    let (end, why) = scope::notes_end_why(body);
    let (notes_md, transcript) = body.split_at(end);
    let lines = sections::split_glued(lines::build(notes_md, body_line));
    let marks = sections::mark(&lines);
    let mut notes = Notes::default();
    let rules = &mut notes.rules;
    if why == scope::End::Speaker {
        hit(rules, RULES[0]);
    }
    if lines.iter().any(|l| l.forced_header) {
        hit(rules, RULES[1]);
    }

    let firsts = first_names(&lines, &marks, transcript, title);
    let mut people = People::default();
    people::extract(&lines, &marks, &firsts, &mut people);
    if people::introductions(&lines, &marks, &mut people) {
        hit(rules, RULES[3]);
    }
    if !people.list.iter().any(|p| p.role.is_panel()) {
        let before = people.list.len();
        prose_people(&lines, &marks, &mut people);
        if people.list.len() > before {
            hit(rules, RULES[4]);
        }
    }
    // The title's guests, read once by `TitleKey::new` in `first_names`.
    let mut title_names = firsts.1.1.clone();
    // "Getting Started with Open Source": a topic is written in lowercase somewhere on the
    // page ("open source"), a name never is.
    title_names.retain(|n| !written_in_lowercase(n, &lines, transcript));
    if title_names.is_empty() {
        // "Talk - Speaker - Conf 2015": the speaker, by the shape of the title alone.
        title_names = people::title_speakers(title);
    }
    if title_names.is_empty() && !people.has_role(Role::Guest) {
        // "MRS 012 Simon Moro": a name alone in the title counts once the page uses it too.
        title_names = people::title_subjects(title)
            .into_iter()
            .filter(|n| subject_confirmed(n, &lines, &marks, &firsts, transcript))
            .collect();
        if !title_names.is_empty() {
            hit(rules, RULES[12]);
        }
    }
    if !people.has_role(Role::Guest) {
        for g in &title_names {
            let same = people.list.iter().any(|p| names::same_person(&p.name, g));
            if !same {
                let line = notes_line_naming(&lines, g).unwrap_or(body_line.saturating_sub(1).max(1));
                people.add(g, Role::Guest, Vec::new(), line);
                hit(rules, RULES[5]);
            }
        }
    }
    if people.list.is_empty()
        && let Some((host, line)) = lone_host(&lines, &marks)
    {
        // "Charles answers a question...": the host of a solo show, named only so.
        people.add(&host, Role::Host, Vec::new(), line);
        hit(rules, RULES[13]);
    }
    for (line, mark) in lines.iter().zip(&marks) {
        if mark.header
            && matches!(mark.kind, Kind::Panel)
            && line.text[mark.from.min(line.text.len())..].trim().is_empty()
            && !people.list.iter().any(|p| p.role.is_panel())
        {
            notes.diagnostics.push((line.no, Severity::Warning, "the Panel section lists nobody".into()));
        }
    }

    let mut resolver = Resolver::new(transcript);
    for p in &people.list {
        resolver.add(&p.name, true);
    }
    for n in &title_names {
        resolver.add(n, false);
    }
    let link_names = links_section(&lines, &marks, &mut notes.links);
    for (n, _) in &link_names {
        resolver.add(n, false);
    }

    let known = |n: &str| resolver.is_known(n);
    let sec = picks::extract(&lines, &marks, &known);
    for (on, i) in [(sec.by_heading, 6), (sec.by_tag, 7), (sec.by_inline_label, 8)] {
        if on {
            hit(rules, RULES[i]);
        }
    }
    for p in &sec.pickers {
        if fold(p).contains(' ') {
            resolver.add(&text::clean_name(p), false);
        }
    }
    let mut warned: Vec<String> = Vec::new();
    let mut resolve = |written: &str, line: u32, diags: &mut Vec<(u32, Severity, String)>| -> String {
        match resolver.resolve(written) {
            Resolved::Full(n) => n,
            Resolved::Ambiguous(all) => {
                if !warned.iter().any(|w| w == written) {
                    warned.push(written.to_string());
                    diags.push((
                        line,
                        Severity::Warning,
                        format!("picker {written:?} is ambiguous on this page ({}); kept as written", all.join(", ")),
                    ));
                }
                written.to_string()
            }
            Resolved::Unknown => {
                if !warned.iter().any(|w| w == written) && !written.contains(' ') {
                    warned.push(written.to_string());
                    diags.push((
                        line,
                        Severity::Warning,
                        format!("picker {written:?} is not given a full name anywhere on the page"),
                    ));
                }
                written.to_string()
            }
        }
    };
    // Each picker name the page writes is resolved once, and its picks share the two
    // strings (one when the page wrote the full name): a page has a few pickers and several
    // picks each, and a loader holds every page's picks until the graph is built.
    let mut pickers_seen: Vec<(Arc<str>, Arc<str>)> = Vec::new();
    let mut shared_picker = |written: &str, line: u32, diags: &mut Vec<(u32, Severity, String)>| {
        if let Some((w, r)) = pickers_seen.iter().find(|(w, _)| **w == *written) {
            return (w.clone(), r.clone());
        }
        let resolved = resolve(written, line, diags);
        let written: Arc<str> = Arc::from(written);
        let resolved = if *resolved == *written { written.clone() } else { Arc::from(resolved) };
        pickers_seen.push((written.clone(), resolved.clone()));
        (written, resolved)
    };
    // One person on the page: the picks nobody else claims are theirs.
    let sole = match people.list.as_slice() {
        [only] => Some(only.name.clone()),
        _ => None,
    };
    for mut raw in sec.picks {
        let mut implicit = false;
        if raw.pickers.is_empty()
            && let Some(s) = &sole
        {
            raw.pickers = Rc::new([s.clone()]);
            implicit = true;
            hit(rules, RULES[9]);
        }
        if raw.pickers.is_empty() {
            hit(rules, RULES[11]);
            notes.picks.push(PickMention {
                picker: None,
                picker_as_written: None,
                title: raw.title,
                url: raw.url,
                also_urls: raw.also_urls,
                line: raw.line,
            });
            continue;
        }
        // The last picker's mention takes the item's texts and the others get copies: with
        // one picker (nearly always) nothing is copied.
        let (pickers, count) = (raw.pickers.clone(), raw.pickers.len());
        for (k, p) in pickers.iter().enumerate() {
            let (written, picker) = shared_picker(p, raw.line, &mut notes.diagnostics);
            let last = k + 1 == count;
            notes.picks.push(PickMention {
                picker: Some(picker),
                picker_as_written: (!implicit).then_some(written),
                title: if last { std::mem::take(&mut raw.title) } else { raw.title.clone() },
                url: if last { raw.url.take() } else { raw.url.clone() },
                also_urls: if last { std::mem::take(&mut raw.also_urls) } else { raw.also_urls.clone() },
                line: raw.line,
            });
        }
    }
    for (p, url) in sec.profile_links {
        let full = resolve(&p, 0, &mut Vec::new());
        if let Some(person) = people.list.iter_mut().find(|x| fold(&x.name) == fold(&full))
            && !person.links.contains(&url)
        {
            person.links.push(url);
        }
    }
    // A guest's own links in the Links section ("Eliav's GitHub", "Jane Doe on Twitter").
    for (owner, url) in link_names.iter().chain(possessive_links(&lines, &marks).iter()) {
        if let Resolved::Full(full) = resolver.resolve_local(owner)
            && let Some(person) = people.list.iter_mut().find(|x| x.role == Role::Guest && fold(&x.name) == fold(&full))
            && !person.links.contains(url)
        {
            person.links.push(url.clone());
        }
    }
    for (line, msg) in sec.problems {
        notes.diagnostics.push((line, Severity::Warning, msg));
    }
    if let Some(l) = sec.header_line
        && notes.picks.is_empty()
        && !sec.pickers.is_empty()
    {
        notes.diagnostics.push((l, Severity::Warning, "the Picks section names pickers but no picks".into()));
    }
    if resolver.used_transcript() {
        hit(rules, RULES[10]);
    }
    if lines.iter().zip(&marks).any(|(l, m)| {
        m.header
            && matches!(m.kind, Kind::Panel | Kind::Host)
            && l.links.is_empty()
            && l.text[m.from.min(l.text.len())..].split_whitespace().count() > 3
    }) {
        hit(rules, RULES[2]);
    }
    notes.people = people.list;
    notes.sponsors = sponsors::extract(&lines, &marks);
    notes.summary = summary(&lines, &marks);
    notes
}

/// The notes' logical lines with their section marks, for checking a page by eye (a
/// debugging aid for tools; not part of the extraction).
#[doc(hidden)]
pub fn debug_lines(body: &str, body_line: u32) -> String {
    let (end, _) = scope::notes_end_why(body);
    let lines = sections::split_glued(lines::build(&body[..end], body_line));
    let marks = sections::mark(&lines);
    let mut out = String::new();
    for (l, m) in lines.iter().zip(&marks) {
        let bold: Vec<&str> = l.bold.iter().map(|&(a, b)| &l.text[a.min(l.text.len())..b.min(l.text.len())]).collect();
        out.push_str(&format!(
            "{:>4} {:?} {:?}{} from={} | {} | bold={:?} links={}\n",
            l.no,
            l.block,
            m.kind,
            if m.header { "*" } else { "" },
            m.from,
            l.text,
            bold,
            l.links.len()
        ));
    }
    out
}

/// First names the page uses on their own (pick headings, pick tags, transcript speakers):
/// where a run-on list of names splits.
fn first_names(lines: &[Line], marks: &[Mark], transcript: &str, title: &str) -> FirstNames {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        let k = fold(s);
        if !k.is_empty() && !k.contains(' ') && !out.contains(&k) {
            out.push(k);
        }
    };
    for (line, mark) in lines.iter().zip(marks) {
        if mark.kind != Kind::Picks {
            continue;
        }
        let t = line.text[mark.from.min(line.text.len())..]
            .trim_matches(|c: char| matches!(c, '*' | '_' | ' ' | ':' | '\\'));
        if !t.contains(' ') && text::is_name_token(t) && !text::is_not_name_word(t) {
            push(t);
        }
        // "Joe •[NG Conf](..)", "Joe: [NG Conf](..)": a first name labelling the items after it.
        if let Some(i) = t.find([':', '•']) {
            let head = t[..i].trim_matches(|c: char| matches!(c, '*' | '_' | ' '));
            if !head.contains(' ') && text::is_name_token(head) && !text::is_not_name_word(head) {
                push(head);
            }
        }
        let mut from = 0;
        while let Some(i) = line.text[from..].find('(') {
            let open = from + i;
            from = open + 1;
            if let Some(j) = line.text[open..].find(')')
                && let Some(names) = picks::tag_names(&line.text[open + 1..open + j])
            {
                for n in names {
                    push(&n);
                }
            }
        }
    }
    // Speaker labels of the transcript's first pages ("**CHUCK:**", "JAMISON:"), read only
    // when a run-on panel line needs splitting.
    let run_on = lines.iter().zip(marks).any(|(l, m)| {
        m.header
            && matches!(m.kind, Kind::Panel | Kind::Host)
            && l.text[m.from.min(l.text.len())..].split_whitespace().count() > 3
    });
    if !run_on {
        return FirstNames(out, TitleKey::new(title));
    }
    let head = &transcript[..lines::floor_boundary(transcript, 30_000)];
    let mut from = 0;
    while let Some(i) = head[from..].find(':') {
        let colon = from + i;
        from = colon + 1;
        let before = head[..colon].trim_end_matches(['*', '_', '\\']);
        let w0 = before
            .rfind(|c: char| !(c.is_alphabetic() || c == '\''))
            .map_or(0, |p| p + before[p..].chars().next().map_or(1, char::len_utf8));
        let word = &before[w0..];
        if word.chars().count() >= 2 && word.chars().all(|c| c.is_uppercase() || c == '\'') {
            push(word);
        }
    }
    FirstNames(out, TitleKey::new(title))
}

/// A panel (and guest) named only in prose, when no section lists anyone.
fn prose_people(lines: &[Line], marks: &[Mark], people: &mut People) {
    for (line, mark) in lines.iter().zip(marks).take(40) {
        if !matches!(mark.kind, Kind::Intro | Kind::Summary | Kind::Other) || mark.header {
            continue;
        }
        if !matches!(line.block, Block::Para | Block::Heading(_)) {
            continue;
        }
        let (panel, guests) = people::prose_panel(line);
        if panel.is_empty() {
            continue;
        }
        for p in panel {
            people.add(&p, Role::Panelist, Vec::new(), line.no);
        }
        for g in guests {
            people.add(&g, Role::Guest, Vec::new(), line.no);
        }
        return;
    }
}

/// Words after a first name that show it is a person doing something ("Simon is", "Grant and I").
const SUBJECT_VERBS: &[&str] = &[
    "talks",
    "shares",
    "tells",
    "explains",
    "discusses",
    "describes",
    "speaks",
    "grew",
    "joins",
    "joined",
    "says",
    "answers",
    "recalls",
    "remembers",
    "learned",
    "decided",
    "and I",
    "and I’",
    "and I'",
];

/// Whether the page confirms a person the title names alone: the picks use their first name
/// as a label, the notes introduce them ("with Simon Moro", "features Aaron Frost") or use
/// their first name as a sentence subject ("Tero is a content developer") and never as a
/// common word, or the transcript's opening gives them a speaker label ("SIMON:").
/// Whether a capitalised phrase of the title also appears all in lowercase in the notes or
/// the first pages of the transcript: then it is a topic, not a person.
fn written_in_lowercase(name: &str, lines: &[Line], transcript: &str) -> bool {
    let lower = name.to_lowercase();
    if lower == name || !lower.contains(' ') {
        return false;
    }
    let head = &transcript[..lines::floor_boundary(transcript, 16_000)];
    let finder = memchr::memmem::Finder::new(lower.as_bytes());
    let in_prose = |text: &str| {
        finder.find_iter(text.as_bytes()).any(|at| {
            // Inside a URL or handle ("github.com/open source" never, but "/will button") it is no evidence.
            !text[..at].ends_with(['/', '@', '.', '-', '_'])
        })
    };
    if lower.contains('\n') {
        return lines.iter().any(|l| in_prose(&l.text)) || in_prose(head);
    }
    // One search over the lines joined by newlines, not one per line: a search has a fixed
    // cost that most lines are too short to repay. The phrase holds no newline, so no match
    // spans two lines, and a newline before a match discounts it no more than a line start
    // does: the matches and their verdicts are those of the line-by-line search.
    let mut joined = String::with_capacity(lines.iter().map(|l| l.text.len() + 1).sum());
    for l in lines {
        joined.push_str(&l.text);
        joined.push('\n');
    }
    in_prose(&joined) || in_prose(head)
}

fn subject_confirmed(name: &str, lines: &[Line], marks: &[Mark], firsts: &FirstNames, transcript: &str) -> bool {
    // A topic is written in lowercase too ("why bother with public speaking?"), a name never.
    let lower_name = name.to_lowercase();
    if lines.iter().any(|l| l.text.contains(&lower_name)) {
        return false;
    }
    let first = name.split_whitespace().next().unwrap_or("");
    if firsts.0.iter().any(|f| *f == fold(first)) {
        return true;
    }
    let head = &transcript[..lines::floor_boundary(transcript, 16_000)];
    let name_finder = memchr::memmem::Finder::new(name.as_bytes());
    let introduced = |text: &str| {
        for at in name_finder.find_iter(text.as_bytes()) {
            let from = at + name.len();
            let before = text[..at].trim_end().rsplit(' ').next().unwrap_or("").to_lowercase();
            // "...with Simon Moro." ends there; "with Legacy Code (affiliate link)" is a topic.
            let after = text[from..].chars().next();
            let ends = after.is_none_or(|c| matches!(c, '.' | ',' | '!' | ';'));
            if ends
                && matches!(
                    before.as_str(),
                    "with" | "features" | "featuring" | "guest" | "welcomes" | "interviews" | "welcome" | "i'm" | "i’m"
                )
            {
                return true;
            }
        }
        false
    };
    if introduced(head) || head.contains(&format!("{}:", first.to_uppercase())) {
        return true;
    }
    let lower = first.to_lowercase();
    let first_finder = memchr::memmem::Finder::new(first.as_bytes());
    let mut subject = false;
    for (line, mark) in lines.iter().zip(marks) {
        if mark.header || matches!(line.block, Block::Heading(_)) {
            continue;
        }
        let text = &line.text;
        if introduced(text) {
            return true;
        }
        // A common word ("Memory Management", "Public Speaking") is written in lowercase too.
        if text.split(|c: char| !c.is_alphanumeric()).any(|w| w == lower) {
            return false;
        }
        for at in first_finder.find_iter(text.as_bytes()) {
            let from = at + first.len();
            let alone = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let next = text[from..].strip_prefix(' ').unwrap_or("");
            subject |= alone
                && SUBJECT_VERBS
                    .iter()
                    .any(|v| next.starts_with(v) && !next[v.len()..].starts_with(|c: char| c.is_alphanumeric()));
        }
    }
    subject
}

/// Verbs that make the subject of the opening sentence the show's host.
const HOST_VERBS: &[&str] = &[
    "talks",
    "talk",
    "answers",
    "explains",
    "discusses",
    "covers",
    "shares",
    "interviews",
    "welcomes",
    "walks",
    "dives",
    "is at",
    "is talking",
    "chats",
];

/// On a page that lists nobody, the host named by a first name alone as the subject of the
/// opening prose: "Charles answers a question he got on Twitter", "In this episode, Charles
/// discusses...". A listener who "asks" is not the host.
fn lone_host(lines: &[Line], marks: &[Mark]) -> Option<(String, u32)> {
    let (line, _) = lines
        .iter()
        .zip(marks)
        .find(|(l, m)| !m.header && l.block == Block::Para && l.text.split_whitespace().count() >= 4)?;
    let text = &line.text;
    // The subject: the first word, or the word after "In this episode,".
    let rest = ["In this episode, ", "In today's episode, ", "In today’s episode, ", "Today, "]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text);
    let (name, after) = rest.split_once(' ')?;
    let verb_ok =
        HOST_VERBS.iter().any(|v| after.starts_with(v) && !after[v.len()..].starts_with(char::is_alphanumeric));
    (verb_ok && text::is_person_name(name, true) && !name.contains(' ')).then(|| (name.to_string(), line.no))
}

/// The first notes line whose text names `name`.
fn notes_line_naming(lines: &[Line], name: &str) -> Option<u32> {
    lines.iter().find(|l| l.text.contains(name)).map(|l| l.no)
}

/// Fills the Links section; returns (owner name, url) for links that name a person
/// ("Justin Grammens Twitter").
fn links_section(lines: &[Line], marks: &[Mark], out: &mut EpisodeLinks) -> Vec<(String, String)> {
    let mut owners = Vec::new();
    let mut items: Vec<(&str, &str, u32)> = Vec::new();
    for (line, mark) in lines.iter().zip(marks) {
        if mark.kind != Kind::Links {
            continue;
        }
        let a = mark.from.min(line.text.len());
        for l in line.links_in(a, line.text.len()) {
            if !people::looks_like_url(&l.url) {
                continue;
            }
            let title = line.text[l.start..l.end].trim();
            if let Some(owner) = link_owner(title) {
                owners.push((owner, l.url.clone()));
            }
            items.push((if title.is_empty() { &l.url } else { title }, &l.url, line.no));
        }
    }
    *out = EpisodeLinks::new(&items);
    owners
}

const PROFILE_WORDS: &[&str] = &[
    "twitter",
    "github",
    "website",
    "blog",
    "linkedin",
    "medium",
    "instagram",
    "facebook",
    "youtube",
    "site",
    "homepage",
    "dev.to",
];

/// "Jane Doe's GitHub", "Jane Doe on Twitter", "Jane Doe Twitter", "Jane's Website" → the name.
fn link_owner(title: &str) -> Option<String> {
    let lower = title.to_lowercase();
    let word = PROFILE_WORDS.iter().find(|w| lower.ends_with(*w))?;
    let head = title[..title.len() - word.len()].trim_end();
    let head = head
        .strip_suffix(" on")
        .or_else(|| head.strip_suffix("’s"))
        .or_else(|| head.strip_suffix("'s"))
        .unwrap_or(head)
        .trim();
    text::is_person_name(head, true).then(|| head.to_string())
}

/// Possessive profile links outside the Links section are not used: only that section is
/// explicit enough. Kept as a hook so the rule stays in one place.
fn possessive_links(_lines: &[Line], _marks: &[Mark]) -> Vec<(String, String)> {
    Vec::new()
}

/// First paragraph of a Summary section, else the first prose paragraph of the notes.
fn summary(lines: &[Line], marks: &[Mark]) -> Option<String> {
    let para_text = |group: u32| {
        let t: Vec<&str> = lines.iter().filter(|l| l.group == group).map(|l| l.text.as_str()).collect();
        t.join(" ")
    };
    let is_prose = |l: &Line| {
        l.block == Block::Para
            && l.text.split_whitespace().count() >= 8
            && !l.text.starts_with(|c: char| c.is_ascii_digit())
            && l.links.iter().map(|k| k.end - k.start).sum::<usize>() * 2 < l.text.len()
    };
    if let Some((l, _)) =
        lines.iter().zip(marks).find(|(l, m)| m.kind == Kind::Summary && !m.header && l.block == Block::Para)
    {
        return Some(para_text(l.group));
    }
    lines
        .iter()
        .zip(marks)
        .find(|(l, m)| !m.header && matches!(m.kind, Kind::Intro | Kind::Other | Kind::Summary) && is_prose(l))
        .map(|(l, _)| para_text(l.group))
}

#[cfg(test)]
mod tests;
