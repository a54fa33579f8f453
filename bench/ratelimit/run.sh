#!/usr/bin/env bash
# What counting the rate limits in PostgreSQL costs (SharedRateLimiter, used when DATABASE_URL is
# PostgreSQL). pgbench runs the limiter's two statements per attempt (read the key's previous
# window, then the conditional upsert of the current one) next to a reference measured in the same
# run on the same cluster: storing one chat message, which every chat turn does anyway. A chat
# message makes two attempts (per account, per address). Keys: 1,000 accounts, or every client at
# one address (one hot row). A throwaway cluster with PostgreSQL's defaults (fsync on), 1 and 8
# clients, DURATION seconds each (default 10).
set -euo pipefail
cd "$(dirname "$0")/../.."
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
[ -x "$PG_BIN/pgbench" ] || { echo "[bench-ratelimit] pgbench not found: run make setup" >&2; exit 1; }
DURATION="${DURATION:-10}"
WORK="$(mktemp -d /tmp/depresso-ratelimit.XXXXXX)"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$WORK"; as_pg=(runuser -u postgres --); fi
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
stop() { "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap stop EXIT
"${as_pg[@]}" "$PG_BIN/initdb" -D "$WORK/data" -U depresso --auth=trust -E UTF8 >/dev/null
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/postgres.log" -w \
  -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1" start >/dev/null
psql=("$PG_BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U depresso -d postgres -v ON_ERROR_STOP=1)

# The tables as the migrations make them (CreateRateLimitWindow, CreateConversationMessage).
"${psql[@]}" <<'SQL'
CREATE TABLE rate_limit_windows (limit_key text NOT NULL, window_start bigint NOT NULL, hits bigint NOT NULL,
  expires_at bigint NOT NULL, UNIQUE (limit_key, window_start));
CREATE TABLE conversation_messages (id uuid PRIMARY KEY, conversation_id uuid NOT NULL, role text NOT NULL,
  content text NOT NULL, mood text, status text NOT NULL, created_at timestamptz);
CREATE INDEX ON conversation_messages (conversation_id);
SQL

cat > "$WORK/message.sql" <<'SQL'
INSERT INTO conversation_messages (id, conversation_id, role, content, mood, status, created_at)
VALUES (gen_random_uuid(), gen_random_uuid(), 'user', repeat('I have been feeling low this week. ', 6), 'sad', 'complete', now());
SQL
limiter_script() {  # $1: the key expression
  cat <<SQL
\set window 29000000
SELECT hits FROM rate_limit_windows WHERE limit_key = $1 AND window_start = :window - 1;
INSERT INTO rate_limit_windows (limit_key, window_start, hits, expires_at) VALUES ($1, :window, 1, 0)
ON CONFLICT (limit_key, window_start) DO UPDATE SET hits = rate_limit_windows.hits + 1
WHERE rate_limit_windows.hits < 1000000000 RETURNING hits;
SQL
}
{ echo '\set account random(1, 1000)'; limiter_script "'chat_per_account:' || :account"; } > "$WORK/limiter-accounts.sql"
limiter_script "'chat_per_address:10.0.0.1'" > "$WORK/limiter-one-address.sql"

run() {  # $1: script, $2: clients -> "tps latency_ms"
  "$PG_BIN/pgbench" -n -M extended -h 127.0.0.1 -p "$PORT" -U depresso -c "$2" -j "$2" -T "$DURATION" \
    -f "$WORK/$1" postgres 2>/dev/null |
    awk '/^latency average/ {lat=$4} /^tps/ {tps=$3} END {printf "%.0f %.2f", tps, lat}'
}

echo "[bench-ratelimit] PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), fsync on, $(nproc) cores, ${DURATION} s per figure"
printf '%-44s %8s %12s %12s\n' "workload" "clients" "per second" "latency ms"
for clients in 1 8; do
  for case in "message.sql:reference: store one chat message" \
              "limiter-accounts.sql:one limit attempt, 1,000 accounts" \
              "limiter-one-address.sql:one limit attempt, everyone at one address"; do
    read -r tps latency <<<"$(run "${case%%:*}" "$clients")"
    printf '%-44s %8s %12s %12s\n' "${case#*:}" "$clients" "$tps" "$latency"
  done
done
