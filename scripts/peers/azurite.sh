#!/usr/bin/env bash
# Azurite: the Azure Storage emulator (Blob service only), from npm into
# .peers/azurite. Blobs live in .peers/azurite-data while it runs. It serves
# the well-known development account "devstoreaccount1".
source "$(dirname "$0")/lib.sh"

AZURITE_VERSION="3.35.0"
AZURITE_PORT="${KOAN_AZURITE_BLOB_PORT:-5300}"
AZURITE_DIR="$PEERS_DIR/azurite"
# The development account's name and key are public: every Azurite install serves them.
AZURITE_ACCOUNT="devstoreaccount1"
AZURITE_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

peer_install() {
  local stamp="$AZURITE_DIR/.koan-installed"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$AZURITE_VERSION" ]]; then return 0; fi
  peer_log "installing azurite $AZURITE_VERSION into .peers/azurite"
  npm install --prefix "$AZURITE_DIR" --no-audit --no-fund --no-save --loglevel=error "azurite@$AZURITE_VERSION"
  echo "$AZURITE_VERSION" >"$stamp"
}

peer_up() {
  local data="$PEERS_DIR/azurite-data"
  rm -rf "$data"; mkdir -p "$data"
  peer_start azurite "$AZURITE_DIR/node_modules/.bin/azurite-blob" \
    --blobHost 127.0.0.1 --blobPort "$AZURITE_PORT" --location "$data" \
    --skipApiVersionCheck --disableTelemetry --silent
  local endpoint="http://127.0.0.1:$AZURITE_PORT/$AZURITE_ACCOUNT"
  peer_wait_http azurite "$endpoint?comp=list"
  peer_env azurite \
    "KOAN_AZURITE_BLOB_ENDPOINT=$endpoint" \
    "KOAN_AZURITE_ACCOUNT_NAME=$AZURITE_ACCOUNT" \
    "KOAN_AZURITE_ACCOUNT_KEY=$AZURITE_KEY" \
    "KOAN_AZURITE_CONNECTION_STRING=DefaultEndpointsProtocol=http;AccountName=$AZURITE_ACCOUNT;AccountKey=$AZURITE_KEY;BlobEndpoint=$endpoint;"
}

peer_main azurite "${1:-start}"
