//! Command line and environment configuration (clap). No I/O here.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// Write a synthetic network of episode pages in the real formats (for benchmarks).
    Gen(crate::generate::GenArgs),
    /// Benchmarks: corpus load, query throughput, scale curve, replicas.
    Bench(crate::bench::BenchArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Folder of episode pages (`<show>/<page>.md`, optional `_data/`).
    #[arg(long, env = "PODGRAPH_DATA", default_value = "data")]
    pub data: PathBuf,
    /// Address to listen on.
    #[arg(long, env = "PODGRAPH_LISTEN", default_value = "127.0.0.1:8000")]
    pub listen: SocketAddr,
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
