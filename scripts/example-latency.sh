#!/usr/bin/env bash
# Latency of each dashboard query in examples/queries/ against a release server.
#
#   scripts/example-latency.sh [DATA_DIR] [RUNS]
#
# Starts target/release/podgraph (or $PODGRAPH_BIN) on a free loopback port with DATA_DIR (default: the full
# corpus, ../shared/corpus/devchat), runs every example RUNS times (default 20) after one
# warm-up, and prints the fastest, median and slowest run in milliseconds (curl's
# time_total: request sent to last byte received, over HTTP on loopback). On a busy machine
# the fastest run is the best estimate of the query's own cost.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-${PODGRAPH_CORPUS:-../shared/corpus/devchat}}"
runs="${2:-20}"
bin="${PODGRAPH_BIN:-target/release/podgraph}"
[[ -x $bin ]] || { echo "build first: cargo build --release" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
RUST_LOG=podgraph=warn "$bin" serve --data "$data" --listen "127.0.0.1:$port" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 300); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null && break
  sleep 0.1
done

printf '%-44s %8s %9s %8s %8s\n' query min_ms median_ms max_ms bytes
for file in examples/queries/*.graphql; do
  body=$(python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read()}))' "$file")
  post() { curl -s -o /tmp/podgraph-latency.out -w '%{time_total}\n' -H 'content-type: application/json' -d "$body" "http://127.0.0.1:$port/graphql"; }
  post >/dev/null
  times=$(for _ in $(seq "$runs"); do post; done | sort -n)
  median=$(echo "$times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]*1000}')
  max=$(echo "$times" | tail -1 | awk '{print $1*1000}')
  min=$(echo "$times" | head -1 | awk '{print $1*1000}')
  if grep -q '"errors"' /tmp/podgraph-latency.out; then
    echo "$file: $(head -c 300 /tmp/podgraph-latency.out)" >&2
    exit 1
  fi
  printf '%-44s %8.2f %9.2f %8.2f %8d\n' "$(basename "$file" .graphql)" "$min" "$median" "$max" "$(wc -c </tmp/podgraph-latency.out)"
done
