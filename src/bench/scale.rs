//! `bench scale`: generated networks of growing size (`podgraph gen`), each loaded in a fresh
//! process: load time and peak memory per episode, against the time to read the same files.
//! Optionally also the graph built straight from the generator's model (people, picks and
//! sponsors included), which measures graph building and identity resolution at scale
//! independently of the notes parser.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::Context as _;

use super::{ScaleArgs, build_kind, fmt_secs, free_bytes, in_child, load_average, mb, median};

/// Bytes a generated page takes on average (notes ~4 KB; a third of the pages carry a 30–90 KB
/// transcript at scale 1), with some headroom.
fn estimated_bytes(episodes: usize, transcript_scale: f64) -> u64 {
    (episodes as f64 * (5_000.0 + 0.35 * 60_000.0 * transcript_scale)) as u64
}

/// Fresh memory the probe touches before each load (see the `fresh-memory` child task).
const FRESH_PROBE_MB: usize = 512;

fn folder(args: &ScaleArgs, n: usize, ts: f64) -> PathBuf {
    args.dir.join(format!("n{n}-seed{}-t{ts}", args.seed))
}

/// Generates the folder unless a complete one is there; returns the generation time if it ran.
fn ensure_generated(dir: &Path, n: usize, seed: u64, ts: f64) -> anyhow::Result<Option<f64>> {
    let marker = dir.join(".complete");
    if marker.exists() {
        return Ok(None);
    }
    let parent = dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    if let Some(free) = free_bytes(parent) {
        let need = estimated_bytes(n, ts);
        anyhow::ensure!(
            need < free / 10 * 9,
            "generating {n} episodes needs about {} but {} has {} free; lower --transcript-scale",
            mb(need as f64),
            parent.display(),
            mb(free as f64)
        );
    }
    let started = Instant::now();
    let exe = std::env::current_exe()?;
    let status = Command::new(exe)
        .args(["gen", "--episodes", &n.to_string(), "--seed", &seed.to_string(), "--transcript-scale", &ts.to_string()])
        .arg("--out")
        .arg(dir)
        .status()
        .context("running podgraph gen")?;
    anyhow::ensure!(status.success(), "podgraph gen failed");
    std::fs::write(&marker, format!("episodes {n} seed {seed} transcript-scale {ts}\n"))?;
    Ok(Some(started.elapsed().as_secs_f64()))
}

pub fn run(args: &ScaleArgs) -> anyhow::Result<()> {
    println!(
        "scale curve: generated networks (seed {}), each load in a fresh process; {}; load average {} at start",
        args.seed,
        build_kind(),
        load_average()
    );
    println!(
        "{:>9} {:>7} {:>10} {:>9} {:>9} {:>9} {:>7} {:>10} {:>10} {:>10}",
        "episodes", "transcr", "on disk", "gen", "read", "load", "× read", "µs/episode", "peak RSS", "B/episode"
    );
    let mut model_rows = Vec::new();
    for (i, &n) in args.sizes.iter().enumerate() {
        let ts = *args.transcript_scale.get(i).or(args.transcript_scale.last()).unwrap_or(&1.0);
        let dir = folder(args, n, ts);
        let gen_secs = ensure_generated(&dir, n, args.seed, ts)?;
        let data = dir.display().to_string();
        let (mut read, mut load, mut rss) = (Vec::new(), Vec::new(), Vec::new());
        let mut bytes = 0.0;
        let mut episodes = 0.0;
        let mut detail = serde_json::Value::Null;
        let mut page_costs = Vec::new();
        // Every run, in order: at a million episodes a load right after another one has
        // been 6-15 s faster here, whichever binary (README, Performance), so the median of
        // few runs hides what the spread shows.
        let mut runs = Vec::new();
        // Warm the page cache with one untimed read (large folders may not fit; then the
        // figures include disk reads, for the floor and the load alike).
        let _ = in_child(&["read-par".into(), "--data".into(), data.clone()])?;
        for _ in 0..args.runs.max(1) {
            let r = in_child(&["read-par".into(), "--data".into(), data.clone()])?;
            read.push(r["secs"].as_f64().unwrap_or(f64::NAN));
            bytes = r["bytes"].as_f64().unwrap_or(0.0);
            let probe = in_child(&["fresh-memory".into(), "--megabytes".into(), FRESH_PROBE_MB.to_string()])?;
            page_costs
                .push(probe["touch_secs"].as_f64().unwrap_or(f64::NAN) / probe["pages"].as_f64().unwrap_or(f64::NAN));
            let l = in_child(&["load".into(), "--data".into(), data.clone()])?;
            load.push(l["secs"].as_f64().unwrap_or(f64::NAN));
            rss.push(l["peak_rss"].as_f64().unwrap_or(f64::NAN));
            episodes = l["episodes"].as_f64().unwrap_or(0.0);
            runs.push(RunFigures::of(&l));
            detail = l;
        }
        let (read, load, rss) = (median(&read), median(&load), median(&rss));
        println!(
            "{:>9} {:>7} {:>10} {:>9} {:>9} {:>9} {:>7.2} {:>10.1} {:>10} {:>10.0}",
            n,
            format!("×{ts}"),
            mb(bytes),
            gen_secs.map_or("(kept)".into(), fmt_secs),
            fmt_secs(read),
            fmt_secs(load),
            load / read,
            load / episodes * 1e6,
            mb(rss),
            rss / episodes
        );
        println!(
            "{:>9} phases: scan {}, read + parse {}, graph + indexes {}; {} nodes, {} edges",
            "",
            fmt_secs(detail["scan"].as_f64().unwrap_or(0.0)),
            fmt_secs(detail["parse"].as_f64().unwrap_or(0.0)),
            fmt_secs(detail["build"].as_f64().unwrap_or(0.0)),
            detail["nodes"],
            detail["edges"]
        );
        // Same-run baseline for fresh memory: a load's page faults at the probe's price. A
        // lower bound: in a profile of a 1M load the kernel's page zeroing took more (README).
        let page_cost = median(&page_costs);
        if let (Some(cpu), Some(faults)) = (detail["cpu"].as_f64(), detail["faults"].as_f64()) {
            let system = detail["system"].as_f64().unwrap_or(f64::NAN);
            println!(
                "{:>9} last run: cpu {} ({:.2} cores; user {}, system {}); {:.2}M page faults ({} of fresh memory touched); a {} MB probe touches fresh memory at {:.2} µs per 4 KB page, which puts these faults at {} or more of that cpu",
                "",
                fmt_secs(cpu),
                cpu / detail["secs"].as_f64().unwrap_or(f64::NAN),
                fmt_secs(cpu - system),
                fmt_secs(system),
                faults / 1e6,
                mb(faults * 4096.0),
                FRESH_PROBE_MB,
                page_cost * 1e6,
                fmt_secs(faults * page_cost)
            );
        }
        if runs.len() > 1 {
            let each: Vec<String> = runs.iter().map(RunFigures::describe).collect();
            println!("{:>9} each run, in order: {}", "", each.join("; "));
        }
        if args.delete {
            std::fs::remove_dir_all(&dir).ok();
        }
        if args.model_build {
            let m = in_child(&[
                "model-build".into(),
                "--episodes".into(),
                n.to_string(),
                "--seed".into(),
                args.seed.to_string(),
            ])?;
            model_rows.push((n, m));
        }
    }
    if !model_rows.is_empty() {
        println!("\ngraph built from the generator's model (no files; people, picks, sponsors and links included)");
        println!(
            "{:>9} {:>9} {:>9} {:>9} {:>10} {:>10} {:>12} {:>10} {:>10}",
            "episodes", "people", "picks", "links", "build", "µs/episode", "model RSS", "peak RSS", "B/episode"
        );
        for (n, m) in model_rows {
            let f = |k: &str| m[k].as_f64().unwrap_or(f64::NAN);
            let eps = f("episodes");
            println!(
                "{:>9} {:>9} {:>9} {:>9} {:>10} {:>10.1} {:>12} {:>10} {:>10.0}",
                n,
                m["people"],
                m["picks"],
                m["links"],
                fmt_secs(f("build_secs")),
                f("build_secs") / eps * 1e6,
                mb(f("rss_model")),
                mb(f("peak_rss")),
                (f("peak_rss") - f("rss_model")) / eps
            );
        }
    }
    Ok(())
}

/// One load's figures, as the run list prints them.
struct RunFigures {
    secs: f64,
    user: f64,
    system: f64,
}

impl RunFigures {
    fn of(load: &serde_json::Value) -> RunFigures {
        let f = |k: &str| load[k].as_f64().unwrap_or(f64::NAN);
        RunFigures { secs: f("secs"), user: f("cpu") - f("system"), system: f("system") }
    }

    fn describe(&self) -> String {
        format!("{} (user {}, system {})", fmt_secs(self.secs), fmt_secs(self.user), fmt_secs(self.system))
    }
}
