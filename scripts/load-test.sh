#!/usr/bin/env bash
# Bounded load test on loopback: the release binary serves the full corpus; the loadgen
# example sends a warm-up, then 10,000 GraphQL requests at 50 concurrent connections
# (at most 120 s), and fails on any error or if the server's memory grows by more than
# 16 MiB between the end of the warm-up and the end of the run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

REQUESTS=${LOAD_REQUESTS:-10000}
CONCURRENCY=${LOAD_CONCURRENCY:-50}
LOADGEN=${LOADGEN_BIN:-target/release/examples/loadgen}
[ -x "$LOADGEN" ] || cargo build --release --example loadgen

data=$PODGRAPH_CORPUS
[ -d "$data" ] || { echo "corpus not found at $data; using the sample data/"; data=data; }
work=$(mktemp -d)
trap 'stop_podgraph; rm -rf "$work"' EXIT
start_podgraph "$work/server.log" --data "$data"

"$LOADGEN" --url "$SERVER_URL/graphql" --pid "$SERVER_PID" \
    --requests "$REQUESTS" --concurrency "$CONCURRENCY" --warmup 2000 --max-seconds 120 --max-rss-growth-mib 16

# The server's own account of the run.
"$PODGRAPH_BIN" probe --url "$SERVER_URL/metrics" | grep -E '^podgraph_graphql_requests_total|^podgraph_graphql_errors_total|^process_resident' || true
