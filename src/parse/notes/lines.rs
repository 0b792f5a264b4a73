//! Markdown of the notes → flat logical lines, one per source line, each with its cleaned text,
//! the links in it (as byte ranges of that text), its bold spans and its real page line.
//!
//! Everything downstream reasons about lines, because the notes do: a picker's name on its own
//! line, a `Joined by Special Guest:` line glued under a list, a lazy continuation line inside a
//! list item. pulldown-cmark does the Markdown (links, emphasis, entities, escapes, lists); soft
//! breaks become line boundaries so that none of those per-line signals is lost.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The Markdown block a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Block {
    Heading(u8),
    /// First line of a list item.
    Item,
    /// Any later line of a list item (lazy continuation, second paragraph...).
    ItemCont,
    Para,
    Quote,
    Code,
    Html,
}

/// A link of a line: `text[start..end]` is its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub start: usize,
    pub end: usize,
    pub url: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// 1-based page line.
    pub no: u32,
    pub block: Block,
    /// Lines of one paragraph, heading or list item share this id.
    pub group: u32,
    /// Cleaned text: entities decoded, `&nbsp;` as space, zero-width characters and HTML tags
    /// dropped, Markdown syntax removed (link texts stay in place).
    pub text: String,
    pub links: Vec<Link>,
    /// Byte ranges of `text` in bold.
    pub bold: Vec<(usize, usize)>,
    /// For an item's first line: the item holds a nested list.
    pub has_children: bool,
    /// Set on the second half of a line split at a glued section word ("...CompaniesPicks").
    pub forced_header: bool,
}

impl Line {
    /// Whether the byte range `a..b` of the text is entirely inside bold spans.
    pub fn is_bold(&self, a: usize, b: usize) -> bool {
        let text = &self.text;
        let mut pos = a;
        // Whitespace and punctuation between bold runs do not break "entirely bold".
        while pos < b {
            let c = match text[pos..].chars().next() {
                Some(c) => c,
                None => break,
            };
            if c.is_alphanumeric() && !self.bold.iter().any(|&(s, e)| s <= pos && pos < e) {
                return false;
            }
            pos += c.len_utf8();
        }
        true
    }

    /// The links whose text starts in `a..b`.
    pub fn links_in(&self, a: usize, b: usize) -> impl Iterator<Item = &Link> {
        self.links.iter().filter(move |l| l.start >= a && l.start < b.max(a + 1))
    }

    /// Splits the line at byte `at` (a char boundary); the second half keeps the line number.
    pub fn split_at(&self, at: usize) -> (Line, Line) {
        let at = floor_boundary(&self.text, at);
        let mut first = self.clone();
        let mut second = self.clone();
        first.text.truncate(at);
        first.links.retain(|l| l.start < at);
        for l in &mut first.links {
            l.end = l.end.min(at);
        }
        first.bold = clip_ranges(&self.bold, 0, at, 0);
        second.text = self.text[at..].to_string();
        second.links = self
            .links
            .iter()
            .filter(|l| l.start >= at)
            .map(|l| Link { start: l.start - at, end: l.end - at, url: l.url.clone() })
            .collect();
        second.bold = clip_ranges(&self.bold, at, self.text.len(), at);
        if second.block == Block::Item {
            second.block = Block::ItemCont;
        }
        first.has_children = false;
        (first, second)
    }
}

fn clip_ranges(r: &[(usize, usize)], a: usize, b: usize, shift: usize) -> Vec<(usize, usize)> {
    r.iter().filter(|&&(s, e)| e > a && s < b).map(|&(s, e)| (s.max(a) - shift, e.min(b) - shift)).collect()
}

/// The largest char boundary `<= i`.
pub(crate) fn floor_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Byte offsets where each line of `s` starts.
pub(crate) fn line_starts(s: &str) -> Vec<usize> {
    let mut v = Vec::with_capacity(s.len() / 40 + 1);
    v.push(0);
    v.extend(memchr::memchr_iter(b'\n', s.as_bytes()).map(|i| i + 1));
    v
}

/// Whether `s` is all printable ASCII (0x20 to 0x7e). Nearly every text is: a pass with no
/// early exit, which the compiler vectorises, costs less than stopping at the first other byte.
fn is_plain_printable(s: &str) -> bool {
    s.bytes().fold(0u8, |other, b| other | u8::from(!(0x20..0x7f).contains(&b))) == 0
}

/// Zero-width and invisible characters that editors leave inside names.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{ad}' | '\u{202a}'..='\u{202e}'
    )
}

#[derive(Default)]
struct ItemState {
    first_line: Option<usize>,
    children: bool,
}

struct Builder<'a> {
    starts: &'a [usize],
    /// Length of the Markdown: where its last line ends.
    md_len: usize,
    first_line: u32,
    lines: Vec<Line>,
    cur: Option<Line>,
    heading: Option<u8>,
    quote: u16,
    code: bool,
    html: bool,
    image: u16,
    items: Vec<ItemState>,
    group: u32,
    bold_open: Option<usize>,
    link_open: Vec<(usize, String)>,
}

impl Builder<'_> {
    /// Index in `starts` of the source line holding byte `offset`.
    fn line_index(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    fn block(&self) -> Block {
        if let Some(l) = self.heading {
            Block::Heading(l)
        } else if self.code {
            Block::Code
        } else if self.html {
            Block::Html
        } else if let Some(item) = self.items.last() {
            if item.first_line.is_none() { Block::Item } else { Block::ItemCont }
        } else if self.quote > 0 {
            Block::Quote
        } else {
            Block::Para
        }
    }

    fn open(&mut self, offset: usize) -> &mut Line {
        if self.cur.is_none() {
            let idx = self.line_index(offset);
            // The cleaned text is rarely longer than the rest of its source line: sized once
            // instead of grown piece by piece (a page's lines are its most frequent
            // allocations). Capped: a flattened page can be one line of many kilobytes.
            let rest = self.starts.get(idx + 1).map_or(self.md_len, |&next| next).saturating_sub(offset).min(256);
            let line = Line {
                no: self.first_line.saturating_add(idx as u32),
                block: self.block(),
                group: self.group,
                text: String::with_capacity(rest),
                links: Vec::new(),
                bold: Vec::new(),
                has_children: false,
                forced_header: false,
            };
            self.cur = Some(line);
            if self.bold_open.is_some() {
                self.bold_open = Some(0);
            }
            for l in &mut self.link_open {
                l.0 = 0;
            }
        }
        self.cur.as_mut().expect("just opened")
    }

    fn push_text(&mut self, s: &str, offset: usize) {
        if self.image > 0 {
            return;
        }
        let line = self.open(offset);
        // Plain printable ASCII needs no per-character clean-up.
        if is_plain_printable(s) {
            line.text.push_str(s);
            return;
        }
        // Copy the text in runs between the characters that change (a space for NBSP, tab and
        // line breaks; nothing for invisible ones), not character by character. Those are
        // ASCII control bytes or start at a non-ASCII lead byte: other bytes need no decoding.
        let bytes = s.as_bytes();
        let mut run = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if !(b >= 0xc0 || matches!(b, b'\t' | b'\n' | b'\r')) {
                i += 1;
                continue;
            }
            let c = s[i..].chars().next().unwrap_or(' ');
            let space = matches!(c, '\u{a0}' | '\t' | '\n' | '\r');
            if space || is_invisible(c) {
                line.text.push_str(&s[run..i]);
                if space {
                    line.text.push(' ');
                }
                run = i + c.len_utf8();
            }
            i += c.len_utf8();
        }
        line.text.push_str(&s[run..]);
    }

    /// Ends the current line (soft break, end of block).
    fn flush(&mut self) {
        let Some(mut line) = self.cur.take() else {
            return;
        };
        let end = line.text.len();
        if let Some(start) = self.bold_open
            && start < end
        {
            line.bold.push((start, end));
        }
        // A link left open across the break keeps its URL for the rest of its text.
        for (start, url) in &self.link_open {
            if *start < end {
                line.links.push(Link { start: *start, end, url: url.clone() });
            }
        }
        finish(&mut line);
        if line.text.is_empty() && line.links.is_empty() {
            return;
        }
        let idx = self.lines.len();
        if let Some(item) = self.items.last_mut()
            && item.first_line.is_none()
        {
            item.first_line = Some(idx);
            line.block = if self.heading.is_some() { line.block } else { Block::Item };
        }
        self.lines.push(line);
    }

    fn end_block(&mut self) {
        self.flush();
        self.group += 1;
    }

    fn inline_html(&mut self, html: &str, offset: usize) {
        let lower = html.trim().to_ascii_lowercase();
        if lower.starts_with("<br") {
            self.flush();
        } else if lower.starts_with("<a ") {
            if let Some(url) = attr(html, "href") {
                let pos = self.open(offset).text.len();
                self.link_open.push((pos, url));
            }
        } else if lower.starts_with("</a") {
            self.close_link();
        }
    }

    fn close_link(&mut self) {
        if let Some((start, url)) = self.link_open.pop()
            && let Some(line) = self.cur.as_mut()
        {
            let end = line.text.len();
            if start <= end {
                line.links.push(Link { start, end, url });
            }
        }
    }

    fn html_block(&mut self, html: &str, offset: usize) {
        // Keep the visible text of raw HTML blocks (old pages wrap notes in <p>, <a>, <li>).
        let mut pos = 0;
        let bytes = html.as_bytes();
        let mut text_start = 0;
        while pos < bytes.len() {
            match bytes[pos] {
                b'<' => {
                    if text_start < pos {
                        self.push_text(&html[text_start..pos], offset + text_start);
                    }
                    let close = html[pos..].find('>').map_or(html.len(), |i| pos + i + 1);
                    let tag = &html[pos..close];
                    let lower = tag.to_ascii_lowercase();
                    if lower.starts_with("<a ") {
                        self.inline_html(tag, offset + pos);
                    } else if lower.starts_with("</a") {
                        self.close_link();
                    } else if lower.starts_with("<br")
                        || lower.starts_with("</p")
                        || lower.starts_with("<li")
                        || lower.starts_with("</li")
                        || lower.starts_with("</div")
                        || lower.starts_with("<h")
                        || lower.starts_with("</h")
                    {
                        self.flush();
                    }
                    pos = close;
                    text_start = pos;
                }
                b'\n' => {
                    if text_start < pos {
                        self.push_text(&html[text_start..pos], offset + text_start);
                    }
                    self.flush();
                    pos += 1;
                    text_start = pos;
                }
                _ => pos += 1,
            }
        }
        if text_start < html.len() {
            self.push_text(&html[text_start..], offset + text_start);
        }
    }
}

/// `href="..."` of an HTML tag.
fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let i = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[i..];
    let (quote, rest) = match rest.chars().next()? {
        q @ ('"' | '\'') => (q, &rest[1..]),
        _ => (' ', rest),
    };
    let end = rest.find([quote, '>']).unwrap_or(rest.len());
    Some(rest[..end].trim().to_string())
}

/// Trims the line (shifting offsets), and turns bare `http(s)://` URLs into links.
fn finish(line: &mut Line) {
    let lead = line.text.len() - line.text.trim_start().len();
    if lead > 0 {
        line.text.drain(..lead);
        for l in &mut line.links {
            l.start = l.start.saturating_sub(lead);
            l.end = l.end.saturating_sub(lead);
        }
        for b in &mut line.bold {
            b.0 = b.0.saturating_sub(lead);
            b.1 = b.1.saturating_sub(lead);
        }
    }
    let trimmed = line.text.trim_end().len();
    line.text.truncate(trimmed);
    for l in &mut line.links {
        l.end = l.end.min(trimmed);
        l.start = l.start.min(l.end);
    }
    line.bold.retain(|b| b.0 < b.1);
    for b in &mut line.bold {
        b.1 = b.1.min(trimmed);
    }
    line.links.sort_by_key(|l| l.start);
    bare_urls(line);
}

fn bare_urls(line: &mut Line) {
    let text = &line.text;
    let mut found = Vec::new();
    let mut from = 0;
    // Every line is searched: one searcher for all of them.
    static HTTP: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("http"));
    while let Some(i) = HTTP.find(&text.as_bytes()[from..]) {
        let start = from + i;
        let rest = &text[start..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            from = start + 4;
            continue;
        }
        let inside = line.links.iter().any(|l| l.start <= start && start < l.end.max(l.start + 1));
        let mut end =
            start + rest.find(|c: char| c.is_whitespace() || c == '<' || c == '"' || c == ']').unwrap_or(rest.len());
        while end > start {
            let last = text[..end].chars().next_back().unwrap_or(' ');
            let unbalanced_paren = last == ')' && {
                let s = &text[start..end];
                s.matches('(').count() < s.matches(')').count()
            };
            if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*') || unbalanced_paren {
                end -= last.len_utf8();
            } else {
                break;
            }
        }
        if !inside && end > start + 8 {
            found.push(Link { start, end, url: text[start..end].to_string() });
        }
        from = end.max(start + 4);
    }
    if !found.is_empty() {
        line.links.extend(found);
        line.links.sort_by_key(|l| l.start);
    }
}

/// Parses the notes into lines. `first_line` is the page line of `md`'s first byte.
pub(crate) fn build(md: &str, first_line: u32) -> Vec<Line> {
    let starts = line_starts(md);
    let mut b = Builder {
        starts: &starts,
        md_len: md.len(),
        first_line,
        lines: Vec::new(),
        cur: None,
        heading: None,
        quote: 0,
        code: false,
        html: false,
        image: 0,
        items: Vec::new(),
        group: 1,
        bold_open: None,
        link_open: Vec::new(),
    };
    let parser = Parser::new_ext(md, Options::ENABLE_STRIKETHROUGH).into_offset_iter();
    for (event, range) in parser {
        let at = range.start;
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {}
                Tag::Heading { level, .. } => {
                    b.end_block();
                    b.heading = Some(level as u8);
                }
                Tag::List(_) => {
                    b.end_block();
                    if let Some(item) = b.items.last_mut() {
                        item.children = true;
                    }
                }
                Tag::Item => {
                    b.end_block();
                    b.items.push(ItemState::default());
                }
                Tag::BlockQuote(_) => {
                    b.end_block();
                    b.quote += 1;
                }
                Tag::CodeBlock(_) => {
                    b.end_block();
                    b.code = true;
                }
                Tag::HtmlBlock => {
                    b.end_block();
                    b.html = true;
                }
                Tag::Strong => {
                    let pos = b.open(at).text.len();
                    b.bold_open = Some(pos);
                }
                Tag::Link { dest_url, .. } => {
                    let pos = b.open(at).text.len();
                    // `into_string`, not `to_string`: the latter goes through `Display` and a growing buffer.
                    b.link_open.push((pos, dest_url.into_string()));
                }
                Tag::Image { .. } => b.image += 1,
                Tag::TableCell => {
                    if let Some(line) = b.cur.as_mut() {
                        line.text.push(' ');
                    }
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => b.end_block(),
                TagEnd::Heading(_) => {
                    b.end_block();
                    b.heading = None;
                }
                TagEnd::List(_) => {
                    b.end_block();
                }
                TagEnd::Item => {
                    b.end_block();
                    if let Some(item) = b.items.pop()
                        && let (Some(i), true) = (item.first_line, item.children)
                    {
                        b.lines[i].has_children = true;
                    }
                }
                TagEnd::BlockQuote(_) => {
                    b.end_block();
                    b.quote = b.quote.saturating_sub(1);
                }
                TagEnd::CodeBlock => {
                    b.end_block();
                    b.code = false;
                }
                TagEnd::HtmlBlock => {
                    b.end_block();
                    b.html = false;
                }
                TagEnd::Strong => {
                    if let (Some(start), Some(line)) = (b.bold_open.take(), b.cur.as_ref()) {
                        let end = line.text.len();
                        if start < end {
                            b.cur.as_mut().expect("checked").bold.push((start, end));
                        }
                    }
                }
                TagEnd::Link => b.close_link(),
                TagEnd::Image => b.image = b.image.saturating_sub(1),
                TagEnd::TableRow | TagEnd::TableHead => b.end_block(),
                _ => {}
            },
            Event::Text(t) => {
                if b.code {
                    let mut off = at;
                    for (i, part) in t.split('\n').enumerate() {
                        if i > 0 {
                            b.flush();
                        }
                        b.push_text(part, off);
                        off += part.len() + 1;
                    }
                } else {
                    b.push_text(&t, at);
                }
            }
            Event::Code(t) => b.push_text(&t, at),
            Event::InlineHtml(h) => b.inline_html(&h, at),
            Event::Html(h) => b.html_block(&h, at),
            Event::SoftBreak | Event::HardBreak => {
                if b.link_open.is_empty() {
                    b.flush();
                } else if let Some(line) = b.cur.as_mut() {
                    line.text.push(' ');
                }
            }
            Event::Rule => b.end_block(),
            _ => {}
        }
    }
    b.end_block();
    b.lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_printable_as_a_byte_range_test() {
        let long = "x".repeat(100) + "\u{7f}";
        for s in ["", " ", "~", "a b", "\t", "a\n", "\r", "\u{1f}", "\u{7f}", "é", "a\u{a0}b", "\u{200b}", &long] {
            assert_eq!(is_plain_printable(s), s.bytes().all(|b| (0x20..0x7f).contains(&b)), "{s:?}");
        }
    }

    #[test]
    fn soft_breaks_split_lines_and_keep_page_numbers() {
        let md = "### Panel\n\n- Charles Max Wood\n- Josh Adams\nJoined by Special Guest: Mika\n";
        let lines = build(md, 14);
        let texts: Vec<_> = lines.iter().map(|l| (l.no, l.block, l.text.as_str())).collect();
        assert_eq!(
            texts,
            vec![
                (14, Block::Heading(3), "Panel"),
                (16, Block::Item, "Charles Max Wood"),
                (17, Block::Item, "Josh Adams"),
                (18, Block::ItemCont, "Joined by Special Guest: Mika"),
            ]
        );
    }

    #[test]
    fn links_bold_entities_and_bare_urls() {
        let md = "**Sponsors:** [G2i &amp; co](https://g2i.co/?a=1&amp;b=2)&nbsp;(Joe) see https://x.io/a.\n";
        let lines = build(md, 1);
        let l = &lines[0];
        assert_eq!(l.text, "Sponsors: G2i & co (Joe) see https://x.io/a.");
        assert_eq!(&l.text[l.links[0].start..l.links[0].end], "G2i & co");
        assert_eq!(l.links[0].url, "https://g2i.co/?a=1&b=2");
        assert_eq!(l.links[1].url, "https://x.io/a");
        assert!(l.is_bold(0, 9));
        assert!(!l.is_bold(0, 14));
    }

    #[test]
    fn nested_items_mark_their_parent_and_html_is_dropped() {
        let md = "- Podcasts I like:\n  - [A](https://a.com)\n- <u>Caleb\u{200b} Wells</u>\n";
        let lines = build(md, 1);
        assert!(lines[0].has_children);
        assert_eq!(lines[1].block, Block::Item);
        assert_eq!(lines[2].text, "Caleb Wells");
    }

    #[test]
    fn non_ascii_text_is_copied_with_spaces_and_invisibles_fixed() {
        let md = "Zoë\u{a0}Smith\u{200b} – café\u{feff}s\u{ad} and “Bob”\n";
        assert_eq!(build(md, 1)[0].text, "Zoë Smith – cafés and “Bob”");
    }

    #[test]
    fn split_keeps_link_offsets() {
        let md = "Getting StartedPicks[A](https://a.com) (Joe)\n";
        let l = &build(md, 1)[0];
        let at = l.text.find("Picks").unwrap();
        let (a, b) = l.split_at(at);
        assert_eq!(a.text, "Getting Started");
        assert_eq!(b.text, "PicksA (Joe)");
        assert_eq!(&b.text[b.links[0].start..b.links[0].end], "A");
    }
}
