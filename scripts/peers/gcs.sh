#!/usr/bin/env bash
# fake-gcs-server: a Google Cloud Storage emulator (JSON API, resumable and
# multipart uploads, listing with pages), built from its Go module into
# .peers/bin. Objects live in .peers/gcs-data while it runs.
source "$(dirname "$0")/lib.sh"

GCS_VERSION="v1.56.1"
GCS_PORT="${KOAN_GCS_PORT:-5200}"
GCS_BIN="$PEERS_DIR/bin/fake-gcs-server"

peer_install() {
  local stamp="$PEERS_DIR/bin/.fake-gcs-server-version"
  if [[ -x "$GCS_BIN" && -f "$stamp" && "$(cat "$stamp")" == "$GCS_VERSION" ]]; then return 0; fi
  peer_log "building fake-gcs-server $GCS_VERSION into .peers/bin (go install)"
  mkdir -p "$PEERS_DIR/bin"
  GOBIN="$PEERS_DIR/bin" go install "github.com/fsouza/fake-gcs-server@$GCS_VERSION"
  echo "$GCS_VERSION" >"$stamp"
}

peer_up() {
  local data="$PEERS_DIR/gcs-data"
  # A fresh folder each start: tests make their own buckets and never rely on old ones.
  rm -rf "$data"; mkdir -p "$data"
  peer_start gcs "$GCS_BIN" -scheme http -host 127.0.0.1 -port "$GCS_PORT" \
    -external-url "http://127.0.0.1:$GCS_PORT" -public-host "127.0.0.1:$GCS_PORT" \
    -backend filesystem -filesystem-root "$data" -log-level warn
  peer_wait_http gcs "http://127.0.0.1:$GCS_PORT/storage/v1/b"
  peer_env gcs "KOAN_GCS_ENDPOINT=http://127.0.0.1:$GCS_PORT"
}

peer_main gcs "${1:-start}"
