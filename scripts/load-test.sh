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

# The server's own account of the run: requests, errors and mean time per operation.
"$PODGRAPH_BIN" probe --url "$SERVER_URL/metrics" | python3 -c '
import re, sys
sums, counts, errors = {}, {}, {}
for line in sys.stdin:
    m = re.match(r"podgraph_graphql_request_duration_seconds_(sum|count)\{operation=\"(\w+)\"\} (\S+)", line)
    if m:
        (sums if m[1] == "sum" else counts)[m[2]] = float(m[3])
    m = re.match(r"podgraph_graphql_errors_total\{operation=\"(\w+)\",kind=\"(\w+)\"\} (\S+)", line)
    if m:
        errors[m[1]] = errors.get(m[1], 0) + float(m[3])
    if line.startswith("process_resident_memory_bytes"):
        print(f"  server says    RSS {float(line.split()[1]) / 1048576:.1f} MiB")
for op in sorted(counts):
    print(f"  {op:<16} {int(counts[op]):>6} requests  {int(errors.get(op, 0))} errors  mean {1000 * sums[op] / counts[op]:.2f} ms in the server")
'
