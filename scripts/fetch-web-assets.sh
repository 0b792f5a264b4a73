#!/usr/bin/env bash
# Rebuilds web/vendor/ (the browser pages' third-party files, embedded in the binary by
# src/web.rs) from the npm packages pinned in web/package.json + web/package-lock.json:
#   npm ci   (exact versions from the lockfile, from the npm registry)
#   node web/build.mjs   (esbuild bundle of GraphiQL + React + GraphQL.js, uPlot as published,
#                         the licence file of every bundled package, .br/.gz copies)
# Run it after changing a version in web/package.json (`npm install --save-exact pkg@x.y.z`
# in web/ first, to update the lockfile), then commit web/vendor/. Building podgraph never
# needs npm: the output is committed.
set -euo pipefail
cd "$(dirname "$0")/../web"
npm ci --no-audit --no-fund --loglevel=error
node build.mjs
echo "web/vendor/ rebuilt; review with: git status web/vendor && git diff --stat web/vendor"
