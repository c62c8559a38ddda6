#!/usr/bin/env bash
# Starts the test peers (all of them, or the names given), then writes
# .peers/env with every peer's variables. Use it as:
#   scripts/peers/up.sh [s3 gcs ...] && set -a && . .peers/env && set +a
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"

names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
  for script in "$here"/*.sh; do
    base="$(basename "$script" .sh)"
    case "$base" in lib | up | down) ;; *) names+=("$base") ;; esac
  done
fi

for name in "${names[@]}"; do
  [[ -x "$here/$name.sh" ]] || { echo "no peer named $name (scripts/peers/$name.sh)" >&2; exit 2; }
  "$here/$name.sh" start
done

: >"$PEERS_DIR/env"
for name in "${names[@]}"; do
  [[ -f "$PEERS_DIR/$name.env" ]] && cat "$PEERS_DIR/$name.env" >>"$PEERS_DIR/env"
done
peer_log "ready: ${names[*]} (variables in .peers/env)"
