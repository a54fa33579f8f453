#!/usr/bin/env bash
# Runs the whole test suite against SQLite and a throwaway PostgreSQL cluster: initdb in a temp
# folder, a free loopback port, stopped and removed on exit even when the tests fail.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
[ -x "$PG_BIN/initdb" ] || { echo "[test] PostgreSQL server binaries not found: run make setup" >&2; exit 1; }

PG_DIR="$(mktemp -d /tmp/depresso-pg.XXXXXX)"
PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
# initdb refuses to run as root; the postgres system user from Debian's package runs it then.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$PG_DIR"
  as_pg=(runuser -u postgres --)
fi

stop_pg() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_pg EXIT

"${as_pg[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U depresso --auth=trust -E UTF8 >/dev/null
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null
echo "[test] PostgreSQL on 127.0.0.1:$PG_PORT"

export TEST_POSTGRES_URL="postgres://depresso@127.0.0.1:$PG_PORT/postgres"
export LLAMA_SERVER_BIN="$ROOT/.cache/llama.cpp/bin/llama-server"
started=$SECONDS
swift build --build-tests
echo "[test] build took $((SECONDS - started)) s"
started=$SECONDS
# One test at a time: the model tests each use both cores, and llama.cpp's spinning threads
# slow to a crawl when two of them compete.
swift test --skip-build --no-parallel "$@"
echo "[test] tests took $((SECONDS - started)) s"
started=$SECONDS; python3 Tests/Browser/browser_test.py; echo "[test] browser test took $((SECONDS - started)) s"
bash scripts/test-cluster.sh
