#!/usr/bin/env bash
# Stops every peer started from this checkout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"
for pidfile in "$PEERS_DIR"/*.pid; do
  [[ -e "$pidfile" ]] || continue
  peer_stop "$(basename "$pidfile" .pid)"
done
