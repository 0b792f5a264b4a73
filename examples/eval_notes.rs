//! Scores the page parser against the gold set.
//!
//! Run with `cargo run --release --example eval_notes -- [--misses] [GOLD.json] [CORPUS_DIR]`
//! (defaults: `../shared/gold/dev.json`, `../shared/corpus/devchat`, relative to the crate).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use podgraph::eval::{self, Predicted};
use podgraph::model::{Episode, PageOutcome, Role};
use podgraph::parse::{PageContext, parse_page};

fn main() -> anyhow::Result<()> {
    let mut show_misses = false;
    let mut dump: Option<PathBuf> = None;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--misses" => show_misses = true,
            // Writes the predictions as GraphQL-shaped JSON, to feed score.py for a cross-check.
            "--dump" => dump = args.next().map(PathBuf::from),
            _ => paths.push(PathBuf::from(arg)),
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let gold_path = paths.first().cloned().unwrap_or_else(|| root.join("../shared/gold/dev.json"));
    let corpus = paths.get(1).cloned().unwrap_or_else(|| root.join("../shared/corpus/devchat"));

    let gold = eval::load_gold(&std::fs::read_to_string(&gold_path)?)?;
    let mut episodes: HashMap<(String, String), Episode> = HashMap::new();
    for g in &gold {
        let text = match std::fs::read_to_string(corpus.join(&g.file)) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{}: {e}", g.file);
                continue;
            }
        };
        let folder = g.file.split('/').next().unwrap_or("");
        let show_title = show_title(&corpus, folder);
        let ctx = PageContext { file: &g.file, show_title: show_title.as_deref(), ..Default::default() };
        let page = parse_page(&text, &ctx);
        if let PageOutcome::Episode(ep) = page.outcome {
            episodes.insert((ep.podcast.clone(), ep.slug.clone()), *ep);
        }
    }

    let report =
        eval::evaluate(&gold, |podcast, slug| episodes.get(&(podcast.to_string(), slug.to_string())).map(predicted));
    if let Some(path) = dump {
        let mut out = serde_json::Map::new();
        for g in &gold {
            let Some(ep) = episodes.get(&(g.podcast.clone(), g.slug().to_string())) else {
                continue;
            };
            let p = predicted(ep);
            let names = |v: &[String]| v.iter().map(|n| serde_json::json!({ "name": n })).collect::<Vec<_>>();
            out.insert(
                g.file.clone(),
                serde_json::json!({
                    "title": p.title, "number": p.number, "date": p.date,
                    "durationSeconds": p.duration_seconds,
                    "panelists": names(&p.panelists), "guests": names(&p.guests),
                    "sponsors": p.sponsors.iter().map(|(n, u)| serde_json::json!({"name": n, "url": u})).collect::<Vec<_>>(),
                    "picks": p.picks.iter().map(|(by, t, u)| serde_json::json!({
                        "title": t, "url": u, "pickedBy": by.as_ref().map(|b| serde_json::json!({"name": b}))
                    })).collect::<Vec<_>>(),
                }),
            );
        }
        std::fs::write(&path, serde_json::to_string(&out)?)?;
    }
    if show_misses {
        for m in &report.misses {
            println!("{m}");
        }
        println!();
    }
    println!("{report}");
    Ok(())
}

fn predicted(ep: &Episode) -> Predicted {
    let names = |keep: fn(Role) -> bool| ep.people.iter().filter(|p| keep(p.role)).map(|p| p.name.clone()).collect();
    Predicted {
        title: ep.title.clone(),
        number: ep.number,
        date: ep.date.map(|d| d.format("%Y-%m-%d").to_string()),
        duration_seconds: ep.duration_seconds,
        panelists: names(Role::is_panel),
        guests: names(|r| r == Role::Guest),
        sponsors: ep.sponsors.iter().map(|s| (s.name.clone(), s.url.clone())).collect(),
        picks: ep
            .picks
            .iter()
            .map(|p| (p.picker.as_deref().map(str::to_string), p.title.clone(), p.url.clone()))
            .collect(),
    }
}

/// The show's title from `_data/podcasts/<folder>.json`, used to read numbers out of titles.
fn show_title(corpus: &Path, folder: &str) -> Option<String> {
    let path = corpus.join("_data/podcasts").join(format!("{folder}.json"));
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    json.get("title")?.as_str().map(str::to_string)
}
