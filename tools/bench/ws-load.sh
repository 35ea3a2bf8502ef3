#!/usr/bin/env bash
# WebSocket load test of the living mock: starts `contract mock` (stateful, the
# embedded contract) and runs tools/bench/wsload against it: WSLOAD_CLIENTS
# authenticated sockets (default 1000) in accepted chats, one chat message per
# socket every WSLOAD_INTERVAL for WSLOAD_DURATION (default 60s); prints push
# latency, dropped connections, and the mock's goroutines and heap before,
# during and after. With taskset and two CPUs or more, the mock runs on all
# CPUs but the last and the load generator on the last.
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=${WSLOAD_OUT:-/tmp/ws-load}
CLIENTS=${WSLOAD_CLIENTS:-1000}
DURATION=${WSLOAD_DURATION:-60s}
INTERVAL=${WSLOAD_INTERVAL:-1s}
PORT=${WSLOAD_PORT:-4120}
NCPU=$(nproc)
on_server=() on_load=()
if [[ $NCPU -ge 2 ]] && command -v taskset >/dev/null 2>&1; then
  on_server=(taskset -c "0-$((NCPU - 2))") on_load=(taskset -c "$((NCPU - 1))")
fi
mkdir -p "$OUT"
go build -o "$OUT/contract" ./tools/cmd/contract
go build -o "$OUT/wsload" ./tools/bench/wsload

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
"${on_server[@]}" "$OUT/contract" mock --stateful --port "$PORT" >"$OUT/mock.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$pid/status"; }
echo "mock RSS at start: $(rss)" >&2
"${on_load[@]}" "$OUT/wsload" -url "http://127.0.0.1:$PORT" -clients "$CLIENTS" -duration "$DURATION" -interval "$INTERVAL" | tee "$OUT/report.md"
echo "mock RSS at the end: $(rss)" | tee -a "$OUT/report.md"
echo "go $(go env GOVERSION), $(nproc) CPUs, $(uname -sr)" | tee -a "$OUT/report.md"
