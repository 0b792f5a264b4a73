#!/usr/bin/env bash
# GraphQL over HTTP conformance: runs the `graphql-http` package's server audit suite
# against the release binary. Fails unless every MUST and every SHOULD audit passes.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
(
    cd scripts/http-audit
    if ! node -e 'require("graphql-http/package.json")' 2>/dev/null \
        || [ "$(node -p 'require("graphql-http/package.json").version')" != "$(node -p 'require("./package.json").dependencies["graphql-http"]')" ]; then
        npm ci --no-audit --no-fund --loglevel=error
    fi
)

work=$(mktemp -d)
trap 'stop_podgraph; rm -rf "$work"' EXIT
start_podgraph "$work/server.log" --data data
node scripts/http-audit/audit.mjs "$SERVER_URL/graphql" --json "$work/audit.json"
