#!/usr/bin/env bash
# fauxqs: an S3 (and SQS/SNS) emulator written in Node.js, from npm, so it
# needs no Python. It keeps every object in memory and accepts any
# credentials. Version 1.x is the newest line that still supports Node 20.
# Serves KOAN_FAUXQS_ENDPOINT for @koan/s3.
source "$(dirname "$0")/lib.sh"
NAME=fauxqs
PORT="${KOAN_FAUXQS_PORT:-5101}"
PACKAGE="fauxqs@1.9.2"

peer_install() { peer_npm_install "$NAME" "$PACKAGE"; }

peer_up() {
  # Its own command line listens on every interface; build the app and listen on loopback only.
  FAUXQS_APP="$PEERS_DIR/$NAME-npm/node_modules/fauxqs/dist/app.js" FAUXQS_LISTEN_PORT="$PORT" \
    peer_start "$NAME" node --input-type=module -e '
      const { buildApp } = await import(process.env.FAUXQS_APP);
      const app = buildApp({ logger: false });
      await app.listen({ host: "127.0.0.1", port: Number(process.env.FAUXQS_LISTEN_PORT) });
      console.log(`fauxqs listening on 127.0.0.1:${process.env.FAUXQS_LISTEN_PORT}`);
    '
  peer_wait_http "$NAME" "http://127.0.0.1:$PORT/health" 60
  peer_env "$NAME" "KOAN_FAUXQS_ENDPOINT=http://127.0.0.1:$PORT"
}

peer_main "$NAME" "${1:-start}"
