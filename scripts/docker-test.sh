#!/usr/bin/env bash
# The container, for real: installs Debian's docker.io and docker-compose, starts dockerd
# if none runs, builds the image from a base made here (no registry can be reached: the
# base is the release binary's own shared libraries, imported with `docker import`),
# then `docker-compose up` with a copy of the sample data mounted read-only, waits for the
# healthcheck, queries the graph through the port published on 127.0.0.1, changes a page
# to see the container reload it, and `docker-compose down`.
#
# Where Docker cannot start, it says so and runs the container's command and environment
# (as `docker-compose config` renders them) outside Docker instead, then exits 0.
# PODGRAPH_DOCKER_TEST=outside takes that path on purpose (to test it).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
repo=$(pwd)

say() { printf '  [docker] %s\n' "$*"; }

[ -x "$PODGRAPH_BIN" ] || cargo build --release --bin podgraph
apt_install docker.io docker-compose python3-yaml
DOCKER=/usr/bin/docker   # Debian's client: it has the BuildKit builder built in
export DOCKER_BUILDKIT=1 COMPOSE_DOCKER_CLI_BUILD=1

work=$(mktemp -d)
project="podgraph-ci-$$"
started_dockerd=
cleanup() {
    set +e
    if [ -n "${compose_up:-}" ]; then
        docker-compose -p "$project" down --volumes --timeout 20 >/dev/null 2>&1
    fi
    stop_podgraph
    if [ -n "$started_dockerd" ]; then
        kill -TERM "$started_dockerd" 2>/dev/null
        for _ in $(seq 1 100); do kill -0 "$started_dockerd" 2>/dev/null || break; sleep 0.2; done
    fi
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# graphql URL QUERY: POSTs a query, prints the JSON answer.
graphql() {
    python3 - "$1" "$2" <<'PY'
import json, sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=json.dumps({"query": sys.argv[2]}).encode(),
                             headers={"content-type": "application/json"})
print(urllib.request.urlopen(req, timeout=10).read().decode())
PY
}

# json_get JSON PATH: one value out of a JSON document (PATH like data.episodes.totalCount).
json_get() {
    python3 -c 'import json, sys
v = json.loads(sys.argv[1])
for k in sys.argv[2].split("."):
    v = v[k]
print(v)' "$1" "$2"
}

# A private, world-readable copy of the sample data: the container's user must read it and
# the test changes it to see a reload.
data="$work/data"
cp -r data "$data"
chmod -R a+rX "$data"
port=$(free_port)
export PODGRAPH_DATA_DIR="$data" PODGRAPH_PORT="$port" PODGRAPH_IMAGE="podgraph:ci" PODGRAPH_MAX_DEPTH=18

docker_ok=
if [ "${PODGRAPH_DOCKER_TEST:-}" = outside ]; then
    say "PODGRAPH_DOCKER_TEST=outside: not using Docker"
elif $DOCKER info >/dev/null 2>&1; then
    docker_ok=1
    say "a Docker engine is running"
else
    say "no Docker engine running; starting dockerd"
    dockerd >"$work/dockerd.log" 2>&1 &
    started_dockerd=$!
    for _ in $(seq 1 150); do
        if $DOCKER info >/dev/null 2>&1; then docker_ok=1; break; fi
        kill -0 "$started_dockerd" 2>/dev/null || break
        sleep 0.2
    done
    if [ -z "$docker_ok" ]; then
        say "dockerd did not start:"
        tail -n 15 "$work/dockerd.log" | sed 's/^/    /'
        started_dockerd=
    fi
fi

if [ -n "$docker_ok" ]; then
    # The runtime base, made here: what the binary links against (glibc, libgcc_s, the
    # loader), like distroless/cc but from this machine's Debian.
    base="podgraph-ci-base:$(ldd "$PODGRAPH_BIN" | sha256sum | cut -c1-12)"
    if ! $DOCKER image inspect "$base" >/dev/null 2>&1; then
        say "making the base image $base from the binary's shared libraries"
        root="$work/base"
        mkdir -p "$root/tmp" "$root/etc"
        chmod 1777 "$root/tmp"
        for lib in $(ldd "$PODGRAPH_BIN" | grep -o '/[^ ]*'); do
            mkdir -p "$root$(dirname "$lib")"
            cp -L "$lib" "$root$lib"
        done
        echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >"$root/etc/passwd"
        echo 'nonroot:x:65532:' >"$root/etc/group"
        tar -C "$root" -c . | $DOCKER import - "$base" >/dev/null
    fi
    say "building podgraph:ci (BINARY=prebuilt, BASE_IMAGE=$base)"
    $DOCKER build -q -t podgraph:ci --build-arg BINARY=prebuilt --build-arg BASE_IMAGE="$base" . >/dev/null
    size=$($DOCKER image inspect -f '{{.Size}}' podgraph:ci)
    say "image podgraph:ci is $((size / 1024 / 1024)) MiB ($size bytes); user $($DOCKER image inspect -f '{{.Config.User}}' podgraph:ci)"

    compose_up=1
    docker-compose -p "$project" up -d --no-build
    cid=$(docker-compose -p "$project" ps -q podgraph)
    say "container ${cid:0:12} started; waiting for its healthcheck"
    status=
    for _ in $(seq 1 120); do
        status=$($DOCKER inspect -f '{{.State.Health.Status}}' "$cid")
        [ "$status" = healthy ] && break
        [ "$($DOCKER inspect -f '{{.State.Running}}' "$cid")" = true ] || break
        sleep 0.5
    done
    if [ "$status" != healthy ]; then
        docker-compose -p "$project" logs --no-color | tail -n 30
        echo "FAIL: the container did not become healthy (status: $status)" >&2
        exit 1
    fi
    say "healthy"
    [ "$($DOCKER inspect -f '{{.Config.User}}' "$cid")" = "65532:65532" ] || { echo "FAIL: container runs as root" >&2; exit 1; }
    [ "$($DOCKER inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$cid")" = true ] || { echo "FAIL: root filesystem is writable" >&2; exit 1; }
    mounts=$($DOCKER inspect -f '{{range .Mounts}}{{.Destination}} rw={{.RW}};{{end}}' "$cid")
    [ "$mounts" = "/data rw=false;" ] || { echo "FAIL: data mount is $mounts" >&2; exit 1; }
    url="http://127.0.0.1:$port"
else
    say "Docker cannot run here: running the container's command and environment outside Docker instead"
    # The service's environment as docker-compose renders it (no daemon needed), with the
    # container paths mapped to this machine: /data is the mounted folder, the port is
    # the published one on loopback.
    env_lines=$(docker-compose config | python3 -c '
import sys, yaml
svc = yaml.safe_load(sys.stdin)["services"]["podgraph"]
for k, v in (svc.get("environment") or {}).items():
    if v is not None:
        print(f"{k}={v}")
print("COMMAND=" + " ".join(svc.get("command") or ["serve"]))')
    cmd=serve
    envs=()
    while IFS= read -r line; do
        case "$line" in
            COMMAND=*) cmd=${line#COMMAND=} ;;
            PODGRAPH_DATA=*) envs+=("PODGRAPH_DATA=$data") ;;
            PODGRAPH_LISTEN=*) envs+=("PODGRAPH_LISTEN=127.0.0.1:$port") ;;
            *) envs+=("$line") ;;
        esac
    done <<<"$env_lines"
    say "env: ${envs[*]}; command: podgraph $cmd"
    # shellcheck disable=SC2086
    env "${envs[@]}" "$PODGRAPH_BIN" $cmd >"$work/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 120); do
        env "${envs[@]}" "$PODGRAPH_BIN" probe >/dev/null 2>&1 && break
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$work/server.log"; exit 1; }
        sleep 0.5
    done
    env "${envs[@]}" "$PODGRAPH_BIN" probe >/dev/null || { cat "$work/server.log"; echo "FAIL: healthcheck" >&2; exit 1; }
    say "the healthcheck command passes"
    url="http://127.0.0.1:$port"
fi

# Through the published port: the graph answers, limits come from the environment.
answer=$(graphql "$url/graphql" '{ dataVersion episodes { totalCount } shows { totalCount } }')
say "query: $answer"
[ "$(json_get "$answer" data.episodes.totalCount)" = 6 ] || { echo "FAIL: unexpected answer" >&2; exit 1; }
[ "$(json_get "$answer" extensions.cost.maxDepth)" = 18 ] || { echo "FAIL: PODGRAPH_MAX_DEPTH was not applied" >&2; exit 1; }

# The data folder changes on the host: the server reloads (PODGRAPH_WATCH=true).
cp "$data/js-jabber/021-jsj-build-tools-with-nora-lindqvist.md" "$data/js-jabber/022-jsj-copy.md"
sed -i 's/^title: >$/title: 022 JSJ A Copy/; /^  021 JSJ Build Tools/d' "$data/js-jabber/022-jsj-copy.md"
chmod a+r "$data/js-jabber/022-jsj-copy.md"
reloaded=
for _ in $(seq 1 60); do
    answer=$(graphql "$url/graphql" '{ dataVersion episodes { totalCount } }')
    if [ "$(json_get "$answer" data.episodes.totalCount)" = 7 ]; then reloaded=1; break; fi
    sleep 0.5
done
[ -n "$reloaded" ] || { echo "FAIL: the change to the data folder was not picked up: $answer" >&2; exit 1; }
say "after a page was added on the host: $answer"

if [ -n "$docker_ok" ]; then
    docker-compose -p "$project" down --timeout 20
    compose_up=
    say "docker-compose down: ok"
    echo "docker test: passed (dockerd ran here; image $((size / 1024 / 1024)) MiB)"
else
    stop_podgraph
    echo "docker test: SKIPPED the container (Docker cannot start here); its command and environment passed outside Docker"
fi
