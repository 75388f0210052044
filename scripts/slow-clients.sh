#!/usr/bin/env bash
# Slow clients against the real weft process: Debian's slowhttptest in slowloris (-H) and
# slow-read (-X) modes, each while a legitimate client sends one request every 0.2 s and
# records its status and latency. Fails (exit 1) if the legitimate client is starved.
#
# weft runs with a small connection cap (--max-connections, default here 400) so that an
# attack that can hold its connections indefinitely does exhaust it: slowloris opens three
# times the cap at 40/s, slow read one and a half times at 20/s. The server survives only if
# its timeouts close attackers faster than they arrive: a head that trickles (slowloris) is
# cut off by the header timeout (set to 5 s here: at 40 new connections a second that holds
# about 200 at once), a client that stops reading a 4 MiB file (slow read) by the write
# timeout (5 s), and an answered connection that is neither read nor reused by the idle
# timeout (5 s). Without those timeouts the script fails. Run by .ci/run after the build;
# takes about 100 s.
#
# With fixed workers (WEFT_FLAGS="--workers 8") both phases must pass too: a connection
# takes a worker only once its head is whole, and an answer whose bytes are fixed (here a
# file) that a client does not read is sent from the parking lot, not by a worker. .ci/run
# runs both variants.
#
# Environment: PHASE_SECONDS (30), MAX_CONNECTIONS (400), MIN_SUCCESS_PCT (95),
# MAX_P99_SECONDS (2), WEFT_FLAGS (extra flags for weft), PHASES ("slowloris slow-read"),
# KEEP=1 keeps the work folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/lib.sh"

phase_seconds="${PHASE_SECONDS:-30}"
max_connections="${MAX_CONNECTIONS:-400}"
min_success_pct="${MIN_SUCCESS_PCT:-95}"
max_p99="${MAX_P99_SECONDS:-2}"

for tool in slowhttptest curl python3; do
  command -v "$tool" >/dev/null || { echo "slow-clients: needs $tool (apt-get install -y slowhttptest curl python3)" >&2; exit 2; }
done
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

java_bin="$(find_java)"
ensure_jar "$root"
work="$(mktemp -d /tmp/weft-slow-clients.XXXXXX)"
server_pid=""
bg_pids=()
cleanup() {
  for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  [ "${KEEP:-0}" = 1 ] && echo "work folder: $work" || rm -rf "$work"
}
trap cleanup EXIT

# The timeouts that defeat these attacks, set short enough for a 30 s phase, if this weft
# has them (an engine without them is expected to fail this script).
help="$("$java_bin" -jar "$root/weft-cli/target/weft.jar" --help 2>&1 || true)"
flags=(--max-connections "$max_connections")
grep -q -- "--header-timeout" <<<"$help" && flags+=(--header-timeout 5s)
grep -q -- "--write-timeout" <<<"$help" && flags+=(--write-timeout 5s)
flags+=(--idle-timeout 5s)
# With folder serving, weft serves a small index.html (the legitimate client's page) and a
# 4 MiB file for the slow readers, so their responses are far larger than the socket buffers
# and weft's writes block: the write timeout's case. Without it, the built-in pages.
slow_read_path="/"
if grep -q -- "--dir" <<<"$help"; then
  mkdir -p "$work/site"
  printf '<!DOCTYPE html>\n<html><body><p>Hello!</p></body></html>\n' > "$work/site/index.html"
  head -c $((4 << 20)) /dev/urandom > "$work/site/big.bin"
  flags+=(--dir "$work/site")
  slow_read_path="/big.bin"
fi
# shellcheck disable=SC2206
flags+=(${WEFT_FLAGS:-})

port="$(free_port)"
url="http://127.0.0.1:$port/"
echo "slow-clients: weft ${flags[*]} on port $port"
"$java_bin" -Xmx256m -jar "$root/weft-cli/target/weft.jar" -p "$port" "${flags[@]}" > "$work/weft.log" 2>&1 &
server_pid=$!
wait_http "$port" 60

# legit PHASE SECONDS: one request every 0.2 s for SECONDS; lines "code seconds" in $work/PHASE.txt
legit() {
  local phase="$1" seconds="$2" end=$((SECONDS + $2))
  while [ $SECONDS -lt $end ]; do
    curl -s -o /dev/null --max-time 5 -w '%{http_code} %{time_total}\n' "$url" >> "$work/$phase.txt" || echo "000 5" >> "$work/$phase.txt"
    sleep 0.2
  done
}

# Established connections on the server's port, once a second (the attacker's own count
# lags: it sees a close only when it reads that far).
sample_server_side() { # phase seconds
  local end=$((SECONDS + $2))
  : > "$work/$1.open"
  while [ $SECONDS -lt $end ]; do
    ss -tnH state established "( sport = :$port )" 2>/dev/null | wc -l >> "$work/$1.open"
    sleep 1
  done
}

failed=0
report() { # phase
  local f="$work/$1.txt" total ok pct p50 p99
  total=$(wc -l < "$f")
  ok=$(awk '$1 == 200' "$f" | wc -l)
  awk '$1 == 200 {print $2}' "$f" > "$work/$1.lat"
  p50=$(percentile "$work/$1.lat" 50)
  p99=$(percentile "$work/$1.lat" 99)
  pct=$(( total > 0 ? ok * 100 / total : 0 ))
  printf '%-10s legitimate requests: %d sent, %d answered 200 (%d%%), others: %s; latency of the 200s p50 %ss p99 %ss\n' \
    "$1" "$total" "$ok" "$pct" "$(awk '$1 != 200 {print $1}' "$f" | sort | uniq -c | tr -s ' ' | tr '\n' ',' | sed 's/,$//')" "$p50" "$p99"
  if [ "$pct" -lt "$min_success_pct" ] || [ "$total" -lt 10 ] || awk -v p="$p99" -v m="$max_p99" 'BEGIN {exit !(p == "nan" || p > m)}'; then
    echo "FAIL: $1 starved the legitimate client (need >= $min_success_pct% answered and p99 <= ${max_p99}s)"
    failed=1
  fi
}

attack() { # phase, target URL, slowhttptest args...
  local phase="$1" target="$2"; shift 2
  echo "== $phase: slowhttptest $* (legitimate client alongside)"
  : > "$work/$phase.txt"
  legit "$phase" "$phase_seconds" &
  local legit_pid=$!
  bg_pids+=("$legit_pid")
  sample_server_side "$phase" "$phase_seconds" &
  local sampler_pid=$!
  bg_pids+=("$sampler_pid")
  timeout $((phase_seconds + 30)) slowhttptest "$@" -u "$target" -l "$phase_seconds" -p 3 -g -o "$work/$phase" > "$work/$phase.slowhttptest.log" 2>&1 || true
  wait "$legit_pid" || true
  wait "$sampler_pid" || true
  echo "   connections open on weft's side, at most: $(sort -n "$work/$phase.open" | tail -1)"
  if ! grep -q "Exit status" "$work/$phase.slowhttptest.log"; then
    echo "FAIL: slowhttptest did not run:"; sed 's/^/   /' "$work/$phase.slowhttptest.log" | head -5; failed=1
  fi
  sed 's/\x1b\[[0-9;]*m//g' "$work/$phase.slowhttptest.log" | grep -E "Exit status" | tail -1 | sed 's/^/   slowhttptest: /' || true
  # The CSV: seconds,closed,pending,connected,service available. Most attack connections held at once:
  awk -F, 'NR > 1 && $4 > m {m = $4; t = $1} END {printf "   connections slowhttptest believed open, at most: %d (at %ss)\n", m, t}' "$work/$phase.csv" 2>/dev/null || true
  report "$phase"
  kill -0 "$server_pid" 2>/dev/null || { echo "FAIL: weft died"; failed=1; }
}

echo "== baseline: the legitimate client alone for 5 s"
: > "$work/baseline.txt"
legit baseline 5
report baseline
phases="${PHASES:-slowloris slow-read}"
case " $phases " in *" slowloris "*)
  attack slowloris "$url" -H -c $((max_connections * 3)) -r 40 -i 3 -x 10 ;;
esac
case " $phases " in *" slow-read "*)
  # -k 10 (slowhttptest's most) pipelined requests per connection, read 32 bytes every 2 s
  # through a window of at most 256 bytes: against the 4 MiB file weft's writes block until
  # the write timeout drops the connection (against the small built-in pages, when weft
  # cannot serve a folder, the answers fit the socket buffers and the idle timeout acts).
  attack slow-read "${SLOW_READ_URL:-http://127.0.0.1:$port$slow_read_path}" -X -c $((max_connections * 3 / 2)) -r 20 -k 10 -n 2 -z 32 -w 1 -y 256 ;;
esac

rss=$(rss_kib "$server_pid")
echo "weft RSS after the attacks: $((rss / 1024)) MiB"
if [ "$failed" -ne 0 ]; then
  echo "slow-clients: FAILED"
  exit 1
fi
echo "slow-clients: OK"
