# Helpers for the test scripts (sourced, not run). They drive the release binary that
# scripts/test-all.sh builds once.

PODGRAPH_BIN=${PODGRAPH_BIN:-target/release/podgraph}
PODGRAPH_CORPUS=${PODGRAPH_CORPUS:-../shared/corpus/devchat}

# start_podgraph LOGFILE [serve args...]
# Starts `podgraph serve` on an ephemeral loopback port and waits until it is ready.
# Sets SERVER_PID and SERVER_URL (http://127.0.0.1:PORT).
start_podgraph() {
    local log=$1
    shift
    "$PODGRAPH_BIN" serve --listen 127.0.0.1:0 "$@" >"$log" 2>&1 &
    SERVER_PID=$!
    SERVER_URL=
    for _ in $(seq 1 600); do
        SERVER_URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)
        [ -n "$SERVER_URL" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" >&2; echo "podgraph exited before listening" >&2; return 1; }
        sleep 0.1
    done
    [ -n "$SERVER_URL" ] || { cat "$log" >&2; echo "podgraph did not log its address" >&2; return 1; }
    for _ in $(seq 1 600); do
        if "$PODGRAPH_BIN" probe --url "$SERVER_URL/ready" >/dev/null 2>&1; then
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" >&2; echo "podgraph exited while loading" >&2; return 1; }
        sleep 0.1
    done
    cat "$log" >&2
    echo "podgraph did not become ready" >&2
    return 1
}

# stop_podgraph: SIGTERM the server started above and wait for it.
stop_podgraph() {
    if [ -n "${SERVER_PID:-}" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        wait "$SERVER_PID" || true
    fi
    SERVER_PID=
}

# apt_install PACKAGE...: installs the Debian packages that are missing (root, as in CI).
apt_install() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing ${missing[*]} with apt"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
