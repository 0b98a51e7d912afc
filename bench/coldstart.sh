#!/usr/bin/env bash
# Cold start of `up` on an empty data dir: seconds to /health/ready, seconds to the "Ready." line
# (bundled data loaded), and the JVM's RSS then. Usage:
#   bench/coldstart.sh [JAR] [LABEL] [extra up flags...]     e.g. bench/coldstart.sh "" after --no-history
# JAR defaults to app/target/model-registry.jar (build it first: mvn -B -q -DskipTests package).
# LAUNCHER=bin/model-registry runs `up` through the launcher (its memory defaults) instead of java -jar.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-app/target/model-registry.jar}; JAR=${JAR:-app/target/model-registry.jar}
LABEL=${2:-up}
shift $(( $# < 2 ? $# : 2 ))
DATA=$(mktemp -d)
KAFKA_PORT=${KAFKA_PORT:-19092}; HTTP_PORT=${HTTP_PORT:-18080}
start=$(date +%s%N)
if [ -n "${LAUNCHER:-}" ]; then CMD=("$LAUNCHER"); else CMD=(java ${JAVA_OPTS:-} -jar "$JAR"); fi
"${CMD[@]}" up --data-dir "$DATA" --kafka-port "$KAFKA_PORT" --http-port "$HTTP_PORT" "$@" > "$DATA/up.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$DATA"' EXIT
ready=""
for _ in $(seq 1 3000); do
  if [ -z "$ready" ] && curl -sf "localhost:$HTTP_PORT/health/ready" >/dev/null 2>&1; then ready=$(( ($(date +%s%N) - start) / 1000000 )); fi
  grep -q '^Ready' "$DATA/up.log" && break
  kill -0 $pid 2>/dev/null || { echo "up exited:"; tail -20 "$DATA/up.log"; exit 1; }
  sleep 0.1
done
done_ms=$(( ($(date +%s%N) - start) / 1000000 ))
rss_kb=$(ps -o rss= -p $pid)
printf '%s | /health/ready %.1f s | Ready. %.1f s | RSS %d MiB | %s\n' "$LABEL" "$(echo "$ready/1000" | bc -l)" \
  "$(echo "$done_ms/1000" | bc -l)" $(( rss_kb / 1024 )) "$(grep -o 'History recorded.*' "$DATA/up.log" || echo 'no history')"
