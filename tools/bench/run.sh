#!/usr/bin/env bash
# Load benchmark of the mock (make bench-mock): the same request mix for
# BENCH_DURATION at 64 connections over loopback against
#   1. the mock (contract mock --stateless: the embedded Talkamie bundle's examples),
#   2. the ceiling (a bare Echo handler serving the same bytes, no validation),
#   3. Stoplight Prism 5 on the same bundled spec (installed from npm into $OUT),
# then a paced run (BENCH_RATE req/s over the same connections: latency when the
# server is not saturated) against the mock and the ceiling, then a BENCH_SOAK run
# against the mock with its RSS sampled before and after.
# With taskset (util-linux) and at least two CPUs, the servers run on
# BENCH_SERVER_CPUS and the load generator on BENCH_LOAD_CPUS (default: the
# last CPU for the generator, the others for the server), so the generator does
# not starve the server; BENCH_PIN=0 turns that off.
# Prints a Markdown table for docs/benchmarks.md; raw JSON goes to $OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=${BENCH_OUT:-/tmp/bench-mock}
DUR=${BENCH_DURATION:-10s}
SOAK=${BENCH_SOAK:-60s}
CONNS=${BENCH_CONNS:-64}
PRISM_VERSION=${PRISM_VERSION:-5}
RATE=${BENCH_RATE:-5000}
NCPU=$(nproc)
PIN=${BENCH_PIN:-1}
SERVER_CPUS=${BENCH_SERVER_CPUS:-$([[ $NCPU -ge 2 ]] && echo "0-$((NCPU - 2))" || echo 0)}
LOAD_CPUS=${BENCH_LOAD_CPUS:-$((NCPU - 1))}
on_server=() on_load=()
if [[ "$PIN" == 1 && $NCPU -ge 2 ]] && command -v taskset >/dev/null 2>&1; then
  on_server=(taskset -c "$SERVER_CPUS") on_load=(taskset -c "$LOAD_CPUS")
  echo "pinning: servers on CPU $SERVER_CPUS, load generator on CPU $LOAD_CPUS" >&2
else
  echo "pinning: off (server and load generator share $NCPU CPUs)" >&2
fi
MOCK_PORT=4110 CEIL_PORT=4112 PRISM_PORT=4113
mkdir -p "$OUT"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

echo "building..." >&2
go build -o "$OUT/contract" ./tools/cmd/contract
go build -o "$OUT/ceiling" ./tools/bench/ceiling
go build -o "$OUT/loadgen" ./tools/bench/loadgen

now_ms() { date +%s%3N; }
# wait_http URL: until the server answers anything; prints the wait in ms.
wait_http() {
  local t0; t0=$(now_ms)
  for _ in $(seq 1 1200); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer tok_margaret_access' "$1" || true)
    if [[ "$code" != "000" ]]; then echo $(( $(now_ms) - t0 )); return 0; fi
    sleep 0.025
  done
  echo "server at $1 did not start" >&2; return 1
}
rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status"; }
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

# 1. the mock
t0=$(now_ms)
"${on_server[@]}" "$OUT/contract" mock --stateless --port $MOCK_PORT >"$OUT/mock.log" 2>&1 & mock_pid=$!; pids+=("$mock_pid")
wait_http "http://127.0.0.1:$MOCK_PORT/healthz" >/dev/null
mock_up=$(( $(now_ms) - t0 ))
# The CLI flushes its log every 50 ms: wait (up to 2 s) for the start-up line.
for _ in $(seq 1 40); do grep -q 'startup=' "$OUT/mock.log" && break; sleep 0.05; done
mock_inproc=$(grep -o 'startup=[0-9.]*[mµ]*s' "$OUT/mock.log" | head -1 | cut -d= -f2 || true)
echo "mock: up in ${mock_up} ms (in-process ${mock_inproc})" >&2
"${on_load[@]}" "$OUT/loadgen" -base "http://127.0.0.1:$MOCK_PORT/v1" -c "$CONNS" -d "$DUR" >"$OUT/mock.json"
"${on_load[@]}" "$OUT/loadgen" -base "http://127.0.0.1:$MOCK_PORT/v1" -c "$CONNS" -d "$DUR" -rate "$RATE" >"$OUT/mock-paced.json"

# 2. the ceiling
t0=$(now_ms)
"${on_server[@]}" "$OUT/ceiling" "127.0.0.1:$CEIL_PORT" >"$OUT/ceiling.log" 2>&1 & ceil_pid=$!; pids+=("$ceil_pid")
wait_http "http://127.0.0.1:$CEIL_PORT/healthz" >/dev/null
ceil_up=$(( $(now_ms) - t0 ))
"${on_load[@]}" "$OUT/loadgen" -base "http://127.0.0.1:$CEIL_PORT/v1" -c "$CONNS" -d "$DUR" >"$OUT/ceiling.json"
"${on_load[@]}" "$OUT/loadgen" -base "http://127.0.0.1:$CEIL_PORT/v1" -c "$CONNS" -d "$DUR" -rate "$RATE" >"$OUT/ceiling-paced.json"
kill "$ceil_pid"

# 3. Prism 5
prism_row="| Prism $PRISM_VERSION | n/a | n/a | n/a | n/a | not run (npm unavailable) |"
if command -v npm >/dev/null 2>&1; then
  export DO_NOT_TRACK=1 NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
  if [[ ! -x "$OUT/prism/node_modules/.bin/prism" ]]; then
    echo "installing @stoplight/prism-cli@$PRISM_VERSION into $OUT/prism..." >&2
    npm install --silent --prefix "$OUT/prism" "@stoplight/prism-cli@$PRISM_VERSION" >&2
  fi
  prism_ver=$("$OUT/prism/node_modules/.bin/prism" --version 2>/dev/null || echo "$PRISM_VERSION")
  t0=$(now_ms)
  "${on_server[@]}" "$OUT/prism/node_modules/.bin/prism" mock -h 127.0.0.1 -p $PRISM_PORT gen/openapi.yaml >"$OUT/prism.log" 2>&1 & prism_pid=$!; pids+=("$prism_pid")
  wait_http "http://127.0.0.1:$PRISM_PORT/interests" >/dev/null
  prism_up=$(( $(now_ms) - t0 ))
  "${on_load[@]}" "$OUT/loadgen" -base "http://127.0.0.1:$PRISM_PORT" -c "$CONNS" -d "$DUR" >"$OUT/prism.json"
  kill "$prism_pid"
  prism_row="| Prism $prism_ver | $(printf %.0f "$(field "$OUT/prism.json" rps)") | $(field "$OUT/prism.json" p50_ms) | $(field "$OUT/prism.json" p99_ms) | ${prism_up} ms | $(field "$OUT/prism.json" errors) errors |"
fi

# 4. memory over a soak run against the mock
rss_start=$(rss_kb "$mock_pid")
"${on_load[@]}" "$OUT/loadgen" -base "http://127.0.0.1:$MOCK_PORT/v1" -c "$CONNS" -d "$SOAK" >"$OUT/soak.json"
rss_end=$(rss_kb "$mock_pid")

mock_rps=$(field "$OUT/mock.json" rps); ceil_rps=$(field "$OUT/ceiling.json" rps)
echo
echo "| Server | req/s | p50 ms | p99 ms | start-up | notes |"
echo "|---|---|---|---|---|---|"
echo "| mock | $(printf %.0f "$mock_rps") | $(field "$OUT/mock.json" p50_ms) | $(field "$OUT/mock.json" p99_ms) | ${mock_up} ms (in-process ${mock_inproc}) | $(field "$OUT/mock.json" errors) errors |"
echo "| ceiling (bare Echo) | $(printf %.0f "$ceil_rps") | $(field "$OUT/ceiling.json" p50_ms) | $(field "$OUT/ceiling.json" p99_ms) | ${ceil_up} ms | $(field "$OUT/ceiling.json" errors) errors |"
echo "$prism_row"
echo
echo "Paced at $RATE req/s over $CONNS connections (latency from the scheduled send time):"
echo
echo "| Server | req/s | p50 ms | p99 ms |"
echo "|---|---|---|---|"
for s in mock ceiling; do
  echo "| $s | $(printf %.0f "$(field "$OUT/$s-paced.json" rps)") | $(field "$OUT/$s-paced.json" p50_ms) | $(field "$OUT/$s-paced.json" p99_ms) |"
done
echo
python3 - "$OUT" <<'PY'
import json, sys, os
out = sys.argv[1]
m = json.load(open(f"{out}/mock.json")); c = json.load(open(f"{out}/ceiling.json"))
print(f"mock / ceiling: {m['rps']/c['rps']:.2f}")
if os.path.exists(f"{out}/prism.json"):
    p = json.load(open(f"{out}/prism.json"))
    print(f"mock / Prism: {m['rps']/p['rps']:.1f}x")
    print("Prism statuses:", json.dumps(p["statuses"], sort_keys=True))
print("mock statuses:", json.dumps(m["statuses"], sort_keys=True))
s = json.load(open(f"{out}/soak.json"))
print(f"soak: {s['requests']} requests in {s['seconds']:.0f} s ({s['rps']:.0f} req/s, p99 {s['p99_ms']} ms)")
PY
echo "mock RSS: ${rss_start} kB before the soak, ${rss_end} kB after"
