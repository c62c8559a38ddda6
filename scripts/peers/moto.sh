#!/usr/bin/env bash
# moto: an AWS emulator from PyPI, run as a server for S3. It checks SigV4
# signatures once IAM authentication is on, so after start this script
# creates an IAM user with an access key allowed to use S3, then switches
# authentication on: a wrong key or secret is refused as on AWS.
# Serves KOAN_S3_ENDPOINT and the key pair in KOAN_S3_ACCESS_KEY_ID and
# KOAN_S3_SECRET_ACCESS_KEY for @koan/s3.
source "$(dirname "$0")/lib.sh"
NAME=moto
PORT="${KOAN_MOTO_PORT:-5100}"
REQUIREMENT="moto[server,s3]==5.2.5"
VENV="$PEERS_DIR/$NAME-venv"

peer_install() { peer_python_venv "$NAME" "$REQUIREMENT"; }

peer_up() {
  if peer_running "$NAME" && [[ -f "$PEERS_DIR/$NAME.env" ]]; then return 0; fi
  peer_start "$NAME" "$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT"
  peer_wait_http "$NAME" "http://127.0.0.1:$PORT/moto-api/" 120
  local endpoint="http://127.0.0.1:$PORT" credentials
  # boto3 comes with moto. Until authentication is switched on, moto takes
  # any signature, so the placeholder key below only serves to create the real one.
  credentials="$(MOTO_ENDPOINT="$endpoint" AWS_ACCESS_KEY_ID=bootstrap AWS_SECRET_ACCESS_KEY=bootstrap \
    AWS_DEFAULT_REGION=us-east-1 "$VENV/bin/python" - <<'PY'
import json, os, urllib.request
import boto3
endpoint = os.environ["MOTO_ENDPOINT"]
iam = boto3.client("iam", endpoint_url=endpoint)
iam.create_user(UserName="koan-tests")
iam.put_user_policy(
    UserName="koan-tests",
    PolicyName="s3-all",
    PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}),
)
key = iam.create_access_key(UserName="koan-tests")["AccessKey"]
# From now on every request must be signed with a key moto knows.
urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset-auth", data=b"0", method="POST", headers={"Content-Type": "text/plain"})).read()
print(key["AccessKeyId"], key["SecretAccessKey"])
PY
  )"
  peer_env "$NAME" "KOAN_S3_ENDPOINT=$endpoint" "KOAN_S3_ACCESS_KEY_ID=${credentials% *}" "KOAN_S3_SECRET_ACCESS_KEY=${credentials#* }"
}

peer_main "$NAME" "${1:-start}"
