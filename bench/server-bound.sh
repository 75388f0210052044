#!/usr/bin/env bash
# Keep-alive throughput when the server, not wrk, is the limit: the server's CPU is capped
# with a cgroup quota (default 60 % of its core), so wrk on the other core has room to spare.
# On a 2-core machine this is the only way to see what the server itself can do at 1,000
# connections, where an uncapped server and wrk both run near 100 %.
#
# Usage: bench/server-bound.sh [ROUNDS] [QUOTA_PERCENT] [JAR]   (needs root and cgroup cpu)
# Prints, per round, Netty and weft (virtual threads) at 64 and 1,000 connections: requests/s,
# p99, the server's CPU and how busy wrk's core was. Rounds alternate the order.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=${1:-3} QUOTA=${2:-60} JAR=${3:-$REPO/weft-bench/target/benchmarks.jar}
WARM=${WARM:-25} PORT=${PORT:-27400}
NETTY=$REPO/../shared/bench/java/netty/target/peer-netty.jar
. "$REPO/scripts/lib.sh"
JAVA=$(find_java) # a JDK 21+ (the default java may be 17)

# A cgroup with a CPU quota: v1's cpu controller, or v2's cpu.max. A short period (10 ms)
# keeps the throttling from coming in long stalls.
if [[ -d /sys/fs/cgroup/cpu && -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]]; then
  CG=/sys/fs/cgroup/cpu/weft-server-bound
  mkdir -p "$CG"
  echo 10000 >"$CG/cpu.cfs_period_us"
  echo $((QUOTA * 100)) >"$CG/cpu.cfs_quota_us"
elif grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
  CG=/sys/fs/cgroup/weft-server-bound
  mkdir -p "$CG"
  echo $((QUOTA * 100)) 10000 >"$CG/cpu.max"
else
  echo "no cgroup cpu controller to cap the server with" >&2
  exit 1
fi
TICK=$(getconf CLK_TCK)
SERVER=
trap '[[ -n $SERVER ]] && kill $SERVER 2>/dev/null; wait 2>/dev/null || true' EXIT

cpu1() { awk '/^cpu1 / {print $2+$3+$4+$7+$8, $5+$6}' /proc/stat; }
measure() { # connections -> "rps p99 server% wrk-core%"
  local c=$1 u0 s0 u1 s1 b0 i0 b1 i1 out
  taskset -c 1 wrk -t1 -c"$c" -d2s "http://127.0.0.1:$PORT/" >/dev/null
  read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$SERVER/stat"); read -r b0 i0 < <(cpu1)
  out=$(taskset -c 1 wrk -t1 -c"$c" -d8s --latency "http://127.0.0.1:$PORT/")
  read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$SERVER/stat"); read -r b1 i1 < <(cpu1)
  awk -v o="$out" -v cpu=$(( (u1 - u0 + s1 - s0) * 100 / TICK / 8 )) \
      -v busy=$(( (b1 - b0) * 100 / (b1 - b0 + i1 - i0) )) 'BEGIN {
    n = split(o, l, "\n"); for (i = 1; i <= n; i++) {
      if (l[i] ~ /Requests\/sec/) { split(l[i], f, " "); rps = f[2] }
      if (l[i] ~ / 99%/) { split(l[i], f, " "); p99 = f[2] } }
    printf "%.0f rps, p99 %s, server %d%%, wrk core %d%%", rps, p99, cpu, busy }'
}

echo "server CPU capped at $QUOTA % of core 0; wrk -t1 on core 1; warm-up ${WARM}s; 8 s runs"
for r in $(seq 1 "$ROUNDS"); do
  order=(netty weft); ((r % 2)) || order=(weft netty)
  for s in "${order[@]}"; do
    case $s in
      netty) cmd="$JAVA --enable-native-access=ALL-UNNAMED -jar $NETTY $PORT epoll" ;;
      weft) cmd="$JAVA -cp $JAR dev.weft.bench.HelloServer $PORT" ;;
    esac
    bash -c "echo \$\$ >$CG/cgroup.procs; exec taskset -c 0 $cmd" >/dev/null 2>&1 &
    SERVER=$!
    wait_http "$PORT" 20
    taskset -c 1 wrk -t1 -c64 -d"${WARM}s" "http://127.0.0.1:$PORT/" >/dev/null # the JIT, at 60 % of a core
    echo "round $r $s: c64 $(measure 64) | c1000 $(measure 1000)"
    kill $SERVER; wait $SERVER 2>/dev/null || true
    SERVER=
  done
done
