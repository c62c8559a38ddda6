# Shared by every peer script: where state lives, starting a server in the
# background, waiting for it, and publishing its address. Sourced, not run.
#
# A peer script is `scripts/peers/NAME.sh install|start|stop`:
#   install  puts the server's software in place (idempotent, cached under .peers/)
#   start    installs, starts the server in the background, waits until it
#            answers, and writes `.peers/NAME.env` (`export VAR=value` lines)
#   stop     stops it
set -euo pipefail

PEERS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEERS_DIR="${KOAN_PEERS_DIR:-$PEERS_ROOT/.peers}"
mkdir -p "$PEERS_DIR"

peer_log() { echo "[peers] $*" >&2; }

# peer_start NAME COMMAND...: runs COMMAND in the background, its output in
# .peers/NAME.log and its process id in .peers/NAME.pid. A running one is kept.
peer_start() {
  local name="$1"; shift
  if peer_running "$name"; then peer_log "$name already running (pid $(cat "$PEERS_DIR/$name.pid"))"; return 0; fi
  nohup setsid "$@" >"$PEERS_DIR/$name.log" 2>&1 < /dev/null &
  echo $! >"$PEERS_DIR/$name.pid"
  peer_log "$name started (pid $!, log .peers/$name.log)"
}

peer_running() {
  local pidfile="$PEERS_DIR/$1.pid"
  [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

# peer_stop NAME: stops the process group started by peer_start; waits up to
# 10 s for it to exit (servers like moto and MLflow take a while on TERM),
# then kills what is left, so the port is free for the next start.
peer_stop() {
  local pidfile="$PEERS_DIR/$1.pid"
  if [[ -f "$pidfile" ]]; then
    local pid i; pid="$(cat "$pidfile")"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 40; i++)); do
      kill -0 -- "-$pid" 2>/dev/null || break
      sleep 0.25
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$pidfile" "$PEERS_DIR/$1.env"
    peer_log "$1 stopped"
  fi
}

# peer_wait_http NAME URL [SECONDS]: waits until URL answers at all (any HTTP status).
peer_wait_http() {
  local name="$1" url="$2" seconds="${3:-120}" i
  for ((i = 0; i < seconds * 4; i++)); do
    if curl -s -o /dev/null --max-time 2 "$url"; then return 0; fi
    if ! peer_running "$name"; then
      peer_log "$name exited while starting; its log:"; tail -n 40 "$PEERS_DIR/$name.log" >&2; return 1
    fi
    sleep 0.25
  done
  peer_log "$name did not answer at $url within ${seconds}s; its log:"; tail -n 40 "$PEERS_DIR/$name.log" >&2
  return 1
}

# peer_wait_port NAME PORT [SECONDS]: waits until something listens on 127.0.0.1:PORT.
peer_wait_port() {
  local name="$1" port="$2" seconds="${3:-120}" i
  for ((i = 0; i < seconds * 4; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    if ! peer_running "$name"; then
      peer_log "$name exited while starting; its log:"; tail -n 40 "$PEERS_DIR/$name.log" >&2; return 1
    fi
    sleep 0.25
  done
  peer_log "$name did not listen on port $port within ${seconds}s"; return 1
}

# peer_env NAME VAR=value...: publishes how tests reach the peer.
peer_env() {
  local name="$1"; shift
  : >"$PEERS_DIR/$name.env"
  local pair
  for pair in "$@"; do printf 'export %q\n' "$pair" >>"$PEERS_DIR/$name.env"; done
}

# peer_python_venv NAME REQUIREMENT...: a virtual environment in .peers/NAME-venv
# with the given pip requirements, created once and reused.
peer_python_venv() {
  local name="$1"; shift
  local venv="$PEERS_DIR/$name-venv" stamp="$PEERS_DIR/$name-venv/.koan-installed"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$*" ]]; then return 0; fi
  peer_log "installing $* into .peers/$name-venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"
  echo "$*" >"$stamp"
}

# peer_npm_install NAME PACKAGE@VERSION...: npm packages in .peers/NAME-npm (their
# binaries in .peers/NAME-npm/node_modules/.bin), installed once and reused.
peer_npm_install() {
  local name="$1"; shift
  local dir="$PEERS_DIR/$name-npm" stamp="$PEERS_DIR/$name-npm/.koan-installed"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$*" ]]; then return 0; fi
  peer_log "installing $* into .peers/$name-npm"
  mkdir -p "$dir"
  # Its own package.json, so npm installs here and not into the repository's workspaces.
  echo '{ "private": true }' >"$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$@"
  echo "$*" >"$stamp"
}

# peer_main NAME: dispatches install|start|stop to peer_install/peer_up/peer_stop.
peer_main() {
  local name="$1" action="${2:-start}"
  case "$action" in
    install) peer_install ;;
    start) peer_install; peer_up ;;
    stop) peer_stop "$name" ;;
    *) echo "usage: scripts/peers/$name.sh install|start|stop" >&2; exit 2 ;;
  esac
}
