//! Text and URL normal forms used for identity and search: accent/case folding of names,
//! slugs, and URL canonicalisation (the `url` crate parses; we decide what is noise).
//!
//! Pure functions, no state. The original strings are always kept by the callers.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use url::Url;

/// Lowercase, accents removed, punctuation turned into spaces, spaces collapsed:
/// `"Christiané  Heiligers"` → `"christiane heiligers"`, `"AJ O’Neal"` → `"aj o neal"`.
pub fn fold(s: &str) -> String {
    // Room for `fold_into`'s ASCII loop, which reserves two bytes past the text.
    let mut out = String::with_capacity(s.len() + 2);
    fold_into(s, &mut out, is_combining_mark);
    out
}

/// An ASCII byte folded: its lowercase letter or digit, or 0 for a separator.
const ASCII_FOLD: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// [`fold`] into `out` (appended), dropping the decomposed characters `drop` selects.
///
/// ASCII is folded byte by byte; only the runs of non-ASCII characters go through NFKD. That
/// is exactly NFKD of the whole text: an ASCII character decomposes to itself and is a starter
/// (canonical combining class 0), so canonical reordering never moves anything across it.
pub(crate) fn fold_into(s: &str, out: &mut String, drop: fn(char) -> bool) {
    // A separator seen since the last letter, once `out` holds something: the next letter
    // goes after a space.
    let mut pending_space = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii() {
            (i, pending_space) = fold_ascii_run(bytes, i, out, pending_space);
            continue;
        }
        let end = bytes[i..].iter().position(u8::is_ascii).map_or(bytes.len(), |n| i + n);
        for c in s[i..end].nfkd() {
            if drop(c) {
                continue;
            }
            if c.is_alphanumeric() {
                if pending_space {
                    out.push(' ');
                }
                pending_space = false;
                push_letter(out, c);
            } else {
                pending_space = !out.is_empty();
            }
        }
        i = end;
    }
}

/// Folds the ASCII run of `bytes` starting at `start` onto `out`; returns where the run ends
/// and whether a space is pending. Search indexes fold every title, name and URL of the
/// graph, so this loop does not branch on the text: each byte writes a speculative space and
/// its folded form (0 for a separator) past the end, and the length moves over what counts.
fn fold_ascii_run(bytes: &[u8], start: usize, out: &mut String, pending_space: bool) -> (usize, bool) {
    let rest = &bytes[start..];
    // SAFETY: only ASCII letters, digits and spaces are counted into the length, so the
    // string stays UTF-8; the bytes written past the length are never read as text.
    let v = unsafe { out.as_mut_vec() };
    // Each byte counts at most one byte into the length (a space only after a separator,
    // which counted none), plus one for a space pending from before; the last byte's two
    // writes reach one further.
    v.reserve(rest.len() + 2);
    let base = v.len();
    let spare = v.spare_capacity_mut().as_mut_ptr().cast::<u8>();
    let mut written = 0;
    let mut pending = usize::from(pending_space);
    let mut end = start;
    for &b in rest {
        if !b.is_ascii() {
            break;
        }
        let folded = ASCII_FOLD[b as usize];
        let letter = usize::from(folded != 0);
        // SAFETY: after k bytes `written <= k + 1`, so both writes land below
        // `rest.len() + 2`, within the reserved spare capacity.
        unsafe {
            *spare.add(written) = b' ';
            written += pending & letter;
            *spare.add(written) = folded;
        }
        written += letter;
        // After a letter nothing is pending; after a separator a space is, once `out` holds
        // something.
        pending = (1 - letter) & (pending | usize::from(base + written > 0));
        end += 1;
    }
    // SAFETY: the `written` bytes after `base` were initialised above, all ASCII letters,
    // digits and spaces.
    unsafe { v.set_len(base + written) };
    (end, pending != 0)
}

/// The reference [`fold`]: NFKD of the whole text, one character at a time (the tests pin
/// the fast path to it).
#[cfg(test)]
pub(crate) fn fold_reference(s: &str, drop: fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    fold_reference_into(s, &mut out, drop);
    out
}

/// [`fold_reference`] appended to `out`, as [`fold_into`] appends.
#[cfg(test)]
fn fold_reference_into(s: &str, out: &mut String, drop: fn(char) -> bool) {
    let mut pending_space = false;
    for c in s.nfkd() {
        if drop(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            push_letter(out, c);
        } else {
            pending_space = true;
        }
    }
}

/// Lowercases a letter, spelling out the Latin letters that carry their mark inside them and
/// so do not decompose ("Michał" is searched and matched as "michal", "Søren" as "soren").
fn push_letter(out: &mut String, c: char) {
    let plain = match c {
        'ł' | 'Ł' => "l",
        'ø' | 'Ø' => "o",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ħ' | 'Ħ' => "h",
        'ı' => "i",
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'þ' | 'Þ' => "th",
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push_str(plain);
}

/// The words of [`fold`].
pub fn words(s: &str) -> Vec<String> {
    fold(s).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// URL-safe identifier: `"Charles Max Wood"` → `"charles-max-wood"`.
pub fn slugify(s: &str) -> String {
    let folded = fold(s);
    let slug: String = folded.chars().map(|c| if c == ' ' { '-' } else { c }).collect();
    if slug.is_empty() { "unnamed".to_string() } else { slug }
}

/// Honorifics and credentials that do not tell people apart.
const HONORIFICS: &[&str] = &["dr", "mr", "mrs", "ms", "prof", "phd", "md", "jr", "sr", "esq", "mba"];

/// The key two spellings of one person's full name share: folded words without
/// honorifics or single-letter middle initials. `"Dr. Sherry Walling, Ph.D."` and
/// `"Sherry Walling"` → `"sherry walling"`; `"Charles M. Wood"` → `"charles wood"`.
pub fn name_key(name: &str) -> String {
    let words = words(name);
    let n = words.len();
    let kept: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, w)| {
            let honorific = HONORIFICS.contains(&w.as_str()) || (w.as_str() == "ph" || w.as_str() == "d");
            let middle_initial = w.chars().count() == 1 && *i > 0 && *i + 1 < n;
            !(middle_initial || honorific && n > 2)
        })
        .map(|(_, w)| w.as_str())
        .collect();
    if kept.is_empty() { words.join(" ") } else { kept.join(" ") }
}

/// Common English nickname ↔ given-name pairs, used only to match a short name on a page
/// with a full name of the same page or show (never to merge two full names).
const NICKNAMES: &[(&str, &str)] = &[
    ("chuck", "charles"),
    ("charlie", "charles"),
    ("dave", "david"),
    ("mike", "michael"),
    ("jim", "james"),
    ("jimmy", "james"),
    ("joe", "joseph"),
    ("joey", "joseph"),
    ("bob", "robert"),
    ("rob", "robert"),
    ("bobby", "robert"),
    ("bill", "william"),
    ("will", "william"),
    ("liz", "elizabeth"),
    ("beth", "elizabeth"),
    ("tom", "thomas"),
    ("tony", "anthony"),
    ("nick", "nicholas"),
    ("chris", "christopher"),
    ("chris", "christian"),
    ("matt", "matthew"),
    ("dan", "daniel"),
    ("danny", "daniel"),
    ("ben", "benjamin"),
    ("sam", "samuel"),
    ("sam", "samantha"),
    ("alex", "alexander"),
    ("alex", "alexandra"),
    ("andy", "andrew"),
    ("drew", "andrew"),
    ("greg", "gregory"),
    ("jeff", "jeffrey"),
    ("jon", "jonathan"),
    ("josh", "joshua"),
    ("kate", "katherine"),
    ("katie", "katherine"),
    ("ken", "kenneth"),
    ("larry", "lawrence"),
    ("pat", "patrick"),
    ("pete", "peter"),
    ("rick", "richard"),
    ("rich", "richard"),
    ("dick", "richard"),
    ("steve", "steven"),
    ("steve", "stephen"),
    ("ted", "edward"),
    ("ed", "edward"),
    ("tim", "timothy"),
    ("vic", "victor"),
    ("zach", "zachary"),
    ("fred", "frederick"),
    ("frank", "francis"),
    ("jen", "jennifer"),
    ("jess", "jessica"),
    ("abby", "abigail"),
    ("becky", "rebecca"),
    ("cathy", "catherine"),
    ("gabe", "gabriel"),
    ("nate", "nathan"),
    ("nate", "nathaniel"),
    ("ray", "raymond"),
    ("ron", "ronald"),
    ("russ", "russell"),
    ("stu", "stuart"),
    ("val", "valerie"),
];

/// Whether a short first name (folded) can stand for a given name (folded): equal, a known
/// nickname pair, or a prefix of at least three letters (`jon` → `jonathan`).
pub fn first_name_matches(short: &str, given: &str) -> bool {
    if short == given {
        return true;
    }
    if given.starts_with(short) && short.chars().count() >= 3 && given.chars().count() <= short.chars().count() + 4 {
        return true;
    }
    nickname_partners(short).contains(&given)
}

/// The names a (folded) first name pairs with as a nickname, either way round (`chuck` →
/// `charles`, `charles` → `chuck`, `charlie`, …).
pub fn nickname_partners(name: &str) -> &'static [&'static str] {
    nickname_map().get(name).map_or(&[], Vec::as_slice)
}

/// [`NICKNAMES`] as a map from each name to the names it pairs with (either way round).
fn nickname_map() -> &'static std::collections::HashMap<&'static str, Vec<&'static str>> {
    static MAP: std::sync::OnceLock<std::collections::HashMap<&'static str, Vec<&'static str>>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: std::collections::HashMap<&'static str, Vec<&'static str>> = std::collections::HashMap::new();
        for &(n, g) in NICKNAMES {
            map.entry(n).or_default().push(g);
            map.entry(g).or_default().push(n);
        }
        map
    })
}

/// A URL in a canonical form for identity, and its domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CanonicalUrl {
    /// `https://host/path?sorted-kept-params` with `www.`, default ports, trailing slash,
    /// tracking and affiliate parameters removed.
    pub url: String,
    /// Where the host ends in `url`: the domain is read from the URL, not copied (a load
    /// canonicalises millions of URLs and keeps them until their links are made).
    host_end: u32,
}

impl CanonicalUrl {
    const SCHEME: &str = "https://";

    fn new(host: &str, rest: &str) -> CanonicalUrl {
        let mut url = String::with_capacity(Self::SCHEME.len() + host.len() + rest.len());
        url.push_str(Self::SCHEME);
        url.push_str(host);
        url.push_str(rest);
        CanonicalUrl { url, host_end: (Self::SCHEME.len() + host.len()) as u32 }
    }

    /// Host without `www.` (`github.com`).
    pub fn domain(&self) -> &str {
        &self.url[Self::SCHEME.len()..self.host_end as usize]
    }
}

/// Query parameters that only track a click or carry an affiliate id.
fn is_noise_param(host: &str, key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    if key.starts_with("utm_") {
        return true;
    }
    const ANYWHERE: &[&str] = &[
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref_src", "ref_url", "_hsenc", "_hsmi",
        "mkt_tok", "yclid", "spm",
    ];
    if ANYWHERE.contains(&key.as_str()) {
        return true;
    }
    let amazon = host.contains("amazon.") || host.contains("amzn.");
    if amazon {
        // Affiliate and click-tracking parameters of Amazon links.
        return matches!(
            key.as_str(),
            "tag"
                | "linkcode"
                | "camp"
                | "creative"
                | "creativeasin"
                | "linkid"
                | "ascsubtag"
                | "ref"
                | "ref_"
                | "qid"
                | "sr"
                | "crid"
                | "sprefix"
                | "keywords"
                | "s"
                | "ie"
                | "psc"
                | "th"
                | "pd_rd_i"
                | "pd_rd_r"
                | "pd_rd_w"
                | "pd_rd_wg"
                | "pf_rd_p"
                | "pf_rd_r"
                | "dchild"
                | "coliid"
                | "colid"
        );
    }
    let social = matches!(host, "twitter.com" | "x.com" | "mobile.twitter.com" | "instagram.com" | "open.spotify.com");
    if social {
        return matches!(key.as_str(), "s" | "lang" | "ref" | "t" | "si" | "hl");
    }
    if host.ends_with("youtube.com") || host == "youtu.be" {
        return matches!(key.as_str(), "feature" | "si" | "ab_channel" | "app");
    }
    matches!(key.as_str(), "ref" | "source" | "affiliate" | "aff" | "affid" | "src" | "campaign")
        && !host.ends_with("github.com")
}

/// Canonicalises a URL for identity. Returns `None` for text that is not an absolute
/// http(s) URL (or a bare `domain.tld/path`, which is read as https).
pub fn canonical_url(raw: &str) -> Option<CanonicalUrl> {
    let trimmed = raw.trim().trim_start_matches('<').trim_end_matches('>');
    plain_canonical(trimmed).or_else(|| parsed_canonical(trimmed))
}

/// The canonical form of a URL written so plainly that parsing it could only change its
/// scheme, a leading `www.` and trailing slashes: `http(s)://`, a lowercase ASCII host name
/// (no port, punycode or short-link host), then a path of letters, digits and `-_~./`
/// without dot segments, and no query or fragment. Most URLs on the pages are (a third of
/// the corpus's links start with `www.`); at a million episodes, parsing each distinct one
/// cost seconds. [`parsed_canonical`] gives the same answer for them (a test pins it);
/// `None` sends everything else there.
fn plain_canonical(raw: &str) -> Option<CanonicalUrl> {
    let rest = raw.strip_prefix("https://").or_else(|| raw.strip_prefix("http://"))?;
    let (host, path) = rest.split_at(memchr::memchr(b'/', rest.as_bytes()).unwrap_or(rest.len()));
    // The parser's answer drops one `www.` from the host it has read.
    let host = host.strip_prefix("www.").unwrap_or(host);
    // A table pass over each part, then a look at its dots or slashes only: splitting the
    // host into labels and searching the path for `/.` and `//` took ~1,800 instructions a
    // URL, most of the URL slots' time at a million episodes.
    if !is_plain_host(host) || !is_plain_path(path) || host == "youtu.be" {
        return None;
    }
    // The parser's answer for a product page is its ASIN alone.
    if is_amazon_host(host) && amazon_asin(path).is_some() {
        return None;
    }
    let path = path.trim_end_matches('/');
    Some(CanonicalUrl::new(host, path))
}

/// Two or more labels of lowercase ASCII letters, digits and inner hyphens, none punycode
/// (`xn--`), the last of two or more letters (so never an IPv4 address).
fn is_plain_host(host: &str) -> bool {
    let bytes = host.as_bytes();
    let Some(last_dot) = memchr::memrchr(b'.', bytes) else { return false };
    let tld = &bytes[last_dot + 1..];
    let mut label_start = 0;
    all_in(bytes, &HOST_BYTES)
        && tld.len() >= 2
        && tld.iter().all(u8::is_ascii_lowercase)
        && memchr::memchr_iter(b'.', bytes).all(|dot| {
            let label = &bytes[label_start..dot];
            label_start = dot + 1;
            !label.is_empty() && label[0] != b'-' && label[label.len() - 1] != b'-' && !label.starts_with(b"xn--")
        })
}

/// Letters, digits and `-_~./`, with no dot segment or empty segment (`/.`, `//`).
fn is_plain_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    all_in(bytes, &PATH_BYTES)
        && memchr::memchr_iter(b'/', bytes).all(|slash| !matches!(bytes.get(slash + 1), Some(b'.' | b'/')))
}

/// Whether every byte of `bytes` is in `set`. No early exit: a branch-free pass over a short
/// host or path costs less.
fn all_in(bytes: &[u8], set: &[bool; 256]) -> bool {
    bytes.iter().fold(true, |all, &b| all & set[usize::from(b)])
}

/// The bytes of a plain host: lowercase ASCII letters, digits, `-` and `.`.
static HOST_BYTES: [bool; 256] = byte_set(&[(b'a', b'z'), (b'0', b'9'), (b'-', b'.')]);

/// The bytes of a plain path: ASCII letters, digits and `-_~./` (`-./` are adjacent).
static PATH_BYTES: [bool; 256] =
    byte_set(&[(b'a', b'z'), (b'A', b'Z'), (b'0', b'9'), (b'-', b'/'), (b'_', b'_'), (b'~', b'~')]);

/// The bytes in any of the inclusive `ranges`.
const fn byte_set(ranges: &[(u8, u8)]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut r = 0;
    while r < ranges.len() {
        let (mut b, last) = ranges[r];
        while b <= last {
            set[b as usize] = true;
            b += 1;
        }
        r += 1;
    }
    set
}

/// [`canonical_url`] through the URL parser.
fn parsed_canonical(trimmed: &str) -> Option<CanonicalUrl> {
    let raw = trimmed.replace("&amp;", "&");
    let parsed = match Url::parse(&raw) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) if looks_like_bare_domain(&raw) => {
            Url::parse(&format!("https://{raw}")).ok()?
        }
        Err(_) => return None,
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let host = parsed.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    if host.is_empty() {
        return None;
    }
    let port = parsed.port().filter(|p| *p != 80 && *p != 443);

    let mut path = parsed.path().to_string();
    let mut kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| !is_noise_param(&host, k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();

    let mut host = host;
    // Short and long forms of the same video or product.
    if host == "youtu.be" {
        let id = path.trim_matches('/').to_string();
        if !id.is_empty() {
            host = "youtube.com".into();
            path = "/watch".into();
            kept.push(("v".into(), id));
        }
    } else if is_amazon_host(&host)
        && let Some(asin) = amazon_asin(&path)
    {
        path = format!("/dp/{asin}");
        kept.clear();
    }
    while path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    if path == "/" {
        path.clear();
    }
    kept.sort();

    let mut url = format!("{}{host}", CanonicalUrl::SCHEME);
    let host_end = url.len() as u32;
    if let Some(port) = port {
        url.push_str(&format!(":{port}"));
    }
    url.push_str(&path);
    if !kept.is_empty() {
        let query = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(kept.iter()).finish();
        url.push('?');
        url.push_str(&query);
    }
    // Fragments are in-page anchors, except hash-bang routes of single-page apps.
    if let Some(fragment) = parsed.fragment()
        && (fragment.starts_with('!') || fragment.starts_with('/'))
    {
        url.push('#');
        url.push_str(fragment);
    }
    Some(CanonicalUrl { url, host_end })
}

fn looks_like_bare_domain(s: &str) -> bool {
    let host = s.split('/').next().unwrap_or("");
    !s.contains(' ')
        && host.contains('.')
        && host.rsplit('.').next().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
        && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// A store whose product pages are known by their ASIN (`www.` already dropped).
fn is_amazon_host(host: &str) -> bool {
    host.starts_with("amazon.") || host.starts_with("smile.amazon.")
}

/// `/gp/product/0553418025/ref=...` or `/Some-Title/dp/B00RSGIVVO/...` → the ASIN.
fn amazon_asin(path: &str) -> Option<&str> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    segments.windows(2).find_map(|w| {
        let is_marker = matches!(w[0], "dp" | "product" | "ASIN" | "asin");
        let asin = w[1];
        (is_marker && asin.len() == 10 && asin.chars().all(|c| c.is_ascii_alphanumeric())).then_some(asin)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 6000, failure_persistence: None, ..Default::default() })]
        /// Whatever the plain fast path answers, the parser answers too.
        #[test]
        fn plain_urls_canonicalise_as_the_parser_does(
            url in "(https?://)(www\\.)?(smile\\.amazon\\.com|amazon\\.com|youtu\\.be|[a-z0-9.-]{1,10}\\.[a-z0-9-]{1,4})((/dp|/gp/product)?/[A-Za-z0-9._~/%?#-]{0,16})?/?",
        ) {
            if let Some(plain) = plain_canonical(&url) {
                let parsed = parsed_canonical(&url).expect("the parser reads a plain URL");
                proptest::prop_assert_eq!(plain.domain(), parsed.domain());
                proptest::prop_assert_eq!(plain.url, parsed.url);
            }
        }
    }

    #[test]
    fn plain_url_byte_sets_are_the_documented_bytes() {
        for b in 0..=255u8 {
            let host = b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.';
            let path = b.is_ascii_alphanumeric() || b"-_~./".contains(&b);
            assert_eq!((HOST_BYTES[usize::from(b)], PATH_BYTES[usize::from(b)]), (host, path), "byte {b}");
        }
    }

    #[test]
    fn plain_and_parsed_canonical_forms_agree_on_written_urls() {
        for url in [
            "https://crates.io/started-tool-97",
            "http://example.com",
            "https://example.com/",
            "https://example.com/a/b/",
            "https://sub.example.co.uk/Some_Path~x/file.html",
            "https://1password.com/",
            "https://a-b.example.org/x-y",
            "https://www.example.com/",
            "http://www.amazon.com/fast-monolith-what-it",
            "https://www.youtube.com/panel-the-this-book-704",
            "https://www.www.example.com/a",
            "https://smile.amazon.com/books/x",
        ] {
            let plain = plain_canonical(url).unwrap_or_else(|| panic!("{url} is plain"));
            let parsed = parsed_canonical(url).unwrap();
            assert_eq!((plain.domain(), &plain.url), (parsed.domain(), &parsed.url), "{url}");
        }
        for url in [
            "https://www.youtu.be/abc",
            "https://www.amazon.com/dp/B00RSGIVVO",
            "https://www.smile.amazon.com/gp/product/0553418025/",
            "https://www./a",
            "https://www.com/",
            "https://a..b.com/",
            "https://-a.com/",
            "https://a-.b.com/",
            "https://example.c0m/",
            "https://example.com/.well-known/x",
            "https://Example.com/",
            "https://example.com:8080/",
            "https://youtu.be/abc",
            "https://amazon.com/dp/B00RSGIVVO",
            "https://example.com/a/../b",
            "https://example.com/a/b///",
            "https://example.com/?utm_source=x",
            "https://xn--nxasmq6b.com/",
            "https://127.0.0.1/",
            "https://example.com/a%20b",
        ] {
            assert!(plain_canonical(url).is_none(), "{url} goes to the parser");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4000, failure_persistence: None, ..Default::default() })]
        /// The ASCII fast path of `fold` is NFKD of the whole text, for either set of dropped
        /// characters (combining marks here, a non-zero combining class in the notes parser).
        #[test]
        fn fold_fast_path_is_whole_text_nfkd(
            s in "([a-zA-Z0-9 .,'’_-]|[\\u{00c0}-\\u{017f}]|[\\u{0300}-\\u{036f}]|[\\u{1100}-\\u{11ff}\\u{ac00}-\\u{ac20}]|[\\u{ff01}-\\u{ff5e}]|\\PC){0,24}"
        ) {
            for drop in [is_combining_mark as fn(char) -> bool, crate::parse::notes::has_combining_class] {
                let mut fast = String::new();
                fold_into(&s, &mut fast, drop);
                proptest::prop_assert_eq!(fast, fold_reference(&s, drop));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4000, failure_persistence: None, ..Default::default() })]
        /// Appended to any text already in `out` (empty or not, with or without spare room),
        /// the fast path leaves what whole-text NFKD appended leaves.
        #[test]
        fn fold_appends_as_the_reference_does(
            prefix in "(|a|a b|é)",
            s in "([a-zA-Z0-9 .,'’_/:-]|[\\u{00c0}-\\u{017f}]|[\\u{0300}-\\u{036f}]|\\PC){0,40}",
            room in 0usize..8,
        ) {
            for drop in [is_combining_mark as fn(char) -> bool, crate::parse::notes::has_combining_class] {
                let mut fast = String::with_capacity(prefix.len() + room);
                fast.push_str(&prefix);
                let mut reference = prefix.clone();
                fold_into(&s, &mut fast, drop);
                fold_reference_into(&s, &mut reference, drop);
                proptest::prop_assert_eq!(fast, reference);
            }
        }
    }

    #[test]
    fn first_name_matches_agrees_with_a_scan_of_the_nickname_list() {
        let reference = |short: &str, given: &str| {
            short == given
                || NICKNAMES.iter().any(|&(n, g)| (n == short && g == given) || (n == given && g == short))
                || (short.chars().count() >= 3
                    && given.starts_with(short)
                    && given.chars().count() <= short.chars().count() + 4)
        };
        let mut names: Vec<&str> = NICKNAMES.iter().flat_map(|&(n, g)| [n, g]).collect();
        names.extend(["", "j", "jo", "jon", "jonathan", "jonathanx", "chu", "ch", "charlesxxxxx", "é", "éric", "eric"]);
        for a in &names {
            for b in &names {
                assert_eq!(first_name_matches(a, b), reference(a, b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn fold_fast_path_on_hand_picked_text() {
        for s in [
            "",
            "A",
            "é",
            "e\u{301}",
            "E\u{301}\u{327}x",
            "\u{327}a\u{301}",
            "ﬁ Ⅻ ｆｕｌｌ",
            "Åström-O’Neal, Jr.",
            "가각 ア ﾀﾞ",
        ] {
            for drop in [is_combining_mark as fn(char) -> bool, crate::parse::notes::has_combining_class] {
                let mut fast = String::new();
                fold_into(s, &mut fast, drop);
                assert_eq!(fast, fold_reference(s, drop), "{s:?}");
            }
        }
    }

    #[test]
    fn folding_names() {
        assert_eq!(fold("Christiané  Heiligers"), "christiane heiligers");
        assert_eq!(fold("AJ O’Neal"), "aj o neal");
        assert_eq!(name_key("Dr. Sherry Walling, Ph.D."), "sherry walling");
        assert_eq!(name_key("Charles M. Wood"), "charles wood");
        assert_eq!(slugify("Charles Max Wood"), "charles-max-wood");
        // Letters whose mark does not decompose still fold to their plain letter.
        assert_eq!(fold("Michał Pierzchała"), "michal pierzchala");
        assert_eq!(fold("Søren Straße"), "soren strasse");
        assert_eq!(name_key("Michał Chudziak"), name_key("Michal Chudziak"));
    }

    #[test]
    fn nickname_matching() {
        assert!(first_name_matches("chuck", "charles"));
        assert!(first_name_matches("jon", "jonathan"));
        assert!(!first_name_matches("dave", "daniel"));
        assert!(!first_name_matches("al", "alexander"));
    }

    #[test]
    fn canonical_urls() {
        let c = |s| canonical_url(s).map(|c| c.url);
        assert_eq!(c("https://www.CacheFly.com/").as_deref(), Some("https://cachefly.com"));
        assert_eq!(c("http://cachefly.com:80").as_deref(), Some("https://cachefly.com"));
        assert_eq!(
            c("https://get.tech/?&coupon=ELIXIR.TECH&utm_source=Influencer&utm_medium=Podcast").as_deref(),
            Some("https://get.tech?coupon=ELIXIR.TECH")
        );
        assert_eq!(
            c("https://www.amazon.com/gp/product/0061353248/ref=as_li_ss_tl?ie=UTF8&tag=chamaxwoo-20&linkCode=as2")
                .as_deref(),
            Some("https://amazon.com/dp/0061353248")
        );
        assert_eq!(
            c("https://www.amazon.com/Man-High-Castle-Season/dp/B00RSGIVVO").as_deref(),
            Some("https://amazon.com/dp/B00RSGIVVO")
        );
        assert_eq!(c("https://twitter.com/cmaxw?lang=en").as_deref(), Some("https://twitter.com/cmaxw"));
        assert_eq!(c("https://youtu.be/abc123").as_deref(), Some("https://youtube.com/watch?v=abc123"));
        assert_eq!(
            c("https://www.youtube.com/watch?v=Cpv1fxCV3sI&feature=youtu.be").as_deref(),
            Some("https://youtube.com/watch?v=Cpv1fxCV3sI")
        );
        assert_eq!(
            c("https://groups.google.com/forum/?fromgroups#!forum/papers").as_deref(),
            Some("https://groups.google.com/forum?fromgroups=#!forum/papers")
        );
        assert_eq!(c("exercism.io").as_deref(), Some("https://exercism.io"));
        assert_eq!(c("Jamison"), None);
        assert_eq!(c("mailto:a@b.c"), None);
        assert_eq!(canonical_url("https://www.GitHub.com/x/").unwrap().domain(), "github.com");
        let with_port = canonical_url("http://Example.com:8080/a?utm_source=x#top").unwrap();
        assert_eq!((with_port.url.as_str(), with_port.domain()), ("https://example.com:8080/a", "example.com"));
        let bare = canonical_url("exercism.io/tracks").unwrap();
        assert_eq!((bare.url.as_str(), bare.domain()), ("https://exercism.io/tracks", "exercism.io"));
    }
}
