#!/usr/bin/env bash
# Builds the project and runs the benchmarks; prints Markdown tables for bench/README.md.
# Usage: bench/run.sh [codec|broker|fold|diff|derive|sync|all]   (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
mvn -B -q -DskipTests package
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
if [[ "$what" == codec || "$what" == all ]]; then
  java -cp "$CP" org.openjdk.jmh.Main SpecCodecBenchmark -rf text -rff bench/target/codec.txt
  cat bench/target/codec.txt
fi
if [[ "$what" == broker || "$what" == all ]]; then
  java -cp "$CP" dev.modelregistry.bench.BrokerStartupHarness 5
fi
if [[ "$what" == diff || "$what" == all ]]; then
  java -cp "$CP" org.openjdk.jmh.Main CatalogDiffBenchmark -rf text -rff bench/target/diff.txt
  cat bench/target/diff.txt
fi
if [[ "$what" == derive || "$what" == all ]]; then
  java -cp "$CP" org.openjdk.jmh.Main MergeDeriveBenchmark -rf text -rff bench/target/derive.txt
  cat bench/target/derive.txt
fi
if [[ "$what" == sync || "$what" == all ]]; then
  java -Xmx2g -cp "$CP" dev.modelregistry.bench.FullSyncHarness
fi
if [[ "$what" == fold || "$what" == all ]]; then
  java -Xmx2g -cp "$CP" dev.modelregistry.bench.FoldThroughputHarness 200000 300
fi
