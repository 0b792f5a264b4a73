//! The `podgraph` binary: parse the command line, run it, report errors once.

use std::process::ExitCode;

use clap::Parser;

// The load allocates millions of small strings on every core and frees most of them on
// another thread; mimalloc does that with less work than glibc's malloc (graph build about
// 140 -> 80-100 ms on the corpus, at about 60 MB more peak RSS; see README, Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = podgraph::config::Cli::parse();
    match podgraph::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
