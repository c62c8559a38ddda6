#!/usr/bin/env bash
# MLflow tracking server (with the model registry and the artifact proxy) on
# 127.0.0.1:${KOAN_MLFLOW_PORT:-5400}, SQLite backend, artifacts under
# .peers/mlflow. Its venv also serves models (`mlflow models serve
# --env-manager local`), so the deployer finds `mlflow` in KOAN_MLFLOW_BIN.
source "$(dirname "$0")/lib.sh"

# `mlflow server` needs the full `mlflow` package (the UI, Flask, SQLAlchemy,
# Alembic; mlflow-skinny has none of them) and a pyfunc model server needs
# pandas and numpy. The full package's other requirements (scikit-learn,
# scipy, matplotlib, pyarrow, skops, docker) serve neither, so they are left
# out: the dependencies are installed first, then `mlflow` itself without
# its dependency list (388 MB instead of 851 MB).
MLFLOW_VERSION="3.17.2"
MLFLOW_DEPENDENCIES=(
  "mlflow-skinny==$MLFLOW_VERSION" "mlflow-tracing==$MLFLOW_VERSION"
  "Flask<4" "Flask-CORS<7" "aiohttp<4,>=3.7.0" "alembic!=1.10.0,<2" "cryptography<51,>=43.0.0"
  "graphene<4" "gunicorn<27" "huey<4,>=2.5.4" "numpy<3" "pandas<4" "sqlalchemy<3,>=1.4.0"
)
MLFLOW_PORT="${KOAN_MLFLOW_PORT:-5400}"
MLFLOW_VENV="$PEERS_DIR/mlflow-venv"
MLFLOW_DATA="$PEERS_DIR/mlflow"

peer_install() {
  peer_python_venv mlflow "${MLFLOW_DEPENDENCIES[@]}"
  local stamp="$MLFLOW_VENV/.koan-mlflow-server"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$MLFLOW_VERSION" ]]; then return 0; fi
  peer_log "installing mlflow==$MLFLOW_VERSION (without its dependency list) into .peers/mlflow-venv"
  "$MLFLOW_VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps "mlflow==$MLFLOW_VERSION"
  echo "$MLFLOW_VERSION" >"$stamp"
}

peer_up() {
  mkdir -p "$MLFLOW_DATA/artifacts"
  # No usage reports leave the machine, from the server or the model servers.
  export MLFLOW_DISABLE_TELEMETRY=true
  # No background job runner (huey consumers for GenAI jobs the tests do not
  # use): its processes ignore SIGTERM and would outlive `stop`.
  export MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false
  peer_start mlflow "$MLFLOW_VENV/bin/mlflow" server \
    --host 127.0.0.1 --port "$MLFLOW_PORT" --workers 1 \
    --backend-store-uri "sqlite:///$MLFLOW_DATA/mlflow.db" \
    --artifacts-destination "$MLFLOW_DATA/artifacts" \
    --serve-artifacts
  peer_wait_http mlflow "http://127.0.0.1:$MLFLOW_PORT/health" 180
  peer_env mlflow \
    "KOAN_MLFLOW_TRACKING_URI=http://127.0.0.1:$MLFLOW_PORT" \
    "KOAN_MLFLOW_BIN=$MLFLOW_VENV/bin" \
    "MLFLOW_DISABLE_TELEMETRY=true"
}

peer_main mlflow "${1:-start}"
