#!/usr/bin/env bash
# Checks the published contracts of a running Concordia with tools no one on the project wrote:
#   promtool check metrics   on /actuator/prometheus   (Debian/Ubuntu: apt-get install prometheus, or any promtool)
#   Redocly CLI, recommended rules, on /v3/api-docs    (installed with npm into a temporary directory, never the repo)
#
#   bench/check-contracts.sh                         builds nothing; starts infra/app/target/app-*-exec.jar --demo on
#                                                    a temporary data directory and a free loopback port, checks, stops
#   bench/check-contracts.sh http://127.0.0.1:8080   checks an instance already running there
#
# Exits non-zero on any finding of either tool (errors or warnings). Not part of the Maven build: it needs promtool,
# Node.js 20.19+ and npm (REDOCLY_DIR=… reuses an existing install of @redocly/cli).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
app_pid=
cleanup() {
    if [[ -n "$app_pid" ]]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

command -v promtool >/dev/null || { echo "promtool not found (apt-get install prometheus)" >&2; exit 2; }
command -v npx >/dev/null || { echo "npx not found (Node.js 20.19+ and npm)" >&2; exit 2; }

base=${1:-}
if [[ -z "$base" ]]; then
    jar=$(ls infra/app/target/app-*-exec.jar 2>/dev/null | head -1)
    [[ -n "$jar" ]] || { echo "no infra/app/target/app-*-exec.jar: ./mvnw -B -DskipTests package first" >&2; exit 2; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    base=http://127.0.0.1:$port
    echo "starting $jar --demo on $base (log: $work/app.log)"
    java -jar "$jar" --demo --server.address=127.0.0.1 --server.port="$port" \
         --concordia.data-dir="$work/data" --concordia.backup-dir="$work/backups" > "$work/app.log" 2>&1 &
    app_pid=$!
    for _ in $(seq 180); do
        curl -sf -o /dev/null "$base/actuator/health" && break
        kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; exit 1; }
        sleep 1
    done
    # a few requests of each kind, so that the meters they create are in the exposition too
    curl -s -o /dev/null -u cora:onco-demo-pass "$base/api/v1/collaborations"
    curl -s -o /dev/null -u cora:onco-demo-pass "$base/api/v1/me/inbox"
    curl -s -o /dev/null -u cora:wrong-password "$base/api/v1/me/inbox"
    curl -s -o /dev/null "$base/api/v1/no-such-route"
    sleep 1
fi

curl -sf "$base/actuator/prometheus" -o "$work/metrics.txt"
curl -sf "$base/v3/api-docs" -o "$work/api-docs.json"
[[ -s "$work/metrics.txt" && -s "$work/api-docs.json" ]] || { echo "empty answer from $base" >&2; exit 1; }

echo "== promtool check metrics ($(grep -c '^# TYPE' "$work/metrics.txt") families) =="
promtool check metrics < "$work/metrics.txt"
echo "no findings"

redocly=${REDOCLY_DIR:-$work/redocly}
if [[ ! -x "$redocly/node_modules/.bin/redocly" ]]; then
    mkdir -p "$redocly"
    (cd "$redocly" && npm install --silent --no-audit --no-fund @redocly/cli >/dev/null)
fi
echo "== redocly lint --extends=recommended ($(cd "$redocly" && npx redocly --version 2>/dev/null | head -1)) =="
# (the box Redocly draws around a notice about the Node.js version is left out)
out=$(cd "$redocly" && npx redocly lint --extends=recommended "$work/api-docs.json" 2>&1 | grep -v '[║╔╚]' | grep .) \
    || { echo "$out"; exit 1; }
echo "$out"
if echo "$out" | grep -qi 'warning'; then exit 1; fi
