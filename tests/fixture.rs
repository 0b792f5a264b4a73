//! Hand-built graphs for relationship tests: a small network whose every answer is known,
//! and a larger synthetic one for the N+1 tests. Built from `model::Episode` values (what
//! the parser produces), through the real `PodGraph::build`.

use chrono::NaiveDate;

use podgraph::graph::PodGraph;
use podgraph::load::{LoadReport, Snapshot};
use podgraph::model::{Episode, HostInfo, PersonMention, PickMention, Role, ShowInfo, SiteData, SponsorMention};

/// A person on a page: (name, role).
type P<'a> = (&'a str, Role);
/// A pick: (picker, title, url).
type K<'a> = (Option<&'a str>, &'a str, Option<&'a str>);

fn episode(
    show: &str,
    slug: &str,
    date: Option<&str>,
    people: &[P],
    sponsors: &[(&str, &str)],
    picks: &[K],
) -> Episode {
    let mut line = 10;
    let mut next = || {
        line += 1;
        line
    };
    Episode {
        podcast: show.into(),
        folder: show.into(),
        slug: slug.into(),
        file: format!("{show}/{slug}.md"),
        title: format!("{} {}", show.to_uppercase(), slug.to_uppercase()),
        number: slug[1..].parse().ok(),
        date: date.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
        duration_seconds: Some(1800),
        audio_url: None,
        tags: vec![show.into()],
        summary: None,
        people: people
            .iter()
            .map(|(name, role)| PersonMention { name: name.to_string(), role: *role, links: vec![], line: next() })
            .collect(),
        sponsors: sponsors
            .iter()
            .map(|(name, url)| SponsorMention { name: name.to_string(), url: Some(url.to_string()), line: next() })
            .collect(),
        picks: picks
            .iter()
            .map(|(who, title, url)| PickMention {
                picker: who.map(Into::into),
                picker_as_written: who.map(Into::into),
                title: title.to_string(),
                url: url.map(str::to_string),
                also_urls: vec![],
                line: next(),
            })
            .collect(),
        links: Default::default(),
    }
}

const ADA: &str = "Ada Lovelace";
const GRACE: &str = "Grace Hopper";
const ALAN: &str = "Alan Turing";
const EDSGER: &str = "Edsger Dijkstra";
const BARBARA: &str = "Barbara Liskov";
const LINUS: &str = "Linus Torvalds";

const ACME: (&str, &str) = ("Acme", "https://acme.example.com/?utm_source=podcast");
const GLOBEX: (&str, &str) = ("Globex", "https://globex.example.com");

const RUST_BOOK: &str = "https://doc.rust-lang.org/book/";
const PETGRAPH: &str = "https://github.com/petgraph/petgraph";
const RIPGREP: &str = "https://github.com/BurntSushi/ripgrep";

/// Two shows, six episodes, six people. Known answers:
/// * guests: Alan Turing (alpha a1, beta b1: two shows), Edsger Dijkstra (a2), Barbara Liskov (b2);
/// * hosts: Ada Lovelace (alpha), Grace Hopper (beta, and on alpha's a3); Linus Torvalds on b3;
/// * picks: petgraph (Alan, Grace), ripgrep (Ada, Alan), the Rust book (Ada twice),
///   four one-offs and an unattributed item without link;
/// * sponsors: Acme on a1, a2, b2; Globex on a3, b1, b2;
/// * b3 has no date.
pub fn small_network() -> Snapshot {
    use Role::{Guest, Host, Panelist};
    let episodes = vec![
        episode(
            "alpha",
            "a1",
            Some("2019-01-10"),
            &[(ADA, Host), (ALAN, Guest)],
            &[ACME],
            &[(Some(ADA), "The Rust Book", Some(RUST_BOOK)), (Some(ALAN), "petgraph", Some(PETGRAPH))],
        ),
        episode(
            "alpha",
            "a2",
            Some("2019-06-05"),
            &[(ADA, Host), (EDSGER, Guest)],
            &[ACME],
            &[
                (Some(ADA), "ripgrep", Some(RIPGREP)),
                (Some(EDSGER), "Go To Statement Considered Harmful", Some("https://www.example.org/goto")),
            ],
        ),
        episode(
            "alpha",
            "a3",
            Some("2020-02-01"),
            &[(ADA, Host), (GRACE, Panelist)],
            &[GLOBEX],
            &[
                (Some(GRACE), "petgraph", Some("https://github.com/petgraph/petgraph/")),
                (Some(ADA), "Rust Book", Some(RUST_BOOK)),
            ],
        ),
        episode(
            "beta",
            "b1",
            Some("2019-03-03"),
            &[(GRACE, Host), (ALAN, Guest)],
            &[GLOBEX],
            &[
                (Some(GRACE), "COBOL", Some("https://en.wikipedia.org/wiki/COBOL")),
                (Some(ALAN), "ripgrep", Some(RIPGREP)),
            ],
        ),
        episode(
            "beta",
            "b2",
            Some("2020-07-20"),
            &[(GRACE, Host), (BARBARA, Guest)],
            &[ACME, GLOBEX],
            &[(Some(BARBARA), "CLU", Some("https://en.wikipedia.org/wiki/CLU_(programming_language)"))],
        ),
        episode(
            "beta",
            "b3",
            None,
            &[(GRACE, Host), (LINUS, Panelist)],
            &[],
            &[(Some(LINUS), "git", Some("https://git-scm.com")), (None, "Coffee", None)],
        ),
    ];
    let site = SiteData {
        shows: vec![
            ShowInfo { slug: "alpha".into(), title: "Alpha Show".into() },
            ShowInfo { slug: "beta".into(), title: "Beta Show".into() },
        ],
        hosts: vec![
            HostInfo { name: ADA.into(), links: vec![], podcasts: vec!["alpha".into()] },
            HostInfo { name: GRACE.into(), links: vec![], podcasts: vec!["beta".into()] },
        ],
    };
    snapshot(episodes, &site)
}

/// A larger synthetic network: `people` people and `episodes` episodes over three shows;
/// each episode has two panelists, a guest, a sponsor and three picks.
pub fn synthetic_network(people: usize, episodes: usize) -> Snapshot {
    use Role::{Guest, Panelist};
    let name = |i: usize| format!("Person{i} Family{i}");
    let mut eps = Vec::with_capacity(episodes);
    for e in 0..episodes {
        let show = ["one", "two", "three"][e % 3];
        let (a, b, c) = (e % people, (e * 7 + 1) % people, (e * 13 + 2) % people);
        let (na, nb, nc) = (name(a), name(b), name(c));
        let day = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap() + chrono::Days::new(e as u64 * 3);
        let date = day.format("%Y-%m-%d").to_string();
        let urls = [
            format!("https://github.com/org/repo{}", e % 50),
            format!("https://example.com/{e}"),
            format!("https://docs.rs/crate{}", e % 20),
        ];
        eps.push(episode(
            show,
            &format!("e{e}"),
            Some(&date),
            &[(na.as_str(), Panelist), (nb.as_str(), Panelist), (nc.as_str(), Guest)],
            &[("Sponsor", "https://sponsor.example.com")],
            &[
                (Some(na.as_str()), "repo", Some(urls[0].as_str())),
                (Some(nb.as_str()), "page", Some(urls[1].as_str())),
                (Some(nc.as_str()), "crate", Some(urls[2].as_str())),
            ],
        ));
    }
    snapshot(eps, &SiteData::default())
}

fn snapshot(episodes: Vec<Episode>, site: &SiteData) -> Snapshot {
    let (graph, diagnostics) = PodGraph::build(episodes, site);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let report = LoadReport { episodes_loaded: graph.episodes().len(), ..Default::default() };
    Snapshot { graph, report, version: 1, loaded_at: chrono::Utc::now() }
}
