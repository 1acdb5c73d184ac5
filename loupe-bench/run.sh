#!/usr/bin/env bash
# Loupe vs XGBoost4J TreeSHAP benchmarks (JMH). Builds loupe-bench/target/benchmarks.jar inside this
# worktree (reactor build, never `mvn install`), runs the suite, keeps JMH's JSON and text output in
# bench-results/ (gitignored) and prints the Markdown table for BENCHMARKS.md.
#
# The command that reproduces BENCHMARKS.md (from the repository root):
#
#   loupe-bench/run.sh
#
# which runs, from loupe-bench/:
#
#   mvn -o -q -pl loupe-bench -am package -DskipTests          # from the repository root
#   java -jar target/benchmarks.jar -rf json -rff ../bench-results/jmh-<stamp>.json
#   java -cp target/benchmarks.jar dev.loupe.bench.ResultTable ../bench-results/jmh-<stamp>.json
#
# Every benchmark uses @Fork(1) with -Xmx8g, 1 warm-up and 3 measured iterations; the first run
# trains the 500-round XGBoost model once and caches it in loupe-bench/target/bench-model/.
# The full suite takes roughly 8 minutes on 2 cores if Loupe matches XGBoost4J's speed, about 15 if
# it is twice as slow (mostly predictContrib / shapValues on 10,000 rows), plus 2-3 minutes to train
# the model the first time; see BENCHMARKS.md.
#
# Arguments are passed to JMH, e.g.
#   loupe-bench/run.sh PathDependent                                   # one benchmark class
#   loupe-bench/run.sh -p trees=20 -p rows=500 'PathDependentBenchmark.xgboost'   # smoke run
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="$root/bench-results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
json="$out/jmh-$stamp.json"
txt="$out/jmh-$stamp.txt"
table="$out/table-$stamp.md"

(cd "$root" && { mvn -o -q -pl loupe-bench -am package -DskipTests || mvn -q -pl loupe-bench -am package -DskipTests; })
mkdir -p "$out"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "cores (nproc): $(nproc)"
  echo "cpu: $(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
  echo "memory: $(free -g 2>/dev/null | awk '/^Mem:/ {print $2 " GiB"}')"
  java -version 2>&1 | sed 's/^/java: /'
  echo "jmh args: $*"
} | tee "$out/machine-$stamp.txt"

cd "$here"
java -jar target/benchmarks.jar -rf json -rff "$json" "$@" 2>&1 | tee "$txt"

echo
echo "Markdown table ($table):"
java -cp target/benchmarks.jar dev.loupe.bench.ResultTable "$json" | tee "$table"
