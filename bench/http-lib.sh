# Shared by the HTTP benchmarks (bench/api.sh, bench/exports.sh); sourced, not run.
# Installs wrk and nginx-light from Debian if missing, and defines free_port.
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq wrk nginx-light >/dev/null
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
