#!/usr/bin/env bash
# Does a server kept busy by keep-alive clients still take new connections promptly?
# The server runs pinned to core 0 (one carrier thread for virtual threads), wrk keeps 64
# keep-alive connections busy from core 1 for 10 s, and curl opens 5 new connections in the
# middle of it. Each should be answered within 2 s (usually milliseconds); a scheduler that never gets
# to work submitted from outside its own queue makes them wait until wrk stops (seconds).
#
# Usage: bench/new-connections-under-load.sh [JAR]   (default: weft-bench/target/benchmarks.jar)
# Needs wrk, curl, taskset and a JDK 21+ (JAVA, default: the newest under /usr/lib/jvm).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR=${1:-$REPO/weft-bench/target/benchmarks.jar}
JAVA=${JAVA:-$(ls -d /usr/lib/jvm/*/bin/java | sort -V | tail -1)}
PORT=${PORT:-27390}
taskset -c 0 "$JAVA" -cp "$JAR" dev.weft.bench.HelloServer "$PORT" > /dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
taskset -c 1 wrk -t1 -c64 -d10s "http://127.0.0.1:$PORT/" > /dev/null &
load=$!
sleep 3
worst=0
for i in 1 2 3 4 5; do
  t=$(curl -s -m 9 -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT/")
  echo "new connection $i under load: ${t} s"
  worst=$(python3 -c "print(max($worst, $t))")
  sleep 0.2
done
wait $load
echo "slowest: ${worst} s"
python3 -c "import sys; sys.exit(0 if $worst < 2.0 else 1)"
