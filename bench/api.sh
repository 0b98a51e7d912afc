#!/usr/bin/env bash
# HTTP benchmark of the query API against nginx serving the same JSON bytes as static files,
# on this machine, in the same run. Installs wrk and nginx-light from Debian if missing.
# Usage: bench/api.sh [seconds-per-run] [warm-up-seconds]   (defaults 10 and 30). Prints Markdown tables.
# The registry runs as the README starts it (bin/model-registry up: 320 MiB heap, serial GC), with
# native memory tracking on. Each request kind is warmed up (default 30 s at 16 connections) before
# its measured runs, so the JIT has compiled its path. --no-poll keeps catalog polling out of the
# measurement. A model with 1,000 versions (written
# through the API first) gives the as-of and history rows.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
warm="${2:-30}"
source bench/http-lib.sh
mvn -B -q -DskipTests package
work=$(mktemp -d)
kport=$(free_port); hport=$(free_port); sport=$(free_port); nport=$(free_port)
MODEL_REGISTRY_API_WRITE_TOKEN=bench JAVA_OPTS="-XX:NativeMemoryTracking=summary" \
  bin/model-registry up --data-dir "$work/data" --kafka-port "$kport" --http-port "$hport" --no-poll > "$work/up.log" 2>&1 &
up_pid=$!
stop_all() {
  [[ -n ${serve_pid:-} ]] && kill "$serve_pid" 2>/dev/null || true
  kill "$up_pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$up_pid" 2>/dev/null || break; sleep 1; done
  kill -9 "$up_pid" 2>/dev/null || true
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [[ -n ${serve_pid:-} ]] && wait "$serve_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap stop_all EXIT
for _ in $(seq 1 300); do grep -q "Ready\." "$work/up.log" && break; sleep 1; done
grep -q "Ready\." "$work/up.log" || { cat "$work/up.log"; exit 1; }
base="http://127.0.0.1:$hport"
asof=$(date -u +%Y-%m-%dT%H:%M:%SZ)
# 1,000 versions of one model, each a new context window
for i in $(seq 1 1000); do
  curl -sf -o /dev/null -X POST -H "Authorization: Bearer bench" \
    -d "{\"id\":\"bench/versions\",\"type\":\"chat\",\"context_window\":$((1000 + i))}" "$base/v1/models"
done
for _ in $(seq 1 100); do
  [[ $(curl -sf "$base/v1/models/bench/versions" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])') == 1000 ]] && break
  sleep 0.2
done
v400_at=$(curl -sf "$base/v1/models/bench/versions?version=400" | python3 -c 'import json,sys; print(json.load(sys.stdin)["recordedAt"])')
# A position bound sends a read to the store (answers from memory carry no bound): the store path.
token=$(curl -s -D - -o /dev/null "$base/v1/models/bench/versions" | awk -F': ' 'tolower($1)=="x-consistency-token" {gsub("\r",""); print $2}')
declare -A paths=(
  [get]="/v1/models/openai/gpt-4o"
  [list]="/v1/models?provider=openai&capability=vision&limit=20"
  [asof]="/v1/models/openai/gpt-4o?as_of=$asof"
  [history]="/v1/models/openai/gpt-4o/history?limit=10"
  [asof1k]="/v1/models/bench/versions?as_of=$v400_at"
  [history1k]="/v1/models/bench/versions/history?cursor=v500&limit=10"
  [asof1k_store]="/v1/models/bench/versions?as_of=$v400_at&min_position=$token"
  [history1k_store]="/v1/models/bench/versions/history?cursor=v500&limit=10&min_position=$token"
)
declare -A conns=([get]="16 64" [list]="16 64" [asof]="16 64" [history]="16 64" [asof1k]="16" [history1k]="1 16"
  [asof1k_store]="16" [history1k_store]="1 16")
kinds="get list asof history asof1k history1k asof1k_store history1k_store"
mkdir -p "$work/static"
for k in "${!paths[@]}"; do curl -sf "$base${paths[$k]}" > "$work/static/$k.json"; done
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  server { listen 127.0.0.1:$nport; root $work/static; }
}
CONF
nginx -c "$work/nginx.conf"
run() { # url conns -> "rps p99ms"
  wrk -t"$(( $2 < 2 ? 1 : 2 ))" -c"$2" -d"${secs}s" --latency "$1" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
    END {printf "%s %s", rps, p99}'
}
echo "| request | connections | API req/s | API p99 ms | nginx req/s | nginx p99 ms | API / nginx |"
echo "|---|---|---|---|---|---|---|"
for k in $kinds; do
  # Warm-up, not reported: the first requests of each kind run in the interpreter and fill caches.
  wrk -t2 -c16 -d"${warm}s" "$base${paths[$k]}" >/dev/null
  for c in ${conns[$k]}; do
    read -r ar ap <<<"$(run "$base${paths[$k]}" "$c")"
    read -r nr np <<<"$(run "http://127.0.0.1:$nport/$k.json" "$c")"
    ratio=$(python3 -c "print(f'{$ar/$nr:.3f}')")
    echo "| $k \`${paths[$k]}\` | $c | $ar | $ap | $nr | $np | $ratio |"
  done
done
# Then a second instance (same application id, its own state and port) next to up's: list requests to
# it gather up's models over HTTP; key requests for up's partitions are forwarded.
bin/model-registry serve --bootstrap-servers "127.0.0.1:$kport" --http-port "$sport" \
  --state-dir "$work/serve-state" > "$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 300); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$sport/health/ready") == 200 ]] && break; sleep 1
done
base2="http://127.0.0.1:$sport"
# let it restore its warm-up copies of up's partitions before measuring
sleep 20
echo
echo "Through the second instance (\`serve\`), same requests; the two JVMs, nginx and wrk share the 2 cores:"
echo
echo "| request | connections | req/s | p99 ms | answered by |"
echo "|---|---|---|---|---|"
for k in get list; do
  wrk -t2 -c16 -d"${warm}s" "$base2${paths[$k]}" >/dev/null
  by=$(curl -s -o /dev/null -D - "$base2${paths[$k]}" | awk -F': ' 'tolower($1)=="x-registry-answered-by" {gsub("\r",""); print $2}')
  [[ $by == "127.0.0.1:$sport" ]] && by="itself" || by="${by:-?} (forwarded)"
  [[ $k == list ]] && by="itself, gathering the other's matches"
  for c in 16 64; do
    read -r ar ap <<<"$(run "$base2${paths[$k]}" "$c")"
    echo "| $k \`${paths[$k]}\` | $c | $ar | $ap | $by |"
  done
done
heap_used_mib() { # sum of the "used" figures of every heap generation jcmd reports, in MiB
  (jcmd "$up_pid" GC.heap_info 2>/dev/null || true) | awk '/generation|heap/ && /used/ {
    for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i+1); sub(/K.*/, "", v); kb += v}} END {printf "%.0f", kb/1024}'
}
rss=$(ps -o rss= -p "$up_pid" | awk '{printf "%.0f", $1/1024}')
used=$(heap_used_mib)
jcmd "$up_pid" GC.run >/dev/null 2>&1 || true
after_gc=$(heap_used_mib)
echo
echo "| serving JVM (broker + streams + API, as the README starts it), right after the last run | MiB |"
echo "|---|---|"
echo "| RSS | ${rss:-?} |"
echo "| heap used | ${used:-?} |"
echo "| heap used after a full GC | ${after_gc:-?} |"
echo
echo "Native memory by category (NMT summary, committed MiB; 'Other' holds RocksDB's and the broker's direct buffers only in part, RocksDB's own allocations are outside NMT):"
echo
echo "| category | committed MiB |"
echo "|---|---|"
(jcmd "$up_pid" VM.native_memory summary scale=KB 2>/dev/null || true) | awk '
  /^Total:/ {match($0, /committed=[0-9]+KB/); v = substr($0, RSTART + 10, RLENGTH - 12); printf "| Total (NMT) | %.0f |\n", v/1024}
  /^-  *[A-Za-z ]+\(reserved=/ {name = $0; sub(/^- */, "", name); sub(/ *\(reserved.*/, "", name);
    match($0, /committed=[0-9]+KB/); v = substr($0, RSTART + 10, RLENGTH - 12); if (v/1024 >= 1) printf "| %s | %.0f |\n", name, v/1024}'
