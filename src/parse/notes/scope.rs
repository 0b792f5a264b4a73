//! Where the show notes end and the transcript begins.
//!
//! Only the notes above the transcript count. The transcript is most of a page's bytes, so
//! this module only scans lines cheaply and never hands the transcript to the Markdown parser.
//! Three things end the notes: a Transcript heading (`### Transcript`, `**Transcript**`,
//! `Transcript:`), the first speaker line of a flattened transcript copy (`CHUCK: Hey...`,
//! `**CHUCK:** ...`), and, inside one flattened paragraph, the word `Transcript` directly
//! followed by a speaker label.

use super::text::SECTION_WORDS_UPPER;

/// Byte offset in `body` where the notes end (the transcript, if any, starts there).
#[cfg(test)]
pub(crate) fn notes_end(body: &str) -> usize {
    notes_end_why(body).0
}

/// What ended the notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    Heading,
    /// A flattened transcript copy: a speaker line or an inline "Transcript CHUCK:".
    Speaker,
    NoTranscript,
}

pub(crate) fn notes_end_why(body: &str) -> (usize, End) {
    let mut pos = 0;
    // Line by line (each with its newline), the line ends found by memchr's SIMD search: the
    // standard line splitter's byte search was most of the cost of this scan.
    while pos < body.len() {
        let end = memchr::memchr(b'\n', &body.as_bytes()[pos..]).map_or(body.len(), |i| pos + i + 1);
        let raw = &body[pos..end];
        let line = raw.trim();
        if is_transcript_heading(line) {
            return (pos, End::Heading);
        }
        if starts_with_speaker(line) {
            return (pos, End::Speaker);
        }
        if let Some(i) = inline_transcript(raw) {
            return (pos + i, End::Speaker);
        }
        pos = end;
    }
    (body.len(), End::NoTranscript)
}

/// `### Transcript`, `## **Transcript**`, `**Transcript:**`, `Transcript`, `Transcript:`.
fn is_transcript_heading(line: &str) -> bool {
    if line.len() > 40 {
        return false;
    }
    let core = line.trim_matches(|c: char| matches!(c, '#' | '*' | '_' | ' ' | ':' | '\\' | '='));
    core.eq_ignore_ascii_case("transcript") || core.eq_ignore_ascii_case("episode transcript")
}

/// Length of a speaker label at the start of `s` (`CHUCK:`, `AJ O'NEAL:`), if any.
pub(crate) fn speaker_label_len(s: &str) -> Option<usize> {
    let mut letters = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        match c {
            ':' => {
                end = i;
                break;
            }
            c if c.is_alphabetic() => {
                if c.is_lowercase() {
                    return None;
                }
                letters += 1;
            }
            ' ' | '\'' | '’' | '.' | '-' => {}
            _ => return None,
        }
        if i > 24 {
            return None;
        }
    }
    if letters < 2 || end == 0 {
        return None;
    }
    let word = s[..end].trim();
    if SECTION_WORDS_UPPER.iter().any(|w| word.eq_ignore_ascii_case(w)) {
        return None;
    }
    Some(end + 1)
}

/// `CHUCK: Hey everybody` or `**CHUCK:** Hey` (with more text after the label).
fn starts_with_speaker(line: &str) -> bool {
    let s = line.trim_start_matches(['*', '_', ' ', '\\']);
    let Some(n) = speaker_label_len(s) else {
        return false;
    };
    let rest = s[n..].trim_start_matches(['*', '_', ' ', '\\']);
    rest.split_whitespace().count() >= 2
}

/// In a flattened paragraph: byte offset of ` Transcript ` followed by a speaker label.
fn inline_transcript(line: &str) -> Option<usize> {
    if line.len() < 200 {
        return None;
    }
    // Every long line is searched: one SIMD searcher for all of them. "Transcript" cannot
    // overlap itself, so its successive matches are all its occurrences.
    static WORD: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("Transcript"));
    WORD.find_iter(line.as_bytes()).find(|&at| {
        let after = line[at + "Transcript".len()..].trim_start_matches([' ', '*', ':', '_']);
        speaker_label_len(after).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcript_headings_end_the_notes() {
        for h in ["### Transcript", "## **Transcript**", "**Transcript:**", "Transcript"] {
            let body = format!("Notes\n\n{h}\n\nCHUCK: hi there all\n");
            assert_eq!(notes_end(&body), 7, "{h}");
        }
        assert_eq!(notes_end("- Transcripts are useful\n"), 25);
    }

    #[test]
    fn flattened_transcript_is_not_notes() {
        let body = "**Panel:** A\n\n**CHUCK:** Hey everybody and welcome\n";
        assert_eq!(notes_end(body), 14);
        let flat = format!(
            "Panel Curtis McHale {} Picks Zite (Eric) Transcript CHUCK: [Stretching] sponsored by X\n",
            "x ".repeat(100)
        );
        let end = notes_end(&flat);
        assert!(flat[..end].ends_with("(Eric) "), "{}", &flat[..end]);
        // Section labels in capitals are not speakers.
        assert_eq!(notes_end("**LINKS:** a b c\n"), 17);
    }
}
