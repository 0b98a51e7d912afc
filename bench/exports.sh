#!/usr/bin/env bash
# Exports and feeds under proxies that poll: the query API against nginx serving the same bytes
# (precompressed, gzip_static) in the same run. Installs wrk and nginx-light from Debian if missing.
# Usage: bench/exports.sh [seconds-per-run] [warm-up-seconds]   (defaults 10 and 20). Prints a Markdown table.
# `up --no-history --no-poll` through bin/model-registry (the README's memory settings). Rows:
# a full export, gzipped, as a proxy fetching a changed copy gets it; the same with the ETag it
# holds (304, what a poll of an unchanged registry costs); the Atom feed.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
warm="${2:-20}"
source bench/http-lib.sh
mvn -B -q -DskipTests package
work=$(mktemp -d)
kport=$(free_port); hport=$(free_port); nport=$(free_port)
bin/model-registry up --data-dir "$work/data" --kafka-port "$kport" --http-port "$hport" --no-history --no-poll > "$work/up.log" 2>&1 &
up_pid=$!
trap stop_up_and_nginx EXIT
await_ready "$work/up.log" 300
base="http://127.0.0.1:$hport"
mkdir -p "$work/static"
declare -A paths=([litellm]="/v1/export/litellm" [modelsdev]="/v1/export/models.dev" [atom]="/v1/feed.atom")
for k in "${!paths[@]}"; do
  curl -sf "$base${paths[$k]}" > "$work/static/$k"
  gzip -k -6 "$work/static/$k"
done
etag=$(curl -s -D - -o /dev/null "$base/v1/export/litellm" | awk -F': ' 'tolower($1)=="etag" {gsub("\r",""); print $2}')
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  gzip_static on;
  etag on;
  server { listen 127.0.0.1:$nport; root $work/static; }
}
CONF
nginx -c "$work/nginx.conf"
nginx_etag=$(curl -s -D - -o /dev/null "http://127.0.0.1:$nport/litellm" | awk -F': ' 'tolower($1)=="etag" {gsub("\r",""); print $2}')
run() { # url conns header... -> "rps p99ms"
  local url=$1 c=$2; shift 2
  local hdr=(); for h in "$@"; do hdr+=(-H "$h"); done
  wrk -t2 -c"$c" -d"${secs}s" --latency "${hdr[@]}" "$url" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
    END {printf "%s %s", rps, p99}'
}
size() { wc -c < "$1" | tr -d ' '; }
echo "| request | bytes sent | API req/s | API p99 ms | nginx req/s | nginx p99 ms | API / nginx |"
echo "|---|---|---|---|---|---|---|"
for k in litellm modelsdev atom; do
  wrk -t2 -c16 -d"${warm}s" -H "Accept-Encoding: gzip" "$base${paths[$k]}" >/dev/null
  read -r ar ap <<<"$(run "$base${paths[$k]}" 16 "Accept-Encoding: gzip")"
  read -r nr np <<<"$(run "http://127.0.0.1:$nport/$k" 16 "Accept-Encoding: gzip")"
  echo "| \`${paths[$k]}\`, gzip, 16 connections | $(size "$work/static/$k.gz") | $ar | $ap | $nr | $np | $(python3 -c "print(f'{$ar/$nr:.3f}')") |"
done
read -r ar ap <<<"$(run "$base/v1/export/litellm" 16 "If-None-Match: $etag")"
read -r nr np <<<"$(run "http://127.0.0.1:$nport/litellm" 16 "If-None-Match: $nginx_etag")"
echo "| \`/v1/export/litellm\` with its ETag (304), 16 connections | 0 | $ar | $ap | $nr | $np | $(python3 -c "print(f'{$ar/$nr:.3f}')") |"
