#!/usr/bin/env bash
# Reruns every benchmark of docs/performance.md and prints a summary table.
#   bench/run-all.sh           full run (~12-15 min on 2 cores)
#   bench/run-all.sh --quick   smoke run (~3 min): shorter JMH, fewer cold starts, 10k orders end to end
# Output of each benchmark: bench/target/results/<name>.txt; the summary: bench/target/results/summary.txt
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
source "$ROOT/scripts/jdk.sh"

QUICK=false
[ "${1:-}" = "--quick" ] && QUICK=true

if $QUICK; then
  JMH_ARGS=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
  COLD_RUNS=5
  ORDERS=10000
else
  JMH_ARGS=(-f 2 -wi 3 -w 2s -i 5 -r 2s)
  COLD_RUNS=15
  ORDERS=100000
fi

echo "== building (./mvnw -B -q -DskipTests package)"
./mvnw -B -q -DskipTests package -pl bench,order-validator-fn,dlq-redrive-fn -am

OUT="$ROOT/bench/target/results"
mkdir -p "$OUT"
CP="$ROOT/bench/target/classes:$ROOT/bench/target/lib/*"
VALIDATOR_JAR=$(ls "$ROOT"/order-validator-fn/target/order-validator-fn-*-lambda.jar)
REDRIVE_JAR=$(ls "$ROOT"/dlq-redrive-fn/target/dlq-redrive-fn-*-lambda.jar)
# What the in-process handlers see outside Lambda: EMF to stdout, X-Ray quiet (see shared DEPENDENCIES notes).
export AWS_LAMBDA_FUNCTION_NAME=bench AWS_XRAY_CONTEXT_MISSING=IGNORE_ERROR AWS_LAMBDA_INITIALIZATION_TYPE=on-demand
export AWS_REGION=us-east-1 POWERTOOLS_METRICS_NAMESPACE=OrderPipelineBench DDB_LOCAL_TELEMETRY=0

{
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1) ($JAVA_HOME)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
} | tee "$OUT/machine.txt"

echo "== 1 validation throughput (JMH ${JMH_ARGS[*]})"
java -cp "$CP" org.openjdk.jmh.Main ValidationThroughputBenchmark "${JMH_ARGS[@]}" -prof gc \
  -rf json -rff "$OUT/jmh.json" | tee "$OUT/1-validation.txt" | grep -E '^Validation|^Benchmark' || true
java -cp "$CP" io.orderpipeline.bench.validation.JmhSummary "$OUT/jmh.json" | tee -a "$OUT/1-validation.txt"

echo "== 2 cold start ($COLD_RUNS fresh JVMs per case)"
java -cp "$CP" io.orderpipeline.bench.coldstart.ColdStartHarness --runs "$COLD_RUNS" --work "$ROOT/bench/target/coldstart" \
  --launcher "$ROOT/bench/target/bench-1.0.0-SNAPSHOT-launcher.jar" --hello "$ROOT/bench/target/bench-1.0.0-SNAPSHOT-hello.jar" \
  --validator "$VALIDATOR_JAR" --redrive "$REDRIVE_JAR" --appcds | tee "$OUT/2-coldstart.txt"

echo "== 3 jar size"
java -cp "$CP" io.orderpipeline.bench.jars.JarAnatomy --depth 4 validator="$VALIDATOR_JAR" redrive="$REDRIVE_JAR" \
  | tee "$OUT/3-jars.txt"

echo "== 4 + 5 local end to end ($ORDERS orders), cost per million, naive limits"
java --enable-native-access=ALL-UNNAMED -Xmx4g -XX:+UseParallelGC -Dorderpipeline.home="$ROOT" -cp "$CP" \
  io.orderpipeline.bench.e2e.PipelineBenchmarks --orders "$ORDERS" 2>"$OUT/4-5-pipeline.stderr.txt" | tee "$OUT/4-5-pipeline.txt"

echo
echo "== summary"
cat "$OUT"/*.txt | grep -h '^SUMMARY|' | cut -d'|' -f2- \
  | awk -F'|' 'BEGIN {printf "%-20s | %-62s | %-26s | %-24s | %-8s | %-9s | %s\n", "item", "measure", "value", "baseline", "ratio", "target", "verdict"}
               {printf "%-20s | %-62s | %-26s | %-24s | %-8s | %-9s | %s\n", $1, $2, $3, $4, $5, $6, $7}' \
  | tee "$OUT/summary.txt"
