#!/usr/bin/env bash
# The federation test: installs the pinned Apollo packages (package-lock.json) and runs
# federation.test.mjs against target/release/podgraph (PODGRAPH_BIN overrides the binary).
set -euo pipefail
cd "$(dirname "$0")"
# Reinstall when the lockfile changed since the last install.
if ! cmp -s package-lock.json node_modules/.podgraph-installed-lock 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.podgraph-installed-lock
fi
exec node --test --test-reporter=spec federation.test.mjs
