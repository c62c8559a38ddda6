#!/usr/bin/env bash
# MLflow tracking server (with the model registry and the artifact proxy) on
# 127.0.0.1:${KOAN_MLFLOW_PORT:-5400}, SQLite backend, artifacts under
# .peers/mlflow. Its venv also serves models (`mlflow models serve
# --env-manager local`), so the deployer finds `mlflow` in KOAN_MLFLOW_BIN.
source "$(dirname "$0")/lib.sh"

# The full package: `mlflow server` needs Flask, SQLAlchemy and Alembic, and a
# pyfunc model server needs pandas and numpy, none of which mlflow-skinny has.
MLFLOW_REQUIREMENT="mlflow==3.17.2"
MLFLOW_PORT="${KOAN_MLFLOW_PORT:-5400}"
MLFLOW_VENV="$PEERS_DIR/mlflow-venv"
MLFLOW_DATA="$PEERS_DIR/mlflow"

peer_install() { peer_python_venv mlflow "$MLFLOW_REQUIREMENT"; }

peer_up() {
  mkdir -p "$MLFLOW_DATA/artifacts"
  # No usage reports leave the machine, from the server or the model servers.
  export MLFLOW_DISABLE_TELEMETRY=true
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
