//! `podgraph bench`: benchmarks that print figures, each next to a baseline measured in the
//! same run (this machine is shared and noisy, so only same-run ratios are comparable).
//!
//! * `bench load`: corpus load against the time to merely read the files (I/O floor) and to
//!   parse only their front matter (YAML floor), plus `cat` and PyYAML when present;
//! * `bench query`: GraphQL over loopback (50 keep-alive connections) for a small, a nested and
//!   a search query, with and without the document cache, against a bare axum handler that
//!   returns a static body of the same size;
//! * `bench scale`: `podgraph gen` folders of growing size, load time and peak memory per episode;
//! * `bench replicas`: two server processes behind a round-robin TCP proxy against one.
//!
//! Every timed load runs in a fresh child process (`bench child ...`), so each figure has its
//! own peak RSS and no run warms the allocator for the next. Runs are interleaved (baseline,
//! subject, baseline, subject...) and medians reported. Nothing here asserts a time.

pub mod child;
pub mod http;
pub mod load;
pub mod query;
pub mod replicas;
pub mod scale;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context as _;
use clap::{Args, Subcommand};

/// `podgraph bench ...`
#[derive(Debug, Clone, Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub what: BenchCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum BenchCommand {
    /// Corpus load against the I/O and YAML floors.
    Load(LoadArgs),
    /// Query throughput and latency over loopback against a static handler.
    Query(QueryArgs),
    /// Load time and peak memory of generated networks of growing size.
    Scale(ScaleArgs),
    /// Two replicas behind a round-robin proxy against one replica.
    Replicas(ReplicaArgs),
    /// `load`, then `query`, with their defaults (`--quick`: fewer and shorter runs, for CI).
    All(AllArgs),
    /// Internal: one measured task in a fresh process; prints one JSON line.
    #[command(hide = true)]
    Child(child::ChildArgs),
}

#[derive(Debug, Clone, Args)]
pub struct LoadArgs {
    /// The corpus to load.
    #[arg(long, env = "PODGRAPH_DATA", default_value = "../shared/corpus/devchat")]
    pub data: PathBuf,
    /// Runs of each task (medians are reported).
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
}

#[derive(Debug, Clone, Args)]
pub struct QueryArgs {
    /// The corpus to serve.
    #[arg(long, env = "PODGRAPH_DATA", default_value = "../shared/corpus/devchat")]
    pub data: PathBuf,
    /// Serve a generated network of this many episodes built in memory (its people, picks and
    /// sponsors included) instead of `--data`.
    #[arg(long)]
    pub synthetic: Option<usize>,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 50)]
    pub connections: usize,
    /// Measured seconds per scenario and round (after one second of warm-up).
    #[arg(long, default_value_t = 5.0)]
    pub seconds: f64,
    /// Rounds (each runs every scenario once; medians are reported).
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
    /// Upper bound of requests per scenario and round.
    #[arg(long, default_value_t = 2_000_000)]
    pub max_requests: u64,
    /// Server worker threads (default: one per core).
    #[arg(long)]
    pub server_threads: Option<usize>,
}

#[derive(Debug, Clone, Args)]
pub struct ScaleArgs {
    /// Episode counts to generate and load.
    #[arg(long, value_delimiter = ',', default_value = "10000,100000,1000000")]
    pub sizes: Vec<usize>,
    /// Where generated folders are kept (reused when present).
    #[arg(long, default_value = "target/podgraph-gen")]
    pub dir: PathBuf,
    /// Transcript size factor of the generated pages, per size (the last value repeats). At
    /// real size a page averages ~23 KB, so 1M pages would need ~23 GB: the default scales
    /// the 1M run's transcripts down to a tenth.
    #[arg(long, value_delimiter = ',', default_value = "1.0,1.0,0.1")]
    pub transcript_scale: Vec<f64>,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Load runs per size (medians are reported).
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Also build each size's graph straight from the generator's model (people, picks and
    /// sponsors included), which measures graph building independently of the notes parser.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub model_build: bool,
    /// Delete each generated folder after measuring it.
    #[arg(long)]
    pub delete: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ReplicaArgs {
    #[arg(long, env = "PODGRAPH_DATA", default_value = "../shared/corpus/devchat")]
    pub data: PathBuf,
    #[arg(long, default_value_t = 50)]
    pub connections: usize,
    #[arg(long, default_value_t = 5.0)]
    pub seconds: f64,
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
    /// Worker threads per replica.
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
}

#[derive(Debug, Clone, Args)]
pub struct AllArgs {
    #[arg(long, env = "PODGRAPH_DATA", default_value = "../shared/corpus/devchat")]
    pub data: PathBuf,
    /// Few and short runs (CI smoke run; the figures are indicative only).
    #[arg(long)]
    pub quick: bool,
}

/// Runs a `bench` subcommand.
pub fn run(args: BenchArgs) -> anyhow::Result<()> {
    match args.what {
        BenchCommand::Load(a) => load::run(&a),
        BenchCommand::Query(a) => query::run(&a),
        BenchCommand::Scale(a) => scale::run(&a),
        BenchCommand::Replicas(a) => replicas::run(&a),
        BenchCommand::All(a) => {
            let (runs, seconds, rounds) = if a.quick { (1, 1.0, 1) } else { (5, 5.0, 3) };
            load::run(&LoadArgs { data: a.data.clone(), runs })?;
            println!();
            query::run(&QueryArgs {
                data: a.data,
                synthetic: None,
                connections: 50,
                seconds,
                rounds,
                max_requests: 2_000_000,
                server_threads: None,
            })
        }
        BenchCommand::Child(a) => child::run(&a),
    }
}

/// Runs `podgraph bench child <args>` in a fresh process and parses its JSON line.
pub fn in_child(args: &[String]) -> anyhow::Result<serde_json::Value> {
    let exe = std::env::current_exe().context("finding the podgraph binary")?;
    let out = Command::new(exe)
        .arg("bench")
        .arg("child")
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .context("running a benchmark child process")?;
    if !out.status.success() {
        anyhow::bail!("benchmark child {:?} failed: {}", args, String::from_utf8_lossy(&out.stderr));
    }
    let line = String::from_utf8_lossy(&out.stdout);
    let line = line.lines().last().unwrap_or("");
    serde_json::from_str(line).with_context(|| format!("child {args:?} printed {line:?}"))
}

/// Median of the values (mean of the two middle ones for an even count).
pub fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

/// `uptime`'s load averages, to note how busy the machine was.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "?".into())
}

/// Which build is measuring: figures of a plain release build and of a profile-guided one
/// with LTO (`scripts/pgo-build.sh`) differ by more than a tenth, so every benchmark names
/// its build.
pub fn build_kind() -> &'static str {
    let lto = !matches!(env!("PODGRAPH_BUILD_LTO"), "" | "off" | "false");
    match (cfg!(debug_assertions), env!("PODGRAPH_PGO") == "1", lto) {
        (true, _, _) => "debug build (figures not meaningful)",
        (false, true, true) => "release build, profile-guided, LTO (scripts/pgo-build.sh)",
        (false, true, false) => "release build, profile-guided (scripts/pgo-build.sh)",
        (false, false, true) => "release build, LTO",
        (false, false, false) => "release build",
    }
}

/// Cores available to this process.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Bytes free on the file system holding `path` (via `df`).
pub fn free_bytes(path: &Path) -> Option<u64> {
    let out = Command::new("df").arg("-B1").arg("--output=avail").arg(path).output().ok()?;
    String::from_utf8_lossy(&out.stdout).lines().nth(1)?.trim().parse().ok()
}

pub fn mb(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1e6)
}

pub fn fmt_secs(s: f64) -> String {
    if s < 1.0 { format!("{:.1} ms", s * 1000.0) } else { format!("{s:.2} s") }
}
