//! The `podgraph` binary: parse the command line, run it, report errors once.

use std::process::ExitCode;

use clap::Parser;

// The load allocates millions of small strings on every core and frees most of them on
// another thread; mimalloc does that with less work than glibc's malloc (graph build about
// 140 -> 80-100 ms on the corpus, at about 60 MB more peak RSS; see README, Performance).
#[global_allocator]
static GLOBAL: podgraph::memory::Allocator = podgraph::memory::Allocator;

#[tokio::main]
async fn main() -> ExitCode {
    no_transparent_huge_pages();
    let cli = podgraph::config::Cli::parse();
    match podgraph::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// mimalloc asks for transparent huge pages on its large segments. A 2 MB page is zeroed
/// in full when first touched, so on the corpus the peak RSS doubled (63 -> 120 MB) and one
/// load in three took twice as long (the kernel finding and clearing huge pages). Turned off
/// for this process only (inherited by its children), before the runtime allocates much.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integer arguments and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
