//! Command line and environment configuration (clap). No I/O here.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

/// podgraph: podcast show notes → knowledge graph → GraphQL.
#[derive(Debug, Parser)]
#[command(name = "podgraph", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Log format.
    #[arg(long, global = true, env = "PODGRAPH_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load a data folder and serve it over GraphQL.
    Serve(ServeArgs),
    /// Load a data folder and print the load report.
    Check(CheckArgs),
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Score the graph built from a data folder against hand-made gold annotations.
    Eval(EvalArgs),
    /// Load a data folder and write the graph's nodes and edges (GraphML, JSON or CSV).
    Export(ExportArgs),
    /// Ask a running server whether it is ready (exit 0) or not (exit 1); the container healthcheck.
    Probe(ProbeArgs),
    /// Write a synthetic network of episode pages in the real formats (for benchmarks).
    Gen(crate::generate::GenArgs),
    /// Benchmarks: corpus load, query throughput, scale curve, replicas.
    Bench(crate::bench::BenchArgs),
}

#[derive(Debug, Clone, Args)]
pub struct EvalArgs {
    /// Folder of episode pages.
    #[arg(long, env = "PODGRAPH_DATA", default_value = "../shared/corpus/devchat")]
    pub data: PathBuf,
    /// Gold annotations (JSON array, format of `shared/gold/README.md`); repeat for several sets.
    #[arg(long, default_value = "../shared/gold/dev.json")]
    pub gold: Vec<PathBuf>,
    /// Also print every miss (false negatives, false positives, wrong fields).
    #[arg(long)]
    pub misses: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Folder of episode pages (`<show>/<page>.md`, optional `_data/`).
    #[arg(long, env = "PODGRAPH_DATA", default_value = "data")]
    pub data: PathBuf,
    /// Address to listen on.
    #[arg(long, env = "PODGRAPH_LISTEN", default_value = "127.0.0.1:8000")]
    pub listen: SocketAddr,
    /// Reload the graph when files in the data folder change (SIGHUP always reloads).
    #[arg(long, env = "PODGRAPH_WATCH", default_value_t = false, num_args = 0..=1, default_missing_value = "true", action = ArgAction::Set)]
    pub watch: bool,
    /// Quiet time after the last file change before a reload starts, in milliseconds.
    #[arg(long, env = "PODGRAPH_WATCH_DEBOUNCE_MS", default_value_t = 500)]
    pub watch_debounce_ms: u64,
    /// Serve GraphiQL to browsers on `GET /graphql`.
    #[arg(long, env = "PODGRAPH_GRAPHIQL", default_value_t = true, action = ArgAction::Set)]
    pub graphiql: bool,
    /// Origins allowed to call the API from a browser (CORS), comma-separated; `*` for any.
    /// None by default: only same-origin pages and non-browser clients.
    #[arg(long = "cors-origin", env = "PODGRAPH_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
    #[command(flatten)]
    pub limits: Limits,
}

/// Every limit the service enforces, with its default, in one place. Each can be set by a
/// flag or a `PODGRAPH_*` variable. `Limits::default()` equals the command line defaults.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct Limits {
    /// Deepest field nesting a query may have (introspection included).
    #[arg(long, env = "PODGRAPH_MAX_DEPTH", default_value_t = Limits::DEFAULT.max_depth)]
    pub max_depth: usize,
    /// Highest query cost: a field costs 1, a list field its page size (`first`/`last`, else
    /// the default page) times the cost of its selection.
    #[arg(long, env = "PODGRAPH_MAX_COMPLEXITY", default_value_t = Limits::DEFAULT.max_complexity)]
    pub max_complexity: usize,
    /// Most fields a document may select, counted after expanding fragments.
    #[arg(long, env = "PODGRAPH_MAX_FIELDS", default_value_t = Limits::DEFAULT.max_fields)]
    pub max_fields: usize,
    /// Most aliased fields a document may select, counted after expanding fragments.
    #[arg(long, env = "PODGRAPH_MAX_ALIASES", default_value_t = Limits::DEFAULT.max_aliases)]
    pub max_aliases: usize,
    /// Largest query document, in bytes.
    #[arg(long, env = "PODGRAPH_MAX_DOCUMENT_BYTES", default_value_t = Limits::DEFAULT.max_document_bytes)]
    pub max_document_bytes: usize,
    /// Largest request body, in bytes.
    #[arg(long, env = "PODGRAPH_MAX_BODY_BYTES", default_value_t = Limits::DEFAULT.max_body_bytes)]
    pub max_body_bytes: usize,
    /// Time one request may take, from reading its body to its last field, in milliseconds.
    #[arg(long, env = "PODGRAPH_REQUEST_TIMEOUT_MS", default_value_t = Limits::DEFAULT.request_timeout_ms)]
    pub request_timeout_ms: u64,
    /// Answer introspection queries (`__schema`, `__type`); `false` hides the schema.
    #[arg(long, env = "PODGRAPH_INTROSPECTION", default_value_t = Limits::DEFAULT.introspection, action = ArgAction::Set)]
    pub introspection: bool,
    /// Automatic persisted queries kept in memory (least recently used go first); 0 turns APQ off.
    #[arg(long, env = "PODGRAPH_PERSISTED_QUERIES", default_value_t = Limits::DEFAULT.persisted_queries)]
    pub persisted_queries: usize,
    /// Most subscription (WebSocket) connections open at once.
    #[arg(long, env = "PODGRAPH_MAX_SUBSCRIPTIONS", default_value_t = Limits::DEFAULT.max_subscriptions)]
    pub max_subscriptions: usize,
    /// Parsed and validated query documents kept in memory (least recently used go first); 0 turns the cache off.
    #[arg(long, env = "PODGRAPH_DOCUMENT_CACHE", default_value_t = Limits::DEFAULT.document_cache)]
    pub document_cache: usize,
    /// Bytes of successful answers kept, keyed by the request's bytes and the graph's version
    /// (least recently used go first; a reload empties it); 0 turns the cache off.
    #[arg(long, env = "PODGRAPH_RESPONSE_CACHE_BYTES", default_value_t = Limits::DEFAULT.response_cache_bytes)]
    pub response_cache_bytes: usize,
}

impl Limits {
    /// The defaults: generous for every query the README and the dashboards make
    /// (the GraphiQL introspection query included), small enough that no single request
    /// holds a worker for long.
    pub const DEFAULT: Limits = Limits {
        max_depth: 20,
        max_complexity: 200_000,
        max_fields: 1_000,
        max_aliases: 50,
        max_document_bytes: 32 * 1024,
        max_body_bytes: 256 * 1024,
        request_timeout_ms: 10_000,
        introspection: true,
        persisted_queries: 1_000,
        max_subscriptions: 256,
        document_cache: 1_024,
        response_cache_bytes: 64 * 1024 * 1024,
    };

    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

#[derive(Debug, Clone, Args)]
pub struct ProbeArgs {
    /// URL to GET; 2xx means healthy. Defaults to `/ready` on the address the server listens on.
    #[arg(long)]
    pub url: Option<String>,
    /// Address the server listens on (an unspecified address such as 0.0.0.0 is probed on loopback).
    #[arg(long, env = "PODGRAPH_LISTEN", default_value = "127.0.0.1:8000")]
    pub listen: SocketAddr,
    /// Give up after this many milliseconds.
    #[arg(long, default_value_t = 2_000)]
    pub timeout_ms: u64,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Folder of episode pages.
    #[arg(long, env = "PODGRAPH_DATA", default_value = "data")]
    pub data: PathBuf,
    /// Print the report as JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// How many diagnostics, merges and ambiguous names to list (0 = all).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

/// Formats of `podgraph export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// GraphML (Gephi, yEd, NetworkX).
    Graphml,
    /// `{"nodes": [...], "edges": [...]}`.
    Json,
    /// `nodes.csv` and `edges.csv` in the `--out` folder (Neo4j `LOAD CSV WITH HEADERS`).
    Csv,
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Folder of episode pages.
    #[arg(long, env = "PODGRAPH_DATA", default_value = "data")]
    pub data: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Output file (GraphML, JSON; standard output when absent) or folder (CSV, required).
    #[arg(long)]
    pub out: Option<PathBuf>,
}
