# Sourced by scripts/test-cluster.sh and bench/load/run.sh: starts, on loopback, a throwaway
# PostgreSQL, llama-servers, instances of this server and nginx (deploy/nginx's config), and stops
# all of them on exit (KEEP_WORK=1 keeps the logs). Set APP (the server binary) before
# cluster_start_apps.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
LLAMA_SERVER="$ROOT/.cache/llama.cpp/bin/llama-server"
MODEL="$ROOT/.cache/models/SmolLM2-135M-Instruct.Q4_1.gguf"
MEDIA="$ROOT/.cache/media/single_face.jpg"

cluster_check() {
  [ -x "$NGINX" ] || { echo "[cluster] nginx not found: run make setup (nginx-light)" >&2; exit 1; }
  [ -x "$PG_BIN/initdb" ] || { echo "[cluster] PostgreSQL server binaries not found: run make setup" >&2; exit 1; }
  for file in "$LLAMA_SERVER" "$MODEL" "$MEDIA"; do
    [ -e "$file" ] || { echo "[cluster] $file is missing: run make setup" >&2; exit 1; }
  done
}

WORK="$(mktemp -d /tmp/depresso-cluster.XXXXXX)"
chmod 755 "$WORK"
cluster_pids=()
as_pg=()
if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cluster_stop() {
  local status=$?
  # nginx's master stops its workers on TERM; a SIGKILLed master would leave them behind.
  [ -z "${nginx_pid:-}" ] || { kill -TERM "$nginx_pid" 2>/dev/null || true; sleep 0.3; }
  for pid in "${cluster_pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m immediate stop >/dev/null 2>&1 || true
  if [ "$status" -ne 0 ]; then
    for log in "$WORK"/*.log "$WORK"/nginx/error.log; do
      [ -f "$log" ] && { echo "--- $(basename "$log") (last lines)"; tail -n 15 "$log"; }
    done
  fi
  if [ -n "${KEEP_WORK:-}" ]; then echo "[cluster] logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cluster_stop EXIT

wait_http() {  # url seconds
  local deadline=$((SECONDS + $2))
  until curl -sf -o /dev/null "$1"; do
    [ $SECONDS -lt $deadline ] || { echo "[cluster] $1 not ready after $2 s" >&2; return 1; }
    sleep 0.3
  done
}

# PostgreSQL as scripts/test.sh starts it; sets DATABASE_URL.
cluster_start_postgres() {
  mkdir -p "$WORK/pg"
  [ ${#as_pg[@]} -eq 0 ] || chown postgres "$WORK/pg"
  local port
  port="$(free_port)"
  "${as_pg[@]}" "$PG_BIN/initdb" -D "$WORK/pg/data" -U depresso --auth=trust -E UTF8 >/dev/null
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/postgres.log" -w \
    -o "-p $port -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null
  DATABASE_URL="postgres://depresso@127.0.0.1:$port/postgres"
}

# cluster_start_llama COUNT: llama-servers with 2 slots and 1 thread each; sets llama_ports/llama_pids.
cluster_start_llama() {
  llama_ports=() llama_pids=()
  local i port
  for i in $(seq 1 "$1"); do
    port="$(free_port)"
    "$LLAMA_SERVER" -m "$MODEL" --host 127.0.0.1 --port "$port" -c 4096 -np 2 -t 1 -tb 1 >"$WORK/llama-$i.log" 2>&1 &
    cluster_pids+=($!) llama_pids+=($!) llama_ports+=("$port")
  done
  for port in "${llama_ports[@]}"; do wait_http "http://127.0.0.1:$port/health" 120; done
}

# cluster_start_apps COUNT [VAR=value ...]: instances using every llama-server, started one after
# the other so only the first runs the migrations; sets app_ports/app_pids.
cluster_start_apps() {
  local count=$1 i port upstreams=""
  shift
  for port in "${llama_ports[@]}"; do upstreams+="${upstreams:+,}http://127.0.0.1:$port"; done
  app_ports=() app_pids=()
  for i in $(seq 1 "$count"); do
    port="$(free_port)"
    env HOST=127.0.0.1 PORT="$port" DATABASE_URL="$DATABASE_URL" LLM_BACKEND=openai \
      OPENAI_BASE_URL="$upstreams" OPENAI_MODEL=smollm2 OPENAI_TIMEOUT_SECONDS=20 LLM_MAX_NEW_TOKENS=40 \
      CHAT_MESSAGES_PER_MINUTE=1000 RATE_GUESTS_PER_MINUTE=100000 RATE_CHAT_MESSAGES_PER_MINUTE=100000 \
      RATE_CHAT_MESSAGES_PER_ADDRESS_PER_MINUTE=100000 RATE_UPLOADS_PER_MINUTE=1000 \
      RATE_UPLOADS_PER_ADDRESS_PER_MINUTE=1000 TRUST_PROXY_HEADERS=true FACE_WORKERS=1 STORAGE_DIR="$WORK/uploads-$i" LOG_LEVEL=notice "$@" \
      "$APP" serve >"$WORK/app-$i.log" 2>&1 &
    cluster_pids+=($!) app_pids+=($!) app_ports+=("$port")
    wait_http "http://127.0.0.1:$port/ready" 120
  done
}

# nginx in the foreground with its own prefix, serving deploy/nginx/depressoassist.conf rendered
# with the instances' ports; sets NGINX_PORT.
cluster_start_nginx() {
  NGINX_PORT="$(free_port)"
  mkdir -p "$WORK/nginx"
  local dir servers=""
  for dir in body proxy fastcgi uwsgi scgi; do mkdir -p "$WORK/nginx/$dir"; chmod 777 "$WORK/nginx/$dir"; done
  for port in "${app_ports[@]}"; do servers+="    server 127.0.0.1:$port max_fails=2 fail_timeout=5s;\\n"; done
  sed -e "s|listen 80;|listen 127.0.0.1:$NGINX_PORT;|" \
      -e "/server 127.0.0.1:8002 /d" -e "s|^    server 127.0.0.1:8001 .*|$servers|" \
      "$ROOT/deploy/nginx/depressoassist.conf" >"$WORK/nginx/depressoassist.conf"
  cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    include $WORK/nginx/depressoassist.conf;
}
CONF
  "$NGINX" -t -q -p "$WORK/nginx/" -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf"
  "$NGINX" -p "$WORK/nginx/" -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
  nginx_pid=$!
  wait_http "http://127.0.0.1:$NGINX_PORT/health" 20
}
