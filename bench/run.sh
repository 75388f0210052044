#!/usr/bin/env bash
# Builds weft's benchmark server and runs it, in both execution modes, through the shared
# peer harness (../shared/bench) side by side with the peers, in the same interleaved rounds.
#
# Usage: bench/run.sh [bench.sh options and peers...]
#   bench/run.sh                                   # default peers, 3 rounds (~30 min)
#   bench/run.sh --rounds 1 --duration 5 netty     # quick look
#   BENCH_RESULTS=bench/results bench/run.sh       # keep the report in the repository
# Environment: BENCH_HOME (the harness; default ../shared/bench beside the repository),
#   WEFT_WORKERS (fixed-worker count for weft-fixed; default 4), WEFT_PORT (first of two
#   ports for the weft servers; default 27200).
# Every flag of bench.sh works (see ../shared/bench/README.md). With no peer named, the Java
# peers run: netty undertow jetty helidon vertx jdk-vt (name nginx-1 etc. to add others).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_HOME=${BENCH_HOME:-$REPO/../shared/bench}
WORKERS=${WEFT_WORKERS:-4}
PORT=${WEFT_PORT:-27200}

cd "$REPO"
./mvnw -B -q -DskipTests -pl weft-bench -am package
# A copy, so that rebuilding during a run (30 minutes) does not change the server under test.
JAR=$(mktemp -d)/weft-bench.jar
cp weft-bench/target/benchmarks.jar "$JAR"

peers=() opts=()
while (($#)); do
  case "$1" in
    --rounds|--duration|--warmup|--prewarm|--scenarios|--idle) opts+=("$1" "$2"); shift 2 ;;
    -*) opts+=("$1"); shift ;;
    *) peers+=("$1"); shift ;;
  esac
done
((${#peers[@]})) || peers=(netty undertow jetty helidon vertx jdk-vt)

exec "$BENCH_HOME/bench.sh" "${opts[@]}" "${peers[@]}" \
  --cmd "java -cp $JAR dev.weft.bench.HelloServer \$PORT" --port "$PORT" --name weft-vt \
  --cmd "java -cp $JAR dev.weft.bench.HelloServer \$PORT $WORKERS" --port "$((PORT + 1))" --name weft-fixed
