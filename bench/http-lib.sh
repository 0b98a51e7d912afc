# Shared by the HTTP benchmarks (bench/api.sh, bench/exports.sh, bench/cost.sh); sourced, not run.
# Installs wrk and nginx-light from Debian if missing; defines free_port, stop_up_and_nginx and await_ready.
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq wrk nginx-light >/dev/null
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# The EXIT trap of a script that started `up` (pid in up_pid) and maybe nginx, both under $work.
stop_up_and_nginx() {
  kill "$up_pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$up_pid" 2>/dev/null || break; sleep 1; done
  kill -9 "$up_pid" 2>/dev/null || true
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
# await_ready LOG [seconds]: waits for up's "Ready." line; prints the log and fails if it does not come.
await_ready() {
  for _ in $(seq 1 "${2:-300}"); do grep -q "Ready\." "$1" && return 0; sleep 1; done
  cat "$1"; return 1
}
