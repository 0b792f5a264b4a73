//! Sponsors: the items of a Sponsors section, or the links of an explicit "sponsored by" /
//! "our sponsors:" line. The brand is the link text without its tagline (`G2i | Enjoy the
//! luxuries...` → `G2i`) or promo text; the URL is the item's first link as written.
//! Banner ads and sponsor reads elsewhere (headings, quotes, the transcript) are not sponsors.

use crate::model::SponsorMention;

use super::lines::{Block, Line};
use super::people::looks_like_url;
use super::sections::{Kind, Mark};

/// The brand part of a sponsor text: before a tagline separator, without promo wording.
fn brand(t: &str) -> String {
    let mut s = t.trim();
    // Every separator holds one of these bytes (0xE2 starts the dashes): most brands have none.
    let has_sep = s.bytes().any(|b| matches!(b, b'|' | b'-' | b':' | 0xE2));
    for sep in [" | ", "|", " – ", " — ", " - ", ": ", " -- "] {
        if has_sep
            && let Some(i) = s.find(sep)
            && i > 0
        {
            s = &s[..i];
        }
    }
    // A leading dot is part of a brand (".TECH"); a trailing one is punctuation.
    s.trim_start_matches(['*', '_', ' ', '-', '–', ',', ':', '"', '“'])
        .trim_end_matches(['*', '_', ' ', '-', '–', ',', ':', '.', '!', '"', '”'])
        .to_string()
}

/// Plain sponsor text: the brand stops where the promo starts ("Sentry use the code...").
fn plain_brand(t: &str) -> String {
    let b = brand(t);
    let mut out: Vec<&str> = Vec::new();
    for w in b.split_whitespace() {
        let lower_start = w.starts_with(|c: char| c.is_lowercase());
        if lower_start && !out.is_empty() && !matches!(w, "in" | "of" | "and" | "the" | "for" | "to" | "a") {
            break;
        }
        if matches!(w.to_lowercase().as_str(), "use" | "offers" | "get" | "try" | "click") && !out.is_empty() {
            break;
        }
        out.push(w);
    }
    while out.last().is_some_and(|w| matches!(*w, "in" | "of" | "and" | "the" | "for" | "to" | "a")) {
        out.pop();
    }
    out.join(" ")
}

/// Link texts that are a call to action, not a brand ("Click here for 10% off").
fn is_promo(t: &str) -> bool {
    let l = t.trim().to_lowercase();
    l.is_empty()
        || l.starts_with("click")
        || l.starts_with("get ")
        || l.starts_with("use ")
        || l.starts_with("here")
        || l.starts_with("sign up")
        || l.contains('%')
        || l.contains("discount")
        || l.starts_with(|c: char| c.is_lowercase() && !l.contains('.'))
}

/// A whole ad sentence as link text ("With HeadSpin, you only need...", "Try GanttPRO FREE for
/// 14 days").
fn is_sentence(t: &str) -> bool {
    let words = t.split_whitespace().count();
    words > 6 || (words > 2 && (t.starts_with("Try ") || t.starts_with("With ")))
}

/// The brand of an ad sentence: its first capitalised word that is not sentence furniture.
fn brand_in_sentence(t: &str) -> Option<String> {
    const FURNITURE: &[&str] = &[
        "With", "Try", "Get", "Use", "Check", "Click", "The", "A", "An", "Your", "Our", "Free", "FREE", "Save", "Sign",
        "Join", "Start", "Visit", "Go", "Learn", "Now", "New",
    ];
    t.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| w.starts_with(char::is_uppercase) && !FURNITURE.contains(w))
        .map(str::to_string)
}

/// "https://www.headspin.io/?utm..." → "headspin.io".
fn host_brand(url: &str) -> String {
    let u = url.split("://").nth(1).unwrap_or(url);
    let host = u.split(['/', '?', '#']).next().unwrap_or(u);
    host.trim_start_matches("www.").to_string()
}

fn from_item(line: &Line, a: usize, out: &mut Vec<SponsorMention>) {
    let text = &line.text;
    let links: Vec<_> = line.links_in(a, text.len()).filter(|l| looks_like_url(&l.url)).collect();
    let item_text = text[a..].trim();
    if item_text.is_empty() || !item_text.chars().any(char::is_alphanumeric) {
        return;
    }
    let Some(first) = links.first() else {
        let name = plain_brand(item_text);
        if !name.is_empty() {
            out.push(SponsorMention { name, url: None, line: line.no });
        }
        return;
    };
    let ltext = &text[first.start..first.end];
    let mut name = brand(ltext);
    if is_promo(&name) {
        let before = plain_brand(&text[a..first.start]);
        if !before.is_empty() {
            name = before;
        }
    }
    if is_sentence(&name) {
        name = brand_in_sentence(&name).unwrap_or_else(|| host_brand(&first.url));
    }
    if name.is_empty() {
        return;
    }
    out.push(SponsorMention { name, url: Some(first.url.clone()), line: line.no });
}

pub(crate) fn extract(lines: &[Line], marks: &[Mark]) -> Vec<SponsorMention> {
    let mut out = Vec::new();
    for (line, mark) in lines.iter().zip(marks) {
        if matches!(line.block, Block::Heading(_) | Block::Quote) && !mark.header {
            continue;
        }
        if mark.kind == Kind::Sponsors {
            let a = mark.from.min(line.text.len());
            if matches!(line.block, Block::Para) && line.links_in(a, line.text.len()).count() > 1 {
                // A run of links on one line: one sponsor per link.
                for l in line.links_in(a, line.text.len()) {
                    from_item(line, l.start, &mut out);
                    if let Some(last) = out.last_mut() {
                        if last.url.as_deref() != Some(&l.url) {
                            out.pop();
                        } else {
                            last.name = brand(&line.text[l.start..l.end]);
                        }
                    }
                }
            } else {
                from_item(line, a, &mut out);
            }
            continue;
        }
        if mark.kind == Kind::Links {
            continue;
        }
        // "Thank you to our awesome sponsors: [A](..), [B](..)" / "sponsored by [X](..)".
        static PONSOR: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new("ponsor"));
        if line.links.is_empty() || PONSOR.find(line.text.as_bytes()).is_none() {
            continue;
        }
        let lower = line.text.to_lowercase();
        let phrases: &[&str] = if mark.kind == Kind::Picks {
            // Under Picks only the explicit sentence counts ("This episode is sponsored by").
            &["sponsored by"]
        } else {
            &["sponsored by", "our sponsors:", "awesome sponsors:", "sponsors:"]
        };
        let at = phrases.iter().filter_map(|p| lower.find(p).map(|i| i + p.len())).min();
        if let Some(at) = at
            && at <= line.text.len()
            && line.text.is_char_boundary(at)
        {
            for l in line.links_in(at, line.text.len()) {
                if looks_like_url(&l.url) {
                    out.push(SponsorMention {
                        name: brand(&line.text[l.start..l.end]),
                        url: Some(l.url.clone()),
                        line: line.no,
                    });
                }
            }
        }
    }
    let mut seen = Vec::new();
    out.retain(|s| {
        let k = s.name.to_lowercase();
        if seen.contains(&k) {
            false
        } else {
            seen.push(k);
            true
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::super::lines::build;
    use super::super::sections::{mark, split_glued};
    use super::*;

    fn sponsors(md: &str) -> Vec<(String, Option<String>)> {
        let lines = split_glued(build(md, 1));
        let marks = mark(&lines);
        extract(&lines, &marks).into_iter().map(|s| (s.name, s.url)).collect()
    }

    #[test]
    fn sponsor_tagline_is_dropped() {
        let md = "## Sponsors\n\n* [G2i | Enjoy the luxuries of freelancing](https://g2i.co/?a=1&amp;b=2)\n* [Sentry](https://sentry.io/) use the code “devchat”\n* Educative.io | [Click here for 10% discount](https://educative.io/jabber)\n* Freshbooks\n-\n";
        assert_eq!(
            sponsors(md),
            vec![
                ("G2i".into(), Some("https://g2i.co/?a=1&b=2".into())),
                ("Sentry".into(), Some("https://sentry.io/".into())),
                ("Educative.io".into(), Some("https://educative.io/jabber".into())),
                ("Freshbooks".into(), None),
            ]
        );
    }

    #[test]
    fn banners_are_not_sponsors_but_sponsor_lines_are() {
        let md = "# [JavaScript Remote Conf 2020](https://devchat.tv/conf)\n\n> **MaxCoders Guide** [Get it](https://amazon.com)\n\nThank you to our awesome sponsors: [RailsCasts.com](https://railscasts.com/) and [RubyMonk.com](https://rubymonk.com/)!\n";
        assert_eq!(
            sponsors(md),
            vec![
                ("RailsCasts.com".into(), Some("https://railscasts.com/".into())),
                ("RubyMonk.com".into(), Some("https://rubymonk.com/".into())),
            ]
        );
    }
}
