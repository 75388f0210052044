#!/usr/bin/env bash
# weft's load benchmark, from this repository alone: weft's hello-world server in both modes
# (dev.weft.bench.HelloServer, virtual threads and 4 fixed workers) and the peer servers of
# bench/peers/ in interleaved, rotated rounds, server and wrk pinned to separate cores.
#
#   bench/run.sh                                  # the default servers, 3 rounds (~35 min)
#   bench/run.sh --rounds 1 --duration 3 --warmup 1 --prewarm 0 --idle 0 weft-vt netty   # a quick look
#   bench/run.sh --help                           # servers, options, what a run does
#
# Builds weft-bench/target/benchmarks.jar (copied, so a rebuild during the run changes
# nothing) and, when one is missing, the peers (bench/peers/build.sh); then runs
# bench/hello.py with a JDK 21+. Needs wrk, taskset, python3 and, for nginx-*, nginx.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$REPO/scripts/lib.sh"
case " $* " in *" -h "*|*" --help "*|*" --report "*) exec python3 "$REPO/bench/hello.py" "$@" ;; esac

export JAVA=$(find_java)
export JAVA_HOME=$(dirname "$(dirname "$JAVA")")
export PATH="$JAVA_HOME/bin:$PATH"
for t in wrk taskset python3; do
  command -v "$t" >/dev/null || { echo "needs $t (Debian: apt-get install -y wrk util-linux python3)" >&2; exit 1; }
done

(cd "$REPO" && ./mvnw -B -q -DskipTests -pl weft-bench -am package)
export WEFT_JAR=$(mktemp -d)/benchmarks.jar
trap 'rm -rf "$(dirname "$WEFT_JAR")"' EXIT
cp "$REPO/weft-bench/target/benchmarks.jar" "$WEFT_JAR"

P=$REPO/bench/peers
for jar in jdk jetty undertow netty helidon vertx; do
  [[ -f $P/$jar/target/$jar.jar ]] || { "$P/build.sh"; break; }
done
if [[ " $* " == *" rust-book "* || " $* " == *" all "* ]] && [[ ! -x $P/rust-book/target/release/rust-book ]]; then
  "$P/build.sh"
fi
# 1,000 connections and more need more descriptors than the usual soft limit of 1,024
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
python3 "$REPO/bench/hello.py" "$@"
