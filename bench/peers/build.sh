#!/usr/bin/env bash
# Builds the peers of weft's load benchmark from this repository alone:
#   - the Java peers (this folder's Maven project, from Maven Central), with a JDK 21+;
#   - the Rust book's server (rust-book/, std only: `cargo build --offline`, no crates),
#     when cargo is installed; without it the rust-book peer is just not available;
#   - nginx and wrk come from Debian: installed with apt-get when missing and this runs as
#     root, otherwise it says what to install.
# Usage: bench/peers/build.sh        (bench/run.sh calls it when a peer is not built yet)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
. "$REPO/scripts/lib.sh"

missing=()
for t in wrk nginx taskset curl python3; do command -v "$t" >/dev/null || missing+=("$t"); done
if ((${#missing[@]})); then
  pkgs=$(printf '%s\n' "${missing[@]}" | sed 's/taskset/util-linux/' | tr '\n' ' ')
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "== apt-get install $pkgs"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $pkgs
  else
    echo "missing: ${missing[*]}; on Debian: sudo apt-get install -y $pkgs" >&2
  fi
fi

JAVA=$(find_java)
export JAVA_HOME=$(dirname "$(dirname "$JAVA")")
echo "== Java peers (Maven) with $("$JAVA" -version 2>&1 | head -1)"
# Maven's own libraries touch sun.misc.Unsafe, which JDK 24+ warns about on every run
v=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
((${v%%.*} >= 24)) && export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
(cd "$HERE" && "$REPO/mvnw" -B -q package)

if command -v cargo >/dev/null; then
  echo "== rust-book with $(cargo --version)"
  (cd "$HERE/rust-book" && cargo build --release --offline -q)
else
  echo "== rust-book skipped: no cargo (a Rust toolchain; the server needs no crates)"
fi
echo "== built:"
ls -1 "$HERE"/*/target/*.jar "$HERE"/rust-book/target/release/rust-book 2>/dev/null | sed "s|^$REPO/|  |"
