#!/usr/bin/env bash
# Keep-alive throughput and where each server's CPU goes, per request: Netty, weft (virtual
# threads) and nginx with one worker, at 64 and 1,000 connections.
#
# With QUOTA_PERCENT below 100 the server's CPU is capped with a cgroup quota (default 60 %
# of its core), so wrk on the other core has room to spare and the server, not wrk, is the
# limit: on a 2-core machine the only way to see what the server itself can do at 1,000
# connections, where an uncapped server and wrk both run near 100 %. QUOTA_PERCENT 100 runs
# uncapped, as bench/run.sh does.
#
# Usage: bench/server-bound.sh [ROUNDS] [QUOTA_PERCENT] [JAR]   (a cap needs root and cgroup cpu)
# Needs the Netty peer (bench/peers/build.sh) and weft-bench/target/benchmarks.jar.
# Env: SERVERS (default "netty weft nginx"; nginx is skipped when not installed), WARM (25 s),
# SYSCALLS=1 to count each server's socket and poll system calls per request with perf
# (package linux-perf) during 6 s of each measured run.
# Prints, per round and server: requests/s, p99, the server's CPU split into user and kernel
# microseconds per request (from /proc/PID/stat, the whole process tree), how busy wrk's core
# was; then the medians, and each server's requests/s as a ratio to Netty's.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=${1:-3} QUOTA=${2:-60} JAR=${3:-$REPO/weft-bench/target/benchmarks.jar}
WARM=${WARM:-25} PORT=${PORT:-27400} SERVERS=${SERVERS:-netty weft nginx}
NGINX_CONF=$REPO/bench/peers/nginx.conf.in
. "$REPO/scripts/lib.sh"
JAVA=$(find_java) # a JDK 21+ (the default java may be 17)
command -v nginx >/dev/null || SERVERS=${SERVERS//nginx/}

# A cgroup with a CPU quota: v1's cpu controller, or v2's cpu.max. A short period (10 ms)
# keeps the throttling from coming in long stalls.
CG=
if ((QUOTA < 100)); then
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
fi
TICK=$(getconf CLK_TCK)
PERF_EVENTS=$(for e in read write recvfrom sendto readv writev epoll_wait epoll_pwait epoll_pwait2 epoll_ctl futex; do
  printf 'syscalls:sys_enter_%s,' "$e"; done)context-switches
WORK=$(mktemp -d)
SERVER=
trap '[[ -n $SERVER ]] && kill $SERVER 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

cpu1() { awk '/^cpu1 / {print $2+$3+$4+$7+$8, $5+$6}' /proc/stat; }
# User and kernel clock ticks of a process and its children (nginx: master and worker). The
# kernel part includes the loopback delivery that a socket write does on the writer's core.
ticks() {
  local p u=0 s=0 a b
  for p in $1 $(pgrep -P "$1" || true); do
    read -r a b < <(awk '{print $14, $15}' "/proc/$p/stat" 2>/dev/null || echo 0 0)
    u=$((u + a)) s=$((s + b))
  done
  echo "$u $s"
}
measure() { # server connections -> one result line; also appends "server c rps user sys" to $WORK/rows
  local name=$1 c=$2 u0 s0 u1 s1 b0 i0 b1 i1 out
  taskset -c 1 wrk -t1 -c"$c" -d2s "http://127.0.0.1:$PORT/" >/dev/null
  read -r u0 s0 < <(ticks "$SERVER"); read -r b0 i0 < <(cpu1)
  taskset -c 1 wrk -t1 -c"$c" -d8s --latency "http://127.0.0.1:$PORT/" >"$WORK/wrk" &
  local wrk=$! calls=
  if [[ -n ${SYSCALLS:-} ]]; then
    sleep 1
    perf stat -x, -p "$(echo "$SERVER" $(pgrep -P "$SERVER") | tr ' ' ,)" -e "$PERF_EVENTS" -- sleep 6 2>"$WORK/perf" >/dev/null
  fi
  wait $wrk
  out=$(cat "$WORK/wrk")
  read -r u1 s1 < <(ticks "$SERVER"); read -r b1 i1 < <(cpu1)
  if [[ -n ${SYSCALLS:-} ]]; then # counts over 6 s, per request at the run's mean rate
    calls=$(awk -F, -v o="$out" 'BEGIN { n = split(o, l, "\n"); for (i = 1; i <= n; i++)
        if (l[i] ~ /Requests\/sec/) { split(l[i], f, " "); req = f[2] * 6 } }
      $1 ~ /^[0-9]+$/ && $1 > 0 { sub("syscalls:sys_enter_", "", $3); printf " %s %.3f", $3, $1 / req }' "$WORK/perf")
    calls=", calls/req:$calls"
  fi
  awk -v o="$out" -v du=$((u1 - u0)) -v ds=$((s1 - s0)) -v tick="$TICK" -v name="$name" -v c="$c" \
      -v busy=$(( (b1 - b0) * 100 / (b1 - b0 + i1 - i0) )) -v rows="$WORK/rows" -v calls="$calls" 'BEGIN {
    n = split(o, l, "\n"); for (i = 1; i <= n; i++) {
      if (l[i] ~ /Requests\/sec/) { split(l[i], f, " "); rps = f[2] }
      if (l[i] ~ /requests in/) { split(l[i], f, " "); req = f[1] }
      if (l[i] ~ / 99%/) { split(l[i], f, " "); p99 = f[2] } }
    us = du / tick * 1e6 / req; ks = ds / tick * 1e6 / req
    printf "c%d %.0f rps, p99 %s, CPU/req %.1f us user + %.1f us kernel, wrk core %d%%%s", c, rps, p99, us, ks, busy, calls
    printf "%s %d %.0f %.2f %.2f\n", name, c, rps, us, ks >> rows }'
}
start() { # name -> starts the server in the background, sets SERVER
  local cmd
  if [[ $1 == nginx ]]; then
    mkdir -p "$WORK/nginx/tmp"
    sed -e 's/__WORKERS__/1/' -e "s/__PORT__/$PORT/" "$NGINX_CONF" >"$WORK/nginx/nginx.conf"
    cmd="nginx -p $WORK/nginx -c $WORK/nginx/nginx.conf -e stderr -g 'daemon off;'"
  else
    cmd=$(server_cmd "$1" "$PORT" "$JAR")
  fi
  bash -c "${CG:+echo \$\$ >$CG/cgroup.procs; }exec taskset -c 0 $cmd" >/dev/null 2>&1 &
  SERVER=$!
  wait_http "$PORT" 20
}

if [[ -n $CG ]]; then cap="capped at $QUOTA % of core 0"; else cap="on core 0, not capped"; fi
echo "server $cap; wrk -t1 on core 1; warm-up ${WARM}s; 8 s runs"
read -r -a servers <<<"$SERVERS"
for r in $(seq 1 "$ROUNDS"); do
  for ((k = 0; k < ${#servers[@]}; k++)); do
    s=${servers[$(( (k + r - 1) % ${#servers[@]} ))]} # the order rotates from round to round
    start "$s"
    taskset -c 1 wrk -t1 -c64 -d"${WARM}s" "http://127.0.0.1:$PORT/" >/dev/null # the JIT settles
    echo "round $r $s: $(measure "$s" 64) | $(measure "$s" 1000)"
    kill $SERVER; wait $SERVER 2>/dev/null || true
    SERVER=
  done
done

echo "medians over $ROUNDS rounds (requests/s as a ratio to Netty's median):"
sort -k1,1 -k2,2n "$WORK/rows" | awk '
  function median(s,   a, n, i, t) { n = split(s, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; j = i - 1; while (j > 0 && a[j] > t) { a[j + 1] = a[j]; j-- } a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  { k = $1 " " $2; rps[k] = rps[k] " " $3; us[k] = us[k] " " $4; ks[k] = ks[k] " " $5; if (!(k in seen)) { seen[k] = 1; keys[++nk] = k } }
  END { for (i = 1; i <= nk; i++) { split(keys[i], f, " "); base = "netty " f[2]
          m = median(rps[keys[i]]); b = (base in rps) ? median(rps[base]) : 0
          printf "  %-6s c%-5s %8.0f rps %s  CPU/req %.1f us user + %.1f us kernel\n", f[1], f[2], m,
                 b ? sprintf("(%.2fx)", m / b) : "", median(us[keys[i]]), median(ks[keys[i]]) } }'
