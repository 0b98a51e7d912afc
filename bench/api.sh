#!/usr/bin/env bash
# HTTP benchmark of the query API against nginx serving the same JSON bytes as static files,
# on this machine, in the same run. Installs wrk and nginx-light from Debian if missing.
# Usage: bench/api.sh [seconds-per-run]   (default 10). Prints Markdown tables.
# Each request kind is warmed up for 5 s at 16 connections before the measured runs.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq wrk nginx-light >/dev/null
fi
mvn -B -q -DskipTests package
work=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
kport=$(free_port); hport=$(free_port); sport=$(free_port); nport=$(free_port)
java -Xmx1g -jar app/target/model-registry.jar up --data-dir "$work/data" --kafka-port "$kport" --http-port "$hport" > "$work/up.log" 2>&1 &
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
declare -A paths=(
  [get]="/v1/models/openai/gpt-4o"
  [list]="/v1/models?provider=openai&capability=vision&limit=20"
  [asof]="/v1/models/openai/gpt-4o?as_of=$asof"
  [history]="/v1/models/openai/gpt-4o/history?limit=10"
)
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
  wrk -t2 -c"$2" -d"${secs}s" --latency "$1" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
    END {printf "%s %s", rps, p99}'
}
# Warm-up, not reported: the first requests of each kind run in the interpreter and fill caches.
for k in get list asof history; do wrk -t2 -c16 -d5s "$base${paths[$k]}" >/dev/null; done
echo "| request | connections | API req/s | API p99 ms | nginx req/s | nginx p99 ms | API / nginx |"
echo "|---|---|---|---|---|---|---|"
for k in get list asof history; do
  for c in 16 64; do
    read -r ar ap <<<"$(run "$base${paths[$k]}" "$c")"
    read -r nr np <<<"$(run "http://127.0.0.1:$nport/$k.json" "$c")"
    ratio=$(python3 -c "print(f'{$ar/$nr:.3f}')")
    echo "| $k \`${paths[$k]}\` | $c | $ar | $ap | $nr | $np | $ratio |"
  done
done
# Then a second instance (same application id, its own state and port) next to up's: list requests to
# it gather up's models over HTTP; key requests for up's partitions are forwarded.
java -Xmx1g -jar app/target/model-registry.jar serve --bootstrap-servers "127.0.0.1:$kport" --http-port "$sport" \
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
  wrk -t2 -c16 -d5s "$base2${paths[$k]}" >/dev/null
  by=$(curl -s -o /dev/null -D - "$base2${paths[$k]}" | awk -F': ' 'tolower($1)=="x-registry-answered-by" {gsub("\r",""); print $2}')
  [[ $by == "127.0.0.1:$sport" ]] && by="itself" || by="${by:-?} (forwarded)"
  [[ $k == list ]] && by="itself, gathering the other's matches"
  for c in 16 64; do
    read -r ar ap <<<"$(run "$base2${paths[$k]}" "$c")"
    echo "| $k \`${paths[$k]}\` | $c | $ar | $ap | $by |"
  done
done
heap_used_mib() { # G1's "garbage-first heap   total 262144K, used 123456K [...]" -> MiB used
  (jcmd "$up_pid" GC.heap_info 2>/dev/null || true) | awk '/garbage-first heap/ {
    for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i+1); sub(/K.*/, "", v); printf "%.0f", v/1024}}'
}
rss=$(ps -o rss= -p "$up_pid" | awk '{printf "%.0f", $1/1024}')
used=$(heap_used_mib)
jcmd "$up_pid" GC.run >/dev/null 2>&1 || true
after_gc=$(heap_used_mib)
echo
echo "| serving JVM (broker + streams + API, -Xmx1g), right after the last run | MiB |"
echo "|---|---|"
echo "| RSS | ${rss:-?} |"
echo "| heap used | ${used:-?} |"
echo "| heap used after a full GC | ${after_gc:-?} |"
