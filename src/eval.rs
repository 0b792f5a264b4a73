//! Gold-set evaluation: loads hand-annotated episodes and scores any predictor against them.
//!
//! This is a faithful port of `shared/gold/score.py` (same normalisation of names and URLs,
//! same relations, same rule for pickers the notes do not list), so numbers printed here and
//! by the reference script agree. It knows nothing about the parser or the graph: a predictor
//! is any closure `(podcast, slug) -> Option<Predicted>`, so the GraphQL layer can be scored
//! through the same code.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// One hand-annotated episode of `dev.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEpisode {
    /// `<show folder>/<file>.md`
    pub file: String,
    pub podcast: String,
    pub number: Option<u32>,
    pub title: String,
    pub date: Option<String>,
    pub duration_seconds: Option<u32>,
    #[serde(default)]
    pub panelists: Vec<GoldPerson>,
    #[serde(default)]
    pub guests: Vec<GoldPerson>,
    #[serde(default)]
    pub sponsors: Vec<GoldSponsor>,
    #[serde(default)]
    pub picks: Vec<GoldPick>,
    #[serde(default)]
    pub uncertain: Option<String>,
}

impl GoldEpisode {
    /// The page slug: the file name without folder and `.md`.
    pub fn slug(&self) -> &str {
        let name = self.file.split_once('/').map_or(&*self.file, |(_, f)| f);
        name.strip_suffix(".md").unwrap_or(name)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldPerson {
    pub name: String,
    #[serde(default)]
    pub links: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldSponsor {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldPick {
    pub by: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    #[serde(default)]
    pub also_urls: Vec<String>,
}

/// Parses the gold JSON array.
pub fn load_gold(json: &str) -> Result<Vec<GoldEpisode>, serde_json::Error> {
    serde_json::from_str(json)
}

/// What a predictor says about one episode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Predicted {
    pub title: String,
    pub number: Option<u32>,
    /// `YYYY-MM-DD` (anything longer is cut to 10 characters, as score.py does).
    pub date: Option<String>,
    pub duration_seconds: Option<u32>,
    pub panelists: Vec<String>,
    pub guests: Vec<String>,
    /// (name, url)
    pub sponsors: Vec<(String, Option<String>)>,
    /// (picker, title, url)
    pub picks: Vec<(Option<String>, String, Option<String>)>,
}

/// The relations scored, in report order.
pub const RELATIONS: [&str; 5] = ["people", "panelists", "guests", "sponsors", "picks"];
const FIELDS: [&str; 4] = ["title", "number", "date", "durationSeconds"];

/// score.py's `norm_name`: NFKD, drop combining marks, lowercase, non-word → space, collapse.
pub fn norm_name(s: &str) -> String {
    let lowered: String = s
        .nfkd()
        .filter(|&c| canonical_combining_class(c) == 0)
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() || c == '_' || c.is_whitespace() { c } else { ' ' })
        .collect();
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// score.py's `norm_url`: trim, lowercase, drop `http(s)://`, a leading `www.`, trailing `/`.
pub fn norm_url(u: &str) -> String {
    let u = u.trim().to_lowercase();
    let u = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://")).unwrap_or(&u);
    let u = u.strip_prefix("www.").unwrap_or(u);
    u.trim_end_matches('/').to_string()
}

type PickKey = (String, String);

/// The comparable keys of one episode, per relation.
#[derive(Debug, Default)]
struct Keys {
    sets: BTreeMap<&'static str, BTreeSet<String>>,
    picks: BTreeSet<PickKey>,
}

fn pick_key(by: Option<&str>, title: Option<&str>, url: Option<&str>) -> PickKey {
    let u = url.map(norm_url).unwrap_or_default();
    let second = if u.is_empty() { format!("t:{}", norm_name(title.unwrap_or(""))) } else { u };
    (norm_name(by.unwrap_or("")), second)
}

fn keys_of(panelists: &[&str], guests: &[&str], sponsors: &[&str], picks: impl Iterator<Item = PickKey>) -> Keys {
    let pan: BTreeSet<String> = panelists.iter().map(|n| norm_name(n)).collect();
    let gue: BTreeSet<String> = guests.iter().map(|n| norm_name(n)).collect();
    let spo: BTreeSet<String> = sponsors.iter().map(|n| norm_name(n)).collect();
    let people = pan.union(&gue).cloned().collect();
    let mut sets = BTreeMap::new();
    sets.insert("people", people);
    sets.insert("panelists", pan);
    sets.insert("guests", gue);
    sets.insert("sponsors", spo);
    Keys { sets, picks: picks.collect() }
}

fn gold_keys(g: &GoldEpisode) -> Keys {
    let pan: Vec<&str> = g.panelists.iter().map(|p| p.name.as_str()).collect();
    let gue: Vec<&str> = g.guests.iter().map(|p| p.name.as_str()).collect();
    let spo: Vec<&str> = g.sponsors.iter().map(|s| s.name.as_str()).collect();
    let picks = g.picks.iter().map(|p| pick_key(p.by.as_deref(), p.title.as_deref(), p.url.as_deref()));
    keys_of(&pan, &gue, &spo, picks)
}

fn predicted_keys(p: &Predicted) -> Keys {
    let pan: Vec<&str> = p.panelists.iter().map(String::as_str).collect();
    let gue: Vec<&str> = p.guests.iter().map(String::as_str).collect();
    let spo: Vec<&str> = p.sponsors.iter().map(|(n, _)| n.as_str()).collect();
    let picks = p.picks.iter().map(|(by, t, u)| pick_key(by.as_deref(), Some(t), u.as_deref()));
    keys_of(&pan, &gue, &spo, picks)
}

/// Counts of one relation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    /// score.py convention: an empty denominator scores 1.0.
    pub fn precision(&self) -> f64 {
        ratio_or_one(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio_or_one(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }
    }
}

fn ratio_or_one(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The whole evaluation: per relation counts, field accuracy and every miss.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub episodes: usize,
    pub missing: usize,
    pub relations: BTreeMap<&'static str, Counts>,
    /// field → (exact, compared)
    pub fields: BTreeMap<&'static str, (usize, usize)>,
    /// score.py-style lines: `FN picks file: ...`, `FP ...`, `FIELD ...`, `MISSING ...`.
    pub misses: Vec<String>,
}

impl Report {
    pub fn counts(&self, relation: &str) -> Counts {
        self.relations.get(relation).copied().unwrap_or_default()
    }

    /// Share of exactly matching fields over all compared fields.
    pub fn fields_exact(&self) -> f64 {
        let (ok, n) = self.fields.values().fold((0, 0), |(a, b), &(ok, n)| (a + ok, b + n));
        if n == 0 { 0.0 } else { ok as f64 / n as f64 }
    }

    /// The lowest F1 over the relations (score.py's summary figure).
    pub fn min_f1(&self) -> f64 {
        RELATIONS.iter().map(|r| self.counts(r).f1()).fold(1.0, f64::min)
    }
}

/// Python's `repr` of an optional value, for FIELD miss lines.
fn py_repr_str(s: Option<&str>) -> String {
    match s {
        None => "None".into(),
        Some(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
    }
}

fn py_repr_num(n: Option<u32>) -> String {
    n.map_or_else(|| "None".into(), |n| n.to_string())
}

/// Scores `predict` against `gold`, following score.py rule for rule.
pub fn evaluate<F>(gold: &[GoldEpisode], predict: F) -> Report
where
    F: Fn(&str, &str) -> Option<Predicted>,
{
    let mut report = Report { episodes: gold.len(), ..Default::default() };
    for rel in RELATIONS {
        report.relations.insert(rel, Counts::default());
    }
    for g in gold {
        let predicted = predict(&g.podcast, g.slug());
        let pk = match &predicted {
            None => {
                report.missing += 1;
                report.misses.push(format!("MISSING {}: no such episode", g.file));
                Keys::default()
            }
            Some(p) => {
                score_fields(g, p, &mut report);
                predicted_keys(p)
            }
        };
        let gk = gold_keys(g);
        let mut pk = pk;
        // A predicted panelist who made a gold pick but whom the gold notes do not list took
        // part all the same: neither rewarded nor penalised.
        let gold_people = gk.sets.get("people").cloned().unwrap_or_default();
        let pickers: BTreeSet<String> =
            gk.picks.iter().map(|(by, _)| by.clone()).filter(|by| !gold_people.contains(by)).collect();
        for rel in ["people", "panelists"] {
            if let Some(set) = pk.sets.get_mut(rel) {
                set.retain(|n| !pickers.contains(n));
            }
        }
        for rel in RELATIONS {
            let (g_items, p_items): (BTreeSet<String>, BTreeSet<String>) = if rel == "picks" {
                (gk.picks.iter().map(py_tuple).collect(), pk.picks.iter().map(py_tuple).collect())
            } else {
                (gk.sets.get(rel).cloned().unwrap_or_default(), pk.sets.get(rel).cloned().unwrap_or_default())
            };
            let c = report.relations.entry(rel).or_default();
            c.tp += g_items.intersection(&p_items).count();
            c.fp += p_items.difference(&g_items).count();
            c.fn_ += g_items.difference(&p_items).count();
            for x in g_items.difference(&p_items) {
                report.misses.push(format!("FN {rel} {}: {x}", g.file));
            }
            for x in p_items.difference(&g_items) {
                report.misses.push(format!("FP {rel} {}: {x}", g.file));
            }
        }
    }
    report
}

/// Python's `str` of a 2-tuple of strings, so miss lines read like score.py's.
fn py_tuple((a, b): &PickKey) -> String {
    format!("({}, {})", py_repr_str(Some(a)), py_repr_str(Some(b)))
}

fn score_fields(g: &GoldEpisode, p: &Predicted, report: &mut Report) {
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for f in FIELDS {
        let (ok, gv, pv) = match f {
            "title" => {
                (collapse(&g.title) == collapse(&p.title), py_repr_str(Some(&g.title)), py_repr_str(Some(&p.title)))
            }
            "number" => (g.number == p.number, py_repr_num(g.number), py_repr_num(p.number)),
            "date" => {
                // score.py: str(pv or "")[:10] == str(gv), where str(None) is "None".
                let pd: String = p.date.as_deref().unwrap_or("").chars().take(10).collect();
                let gd = g.date.as_deref().unwrap_or("None");
                (pd == gd, py_repr_str(g.date.as_deref()), py_repr_str(p.date.as_deref()))
            }
            _ => (
                g.duration_seconds == p.duration_seconds,
                py_repr_num(g.duration_seconds),
                py_repr_num(p.duration_seconds),
            ),
        };
        let e = report.fields.entry(f).or_default();
        e.1 += 1;
        if ok {
            e.0 += 1;
        } else {
            report.misses.push(format!("FIELD {} {f}: gold={gv} got={pv}", g.file));
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{:<10} {:>5} {:>5} {:>5} {:>7} {:>7} {:>7}", "relation", "tp", "fp", "fn", "P", "R", "F1")?;
        for rel in RELATIONS {
            let c = self.counts(rel);
            writeln!(
                f,
                "{:<10} {:>5} {:>5} {:>5} {:>7.3} {:>7.3} {:>7.3}",
                rel,
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall(),
                c.f1()
            )?;
        }
        let per_field: Vec<String> = FIELDS
            .iter()
            .map(|k| {
                let (ok, n) = self.fields.get(k).copied().unwrap_or_default();
                format!("{k} {ok}/{n}")
            })
            .collect();
        writeln!(
            f,
            "episodes {} missing={} fields_exact={:.3} ({})",
            self.episodes,
            self.missing,
            self.fields_exact(),
            per_field.join(", ")
        )?;
        write!(f, "F1 min={:.3}", self.min_f1())
    }
}

/// What the graph says about an episode, in the shape the scorer wants: exactly what the
/// `episode(podcast:, slug:)` GraphQL contract returns (resolved names, as served).
pub fn predict_from_graph(g: &crate::graph::PodGraph, podcast: &str, slug: &str) -> Option<Predicted> {
    let id = g.episode_by_key(podcast, slug)?;
    let ep = g.episode(id);
    let names = |panel: bool| g.people_of(id, Some(panel)).map(|a| g.person(a.person).name.clone()).collect();
    Some(Predicted {
        title: ep.title.clone(),
        number: ep.number,
        date: ep.date.map(|d| d.format("%Y-%m-%d").to_string()),
        duration_seconds: ep.duration_seconds,
        panelists: names(true),
        guests: names(false),
        sponsors: ep
            .sponsorships
            .iter()
            .map(|s| {
                let s = g.sponsorship(*s);
                (s.name_as_written.to_string(), s.url.as_deref().map(str::to_string))
            })
            .collect(),
        picks: ep
            .picks
            .iter()
            .map(|p| {
                let p = g.pick(*p);
                (p.picker.map(|x| g.person(x).name.clone()), p.title.to_string(), g.pick_url(p).map(str::to_string))
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = r#"[
      {"file": "show/ep-1.md", "podcast": "show", "number": 1, "title": "Ep  1 with Zoë Roe",
       "date": "2019-01-02", "duration_seconds": 60,
       "panelists": [{"name": "Charles Max Wood", "links": []}, {"name": "Amy Lee", "links": []}],
       "guests": [{"name": "Zoë Roe", "links": []}],
       "sponsors": [{"name": "Sentry", "url": "https://sentry.io/"}],
       "picks": [
         {"by": "Charles Max Wood", "title": "A", "url": "https://www.a.com/"},
         {"by": "Zoë Roe", "title": "No link", "url": null},
         {"by": "Jaim Zuber", "title": "B", "url": "http://b.com"}
       ],
       "uncertain": ""},
      {"file": "show/ep-2.md", "podcast": "show", "number": null, "title": "Ep 2",
       "date": "2019-01-03", "duration_seconds": null,
       "panelists": [], "guests": [], "sponsors": [], "picks": []}
    ]"#;

    fn gold() -> Vec<GoldEpisode> {
        load_gold(GOLD).unwrap()
    }

    #[test]
    fn normalisation_matches_score_py() {
        assert_eq!(norm_name("  Christiané  O’Neal-Smith "), "christiane o neal smith");
        assert_eq!(norm_name("Sherry Walling, Ph.D."), "sherry walling ph d");
        assert_eq!(norm_url(" HTTPS://www.Example.com/a/ "), "example.com/a");
        assert_eq!(norm_url("http://b.com//"), "b.com");
        assert_eq!(norm_url("www.x.io"), "x.io");
    }

    #[test]
    fn perfect_prediction_scores_one() {
        let r = evaluate(&gold(), |_, slug| {
            Some(match slug {
                "ep-1" => Predicted {
                    title: "Ep 1 with Zoë Roe".into(),
                    number: Some(1),
                    date: Some("2019-01-02T10:00:00".into()),
                    duration_seconds: Some(60),
                    panelists: vec!["Charles Max Wood".into(), "amy lee".into()],
                    guests: vec!["Zoe Roe".into()],
                    sponsors: vec![("Sentry".into(), None)],
                    picks: vec![
                        (Some("Charles Max Wood".into()), "x".into(), Some("a.com".into())),
                        (Some("Zoë Roe".into()), "No  link!".into(), None),
                        (Some("Jaim Zuber".into()), "B".into(), Some("https://b.com/".into())),
                    ],
                },
                _ => Predicted { title: "Ep 2".into(), date: Some("2019-01-03".into()), ..Default::default() },
            })
        });
        for rel in RELATIONS {
            assert_eq!(r.counts(rel).f1(), 1.0, "{rel}: {:?}", r.misses);
        }
        assert_eq!(r.fields_exact(), 1.0);
        assert!(r.misses.is_empty(), "{:?}", r.misses);
    }

    #[test]
    fn misses_and_picker_rule() {
        let r = evaluate(&gold(), |_, slug| {
            (slug == "ep-1").then(|| Predicted {
                title: "Ep 1".into(),
                number: Some(1),
                date: Some("2019-01-02".into()),
                duration_seconds: None,
                // Jaim Zuber picked in the gold but is not gold people: neutral.
                panelists: vec!["Charles Max Wood".into(), "Jaim Zuber".into(), "Bob".into()],
                guests: vec![],
                sponsors: vec![],
                picks: vec![(None, "A".into(), Some("https://a.com".into()))],
            })
        });
        assert_eq!(r.missing, 1);
        let pan = r.counts("panelists");
        assert_eq!((pan.tp, pan.fp, pan.fn_), (1, 1, 1));
        let people = r.counts("people");
        assert_eq!((people.tp, people.fp, people.fn_), (1, 1, 2));
        let picks = r.counts("picks");
        assert_eq!((picks.tp, picks.fp, picks.fn_), (0, 1, 3));
        assert_eq!(r.counts("sponsors").recall(), 0.0);
        // Empty gold and empty prediction: 1.0 by convention.
        assert_eq!(Counts::default().f1(), 1.0);
        assert_eq!(r.fields.get("title"), Some(&(0, 1)));
        assert!(r.misses.iter().any(|m| m == "MISSING show/ep-2.md: no such episode"));
        assert!(r.misses.iter().any(|m| m == "FN picks show/ep-1.md: ('zoe roe', 't:no link')"));
        assert!(r.misses.iter().any(|m| m.starts_with("FIELD show/ep-1.md title: gold='Ep  1")));
        let table = r.to_string();
        assert!(table.contains("picks"), "{table}");
        assert!(table.contains("missing=1"), "{table}");
    }
}
