# Shared by the scripts in this folder: source it, do not run it.

# A JDK 21+ java: JAVA_HOME, else the newest under /usr/lib/jvm, else the PATH's (checked).
find_java() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  for d in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${d}bin/java"); done
  candidates+=("$(command -v java 2>/dev/null || true)")
  for j in "${candidates[@]}"; do
    [ -x "$j" ] || continue
    local v
    v="$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then echo "$j"; return 0; fi
  done
  echo "needs a JDK 21 or newer (set JAVA_HOME)" >&2
  return 1
}

# A free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Builds weft-cli/target/weft.jar if it is missing or older than the sources.
ensure_jar() {
  local root="$1" jar="$1/weft-cli/target/weft.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$root/weft-core/src/main" "$root/weft-cli/src/main" -newer "$jar" -print -quit)" ]; then
    echo "building $jar..." >&2
    (cd "$root" && ./mvnw -q -B -DskipTests -pl weft-cli -am package) >&2
  fi
}

# Waits until something answers HTTP on 127.0.0.1:$1 (at most $2 seconds).
wait_http() {
  local port="$1" deadline=$((SECONDS + ${2:-30}))
  until curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; do
    [ $SECONDS -lt $deadline ] || { echo "server on port $port did not come up" >&2; return 1; }
    sleep 0.2
  done
}

# Resident set size of a process in KiB.
rss_kib() {
  awk '/^VmRSS:/ {print $2}' "/proc/$1/status"
}

# Percentile $2 (0-100) of the numbers in file $1 (one per line).
percentile() {
  sort -g "$1" | awk -v p="$2" '{a[NR]=$1} END {if (NR==0) {print "nan"; exit} i=int((p/100)*NR+0.999999); if (i<1) i=1; if (i>NR) i=NR; print a[i]}'
}

# The command line that starts a hello-world server of the load benchmarks on port $2:
# weft's benchmark server (jar $3) on virtual threads or 4 fixed workers, or one of the Java
# peers of bench/peers/ (built by bench/peers/build.sh). Uses $JAVA. Fails for other names.
server_cmd() {
  local name="$1" port="$2" jar="$3"
  local peers
  peers="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/bench/peers"
  case $name in
    weft) printf '%q -cp %q dev.weft.bench.HelloServer %s' "$JAVA" "$jar" "$port" ;;
    weft-fixed) printf '%q -cp %q dev.weft.bench.HelloServer %s 4' "$JAVA" "$jar" "$port" ;;
    netty) printf '%q --enable-native-access=ALL-UNNAMED -jar %q %s epoll' "$JAVA" "$peers/netty/target/netty.jar" "$port" ;;
    undertow|jetty|helidon|vertx) printf '%q -jar %q %s' "$JAVA" "$peers/$name/target/$name.jar" "$port" ;;
    *) return 1 ;;
  esac
}
