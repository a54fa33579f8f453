#!/usr/bin/env bash
# Cluster scenario on loopback (issue #9): a throwaway PostgreSQL, 2 llama-servers, 2 instances of
# this server (LLM_BACKEND=openai, both upstreams) and nginx in front with deploy/nginx's config.
# scripts/cluster_driver.py chats and uploads through nginx, kills one instance and one
# llama-server mid-run, checks in PostgreSQL that no acknowledged message was lost, and ends with
# a SIGTERM to the surviving instance. Everything started here is stopped on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS
source scripts/cluster-lib.sh
trap 'cluster_stop; echo "[cluster] took $((SECONDS - started)) s"' EXIT
cluster_check

swift build --product App
APP="$(swift build --show-bin-path)/App"

cluster_start_postgres
cluster_start_llama 2
cluster_start_apps 2 SHUTDOWN_GRACE_SECONDS=2
cluster_start_nginx
echo "[cluster] up after $((SECONDS - started)) s: nginx :$NGINX_PORT -> instances :${app_ports[*]} -> llama-servers :${llama_ports[*]}"

# Per-address limits hold for the deployment, not per instance: 12 sign-in attempts through nginx,
# spread over both instances, meet the default limit of 10 a minute once (counted in PostgreSQL).
codes=()
for i in $(seq 1 12); do
  codes+=("$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d "{\"username\":\"nobody$i\",\"password\":\"not the password\"}" "http://127.0.0.1:$NGINX_PORT/api/auth/login")")
done
echo "[cluster] 12 sign-in attempts answered: ${codes[*]}"
[ "${codes[*]}" = "401 401 401 401 401 401 401 401 401 401 429 429" ] \
  || { echo "[cluster] the per-address sign-in limit is not shared by the instances" >&2; exit 1; }

/usr/bin/python3 scripts/cluster_driver.py --url "http://127.0.0.1:$NGINX_PORT" --database-url "$DATABASE_URL" \
  --media "$MEDIA" --kill-app "${app_pids[0]}" --kill-llama "${llama_pids[0]}" --term-app "${app_pids[1]}" --grace 2

# The instance that got SIGTERM exits on its own, within its grace period and store bound.
( sleep 20; kill -9 "${app_pids[1]}" 2>/dev/null ) &
timer=$!
exit_status=0
wait "${app_pids[1]}" || exit_status=$?
kill "$timer" 2>/dev/null || true
remaining=()  # the reaped instance must not be waited for again
for pid in "${cluster_pids[@]}"; do [ "$pid" = "${app_pids[1]}" ] || remaining+=("$pid"); done
cluster_pids=("${remaining[@]}")
[ "$exit_status" -ne 137 ] || { echo "[cluster] the instance did not exit within 20 s of SIGTERM" >&2; exit 1; }
echo "[cluster] the instance exited by itself after SIGTERM (status $exit_status)"
echo "[cluster] replies moved to the other llama-server before their first token:" \
  "$(cat "$WORK"/app-*.log | grep -c "upstream failed before the first token" || true)"
echo "[cluster] passed"
