//! `bench query`: GraphQL throughput and latency over loopback, with no cache, with the document
//! cache, and with the document and response caches (as served), against a bare axum handler
//! returning a static body of the same size, all in one run.
//!
//! The servers run on their own tokio runtime (one worker per core unless told otherwise), the
//! load generator on another; both share this machine's cores, as `wrk` on the same host would.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use serde_json::json;

use super::http::{self, LoadResult};
use super::{QueryArgs, build_kind, cores, load_average, median};
use crate::config::Limits;
use crate::generate::{self, GenOptions};
use crate::graph::PodGraph;
use crate::load::{self, LoadReport, Snapshot};
use crate::schema::doc_cache::DocCache;
use crate::schema::{PodgraphSchema, build_schema_with as podgraph_schema_with};
use crate::server::{self, AppState};
use crate::store::GraphStore;

/// One episode with its show, people, sponsors and picks.
pub const SMALL: &str = "query Episode($p: String!, $s: String!) { episode(podcast: $p, slug: $s) { title number date \
durationSeconds show { title } panelists { name } guests { name } sponsors { name url } picks { title url pickedBy { name } } } }";

/// People with their picks and the picks' episodes and shows (the `topPickers` shape, over
/// `people { picks { episode } }` until that field exists).
pub const NESTED: &str = "{ people(first: 20) { totalCount edges { node { name pickCount picks(first: 10) { edges \
{ node { title url episode { title date show { title } } } } } } } } }";

/// Episode title search and people search.
pub const SEARCH: &str = "query Search($q: String!) { episodes(search: $q, first: 10) { totalCount edges { score \
node { title date show { title } } } } people(search: $q, first: 5) { totalCount edges { score node { name } } } }";

const SEARCH_TERMS: &[&str] = &["react hooks", "elixir", "rails testing", "career", "javascript", "angular", "vue"];

/// The served schema (default limits) with the given document cache, or none.
pub fn schema_with(cache: Option<DocCache>) -> PodgraphSchema {
    podgraph_schema_with(&Limits::default(), cache)
}

/// The snapshot to serve: a corpus folder, or a generated network built in memory.
pub fn snapshot(data: &Path, synthetic: Option<usize>) -> anyhow::Result<(Snapshot, String)> {
    Ok(match synthetic {
        Some(n) => {
            let (net, episodes) = generate::synthesize(GenOptions { episodes: n, seed: 7, transcript_scale: 0.0 });
            let (graph, _) = PodGraph::build(episodes, &generate::site_data(&net));
            let what = format!(
                "generated network, {} episodes, {} people, {} picks (built in memory)",
                graph.episodes().len(),
                graph.people().len(),
                graph.picks().len()
            );
            (Snapshot { graph, report: LoadReport::default(), version: 1, loaded_at: chrono::Utc::now() }, what)
        }
        None => {
            let (graph, report) = load::load(data)?;
            let what = format!(
                "{} ({} episodes, {} people, {} picks)",
                data.display(),
                graph.episodes().len(),
                graph.people().len(),
                graph.picks().len()
            );
            (Snapshot { graph, report, version: 1, loaded_at: chrono::Utc::now() }, what)
        }
    })
}

fn body(query: &str, variables: serde_json::Value) -> Bytes {
    Bytes::from(serde_json::to_vec(&json!({"query": query, "variables": variables})).expect("json"))
}

/// Request bodies of each query: the small one over 64 episodes spread over the graph, the
/// search over a few terms.
pub fn bodies(graph: &PodGraph) -> Vec<(&'static str, Vec<Bytes>)> {
    let eps = graph.episodes();
    let step = (eps.len() / 64).max(1);
    let small: Vec<Bytes> =
        eps.iter().step_by(step).take(64).map(|e| body(SMALL, json!({"p": e.podcast, "s": e.slug}))).collect();
    let search: Vec<Bytes> = SEARCH_TERMS.iter().map(|q| body(SEARCH, json!({"q": q}))).collect();
    vec![("small", small), ("nested", vec![body(NESTED, json!({}))]), ("search", search)]
}

#[derive(Default)]
struct Stats {
    rps: Vec<f64>,
    ratio: Vec<f64>,
    p50: Vec<f64>,
    p99: Vec<f64>,
    errors: u64,
    bytes: Vec<f64>,
}

impl Stats {
    fn add(&mut self, r: &LoadResult, baseline_rps: f64) {
        self.rps.push(r.rps());
        self.ratio.push(r.rps() / baseline_rps);
        self.p50.push(r.percentile_ms(0.50));
        self.p99.push(r.percentile_ms(0.99));
        self.errors += r.errors;
        self.bytes.push(r.mean_response_bytes());
    }
}

pub fn run(args: &QueryArgs) -> anyhow::Result<()> {
    let (snapshot, what) = snapshot(&args.data, args.synthetic)?;
    let requests = bodies(&snapshot.graph);
    let store = Arc::new(GraphStore::from_snapshot(&args.data, snapshot));
    let cache = DocCache::new(1024);
    let threads = args.server_threads.unwrap_or_else(cores);

    let server_rt = tokio::runtime::Builder::new_multi_thread().worker_threads(threads).enable_all().build()?;
    let client_rt = tokio::runtime::Builder::new_multi_thread().worker_threads(cores()).enable_all().build()?;
    // The three ways to serve: nothing cached, parsed documents cached, answers cached too.
    let no_answers = Limits { response_cache_bytes: 0, ..Limits::default() };
    let serve = |limits: Limits, docs: Option<DocCache>| {
        server_rt.block_on(http::serve(server::app(AppState::with_schema(store.clone(), limits, schema_with(docs)))))
    };
    let variants: Vec<(&str, SocketAddr)> = vec![
        ("no cache", serve(no_answers.clone(), None)?),
        ("document cache", serve(no_answers, Some(cache.clone()))?),
        ("document + response cache", serve(Limits::default(), Some(DocCache::new(1024)))?),
    ];

    // Check every scenario's answer, and make the static body the size of a small answer.
    let mut static_body = Bytes::new();
    for (name, list) in &requests {
        for &(_, addr) in &variants {
            let answer = client_rt.block_on(http::post_once(addr, list[0].clone()))?;
            let v: serde_json::Value = serde_json::from_slice(&answer)?;
            anyhow::ensure!(v.get("errors").is_none() && v["data"].is_object(), "{name} query failed: {v}");
        }
        if *name == "small" {
            // The baseline's body is the small answer closest to their mean size.
            let addr = variants[0].1;
            let mut answers = Vec::with_capacity(list.len());
            for request in list {
                answers.push(client_rt.block_on(http::post_once(addr, request.clone()))?);
            }
            let mean = answers.iter().map(Bytes::len).sum::<usize>() / answers.len().max(1);
            static_body = answers.into_iter().min_by_key(|a| a.len().abs_diff(mean)).unwrap_or_default();
        }
    }
    let static_addr = server_rt.block_on(http::serve(http::static_router(static_body.clone())))?;

    let warmup = Duration::from_secs(1);
    let duration = Duration::from_secs_f64(args.seconds);
    let measure = |addr: SocketAddr, list: &Vec<Bytes>| {
        client_rt.block_on(http::drive(
            addr,
            Arc::new(list.clone()),
            args.connections,
            warmup,
            duration,
            args.max_requests,
        ))
    };
    let load_before = load_average();
    let mut baseline = Stats::default();
    let mut stats: Vec<Vec<Stats>> =
        requests.iter().map(|_| variants.iter().map(|_| Stats::default()).collect()).collect();
    for round in 0..args.rounds.max(1) {
        let b = measure(static_addr, &vec![static_body.clone()])?;
        let base_rps = b.rps();
        baseline.add(&b, base_rps);
        for (q, (_, list)) in requests.iter().enumerate() {
            // Rotate which variant goes first, so none always runs on a warmer machine.
            for k in 0..variants.len() {
                let v = (k + round) % variants.len();
                let r = measure(variants[v].1, list)?;
                stats[q][v].add(&r, base_rps);
            }
        }
    }

    println!("query throughput: {what}; {}", build_kind());
    println!(
        "{} connections, {} s measured per scenario after 1 s warm-up, median of {} rounds; server {} worker threads, \
         load generator in the same process on {} threads ({} cores shared); load average {load_before} before, {} after",
        args.connections,
        args.seconds,
        args.rounds,
        threads,
        cores(),
        cores(),
        load_average()
    );
    println!(
        "{:<42} {:>9} {:>9} {:>8} {:>8} {:>7} {:>11}",
        "scenario", "req/s", "× static", "p50 ms", "p99 ms", "errors", "bytes/resp"
    );
    let line = |name: &str, s: &Stats| {
        println!(
            "{:<42} {:>9.0} {:>9.2} {:>8.2} {:>8.2} {:>7} {:>11.0}",
            name,
            median(&s.rps),
            median(&s.ratio),
            median(&s.p50),
            median(&s.p99),
            s.errors,
            median(&s.bytes)
        )
    };
    line("static axum handler (baseline)", &baseline);
    for (q, (name, _)) in requests.iter().enumerate() {
        for (v, (variant, _)) in variants.iter().enumerate() {
            line(&format!("{name} query, {variant}"), &stats[q][v]);
        }
    }
    let c = cache.stats();
    println!(
        "document cache: {} documents; parse {} hits / {} misses; validation {} hits / {} misses",
        c.documents, c.parse_hits, c.parse_misses, c.validation_hits, c.validation_misses
    );
    drop(client_rt);
    server_rt.shutdown_timeout(Duration::from_secs(1));
    Ok(())
}
