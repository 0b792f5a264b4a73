//! A bounded load test for a running podgraph: a fixed number of GraphQL requests at a
//! fixed concurrency over keep-alive connections on loopback, with a mix of the queries
//! dashboards make. Reports requests, errors, latency percentiles and the server's
//! resident memory before and after (read from /proc/PID/status), and fails on any error,
//! on a time overrun or when memory grows more than allowed.
//!
//! ```sh
//! cargo run --release --example loadgen -- --url http://127.0.0.1:8000/graphql --pid 1234 \
//!     --requests 10000 --concurrency 50 --warmup 2000 --max-seconds 120 --max-rss-growth-mib 16
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Args {
    url: String,
    pid: Option<u32>,
    requests: usize,
    concurrency: usize,
    warmup: usize,
    max_seconds: u64,
    max_rss_growth_mib: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        url: "http://127.0.0.1:8000/graphql".into(),
        pid: None,
        requests: 10_000,
        concurrency: 50,
        warmup: 2_000,
        max_seconds: 120,
        max_rss_growth_mib: 16,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        let num = |v: String| v.parse::<u64>().map_err(|_| format!("{flag}: not a number: {v}"));
        match flag.as_str() {
            "--url" => a.url = value()?,
            "--pid" => a.pid = Some(num(value()?)? as u32),
            "--requests" => a.requests = num(value()?)? as usize,
            "--concurrency" => a.concurrency = num(value()?)?.max(1) as usize,
            "--warmup" => a.warmup = num(value()?)? as usize,
            "--max-seconds" => a.max_seconds = num(value()?)?,
            "--max-rss-growth-mib" => a.max_rss_growth_mib = num(value()?)?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

/// The resident set size of a process, in bytes.
fn rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: u64 = status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// What the requests draw on: ids and words taken from the served graph.
struct Material {
    node_ids: Vec<String>,
    cursors: Vec<String>,
    words: Vec<String>,
}

async fn post(client: &reqwest::Client, url: &str, body: &Value) -> Result<Value, String> {
    let res = client.post(url).json(body).send().await.map_err(|e| format!("transport: {e}"))?;
    let status = res.status();
    let value: Value = res.json().await.map_err(|e| format!("body: {e}"))?;
    if !status.is_success() {
        return Err(format!("status {status}: {value}"));
    }
    if let Some(errors) = value.get("errors") {
        return Err(format!("errors: {errors}"));
    }
    Ok(value)
}

async fn material(client: &reqwest::Client, url: &str) -> Result<Material, String> {
    let q = json!({"query": "query Seed { episodes(first: 100) { edges { cursor node { id title } } } }"});
    let v = post(client, url, &q).await?;
    let edges = v["data"]["episodes"]["edges"].as_array().cloned().unwrap_or_default();
    let mut m = Material { node_ids: Vec::new(), cursors: Vec::new(), words: Vec::new() };
    for e in &edges {
        m.node_ids.push(e["node"]["id"].as_str().unwrap_or_default().to_string());
        m.cursors.push(e["cursor"].as_str().unwrap_or_default().to_string());
        for w in e["node"]["title"].as_str().unwrap_or_default().split_whitespace() {
            let w: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
            if w.len() > 3 {
                m.words.push(w.to_lowercase());
            }
        }
    }
    if m.node_ids.is_empty() {
        return Err("the graph has no episodes to query".into());
    }
    m.words.sort();
    m.words.dedup();
    if m.words.is_empty() {
        m.words.push("show".into());
    }
    Ok(m)
}

/// Request number `i` of the mix.
fn request(i: usize, m: &Material) -> Value {
    let pick = |v: &Vec<String>| v[(i * 7919) % v.len()].clone();
    match i % 6 {
        0 => json!({
            "query": "query EpisodeById($id: ID!) { node(id: $id) { id ... on Episode { title date durationSeconds show { title } panelists { name } guests { name } sponsors { name } picks { title url } } } }",
            "variables": {"id": pick(&m.node_ids)},
            "operationName": "EpisodeById",
        }),
        1 => json!({
            "query": "query SearchEpisodes($q: String!) { episodes(search: $q, first: 5) { totalCount edges { score node { title date } } } }",
            "variables": {"q": pick(&m.words)},
        }),
        2 => json!({
            "query": "query SearchPeople($q: String!) { people(search: $q, first: 5) { totalCount edges { node { name slug } } } }",
            "variables": {"q": pick(&m.words)},
        }),
        3 => {
            json!({"query": "query Shows { shows(first: 50) { totalCount edges { node { slug title episodeCount } } } }"})
        }
        4 => json!({
            "query": "query EpisodePage($after: String) { episodes(first: 20, after: $after) { pageInfo { hasNextPage endCursor } edges { node { title date show { slug } } } } }",
            "variables": {"after": pick(&m.cursors)},
        }),
        _ => json!({"query": "query Status { dataVersion loadedAt loadReport { pagesRead episodesLoaded } }"}),
    }
}

struct Round {
    latencies: Vec<Duration>,
    errors: Vec<String>,
    elapsed: Duration,
}

async fn round(client: &reqwest::Client, args: &Args, m: Arc<Material>, count: usize, deadline: Instant) -> Round {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..args.concurrency {
        let (client, url, m, next) = (client.clone(), args.url.clone(), m.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count || Instant::now() > deadline {
                    break;
                }
                let body = request(i, &m);
                let t = Instant::now();
                let res = tokio::time::timeout(Duration::from_secs(30), post(&client, &url, &body)).await;
                latencies.push(t.elapsed());
                match res {
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => errors.push(e),
                    Err(_) => errors.push("no answer within 30 s".into()),
                }
            }
            (latencies, errors)
        }));
    }
    let mut r = Round { latencies: Vec::with_capacity(count), errors: Vec::new(), elapsed: Duration::ZERO };
    for w in workers {
        let (l, e) = w.await.expect("worker");
        r.latencies.extend(l);
        r.errors.extend(e);
    }
    r.elapsed = started.elapsed();
    r
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("loadgen: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let client = reqwest::Client::builder().pool_max_idle_per_host(args.concurrency).build().expect("client");
    let m = match material(&client, &args.url).await {
        Ok(m) => Arc::new(m),
        Err(e) => {
            eprintln!("loadgen: cannot read the graph: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let deadline = Instant::now() + Duration::from_secs(args.max_seconds);

    let warm = round(&client, &args, m.clone(), args.warmup, deadline).await;
    let rss_before = args.pid.and_then(rss);
    let main = round(&client, &args, m.clone(), args.requests, deadline).await;
    let rss_after = args.pid.and_then(rss);

    let mut sorted = main.latencies.clone();
    sorted.sort();
    let done = main.latencies.len();
    let mib = |b: Option<u64>| b.map_or("n/a".to_string(), |b| format!("{:.1} MiB", b as f64 / 1048576.0));
    println!("load test: {} requests at concurrency {} against {}", args.requests, args.concurrency, args.url);
    println!("  warm-up        {} requests, {} errors", warm.latencies.len(), warm.errors.len());
    println!("  requests       {done}");
    println!("  errors         {}", main.errors.len());
    println!(
        "  elapsed        {:.2} s ({:.0} requests/s)",
        main.elapsed.as_secs_f64(),
        done as f64 / main.elapsed.as_secs_f64()
    );
    println!(
        "  latency ms     p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
        pct(&sorted, 0.50),
        pct(&sorted, 0.90),
        pct(&sorted, 0.99),
        pct(&sorted, 1.0)
    );
    println!("  server RSS     before {}  after {}", mib(rss_before), mib(rss_after));

    let mut failed = false;
    for e in warm.errors.iter().chain(&main.errors).take(5) {
        eprintln!("  error: {e}");
        failed = true;
    }
    if done < args.requests || warm.latencies.len() < args.warmup {
        eprintln!("FAIL: only {done} of {} requests ran within {} s", args.requests, args.max_seconds);
        failed = true;
    }
    if let (Some(b), Some(a)) = (rss_before, rss_after) {
        let growth = a.saturating_sub(b);
        if growth > args.max_rss_growth_mib * 1048576 {
            eprintln!("FAIL: server memory grew by {} (limit {} MiB)", mib(Some(growth)), args.max_rss_growth_mib);
            failed = true;
        }
    }
    if failed { std::process::ExitCode::FAILURE } else { std::process::ExitCode::SUCCESS }
}
