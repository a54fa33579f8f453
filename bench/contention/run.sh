#!/usr/bin/env bash
# Chat beside face analysis on the same cores (bench/contention/contention_bench.py): this server
# (release build, in-process model, throwaway SQLite) twice, with the face-analysis threads at
# nice 0 (the reference: one priority for everything) and at the default FACE_WORKER_NICE. Both
# run at once; each is measured while the other idles. Extra arguments go to the Python script.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product App
APP="$(swift build -c release --show-bin-path)/App"
WORK="$(mktemp -d /tmp/depresso-contention.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

PORT=""
start() {  # $1: name, rest: environment; sets PORT
  local name="$1"; shift
  PORT="$(free_port)"
  env HOST=127.0.0.1 PORT="$PORT" DATABASE_URL="sqlite://$WORK/$name.sqlite" STORAGE_DIR="$WORK/uploads-$name" \
    RATE_UPLOADS_PER_MINUTE=100000 RATE_UPLOADS_PER_ADDRESS_PER_MINUTE=100000 RATE_CHAT_MESSAGES_PER_MINUTE=100000 \
    RATE_CHAT_MESSAGES_PER_ADDRESS_PER_MINUTE=100000 CHAT_MESSAGES_PER_MINUTE=10000 RATE_GUESTS_PER_MINUTE=100000 LOG_LEVEL=warning "$@" \
    "$APP" serve > "$WORK/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/ready" > /dev/null 2>&1 && return
    sleep 0.5
  done
  echo "[bench-contention] the server ($name) did not get ready: $(tail -3 "$WORK/$name.log")" >&2
  exit 1
}

start reference FACE_WORKER_NICE=0
reference_port="$PORT"
start default
default_port="$PORT"
/usr/bin/python3 bench/contention/contention_bench.py --video .cache/media/WolfgangLanger_Pexels.mp4 \
  --target "nice 0=http://127.0.0.1:$reference_port" --target "nice 10=http://127.0.0.1:$default_port" "$@"
