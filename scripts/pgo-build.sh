#!/usr/bin/env bash
# Builds a profile-guided (PGO), fat-LTO release binary: target/pgo/release/podgraph.
#
#   scripts/pgo-build.sh            # ~15 min on 2 cores: two full builds and a training run
#
# 1. an instrumented build (`-Cprofile-generate`, its own target dir, every crate);
# 2. a training run with it: a generated network (every page format the generator writes,
#    transcripts included), the real corpus, and a short query benchmark over loopback;
# 3. the profiles merged with the toolchain's own `llvm-profdata` (rustup's `llvm-tools`
#    component, added when missing: its LLVM must be rustc's);
# 4. the release build again with `-Cprofile-use`.
#
# Both builds link with fat LTO (`PODGRAPH_LTO`: `fat`, the default, `thin` or `off`): it lets the
# parser's hot loops inline pulldown-cmark, memchr and hashbrown code across crates. It is
# set here, not in Cargo.toml, because it would make every test binary of `cargo test
# --release` a whole-program link (CI time) for code whose speed only matters at scale.
#
# The plain `cargo build --release` stays the default everywhere else (tests, CI, Docker):
# PGO is for the binary whose speed is measured at scale (README, Performance). The training
# set is generated with its own seed, never the folders the benchmarks load.
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${PODGRAPH_CORPUS:-../shared/corpus/devchat}
WORK=target/pgo-work
RAW=$PWD/$WORK/raw
PROFILE=$PWD/$WORK/podgraph.profdata
LTO=${PODGRAPH_LTO:-fat}
case $LTO in fat | thin | off) ;; *) echo "PODGRAPH_LTO must be fat, thin or off, not '$LTO'" >&2; exit 1 ;; esac
# Cargo's own setting for the release profile's `lto`, for both builds below; build.rs reads
# the same variable, so the benchmarks name the build they measure (`bench::build_kind`).
export CARGO_PROFILE_RELEASE_LTO=$LTO

step() { printf '\n==> [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

sysroot=$(rustc --print sysroot)
host=$(rustc -vV | sed -n 's/^host: //p')
profdata="$sysroot/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
    step "llvm-profdata from rustup's llvm-tools component (must match rustc's LLVM)"
    rustup component add llvm-tools
fi
[ -x "$profdata" ] || { echo "no llvm-profdata at $profdata" >&2; exit 1; }

rm -rf "$WORK"
mkdir -p "$RAW"

step "instrumented build (target/pgo-instrumented)"
RUSTFLAGS="-Cprofile-generate=$RAW" CARGO_TARGET_DIR=target/pgo-instrumented \
    cargo build --release --locked --bin podgraph
trainer=target/pgo-instrumented/release/podgraph

step "training: a generated network, the corpus, queries"
"$trainer" gen --episodes 20000 --seed 11 --transcript-scale 0.1 --out "$WORK/train" >/dev/null
"$trainer" check --data "$WORK/train" --limit 3 >/dev/null
"$trainer" check --data "$CORPUS" --limit 3 >/dev/null
"$trainer" bench query --data "$CORPUS" --seconds 1 --rounds 1 --max-requests 20000 >/dev/null
"$profdata" merge -o "$PROFILE" "$RAW"

step "optimised build (target/pgo)"
RUSTFLAGS="-Cprofile-use=$PROFILE" CARGO_TARGET_DIR=target/pgo \
    cargo build --release --locked --bin podgraph

step "done: target/pgo/release/podgraph"
