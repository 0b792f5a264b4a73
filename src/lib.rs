//! podgraph: podcast show notes → knowledge graph → GraphQL.
//!
//! The flow is one-way: files → parse → model → graph → schema → server.
//!
//! # Layout
//! * `corpus`: lists and reads a data folder (the only filesystem access).
//! * `parse`: one page's text → [`model::Page`]; pure, never fails.
//! * `model`: plain data passed from parsing to the graph.
//! * `normalize`: name folding, slugs, URL canonicalisation.
//! * `graph`: the immutable petgraph store, identity resolution, indexes and queries.
//! * `load`: the pipeline (parallel parse, build) and its load report.
//! * `store`: the served snapshot and its atomic replacement on reload.
//! * `schema`: the async-graphql schema; resolvers delegate to `graph`.
//! * `limits`: query safety (document size and shape, depth, cost) as an async-graphql extension.
//! * `server`: the axum router: GraphQL over HTTP, subscriptions, health, readiness, metrics.
//! * `web`: the browser pages (GraphiQL playground, dashboard) and their embedded assets.
//! * `export`: GraphML / JSON / CSV writers of the graph's nodes and edges.
//! * `metrics`: the Prometheus counters behind `/metrics`.
//! * `watch`: live reload on file changes and SIGHUP.
//! * `config`, `commands`: the CLI.
//! * `eval`: gold-set scoring of any predictor (a port of `shared/gold/score.py`).
//! * `generate`, `bench`: the synthetic network generator and the benchmarks.

pub mod bench;
pub mod commands;
pub mod config;
pub mod corpus;
pub mod eval;
pub mod export;
pub mod generate;
pub mod graph;
pub mod limits;
pub mod load;
pub mod memory;
pub mod metrics;
pub mod model;
pub mod normalize;
pub mod par;
pub mod parse;
pub mod response_cache;
pub mod schema;
pub mod server;
pub mod store;
pub mod watch;
pub mod web;

use config::{Cli, Command, LogFormat};
use tracing_subscriber::EnvFilter;

/// Sets up logging to stderr. `RUST_LOG` overrides the default filter.
pub fn init_tracing(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| "podgraph=info,tower_http=warn".into());
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    init_tracing(cli.log_format);
    match cli.command {
        Command::Serve(args) => commands::serve(args).await,
        Command::Check(args) => tokio::task::spawn_blocking(move || commands::check(args)).await?,
        Command::Schema => commands::schema(),
        Command::Eval(args) => tokio::task::spawn_blocking(move || commands::eval(args)).await?,
        Command::Export(args) => tokio::task::spawn_blocking(move || commands::export(args)).await?,
        Command::Probe(args) => tokio::task::spawn_blocking(move || commands::probe(args)).await?,
        Command::Gen(args) => tokio::task::spawn_blocking(move || crate::generate::run(&args)).await?,
        Command::Bench(args) => tokio::task::spawn_blocking(move || crate::bench::run(args)).await?,
    }
}
