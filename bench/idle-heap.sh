#!/usr/bin/env bash
# Live heap per idle keep-alive connection, counted from a class histogram (live objects only,
# after the full GC that the histogram runs), before and with N idle connections.
#
# Usage: bench/idle-heap.sh SERVER N [JAR]
#   weft        the benchmark server (weft-bench/target/benchmarks.jar, or JAR), virtual threads
#   weft-fixed  the same on 4 fixed workers
#   netty, undertow, jetty, helidon, vertx   the peers of bench/peers/ (bench/peers/build.sh)
#
# Why a histogram and not the heap in use from `jcmd GC.heap_info` just after `GC.run`: that
# counts every thread-local allocation buffer a thread has taken since the GC as used. One
# buffer taken or not (about 2 MiB) moves the result by 2 KiB per connection at 1,000
# connections, which is the size of the thing being measured. (bench/run.sh's idle test
# counts with the histogram too.)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME=$1 N=$2 JAR=${3:-$REPO/weft-bench/target/benchmarks.jar}
PORT=${PORT:-27400}
. "$REPO/scripts/lib.sh"
# java and jcmd of a JDK 21+ (the default java may be 17)
JAVA=$(find_java)
export PATH=$(dirname "$JAVA"):$PATH
cmd=$(server_cmd "$NAME" "$PORT" "$JAR") ||
  { echo "usage: $0 weft|weft-fixed|netty|undertow|jetty|helidon|vertx N [JAR]" >&2; exit 2; }
bash -c "exec taskset -c 0 $cmd" >/dev/null 2>&1 &
SERVER=$!
HOLDER=
trap 'kill $SERVER ${HOLDER:-} 2>/dev/null; wait 2>/dev/null || true' EXIT
wait_http "$PORT" 20
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/"; done # load the request path
sleep 1
live() { jcmd "$SERVER" GC.class_histogram | awk '/^Total/ {print $3}'; }
before=$(live)
out=$(mktemp)
python3 "$REPO/bench/idle-hold.py" "$PORT" "$N" 600 >"$out" &
HOLDER=$!
for _ in $(seq 240); do grep -q answered "$out" && break; sleep 0.5; done
sleep 5
with=$(live)
rss=$(rss_kib "$SERVER")
echo "$NAME, $N idle connections ($(head -1 "$out")): live heap $before -> $with bytes," \
     "$(( (with - before) / N )) bytes per connection; RSS $(( rss / 1024 )) MiB"
