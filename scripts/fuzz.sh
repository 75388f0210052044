#!/usr/bin/env bash
# Long fuzzing run of the codec with the standalone Jazzer driver (the regular build fuzzes
# each target for 10 s only). Usage: scripts/fuzz.sh [head|chunked|all] [SECONDS per target]
# The committed seed corpus is copied into target/fuzz/, which collects the new inputs;
# findings (crash-*, timeout-*) land in target/fuzz/findings/. Exits 1 if anything was found.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/lib.sh"
which="${1:-all}"
seconds="${2:-300}"
java_bin="$(find_java)"

cd "$root"
./mvnw -q -B -pl weft-core -am test-compile -Dweft.fuzz.skip=true
./mvnw -q -B -pl weft-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz-classpath.txt
cp="weft-core/target/test-classes:weft-core/target/classes:$(cat weft-core/target/fuzz-classpath.txt)"
out="weft-core/target/fuzz"
mkdir -p "$out/findings"

status=0
run() { # class method
  local class="$1" method="$2" corpus="$out/corpus-$2"
  mkdir -p "$corpus"
  cp -n "weft-core/src/test/resources/dev/weft/http1/${class}Inputs/$method/"* "$corpus/" 2>/dev/null || true
  echo "fuzzing $class for ${seconds}s (corpus $corpus)"
  local rc=0
  timeout $((seconds + 120)) "$java_bin" -Xmx1g -XX:+EnableDynamicAgentLoading -cp "$cp" com.code_intelligence.jazzer.Jazzer \
      --target_class="dev.weft.http1.$class" --instrumentation_includes='dev.weft.**' \
      -max_total_time="$seconds" -timeout=10 -artifact_prefix="$out/findings/$method-" -print_final_stats=1 \
      "$corpus" > "$out/$method.log" 2>&1 || rc=$?
  # (JDK classes newer than Jazzer's ASM are skipped by its hooks: noise, filtered out.)
  grep -v "Unsupported class file major version" "$out/$method.log" \
    | grep -E "^#[0-9]+ +(DONE|INITED)|^Done|^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|== Java Exception|FuzzerSecurityIssue|Error|Exception" || true
  echo "$class: exit $rc, corpus now $(ls "$corpus" | wc -l) inputs"
  [ "$rc" -eq 0 ] || status=1
}
case "$which" in
  head) run RequestHeadParserFuzzTest headParserAnswersOrRefuses ;;
  chunked) run ChunkedBodyFuzzTest chunkedDecoderAnswersOrRefuses ;;
  all) run RequestHeadParserFuzzTest headParserAnswersOrRefuses; run ChunkedBodyFuzzTest chunkedDecoderAnswersOrRefuses ;;
  *) echo "usage: $0 [head|chunked|all] [SECONDS]" >&2; exit 2 ;;
esac
ls "$out/findings"
exit $status
