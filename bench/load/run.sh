#!/usr/bin/env bash
# Load benchmark (issue #9): PostgreSQL, two llama-servers, two instances of this server and nginx
# on loopback (scripts/cluster-lib.sh); load_bench.py drives one instance directly, then both
# through nginx. CONFIG=debug measures the debug build (default: release, as bench/chat).
# CONNECTIONS, CHATTING and DURATION override 200 / 20 / 30 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/cluster-lib.sh
cluster_check
CONFIG="${CONFIG:-release}"
swift build -c "$CONFIG" --product App
APP="$(swift build -c "$CONFIG" --show-bin-path)/App"

cluster_start_postgres
cluster_start_llama 2
# The production default: the bench overloads the pool on purpose, and a first-token timeout
# counts as an upstream failure.
cluster_start_apps 2 OPENAI_TIMEOUT_SECONDS=60
cluster_start_nginx
echo "[bench-load] $CONFIG build; llama-servers :${llama_ports[*]} (2 slots, 1 thread each); instances :${app_ports[*]}; nginx :$NGINX_PORT"
/usr/bin/python3 bench/load/load_bench.py \
  --single "http://127.0.0.1:${app_ports[0]}" --single-pid "${app_pids[0]}" \
  --cluster "http://127.0.0.1:$NGINX_PORT" --cluster-pids "${app_pids[@]}" \
  --connections "${CONNECTIONS:-200}" --chatting "${CHATTING:-20}" --duration "${DURATION:-30}"
