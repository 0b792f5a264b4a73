//! `bench load`: the full corpus load against the cost of merely reading the same files and of
//! parsing only their front matter, measured in the same run, each in a fresh process.

use std::process::{Command, Stdio};
use std::time::Instant;

use super::{LoadArgs, build_kind, cores, fmt_secs, in_child, load_average, mb, median};

struct Row {
    name: &'static str,
    secs: Vec<f64>,
    rss: Vec<f64>,
}

impl Row {
    fn new(name: &'static str) -> Row {
        Row { name, secs: Vec::new(), rss: Vec::new() }
    }
}

const PYYAML: &str = r#"
import os, sys, yaml
root = sys.argv[1]
n = 0
for dirpath, dirs, files in os.walk(root):
    dirs[:] = [d for d in dirs if not d.startswith('.') and not (dirpath == root and d == '_data')]
    for f in files:
        if not f.endswith('.md'):
            continue
        text = open(os.path.join(dirpath, f), encoding='utf-8', errors='replace').read()
        if text.startswith('---'):
            end = text.find('\n---', 3)
            if end > 0:
                try:
                    yaml.safe_load(text[3:end])
                    n += 1
                except yaml.YAMLError:
                    pass
print(n)
"#;

fn timed(mut cmd: Command) -> Option<f64> {
    let started = Instant::now();
    let status = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status().ok()?;
    status.success().then(|| started.elapsed().as_secs_f64())
}

pub fn run(args: &LoadArgs) -> anyhow::Result<()> {
    let data = args.data.display().to_string();
    anyhow::ensure!(args.data.is_dir(), "no corpus at {data}");
    let load_before = load_average();
    let has_python = Command::new("python3")
        .args(["-c", "import yaml"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let cat = || {
        let mut c = Command::new("sh");
        c.args(["-c", "find \"$1\" -name '*.md' -not -path \"$1/_data/*\" -print0 | xargs -0 cat", "sh", &data]);
        c
    };

    // Warm the page cache: every figure below is for files already in memory.
    let _ = timed(cat());
    let noop = in_child(&["noop".into()])?;
    let base_rss = noop["peak_rss"].as_f64().unwrap_or(0.0);

    let mut rows = [
        Row::new("cat (find | xargs cat)"),
        Row::new("read, 1 thread (I/O floor)"),
        Row::new("read, rayon"),
        Row::new("front matter only, serde_yaml_ng, rayon (YAML floor)"),
        Row::new("PyYAML safe_load, front matter only"),
        Row::new("podgraph load (parse + graph + indexes)"),
    ];
    let mut pages = 0.0;
    let mut bytes = 0.0;
    let mut episodes = 0.0;
    let mut phases = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..args.runs.max(1) {
        if let Some(s) = timed(cat()) {
            rows[0].secs.push(s);
        }
        for (i, task) in [(1, "read-seq"), (2, "read-par"), (3, "front-matter")] {
            let v = in_child(&[task.into(), "--data".into(), data.clone()])?;
            rows[i].secs.push(v["secs"].as_f64().unwrap_or(f64::NAN));
            rows[i].rss.push(v["peak_rss"].as_f64().unwrap_or(f64::NAN));
            if task == "read-seq" {
                pages = v["pages"].as_f64().unwrap_or(0.0);
                bytes = v["bytes"].as_f64().unwrap_or(0.0);
            }
        }
        if has_python {
            let mut py = Command::new("python3");
            py.args(["-c", PYYAML, &data]);
            if let Some(s) = timed(py) {
                rows[4].secs.push(s);
            }
        }
        let v = in_child(&["load".into(), "--data".into(), data.clone()])?;
        rows[5].secs.push(v["secs"].as_f64().unwrap_or(f64::NAN));
        rows[5].rss.push(v["peak_rss"].as_f64().unwrap_or(f64::NAN));
        episodes = v["episodes"].as_f64().unwrap_or(0.0);
        phases.0.push(v["scan"].as_f64().unwrap_or(0.0));
        phases.1.push(v["parse"].as_f64().unwrap_or(0.0));
        phases.2.push(v["build"].as_f64().unwrap_or(0.0));
    }

    let floor = median(&rows[1].secs);
    let yaml = median(&rows[3].secs);
    println!(
        "corpus load: {data} ({pages} pages, {episodes} episodes, {}); median of {} runs, each in a fresh process,",
        mb(bytes),
        args.runs
    );
    println!(
        "page cache warm; {}; {} cores; load average {load_before} before, {} after",
        build_kind(),
        cores(),
        load_average()
    );
    println!(
        "{:<54} {:>9} {:>9} {:>8} {:>10} {:>8} {:>8}",
        "task", "wall", "pages/s", "MB/s", "peak RSS", "× I/O", "× YAML"
    );
    for r in &rows {
        if r.secs.is_empty() {
            continue;
        }
        let s = median(&r.secs);
        let rss = if r.rss.is_empty() { "-".to_string() } else { mb(median(&r.rss)) };
        println!(
            "{:<54} {:>9} {:>9.0} {:>8.0} {:>10} {:>8.2} {:>8.2}",
            r.name,
            fmt_secs(s),
            pages / s,
            bytes / 1e6 / s,
            rss,
            s / floor,
            s / yaml
        );
    }
    println!(
        "load phases (median): scan {}, read + parse {}, graph + indexes {}; a bare process peaks at {}",
        fmt_secs(median(&phases.0)),
        fmt_secs(median(&phases.1)),
        fmt_secs(median(&phases.2)),
        mb(base_rss)
    );
    Ok(())
}
