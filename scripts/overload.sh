#!/usr/bin/env bash
# Overload: wrk drives ten times the connections weft may serve, in both execution modes:
#   virtual threads, --max-connections 100, wrk -c 1000
#   fixed workers,   --workers 8 --queue 32, wrk -c 400 (ten times workers + queue)
# Reports wrk's throughput, the share of 503s and socket errors; the latency of admitted
# requests (probe.py keeps 4 connections that were admitted before the load and times every
# request on them) and of refusals on fresh connections; weft's RSS; and recovery: how soon
# after wrk stops a fresh connection gets a 200. Fails if weft dies, if admitted requests
# stall (p99 over 1 s), or if it does not recover within 2 s. Not run by CI (measurement).
# Environment: SECONDS_PER_MODE (20), KEEP=1 keeps the work folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/lib.sh"
duration="${SECONDS_PER_MODE:-20}"
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "overload: needs $tool (apt-get install -y wrk curl python3)" >&2; exit 2; }
done
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
java_bin="$(find_java)"
ensure_jar "$root"
work="$(mktemp -d /tmp/weft-overload.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  [ "${KEEP:-0}" = 1 ] && echo "work folder: $work" || rm -rf "$work"
}
trap cleanup EXIT
failed=0

run_mode() { # name wrk-connections weft-flags...
  local name="$1" conns="$2"; shift 2
  local port; port="$(free_port)"
  echo "== $name: weft $* ; wrk -t2 -c$conns -d${duration}s"
  "$java_bin" -Xmx512m -jar "$root/weft-cli/target/weft.jar" -p "$port" "$@" > "$work/$name.weft.log" 2>&1 &
  server_pid=$!
  wait_http "$port" 60
  for _ in 1 2 3; do curl -s -o /dev/null "http://127.0.0.1:$port/"; done

  # Admitted before the load: these connections stay served throughout.
  python3 "$root/scripts/probe.py" keepalive "$port" 4 "$duration" > "$work/$name.admitted" 2> "$work/$name.admitted.err" &
  local admitted_pid=$!
  local ready_by=$((SECONDS + 15))
  until grep -q READY "$work/$name.admitted.err"; do
    [ $SECONDS -lt $ready_by ] || { echo "FAIL: the admitted probe did not connect"; failed=1; break; }
    sleep 0.1
  done
  python3 "$root/scripts/probe.py" fresh "$port" 2 "$duration" > "$work/$name.fresh" &
  local fresh_pid=$!
  local peak=0 rss
  (while kill -0 "$server_pid" 2>/dev/null; do rss_kib "$server_pid"; sleep 1; done > "$work/$name.rss") &
  local rss_pid=$!
  timeout $((duration + 30)) wrk -t2 -c"$conns" -d"${duration}s" --latency "http://127.0.0.1:$port/" > "$work/$name.wrk" 2>&1 || true
  wait "$admitted_pid" "$fresh_pid" || true
  python3 "$root/scripts/probe.py" recover "$port" 10 > "$work/$name.recover"
  kill "$rss_pid" 2>/dev/null || true

  local total non2xx rps
  total=$(awk '/requests in/ {print $1}' "$work/$name.wrk")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/$name.wrk"); non2xx="${non2xx:-0}"
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$name.wrk")
  echo "   wrk: $total responses, $rps/s, 503 (non-2xx) share $(awk -v n="$non2xx" -v t="$total" 'BEGIN {printf "%.1f%%", t ? 100*n/t : 0}')"
  grep -E "Socket errors|Latency  |50%|99%" "$work/$name.wrk" | sed 's/^ */   wrk: /'
  awk '$1 == "ok" && $2 == 200 {print $3}' "$work/$name.admitted" > "$work/$name.admitted.lat"
  local a_n a_bad
  a_n=$(wc -l < "$work/$name.admitted.lat")
  a_bad=$(awk '!($1 == "ok" && $2 == 200)' "$work/$name.admitted" | wc -l)
  echo "   admitted keep-alive requests: $a_n answered 200, $a_bad not; latency p50 $(percentile "$work/$name.admitted.lat" 50)s p99 $(percentile "$work/$name.admitted.lat" 99)s max $(percentile "$work/$name.admitted.lat" 100)s"
  echo "   fresh connections during the load: $(awk '{print $1 "/" $2}' "$work/$name.fresh" | sort | uniq -c | tr -s ' ' | tr '\n' ',' | sed 's/,$//'); 503 latency p50 $(awk '$2 == 503 {print $3}' "$work/$name.fresh" > "$work/$name.503.lat"; percentile "$work/$name.503.lat" 50)s p99 $(percentile "$work/$name.503.lat" 99)s"
  echo "   weft RSS: peak $(( $(sort -n "$work/$name.rss" | tail -1) / 1024 )) MiB"
  echo "   $(cat "$work/$name.recover")"
  if ! kill -0 "$server_pid" 2>/dev/null; then echo "FAIL: weft died"; failed=1; fi
  if [ "$a_n" -lt 10 ] || awk -v p="$(percentile "$work/$name.admitted.lat" 99)" 'BEGIN {exit !(p == "nan" || p > 1)}'; then
    echo "FAIL: admitted requests stalled"; failed=1
  fi
  if ! grep -q "RECOVER first 200 after" "$work/$name.recover" || \
     awk '/RECOVER first/ {exit !($5 + 0 > 2)}' "$work/$name.recover"; then
    echo "FAIL: no prompt recovery"; failed=1
  fi
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

run_mode virtual-threads 1000 --max-connections 100
run_mode fixed-workers 400 --workers 8 --queue 32
[ "$failed" -eq 0 ] && echo "overload: OK" || { echo "overload: FAILED"; exit 1; }
