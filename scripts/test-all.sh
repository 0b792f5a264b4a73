#!/usr/bin/env bash
# Runs every check and test of podgraph, as CI does (`.ci/run` calls exactly this).
# Expects the shared corpus beside the repository (../shared), or PODGRAPH_CORPUS.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

step "format"
cargo fmt --check

step "lint"
cargo clippy --all-targets --release -- -D warnings

step "build (release, reused by every step below)"
cargo build --release --all-targets

step "unit and integration tests (including the full corpus)"
cargo test --release

step "extraction quality (per-relation table; thresholds are enforced by the gold tests)"
./target/release/podgraph eval --data "${PODGRAPH_CORPUS:-../shared/corpus/devchat}" \
  --gold ../shared/gold/dev.json --gold tests/gold/heldout.json --gold tests/gold/heldout2.json

step "federation: compose with a second subgraph through a real Apollo gateway (npm)"
tests/federation/run.sh

step "GraphQL over HTTP audit (graphql-http server audits: every MUST and SHOULD)"
scripts/http-audit.sh

step "load test (10,000 requests, 50 connections, loopback)"
scripts/load-test.sh

step "container (Dockerfile + docker-compose, built from a local base)"
scripts/docker-test.sh

step "browser: GraphiQL and the dashboard in headless Chromium, network blocked but loopback (screenshots in target/browser-artifacts/)"
scripts/browser-test.sh

step "generator smoke run: podgraph gen writes a small network that podgraph check loads"
rm -rf target/ci-gen
./target/release/podgraph gen --episodes 300 --out target/ci-gen --transcript-scale 0.1
./target/release/podgraph check --data target/ci-gen --limit 3

step "benchmarks, quick mode (a smoke run of podgraph bench: figures are indicative, no time is asserted)"
./target/release/podgraph bench all --quick --data "${PODGRAPH_CORPUS:-../shared/corpus/devchat}"
# The scale curve at its smallest: generation, the read floor, the fresh-memory probe, a load.
rm -rf target/ci-scale
./target/release/podgraph bench scale --sizes 2000 --transcript-scale 0.1 --runs 1 --model-build false --dir target/ci-scale --delete

step "done"
