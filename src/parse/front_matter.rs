//! The YAML front matter of a page: splitting it off, parsing it leniently, and turning its
//! loosely typed values (numbers quoted or bare, several date and duration forms) into model types.

use chrono::NaiveDate;
use serde_yaml_ng::Value;

/// The front matter block and where the body starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// Text between the `---` fences.
    pub yaml: &'a str,
    /// 1-based line of the first YAML line.
    pub yaml_line: u32,
    /// Everything after the closing fence.
    pub body: &'a str,
    /// 1-based line where `body` starts.
    pub body_line: u32,
}

/// Why the front matter could not be split off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The page does not start with a `---` line.
    Missing,
    /// A `---` opens the block but nothing closes it.
    Unterminated,
}

/// Splits `---\n<yaml>\n---\n<body>`. Leading blank lines and a BOM are tolerated.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let trimmed = text.trim_start_matches('\u{feff}');
    let mut offset = text.len() - trimmed.len();
    let mut line_no = 1u32;
    // Skip leading blank lines.
    loop {
        let rest = &text[offset..];
        let line_end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        let line = &rest[..line_end];
        if line.trim().is_empty() && line_end < rest.len() {
            offset += line_end;
            line_no += 1;
            continue;
        }
        if line.trim_end() != "---" {
            return Err(SplitError::Missing);
        }
        offset += line_end;
        line_no += 1;
        break;
    }
    let yaml_start = offset;
    let yaml_line = line_no;
    let mut pos = yaml_start;
    while pos < text.len() {
        let rest = &text[pos..];
        let line_end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        let line = rest[..line_end].trim_end();
        if line == "---" || line == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..pos],
                yaml_line,
                body: &text[pos + line_end..],
                body_line: line_no + 1,
            });
        }
        pos += line_end;
        line_no += 1;
    }
    Err(SplitError::Unterminated)
}

/// Front matter fields podgraph uses, still loosely typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawFrontMatter {
    pub title: Option<String>,
    pub date: Option<String>,
    pub episode_number: Option<String>,
    pub duration: Option<String>,
    pub podcast: Option<String>,
    pub audio_url: Option<String>,
    pub layout: Option<String>,
    pub tags: Vec<String>,
    /// Keys present in the block (even when empty), to tell episodes from other pages.
    pub keys: Vec<String>,
}

/// A problem in the YAML: message and 1-based line within the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlProblem {
    pub line: u32,
    pub message: String,
}

/// Parses the YAML block. When strict YAML fails (tabs, stray colons, bad indentation),
/// falls back to reading `key: value` lines so one typo does not lose the page; the
/// problem is returned so the caller can report it.
///
/// Most front matter is a flat list of `key: value` lines; [`parse_common`] reads that shape
/// directly (several times faster than building a YAML document) and gives up on anything
/// else, which then goes through serde_yaml_ng. Both give the same result for what the fast
/// path accepts (a test checks it on every page of the corpus).
pub fn parse(yaml: &str, yaml_line: u32) -> (RawFrontMatter, Option<YamlProblem>) {
    match parse_common(yaml) {
        Some(raw) => (raw, None),
        None => parse_yaml(yaml, yaml_line),
    }
}

/// [`parse`] with serde_yaml_ng only.
pub fn parse_yaml(yaml: &str, yaml_line: u32) -> (RawFrontMatter, Option<YamlProblem>) {
    match serde_yaml_ng::from_str::<Value>(yaml) {
        Ok(Value::Mapping(map)) => {
            let mut raw = RawFrontMatter::default();
            for (key, value) in &map {
                let Some(key) = key.as_str() else { continue };
                raw.keys.push(key.to_string());
                let scalar = scalar_string(value);
                match key {
                    "title" => raw.title = scalar,
                    "date" => raw.date = scalar,
                    "episode_number" => raw.episode_number = scalar,
                    "duration" => raw.duration = scalar,
                    "podcast" => raw.podcast = scalar,
                    "audio_url" => raw.audio_url = scalar,
                    "layout" => raw.layout = scalar,
                    "tags" => raw.tags = string_list(value),
                    _ => {}
                }
            }
            (raw, None)
        }
        Ok(Value::Null) => (RawFrontMatter::default(), None),
        Ok(_) => (
            lenient(yaml),
            Some(YamlProblem { line: yaml_line, message: "front matter is not a key: value mapping".into() }),
        ),
        Err(err) => {
            let line = err.location().map_or(yaml_line, |loc| yaml_line + loc.line().saturating_sub(1) as u32);
            (
                lenient(yaml),
                Some(YamlProblem { line, message: format!("invalid YAML front matter ({err}); read it line by line") }),
            )
        }
    }
}

/// A value of the common front matter shape: what serde_yaml_ng would make of it.
enum Common {
    /// Null, an empty value, or a sequence where a scalar was expected.
    None,
    Scalar(String),
    List(Vec<String>),
}

/// Reads the common shape of front matter without a YAML parser, or returns `None`:
///
/// * top-level `key: value` lines, keys of letters, digits, `_` and `-`, no duplicates;
/// * values that are plain scalars on one line (no `: `, ` #`, leading indicator, or text that
///   YAML would read as a float, a hex/octal number or an over-long integer), or single- or
///   double-quoted scalars on one line (no backslash escapes);
/// * `key:` followed by `- item` lines of such scalars, all at one indentation;
/// * `key: >` / `key: >-` followed by lines at one indentation, without blank lines or
///   trailing spaces (folded into one line).
///
/// Anything else (comments, tabs, CR, flow collections, anchors, tags, literal blocks,
/// multi-line plain or quoted scalars, blank lines inside blocks) returns `None`.
pub fn parse_common(yaml: &str) -> Option<RawFrontMatter> {
    if has_control(yaml, &['\n']) || !yaml.is_ascii() && yaml.contains(['\u{feff}', '\u{fffe}', '\u{ffff}']) {
        return None;
    }
    let mut raw = RawFrontMatter::default();
    let mut lines = LfLines(Some(yaml)).peekable();
    while let Some(line) = lines.next() {
        if line.trim_start_matches(' ').is_empty() {
            continue;
        }
        let colon = memchr::memchr(b':', line.as_bytes())?;
        let (key, rest) = (&line[..colon], &line[colon + 1..]);
        let key_ok = key.starts_with(|c: char| c.is_ascii_alphabetic())
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            && !matches!(key, "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "null" | "Null" | "NULL");
        if !key_ok || raw.keys.iter().any(|k| k == key) {
            return None;
        }
        let value = if rest.trim_matches(' ').is_empty() {
            // Null, or a block sequence.
            let mut items: Vec<Option<String>> = Vec::new();
            let mut indent = None;
            while let Some(next) = lines.peek() {
                let trimmed = next.trim_start_matches(' ');
                if trimmed.is_empty() {
                    // A blank line ends the list only if a top-level key follows.
                    let mut ahead = lines.clone();
                    ahead.next();
                    match ahead.find(|l| !l.trim_start_matches(' ').is_empty()) {
                        Some(l) if l.starts_with(' ') || l.starts_with('-') => return None,
                        _ => break,
                    }
                }
                let item = if trimmed == "-" {
                    ""
                } else if let Some(item) = trimmed.strip_prefix("- ") {
                    item
                } else if next.starts_with(' ') {
                    return None;
                } else {
                    break;
                };
                let this_indent = next.len() - trimmed.len();
                if *indent.get_or_insert(this_indent) != this_indent {
                    return None;
                }
                items.push(common_scalar(item.trim_matches(' '))?);
                lines.next();
            }
            if items.is_empty() { Common::None } else { Common::List(items.into_iter().flatten().collect()) }
        } else if !rest.starts_with(' ') {
            return None;
        } else {
            let v = rest.trim_matches(' ');
            if v == ">" || v == ">-" {
                let mut folded = String::new();
                let mut indent = None;
                while let Some(next) = lines.peek() {
                    let trimmed = next.trim_start_matches(' ');
                    if trimmed.is_empty() {
                        // Blank lines inside or after a folded block: leave it to YAML.
                        let mut ahead = lines.clone();
                        ahead.next();
                        if ahead.any(|l| l.starts_with(' ') && !l.trim_start_matches(' ').is_empty()) {
                            return None;
                        }
                        break;
                    }
                    if !next.starts_with(' ') {
                        break;
                    }
                    let this_indent = next.len() - trimmed.len();
                    if *indent.get_or_insert(this_indent) != this_indent || trimmed.ends_with(' ') {
                        return None;
                    }
                    if !folded.is_empty() {
                        folded.push(' ');
                    }
                    folded.push_str(trimmed);
                    lines.next();
                }
                let folded = folded.trim();
                if folded.is_empty() { return None } else { Common::Scalar(folded.to_string()) }
            } else {
                match common_scalar(v)? {
                    Some(s) => Common::Scalar(s),
                    None => Common::None,
                }
            }
        };
        // What serde_yaml_ng's path does with the value (`scalar_string`, `string_list`); the
        // value moves into its field (no copy).
        let scalar = |value: Common| match value {
            Common::Scalar(s) => Some(s),
            _ => None,
        };
        match key {
            "title" => raw.title = scalar(value),
            "date" => raw.date = scalar(value),
            "episode_number" => raw.episode_number = scalar(value),
            "duration" => raw.duration = scalar(value),
            "podcast" => raw.podcast = scalar(value),
            "audio_url" => raw.audio_url = scalar(value),
            "layout" => raw.layout = scalar(value),
            "tags" => {
                raw.tags = match value {
                    Common::List(items) => items,
                    Common::Scalar(s) => vec![s],
                    Common::None => Vec::new(),
                }
            }
            _ => {}
        }
        raw.keys.push(key.to_string());
    }
    if raw.keys.is_empty() {
        return None;
    }
    Some(raw)
}

/// The pieces of a text between `\n`s, exactly as `str::split('\n')` gives them, found with
/// `memchr` (the front matter's lines are its most frequent searches).
#[derive(Clone)]
struct LfLines<'a>(Option<&'a str>);

impl<'a> Iterator for LfLines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.0?;
        match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => {
                self.0 = Some(&rest[i + 1..]);
                Some(&rest[..i])
            }
            None => {
                self.0 = None;
                Some(rest)
            }
        }
    }
}

/// Whether `v` holds `": "` (a nested mapping) or `" #"` (a comment): one pass over the
/// colons and hashes instead of two substring searches per scalar.
fn has_colon_space_or_comment(v: &str) -> bool {
    let b = v.as_bytes();
    memchr::memchr2_iter(b':', b'#', b)
        .any(|i| if b[i] == b':' { b.get(i + 1) == Some(&b' ') } else { i > 0 && b[i - 1] == b' ' })
}

/// One scalar written on one line, as `scalar_string` would give it after serde_yaml_ng:
/// `Some(None)` for null or empty, `Some(Some(text))`, or `None` when unsure.
fn common_scalar(v: &str) -> Option<Option<String>> {
    let text = if let Some(inner) = v.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'')?;
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\'' && chars.next() != Some('\'') {
                return None;
            }
            out.push(c);
        }
        out
    } else if let Some(inner) = v.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        if inner.contains(['"', '\\']) {
            return None;
        }
        inner.to_string()
    } else {
        if v.is_empty() || matches!(v, "~" | "null" | "Null" | "NULL") {
            return Some(None);
        }
        if v.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`', '.', '+',
        ]) || has_colon_space_or_comment(v)
            || v.ends_with(':')
            || has_control(v, &[])
        {
            return None;
        }
        match v {
            "true" | "True" | "TRUE" => return Some(Some("true".into())),
            "false" | "False" | "FALSE" => return Some(Some("false".into())),
            _ => {}
        }
        if v.bytes().all(|b| b.is_ascii_digit()) {
            // Integers print back as written; leading zeros keep them strings. Either way, `v`.
            if v.len() > 19 {
                return None;
            }
        } else if v.starts_with("0x")
            || v.starts_with("0o")
            || v.starts_with("0b")
            || v.parse::<f64>().is_ok_and(f64::is_finite)
        {
            return None;
        }
        v.to_string()
    };
    let t = text.trim();
    if t.len() == text.len() {
        // Nothing to trim (nearly always): the text itself, not a second copy.
        return Some((!text.is_empty()).then_some(text));
    }
    Some((!t.is_empty()).then(|| t.to_string()))
}

/// Whether `s` holds a control character not in `allowed`. Front matter is nearly always
/// ASCII, where the controls are the bytes below 0x20 and 0x7f: a byte scan, without
/// decoding characters.
fn has_control(s: &str, allowed: &[char]) -> bool {
    if s.is_ascii() {
        let bytes = s.as_bytes();
        // Nearly every text holds no control byte but line feeds. A pass with no early exit
        // (which the compiler vectorises) tells, and a line feed is then a memchr; only a text
        // with some other control byte is read byte by byte against `allowed`.
        let other = bytes.iter().fold(0u8, |seen, &b| seen | u8::from((b < 0x20 && b != b'\n') || b == 0x7f));
        if other == 0 && (allowed.contains(&'\n') || memchr::memchr(b'\n', bytes).is_none()) {
            return false;
        }
        return bytes.iter().any(|&b| (b < 0x20 || b == 0x7f) && !allowed.contains(&char::from(b)));
    }
    s.chars().any(|c| c.is_control() && !allowed.contains(&c))
}

fn scalar_string(value: &Value) -> Option<String> {
    let s = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Tagged(t) => return scalar_string(&t.value),
        _ => return None,
    };
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn string_list(value: &Value) -> Vec<String> {
    match value {
        Value::Sequence(items) => items.iter().filter_map(scalar_string).collect(),
        other => scalar_string(other).into_iter().collect(),
    }
}

/// Reads top-level `key: value` lines (and `- item` lines of `tags`) without a YAML parser.
fn lenient(yaml: &str) -> RawFrontMatter {
    let mut raw = RawFrontMatter::default();
    let mut current: Option<String> = None;
    for line in yaml.lines() {
        if let Some(item) = line.trim_start().strip_prefix("- ") {
            if current.as_deref() == Some("tags") {
                raw.tags.push(unquote(item).to_string());
            }
            continue;
        }
        if line.starts_with(' ') || line.starts_with('\t') {
            // Continuation of a folded scalar (`title: >`).
            if current.as_deref() == Some("title") {
                let t = raw.title.get_or_insert_with(String::new);
                if !t.is_empty() {
                    t.push(' ');
                }
                t.push_str(line.trim());
            }
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim().to_string();
        let value = unquote(value.trim());
        let value = (!value.is_empty() && value != ">" && value != "|").then(|| value.to_string());
        match key.as_str() {
            "title" => raw.title = value,
            "date" => raw.date = value,
            "episode_number" => raw.episode_number = value,
            "duration" => raw.duration = value,
            "podcast" => raw.podcast = value,
            "audio_url" => raw.audio_url = value,
            "layout" => raw.layout = value,
            _ => {}
        }
        raw.keys.push(key.clone());
        current = Some(key);
    }
    raw
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return &s[1..s.len() - 1];
        }
    }
    s
}

/// Collapses runs of whitespace (folded titles keep a trailing newline and double spaces).
pub fn clean_title(title: &str) -> String {
    title.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `2019-03-26 10:00:38`, `2019-08-06T13:00:00.000Z`, `2016-01-14T05:00:00+0000`, `2019-09-13`:
/// the calendar date as written (no time-zone shift).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10)?;
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok().or_else(|| {
        // Single-digit month or day: `2019-3-6`.
        let date_part = s.split([' ', 'T']).next()?;
        NaiveDate::parse_from_str(date_part, "%Y-%m-%d").ok()
    })
}

/// Durations: `42:49`, `0:40:59`, `1:00:32`, `45;11`, `1:18.00`, a bare number of seconds,
/// or a small bare number of minutes. Returns `None` for empty or non-numeric values.
pub fn parse_duration(s: &str) -> Option<u32> {
    let s = s.trim().trim_matches(|c| c == '\'' || c == '"').trim();
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        let n: u32 = s.parse().ok()?;
        // Real episodes run from a few minutes to a few hours; a two- or three-digit
        // number below 180 is minutes ("duration: 50"), anything larger is seconds.
        return Some(if n < 180 { n * 60 } else { n });
    }
    let parts: Vec<&str> = s.split([':', ';', '.']).collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let nums: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            let p = p.trim();
            (!p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit())).then(|| p.parse().ok()).flatten()
        })
        .collect();
    let nums = nums?;
    // `1:10:60` is written by hand for 1:11:00; anything past 60 is not a clock time.
    if nums[1..].iter().any(|&n| n > 60) {
        return None;
    }
    Some(match nums.as_slice() {
        [m, s] => m * 60 + s,
        [h, m, s] => h * 3600 + m * 60 + s,
        _ => return None,
    })
}

/// Looks like a clock duration (`47:50`), used to spot swapped number/duration fields.
pub fn looks_like_clock(s: &str) -> bool {
    let parts: Vec<&str> = s.trim().split(':').collect();
    (2..=3).contains(&parts.len())
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
}

/// Episode numbers: `44`, `"044"`, `007` (decimal, not octal), `MJS 081`, `055j`, `036A`.
/// `Bonus`, `BE1` and other labels without a leading run of digits after an optional
/// show prefix give `None`.
pub fn parse_number(s: &str) -> Option<u32> {
    let s = s.trim();
    let mut words = s.split_whitespace();
    let first = words.next()?;
    let token = if first.chars().next()?.is_ascii_digit() {
        first
    } else {
        // `MJS 081`: a short all-letters prefix, then the number.
        if first.len() > 5 || !first.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        words.next()?
    };
    let digits: String = token.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &token[digits.len()..];
    if digits.is_empty() || rest.chars().count() > 1 || digits.len() > 5 {
        return None;
    }
    digits.parse().ok()
}

/// The episode number a title carries when the front matter has none:
/// `EMx 044: ...`, `017 JSJ ...`, `The Freelancers' Show 119 - ...`, `iPhreaks 000: ...`.
/// A number is taken only at the start of the title or right after a short show prefix,
/// and years (`CES 2019: Brydge`) and `#n` counters are not episode numbers.
pub fn number_from_title(title: &str, show_title: Option<&str>) -> Option<u32> {
    let title = title.trim();
    let mut rest = title;
    if let Some(show) = show_title
        && let Some(stripped) = strip_prefix_ci(rest, show)
    {
        rest = stripped.trim_start();
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    let candidates = [words.first().copied(), words.get(1).copied()];
    for (i, word) in candidates.into_iter().enumerate() {
        let Some(word) = word else { break };
        if i == 1 {
            // Only after a short abbreviation such as `JSJ`, `EMx`, `iPS`, `RR`, `FS`.
            let prefix = words[0];
            let abbrev = prefix.len() <= 8
                && prefix.chars().all(|c| c.is_alphanumeric())
                && prefix.chars().filter(|c| c.is_uppercase()).count() >= 1;
            if !abbrev {
                break;
            }
        }
        let token = word.trim_end_matches([':', ',', '.', '-', '–', '—']);
        if !token.is_empty() && token.chars().all(|c| c.is_ascii_digit()) && token.len() <= 4 {
            let n: u32 = token.parse().ok()?;
            if (1900..=2099).contains(&n) {
                return None;
            }
            return Some(n);
        }
    }
    None
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let norm = |c: char| match c {
        '’' | '‘' => '\'',
        c => c.to_ascii_lowercase(),
    };
    let mut it = s.char_indices();
    for pc in prefix.chars() {
        let (_, sc) = it.next()?;
        if norm(sc) != norm(pc) {
            return None;
        }
    }
    Some(it.next().map_or("", |(i, _)| &s[i..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lf_lines_split_as_str_split() {
        for t in ["", "\n", "a", "a\n", "a\nb", "\n\na\n\n", "a\r\nb", "é\nü\n"] {
            assert_eq!(LfLines(Some(t)).collect::<Vec<_>>(), t.split('\n').collect::<Vec<_>>(), "{t:?}");
        }
    }

    #[test]
    fn control_bytes_found_as_by_a_char_scan() {
        let cases = [
            "",
            "a",
            "\n",
            "a\nb",
            "\t",
            "a\tb\n",
            "\r\n",
            "\u{7f}",
            "x\u{1f}",
            "\0",
            "\u{b}\u{c}",
            " ~",
            "é\n",
            "é\t",
            "\u{85}",
        ];
        for s in cases {
            for allowed in [&[][..], &['\n'][..], &['\t'][..]] {
                let by_chars = s.chars().any(|c| c.is_control() && !allowed.contains(&c));
                assert_eq!(has_control(s, allowed), by_chars, "{s:?} {allowed:?}");
            }
        }
    }

    #[test]
    fn colon_space_and_comment_found_as_by_substring_search() {
        for v in
            ["a: b", "a:b", "a :", ": ", ":", "a #b", "#a", "a#b", " #", "a: #", "x", "", "::  ", "# :", "é: ü", "ü #é"]
        {
            assert_eq!(has_colon_space_or_comment(v), v.contains(": ") || v.contains(" #"), "{v:?}");
        }
    }

    #[test]
    fn splits_seed_front_matter() {
        let text = "---\nlayout: x\ntitle: >\n      EMx 044:  Dangers\n---\n\n## Sponsors\n";
        let split = split(text).unwrap();
        assert_eq!(split.yaml_line, 2);
        assert_eq!(split.body_line, 6);
        assert!(split.body.contains("## Sponsors"));
        let (raw, problem) = parse(split.yaml, split.yaml_line);
        assert!(problem.is_none());
        assert_eq!(clean_title(raw.title.as_deref().unwrap()), "EMx 044: Dangers");
    }

    #[test]
    fn missing_and_unterminated_front_matter() {
        assert_eq!(split("# hi\n"), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::Unterminated));
    }

    #[test]
    fn broken_yaml_falls_back_to_lines_and_reports_the_line() {
        let yaml = "title: A: b: c\ndate: 2019-01-02\n  bad: [\npodcast: js-jabber\n";
        let (raw, problem) = parse(yaml, 2);
        assert!(problem.unwrap().line >= 2);
        assert_eq!(raw.podcast.as_deref(), Some("js-jabber"));
        assert_eq!(raw.date.as_deref(), Some("2019-01-02"));
    }

    #[test]
    fn numbers_quoted_bare_and_prefixed() {
        let (raw, _) = parse("episode_number: 044\nduration: 42:49\n", 1);
        assert_eq!(raw.episode_number.as_deref(), Some("044"));
        assert_eq!(parse_number("044"), Some(44));
        assert_eq!(parse_number("007"), Some(7));
        assert_eq!(parse_number("MJS 081"), Some(81));
        assert_eq!(parse_number("055j"), Some(55));
        assert_eq!(parse_number("Bonus"), None);
        assert_eq!(parse_number("BE1"), None);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("42:49"), Some(2569));
        assert_eq!(parse_duration("0:40:59"), Some(2459));
        assert_eq!(parse_duration("1:00:32"), Some(3632));
        assert_eq!(parse_duration("45;11"), Some(2711));
        assert_eq!(parse_duration("2449"), Some(2449));
        assert_eq!(parse_duration("50"), Some(3000));
        assert_eq!(parse_duration("1:10:60"), Some(4260));
        assert_eq!(parse_duration("1:75"), None);
        assert_eq!(parse_duration("Bonus"), None);
        assert_eq!(parse_duration(""), None);
    }

    #[test]
    fn dates() {
        let d = |s| parse_date(s).map(|d| d.to_string());
        assert_eq!(d("2019-03-26 10:00:38").as_deref(), Some("2019-03-26"));
        assert_eq!(d("2019-08-06T13:00:00.000Z").as_deref(), Some("2019-08-06"));
        assert_eq!(d("2016-01-14T05:00:00+0000").as_deref(), Some("2016-01-14"));
        assert_eq!(d("2019-09-13").as_deref(), Some("2019-09-13"));
        assert_eq!(d("soon"), None);
    }

    #[test]
    fn title_numbers() {
        assert_eq!(number_from_title("EMx 044:  Dangers", None), Some(44));
        assert_eq!(number_from_title("017 JSJ CoffeeScript", None), Some(17));
        assert_eq!(number_from_title("FS 305: Making", None), Some(305));
        assert_eq!(
            number_from_title("The Freelancers' Show 119 - Preparing", Some("The Freelancers' Show")),
            Some(119)
        );
        assert_eq!(number_from_title("CES 2019: Brydge", None), None);
        assert_eq!(number_from_title("How do I go Freelance?", None), None);
        assert_eq!(number_from_title("The Freelancers' Show: LIVE Q&A #1", Some("The Freelancers' Show")), None);
    }
}
