//! Corpus-wide statistics of the notes extractor, per show: how many episodes have a panel,
//! guests, sponsors, picks; picks without picker; pickers left as a short name; diagnostics.
//! Also times the notes extraction per page, and can list examples of a category to check a
//! rule on pages nobody annotated.
//!
//! Run with `cargo run --release --example notes_stats -- [CORPUS_DIR] [--list CATEGORY]`
//! where CATEGORY is one of: no-panel, no-picks, unattributed, short-picker, title-guest,
//! prose-panel, diag, sponsors, guests, pickers, or ruleN (pages where rule N of
//! `notes::RULES` fired).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use podgraph::model::{Episode, PageOutcome, Role};
use podgraph::parse::{PageContext, front_matter, notes, parse_page};
use rayon::prelude::*;

#[derive(Default, Clone)]
struct Row {
    episodes: usize,
    panel: usize,
    guests: usize,
    sponsors: usize,
    picks: usize,
    pick_items: usize,
    unattributed: usize,
    short_pickers: usize,
    diagnostics: usize,
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/devchat");
    let mut list: Option<String> = None;
    while let Some(a) = args.next() {
        if a == "--list" {
            list = args.next();
        } else {
            corpus = PathBuf::from(a);
        }
    }
    let mut files = Vec::new();
    for show in std::fs::read_dir(&corpus)? {
        let show = show?.path();
        if !show.is_dir() || show.file_name().is_some_and(|n| n.to_string_lossy().starts_with('_')) {
            continue;
        }
        for f in std::fs::read_dir(&show)? {
            let f = f?.path();
            if f.extension().is_some_and(|e| e == "md") {
                files.push(f);
            }
        }
    }
    files.sort();
    let texts: Vec<(String, String)> = files
        .iter()
        .filter_map(|f| {
            let rel = f.strip_prefix(&corpus).ok()?.to_string_lossy().replace('\\', "/");
            Some((rel, std::fs::read_to_string(f).ok()?))
        })
        .collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();

    // Time the notes extraction alone (single thread), then whole pages with rayon.
    let bodies: Vec<(&str, u32)> =
        texts.iter().filter_map(|(_, t)| front_matter::split(t).ok().map(|s| (s.body, s.body_line))).collect();
    let t0 = Instant::now();
    let cpu0 = thread_cpu_ns();
    let mut sink = 0usize;
    for (body, line) in &bodies {
        sink += notes::extract(body, *line, "Title with Jane Doe").picks.len();
    }
    let notes_time = t0.elapsed();
    let notes_cpu = thread_cpu_ns().zip(cpu0).map(|(b, a)| b.saturating_sub(a));
    // Rule coverage, on the real titles (a second pass, outside the timing).
    let mut rule_pages = vec![0usize; notes::RULES.len()];
    let rule_listed: Option<usize> = list.as_deref().and_then(|l| l.strip_prefix("rule")?.parse().ok());
    for (rel, text) in &texts {
        let Ok(split) = front_matter::split(text) else {
            continue;
        };
        let (raw, _) = front_matter::parse(split.yaml, split.yaml_line);
        let title = raw.title.as_deref().map(front_matter::clean_title).unwrap_or_default();
        let n = notes::extract(split.body, split.body_line, &title);
        for (i, c) in rule_pages.iter_mut().enumerate() {
            *c += usize::from(n.rules & (1 << i) != 0);
        }
        if let Some(r) = rule_listed.filter(|r| n.rules & (1 << r) != 0) {
            let people: Vec<String> = n.people.iter().map(|p| format!("{:?}:{}", p.role, p.name)).collect();
            let mut pickers: Vec<&str> = n.picks.iter().map(|p| p.picker.as_deref().unwrap_or("-")).collect();
            pickers.dedup();
            println!("rule{r} {rel}: {} | pickers {pickers:?} | {title}", people.join(", "));
        }
    }
    let t1 = Instant::now();
    let pages: Vec<_> = texts
        .par_iter()
        .map(|(rel, text)| (rel.clone(), parse_page(text, &PageContext { file: rel, ..Default::default() })))
        .collect();
    let all_time = t1.elapsed();

    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut listed = 0;
    for (rel, page) in &pages {
        let PageOutcome::Episode(ep) = &page.outcome else {
            continue;
        };
        let show = rel.split('/').next().unwrap_or("").to_string();
        let r = rows.entry(show).or_default();
        let has_panel = ep.people.iter().any(|p| p.role.is_panel());
        let has_guest = ep.people.iter().any(|p| p.role == Role::Guest);
        let unattributed = ep.picks.iter().filter(|p| p.picker.is_none()).count();
        let short: Vec<&str> =
            ep.picks.iter().filter_map(|p| p.picker.as_deref()).filter(|p| !p.contains(' ')).collect();
        r.episodes += 1;
        r.panel += usize::from(has_panel);
        r.guests += usize::from(has_guest);
        r.sponsors += usize::from(!ep.sponsors.is_empty());
        r.picks += usize::from(!ep.picks.is_empty());
        r.pick_items += ep.picks.len();
        r.unattributed += unattributed;
        r.short_pickers += usize::from(!short.is_empty());
        r.diagnostics += page.diagnostics.len();
        if let Some(cat) = &list
            && listed < 400
            && show_example(cat, rel, ep, &page.diagnostics, has_panel, unattributed, &short)
        {
            listed += 1;
        }
    }
    let mut total = Row::default();
    println!(
        "{:<22} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>6}",
        "show", "eps", "panel", "guest", "spons", "picks", "items", "no-pkr", "short", "diags"
    );
    for (show, r) in &rows {
        println!(
            "{:<22} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>6}",
            show,
            r.episodes,
            r.panel,
            r.guests,
            r.sponsors,
            r.picks,
            r.pick_items,
            r.unattributed,
            r.short_pickers,
            r.diagnostics
        );
        total.episodes += r.episodes;
        total.panel += r.panel;
        total.guests += r.guests;
        total.sponsors += r.sponsors;
        total.picks += r.picks;
        total.pick_items += r.pick_items;
        total.unattributed += r.unattributed;
        total.short_pickers += r.short_pickers;
        total.diagnostics += r.diagnostics;
    }
    let r = &total;
    println!(
        "{:<22} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>6}",
        "TOTAL",
        r.episodes,
        r.panel,
        r.guests,
        r.sponsors,
        r.picks,
        r.pick_items,
        r.unattributed,
        r.short_pickers,
        r.diagnostics
    );
    println!("pages touched per rule:");
    for (name, n) in notes::RULES.iter().zip(&rule_pages) {
        println!("  {n:>5}  {name}");
    }
    println!(
        "{} pages, {:.1} MB; notes::extract alone: {:.1} ms total, {:.1} µs/page (1 thread); parse_page with rayon: {:.1} ms [{sink}]",
        texts.len(),
        bytes as f64 / 1e6,
        notes_time.as_secs_f64() * 1e3,
        notes_time.as_secs_f64() * 1e6 / bodies.len().max(1) as f64,
        all_time.as_secs_f64() * 1e3,
    );
    if let Some(ns) = notes_cpu {
        println!(
            "notes::extract CPU time (thread): {:.1} ms, {:.1} µs/page",
            ns as f64 / 1e6,
            ns as f64 / 1e3 / bodies.len().max(1) as f64
        );
    }
    Ok(())
}

/// CPU time of the current thread in ns (Linux `schedstat`), so a busy machine does not
/// inflate the per-page figure.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn show_example(
    cat: &str,
    rel: &str,
    ep: &Episode,
    diags: &[podgraph::model::Diagnostic],
    has_panel: bool,
    unattributed: usize,
    short: &[&str],
) -> bool {
    let people = || ep.people.iter().map(|p| format!("{:?}:{}", p.role, p.name)).collect::<Vec<_>>().join(", ");
    let line = match cat {
        "no-panel" if !has_panel => format!("{rel}: {}", people()),
        "no-picks" if ep.picks.is_empty() => rel.to_string(),
        "unattributed" if unattributed > 0 => {
            let first = ep.picks.iter().find(|p| p.picker.is_none()).map(|p| (p.line, p.title.clone()));
            format!("{rel}: {unattributed} e.g. {first:?}")
        }
        "short-picker" if !short.is_empty() => format!("{rel}: {short:?}"),
        "title-guest" | "guests" => {
            let g: Vec<_> = ep.people.iter().filter(|p| p.role == Role::Guest).map(|p| p.name.as_str()).collect();
            if g.is_empty() {
                return false;
            }
            format!("{rel}: {g:?} | {}", ep.title)
        }
        "prose-panel" => format!("{rel}: {}", people()),
        "diag" if !diags.is_empty() => {
            diags.iter().map(|d| format!("{rel}:{} {}", d.line, d.message)).collect::<Vec<_>>().join("\n")
        }
        "sponsors" if !ep.sponsors.is_empty() => {
            let s: Vec<_> = ep.sponsors.iter().map(|s| s.name.as_str()).collect();
            format!("{rel}: {s:?}")
        }
        "pickers" => {
            let mut p: Vec<_> = ep.picks.iter().map(|p| p.picker.as_deref().unwrap_or("-")).collect();
            p.dedup();
            format!("{rel}: {p:?}")
        }
        _ => return false,
    };
    println!("{line}");
    true
}
