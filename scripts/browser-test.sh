#!/usr/bin/env bash
# Real-browser tests of the GraphiQL playground and the dashboard (tests/browser/):
# Debian's chromium, headless, driven by playwright-core, against `podgraph serve` on the
# corpus at an ephemeral loopback port. Every non-loopback request is aborted and fails the
# test. Writes screenshots and report.json (page weight, first contentful paint) to
# target/browser-artifacts/. Uses target/release/podgraph as built (PODGRAPH_BIN overrides);
# installs chromium (apt, as root) and the pinned playwright-core (npm ci) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
artifacts="$(pwd)/target/browser-artifacts"

command -v chromium >/dev/null 2>&1 || apt_install chromium
chromium --version 2>/dev/null || true

# Reinstall when the lockfile changed since the last install.
if ! cmp -s tests/browser/package-lock.json tests/browser/node_modules/.podgraph-installed-lock 2>/dev/null; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error \
    && cp package-lock.json node_modules/.podgraph-installed-lock)
fi

[ -x "$PODGRAPH_BIN" ] || { echo "no $PODGRAPH_BIN: build it first (cargo build --release)" >&2; exit 1; }
rm -rf "$artifacts"
mkdir -p "$artifacts"
trap stop_podgraph EXIT
start_podgraph "$artifacts/server.log" --data "$PODGRAPH_CORPUS"

PODGRAPH_URL="$SERVER_URL" ARTIFACTS="$artifacts" \
  node --test --test-reporter=spec --test-concurrency=1 tests/browser/browser.test.mjs
echo "artifacts in target/browser-artifacts/: $(ls "$artifacts" | tr '\n' ' ')"
