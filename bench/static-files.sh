#!/usr/bin/env bash
# Static files, side by side: weft, nginx (one worker) and the JDK's jwebserver serving the same
# generated folder, measured with wrk in the same run. Server pinned to one core (SERVER_CPU, 0),
# wrk to the other (CLIENT_CPU, 1); every run is bounded in time.
#
#   bench/static-files.sh [--rounds R] [--duration S] [--warmup S] [--out FILE]
#
# Each round runs every server once, in an order rotated by one per round, so drift on a shared
# machine hits all alike; the table shows the median over the rounds (default 3).
#
# Scenarios (keep-alive, wrk -t1):
#   small    GET /1k.txt (a 1 KiB file), 64 connections         -> requests/s
#   listing  GET /dir/   (a folder of 50 entries), 64 connections -> requests/s
#   large    GET /100m.bin (a 100 MiB file), 1 connection        -> MiB/s
# Targets (issue 4): small >= 0.8 x nginx and >= 3 x jwebserver; large >= 0.9 x nginx.
# Needs: a JDK 21+ (with jwebserver), wrk, nginx, taskset, curl.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

rounds=3
duration=10
warmup=3
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
BASE_PORT="${BASE_PORT:-27300}"

find_jdk21() { # $JAVA_HOME if 21+, else the newest JDK under /usr/lib/jvm
  local best="" bestv=0 d v
  for d in ${JAVA_HOME:-} /usr/lib/jvm/*/; do
    d=${d%/}
    [[ -x "$d/bin/java" && -x "$d/bin/jwebserver" ]] || continue
    v=$("$d/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2; exit}')
    v=${v%%.*}
    if [[ "$v" =~ ^[0-9]+$ ]] && (( v >= 21 && v > bestv )); then best=$d; bestv=$v; fi
  done
  echo "$best"
}
jdk="$(find_jdk21)"
[ -n "$jdk" ] || { echo "needs a JDK 21+ with jwebserver" >&2; exit 1; }
for tool in wrk nginx taskset curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y wrk nginx)" >&2; exit 1; }
done

jar="$root/weft-cli/target/weft.jar"
if [ ! -f "$jar" ]; then
  ./mvnw -q -B -DskipTests -pl weft-cli -am package
fi

work="$(mktemp -d /tmp/weft-static-bench.XXXXXX)"
chmod 755 "$work" # nginx workers run as an unprivileged user and must reach the folder
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The folder every server serves.
site="$work/site"
mkdir -p "$site/dir"
head -c 1024 /dev/zero | tr '\0' 'a' > "$site/1k.txt"
for i in $(seq -w 1 40); do head -c $((10#$i * 97)) /dev/zero > "$site/dir/file-$i.txt"; done
for i in $(seq -w 1 10); do mkdir -p "$site/dir/folder-$i"; done
head -c $((100 << 20)) /dev/urandom > "$site/100m.bin"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_up() { # port
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$1/1k.txt" && return 0
    sleep 0.1
  done
  echo "server on port $1 did not come up" >&2; return 1
}

start_server() { # name port -> sets server_pid
  local name=$1 port=$2
  case "$name" in
    weft)
      taskset -c "$SERVER_CPU" "$jdk/bin/java" -jar "$jar" "$site" -p "$port" > "$work/weft.log" 2>&1 & ;;
    nginx-1)
      mkdir -p "$work/nginx/tmp"
      cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    default_type application/octet-stream;
    types { text/plain txt; text/html html; }
    client_body_temp_path tmp/client_body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        root $site;
        autoindex on;
    }
}
CONF
      taskset -c "$SERVER_CPU" nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e stderr -g 'daemon off;' \
          > "$work/nginx.log" 2>&1 & ;;
    jwebserver)
      taskset -c "$SERVER_CPU" "$jdk/bin/jwebserver" -b 127.0.0.1 -p "$port" -d "$site" -o none \
          > "$work/jwebserver.log" 2>&1 & ;;
  esac
  server_pid=$!
  pids+=("$server_pid")
  wait_up "$port"
}

to_mib() { # wrk's Transfer/sec value, e.g. 1.23GB -> MiB
  awk -v v="$1" 'BEGIN{
    n=v; sub(/[A-Za-z]+$/,"",n); u=v; sub(/^[0-9.]+/,"",u);
    f=(u=="GB")?1024:(u=="MB")?1:(u=="KB")?1/1024:1/1048576; printf "%.0f", n*f }'
}

run_wrk() { # port path connections seconds -> prints "rps mibps errors"
  local o
  o=$(taskset -c "$CLIENT_CPU" wrk -t1 -c"$3" -d"${4}s" --timeout 10s "http://127.0.0.1:$1$2")
  local rps tps errs
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$o")
  tps=$(awk '/Transfer\/sec/{print $2}' <<<"$o")
  errs=$(awk '/Non-2xx|Socket errors/{print}' <<<"$o" | tr '\n' ' ')
  echo "$rps $(to_mib "$tps") ${errs:-none}"
}

declare -A RESULT   # "server,scenario" -> "rps mib" per round, ";"-separated
servers=(${SERVERS:-weft nginx-1 jwebserver})
port=$BASE_PORT
for round in $(seq 1 "$rounds"); do
  order=("${servers[@]:$(( (round - 1) % ${#servers[@]} ))}" "${servers[@]:0:$(( (round - 1) % ${#servers[@]} ))}")
  for s in "${order[@]}"; do
    while ! port_free "$port"; do port=$((port + 1)); done
    start_server "$s" "$port"
    echo "== round $round: $s on port $port (pid $server_pid)" >&2
    for scenario in small listing large; do
      case $scenario in
        small) path=/1k.txt; conns=64 ;;
        listing) path=/dir/; conns=64 ;;
        large) path=/100m.bin; conns=1 ;;
      esac
      run_wrk "$port" "$path" "$conns" "$warmup" > /dev/null   # warm-up (JIT), not recorded
      read -r rps mib errs <<<"$(run_wrk "$port" "$path" "$conns" "$duration")"
      RESULT[$s,$scenario]="${RESULT[$s,$scenario]:-}$rps $mib;"
      echo "   $scenario: $rps req/s, $mib MiB/s, errors: $errs" >&2
    done
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
    port=$((port + 1))
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else print "n/a" }'; }
val() { # server scenario rps|mib -> the median over the rounds
  local col=1; [ "$3" = mib ] && col=2
  tr ';' '\n' <<<"${RESULT[$1,$2]:-}" | awk -v c=$col 'NF {print $c}' | sort -g |
    awk '{v[NR]=$1} END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2 }'
}

{
  echo "# Static files: weft vs nginx (1 worker) vs jwebserver"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, server on CPU $SERVER_CPU, wrk -t1 on CPU $CLIENT_CPU, ${duration}s per run after ${warmup}s warm-up; median of $rounds rounds (order rotated each round)."
  echo "JDK: $("$jdk/bin/java" -version 2>&1 | head -1); nginx: $(nginx -v 2>&1 | sed 's/.*: //'); weft: $(git rev-parse --short HEAD 2>/dev/null || echo '?')."
  echo
  echo "| scenario | weft | nginx-1 | jwebserver | weft / nginx | weft / jwebserver |"
  echo "|---|---|---|---|---|---|"
  for sc in small listing; do
    w=$(val weft $sc rps); n=$(val nginx-1 $sc rps); j=$(val jwebserver $sc rps)
    label=$([ $sc = small ] && echo "1 KiB file, 64 conns (req/s)" || echo "listing of 50 entries, 64 conns (req/s)")
    echo "| $label | $w | $n | $j | $(ratio "$w" "$n") | $(ratio "$w" "$j") |"
  done
  w=$(val weft large mib); n=$(val nginx-1 large mib); j=$(val jwebserver large mib)
  echo "| 100 MiB file, 1 conn (MiB/s) | $w | $n | $j | $(ratio "$w" "$n") | $(ratio "$w" "$j") |"
  echo
  echo "Targets: 1 KiB file >= 0.8 x nginx and >= 3 x jwebserver; 100 MiB file >= 0.9 x nginx."
} | tee ${out:+"$out"}
