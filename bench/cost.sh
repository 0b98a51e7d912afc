#!/usr/bin/env bash
# Pricing usage logs: POST /v1/cost with parts of a generated log (each line priced with the
# model version valid at its own time), against nginx reading and discarding the same bodies in
# the same run (the cost of moving the bytes), then the CLI's `cost --usage` over the whole log.
# Usage: bench/cost.sh [lines-in-the-log] [rounds]   (defaults 200000 and 10). Prints Markdown tables.
# `up --no-poll` through bin/model-registry, with the bundled history (needed for per-line times).
set -euo pipefail
cd "$(dirname "$0")/.."
lines="${1:-200000}"
rounds="${2:-10}"
source bench/http-lib.sh
mvn -B -q -DskipTests package
work=$(mktemp -d)
kport=$(free_port); hport=$(free_port); nport=$(free_port)
bin/model-registry up --data-dir "$work/data" --kafka-port "$kport" --http-port "$hport" --no-poll > "$work/up.log" 2>&1 &
up_pid=$!
trap stop_up_and_nginx EXIT
# A usage log as a gateway writes one: a few models, many instants over a year, mixed components.
python3 - "$lines" "$work" <<'PY'
import json, random, sys, datetime
n, work = int(sys.argv[1]), sys.argv[2]
random.seed(7)
models = ["openai/gpt-4o", "openai/gpt-4o-mini", "openai/o3", "anthropic/claude-sonnet-4-20250514",
          "google/gemini-2.5-pro", "openai/gpt-4.1"]
start = datetime.datetime(2025, 9, 1, tzinfo=datetime.timezone.utc)
with open(f"{work}/usage.jsonl", "w") as log:
    for i in range(n):
        at = start + datetime.timedelta(seconds=random.randrange(320 * 86400))
        line = {"model": random.choice(models), "timestamp": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "input_tokens": random.randrange(100, 60000), "output_tokens": random.randrange(10, 4000)}
        if random.random() < 0.5:
            line["cached_input_tokens"] = random.randrange(0, 40000)
        if line["model"] == "openai/o3":
            line["reasoning_tokens"] = random.randrange(0, 8000)
        log.write(json.dumps(line) + "\n")
for part in (5000, 20000):
    with open(f"{work}/usage.jsonl") as log, open(f"{work}/part{part}.json", "w") as out:
        rows = []
        for _, l in zip(range(part), log):
            d = json.loads(l); d["at"] = d.pop("timestamp"); rows.append(d)
        json.dump(rows, out)
PY
await_ready "$work/up.log" 600
base="http://127.0.0.1:$hport"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_max_body_size 16m;
  client_body_buffer_size 16m;
  server { listen 127.0.0.1:$nport; location / { default_type application/json; return 200 '{}'; } }
}
CONF
nginx -c "$work/nginx.conf"
post() { # url body -> seconds
  curl -s -o /dev/null -w '%{time_total}' -H 'Content-Type: application/json' --data-binary "@$2" "$1"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "| POST /v1/cost, one request | bytes | API median ms | API lines/s | nginx median ms | API / nginx time |"
echo "|---|---:|---:|---:|---:|---:|"
for part in 5000 20000; do
  body="$work/part$part.json"
  for _ in $(seq 1 "$rounds"); do post "$base/v1/cost" "$body" >/dev/null; done   # warm the JIT and the read cache
  api=$(for _ in $(seq 1 "$rounds"); do post "$base/v1/cost" "$body"; echo; done | median)
  ngx=$(for _ in $(seq 1 "$rounds"); do post "http://127.0.0.1:$nport/" "$body"; echo; done | median)
  echo "| $part lines at their own times | $(wc -c < "$body" | tr -d ' ') | $(python3 -c "print(f'{$api*1000:.1f}')") | $(python3 -c "print(f'{$part/$api:,.0f}')") | $(python3 -c "print(f'{$ngx*1000:.1f}')") | $(python3 -c "print(f'{$api/$ngx:.1f}')") |"
done
echo
echo "| \`cost --usage\` (CLI, parts of 5,000) | lines | wall s | lines/s |"
echo "|---|---:|---:|---:|"
t0=$(date +%s.%N)
bin/model-registry cost --usage "$work/usage.jsonl" --at-each-line-time --api "$base" > "$work/cost.out" 2> "$work/cost.err" || true
t1=$(date +%s.%N)
echo "| $lines-line log, each line at its own time | $lines | $(python3 -c "print(f'{$t1-$t0:.1f}')") | $(python3 -c "print(f'{$lines/($t1-$t0):,.0f}')") |"
echo
sed 's/^/    /' "$work/cost.out"
