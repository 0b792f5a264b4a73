//! The measured tasks, each run alone in a fresh process by the parent benchmark, which reads
//! the one JSON line printed here: wall seconds, bytes, peak RSS (VmHWM), and task details.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use rayon::prelude::*;
use serde_json::json;

use crate::corpus;
use crate::generate::{self, GenOptions};
use crate::graph::PodGraph;
use crate::parse::front_matter;
use crate::{load, memory};

#[derive(Debug, Clone, Args)]
pub struct ChildArgs {
    /// `noop`, `read-seq`, `read-par`, `front-matter`, `load`, `model-build`, `fresh-memory`.
    pub task: String,
    #[arg(long, default_value = ".")]
    pub data: PathBuf,
    /// For `model-build`: episodes to synthesize.
    #[arg(long, default_value_t = 0)]
    pub episodes: usize,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// For `fresh-memory`: how much fresh memory to touch.
    #[arg(long, default_value_t = 1024)]
    pub megabytes: usize,
}

pub fn run(args: &ChildArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let value = match args.task.as_str() {
        "noop" => json!({}),
        "read-seq" | "read-par" => {
            let c = corpus::scan(&args.data)?;
            let read = |f: &corpus::PageFile| std::fs::read(&f.path).map_or(0, |b| b.len() as u64);
            let bytes: u64 = if args.task == "read-seq" {
                c.pages.iter().map(read).sum()
            } else {
                c.pages.par_iter().map(read).sum()
            };
            json!({"pages": c.pages.len(), "bytes": bytes})
        }
        "front-matter" => {
            // The YAML floor: read every page and parse its front matter block with
            // serde_yaml_ng into a generic value, nothing else.
            let c = corpus::scan(&args.data)?;
            let parsed: usize = c
                .pages
                .par_iter()
                .map(|f| {
                    let Ok(bytes) = std::fs::read(&f.path) else { return 0 };
                    let text = String::from_utf8_lossy(&bytes);
                    match front_matter::split(&text) {
                        Ok(split) => serde_yaml_ng::from_str::<serde_yaml_ng::Value>(split.yaml).is_ok() as usize,
                        Err(_) => 0,
                    }
                })
                .sum();
            json!({"pages": c.pages.len(), "parsed": parsed})
        }
        "load" => {
            let (graph, report) = load::load(&args.data)?;
            // The load ends here: freeing the graph afterwards (about 2 s at a million
            // episodes) is not part of it, as in `podgraph check`'s load time.
            let secs = started.elapsed().as_secs_f64();
            // CPU and first touches of fresh memory, process-wide (the start-up before the
            // load is a few milliseconds): they say whether a slow run did more work or met a
            // slower machine.
            let usage = memory::usage();
            let t = report.timings;
            let (nodes, edges) = graph.size();
            json!({
                "pages": report.pages_read,
                "episodes": report.episodes_loaded,
                "people": report.people,
                "picks": report.picks,
                "nodes": nodes,
                "edges": edges,
                "scan": t.scan.as_secs_f64(),
                "parse": t.parse.as_secs_f64(),
                "build": t.build.as_secs_f64(),
                "rss_after": memory::resident_bytes(),
                "secs": secs,
                "cpu": usage.map(|u| u.cpu.as_secs_f64()),
                "system": usage.map(|u| u.system.as_secs_f64()),
                "faults": usage.map(|u| u.minor_faults),
            })
        }
        "fresh-memory" => {
            // The machine's price of fresh memory right now: first touches of never-used
            // pages (the kernel zeroes each one; on a VM the host may have to back it too).
            let bytes = args.megabytes << 20;
            let before = memory::usage();
            let touched = Instant::now();
            let mut block: Vec<u8> = Vec::with_capacity(bytes);
            for page in block.spare_capacity_mut().iter_mut().step_by(4096) {
                page.write(1);
            }
            std::hint::black_box(&block);
            let secs = touched.elapsed().as_secs_f64();
            let faults = match (before, memory::usage()) {
                (Some(b), Some(a)) => a.minor_faults - b.minor_faults,
                _ => 0,
            };
            json!({"bytes": bytes, "touch_secs": secs, "faults": faults, "pages": bytes / 4096})
        }
        "model-build" => {
            let (net, episodes) =
                generate::synthesize(GenOptions { episodes: args.episodes, seed: args.seed, transcript_scale: 0.0 });
            let site = generate::site_data(&net);
            let rss_model = memory::resident_bytes();
            let built = Instant::now();
            let (graph, _) = PodGraph::build(episodes, &site);
            let secs = built.elapsed().as_secs_f64();
            let (nodes, edges) = graph.size();
            json!({
                "build_secs": secs,
                "rss_model": rss_model,
                "rss_after": memory::resident_bytes(),
                "episodes": graph.episodes().len(),
                "people": graph.people().len(),
                "picks": graph.picks().len(),
                "links": graph.links().len(),
                "nodes": nodes,
                "edges": edges,
            })
        }
        other => anyhow::bail!("unknown benchmark task {other:?}"),
    };
    let mut value = value;
    if value.get("secs").is_none() {
        value["secs"] = started.elapsed().as_secs_f64().into();
    }
    value["peak_rss"] = memory::peak_resident_bytes().into();
    println!("{value}");
    Ok(())
}
