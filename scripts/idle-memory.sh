#!/usr/bin/env bash
# Memory per idle keep-alive connection (virtual-thread mode): probe.py opens COUNT (10,000)
# connections, each answered once and then held idle; weft's RSS and live heap (jcmd GC.run,
# then GC.heap_info) are measured before and while they are held, and the difference is
# divided by COUNT. The file-descriptor limit is raised here, for this script's processes only.
# Not run by CI (measurement). Environment: COUNT (10000), HOLD_SECONDS (20), KEEP=1.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/lib.sh"
count="${COUNT:-10000}"
hold_seconds="${HOLD_SECONDS:-20}"
ulimit -n $((count * 2 + 1000)) 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -gt $((count + 200)) ] || { echo "idle-memory: fd limit $(ulimit -n) too low for $count connections" >&2; exit 2; }
java_bin="$(find_java)"
jcmd_bin="$(dirname "$java_bin")/jcmd"
ensure_jar "$root"
work="$(mktemp -d /tmp/weft-idle-memory.XXXXXX)"
server_pid=""
holder_pid=""
cleanup() {
  [ -n "$holder_pid" ] && kill "$holder_pid" 2>/dev/null || true
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  [ "${KEEP:-0}" = 1 ] && echo "work folder: $work" || rm -rf "$work"
}
trap cleanup EXIT

port="$(free_port)"
flags=(--max-connections $((count + 1000)) --idle-timeout 10m)
echo "idle-memory: weft ${flags[*]} (virtual threads) on port $port, -Xmx1g; $count idle connections"
"$java_bin" -Xmx1g -jar "$root/weft-cli/target/weft.jar" -p "$port" "${flags[@]}" > "$work/weft.log" 2>&1 &
server_pid=$!
wait_http "$port" 60

heap_used_kib() { # after a full GC
  "$jcmd_bin" "$server_pid" GC.run > /dev/null
  sleep 1
  # The heap's generations (G1: one line); Metaspace is not heap.
  "$jcmd_bin" "$server_pid" GC.heap_info | grep -v -E "Metaspace|class space" \
    | grep -o -E "used [0-9]+K" | awk '{sum += $2} END {print sum + 0}' 
}

# Warm up (class loading, JIT of the request path) with a few hundred short connections.
python3 "$root/scripts/probe.py" fresh "$port" 4 3 > /dev/null
sleep 1
heap0=$(heap_used_kib); rss0=$(rss_kib "$server_pid")
echo "before: RSS $((rss0 / 1024)) MiB, live heap $((heap0 / 1024)) MiB"

python3 "$root/scripts/probe.py" hold "$port" "$count" "$hold_seconds" > "$work/hold.log" 2>&1 &
holder_pid=$!
deadline=$((SECONDS + 180))
until grep -q HOLDING "$work/hold.log"; do
  [ $SECONDS -lt $deadline ] || { echo "FAIL: could not open $count connections in 180 s"; cat "$work/hold.log"; exit 1; }
  kill -0 "$holder_pid" 2>/dev/null || { echo "FAIL: the client died"; cat "$work/hold.log"; exit 1; }
  sleep 1
done
cat "$work/hold.log"
held=$(awk '/HOLDING/ {print $2}' "$work/hold.log")
sleep 2
established=$(ss -tnH state established "( sport = :$port )" | wc -l)
heap1=$(heap_used_kib); rss1=$(rss_kib "$server_pid")
threads=$(awk '/^Threads:/ {print $2}' "/proc/$server_pid/status")
echo "holding: $held connections ($established established on weft's port), RSS $((rss1 / 1024)) MiB, live heap $((heap1 / 1024)) MiB, OS threads $threads"
awk -v r0="$rss0" -v r1="$rss1" -v h0="$heap0" -v h1="$heap1" -v n="$held" \
  'BEGIN {printf "per idle connection: RSS %.1f KiB, live heap %.1f KiB\n", (r1 - r0) / n, (h1 - h0) / n}'
wait "$holder_pid" || true
holder_pid=""
tail -1 "$work/hold.log"
[ "$held" -ge $((count * 99 / 100)) ] || { echo "FAIL: only $held of $count connections were held"; exit 1; }
echo "idle-memory: OK"
