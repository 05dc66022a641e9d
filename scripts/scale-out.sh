#!/usr/bin/env bash
# Scale-out on PostgreSQL (issue 15), started and stopped here end to end:
#   1. a PostgreSQL primary of its own (initdb into a temporary folder, port
#      SCALE_OUT_PORT, default 55432) and a streaming replica of it
#      (pg_basebackup -R into another folder, a second postgres on the next port);
#   2. the operations tests that run two `yuanba serve` instances on that
#      primary: sessions and logout across instances, racing transitions with
#      one winner, gap-free case numbers, a lockout counted across both;
#   3. the replica test: list pages read the replica (proved by pausing its
#      replay: a new application is missing there and present on the
#      primary), a browser that has just written reads the primary, and the
#      list catches up once replay resumes.
# Before the tests it prints the replica's lag: 20 commits on the primary,
# each polled for on the replica until visible.
# Everything it started is stopped and removed on exit, pass or fail.
# Needs PostgreSQL's server binaries (Debian: postgresql); no running server.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${SCALE_OUT_PORT:-55432}"
replica_port=$((port + 1))
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "FATAL: PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) not found" >&2
  exit 1
fi
work="$(mktemp -d /tmp/yuanba-scale-out.XXXXXX)"
chmod 755 "$work"

# initdb and postgres refuse to run as root: run them as `postgres` then.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$work"; fi

stop_all() {
  for dir in replica primary; do
    if [ -f "$work/$dir/postmaster.pid" ]; then
      as_pg "$pg_bin/pg_ctl" -D "$work/$dir" -m immediate stop >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$work"
}
trap stop_all EXIT

start_pg() {
  local dir="$1" p="$2"
  as_pg "$pg_bin/pg_ctl" -D "$work/$dir" -l "$work/$dir.log" -w \
    -o "-p $p -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
}

echo "== primary on port $port"
as_pg "$pg_bin/initdb" -D "$work/primary" -U postgres -A trust --no-sync >/dev/null
start_pg primary "$port"

echo "== streaming replica on port $replica_port"
as_pg "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$work/replica" -R -X stream --no-sync
start_pg replica "$replica_port"
in_recovery="$(psql "postgres://postgres@127.0.0.1:$replica_port/postgres" -Atc 'SELECT pg_is_in_recovery()')"
if [ "$in_recovery" != t ]; then
  echo "FATAL: the replica is not in recovery" >&2
  exit 1
fi
psql "postgres://postgres@127.0.0.1:$port/postgres" -Atc \
  "SELECT 'replication: ' || application_name || ' ' || state FROM pg_stat_replication"

echo "== replica lag: 20 commits on the primary, each waited for on the replica"
primary_url="postgres://postgres@127.0.0.1:$port/postgres"
replica_url="postgres://postgres@127.0.0.1:$replica_port/postgres"
psql "$primary_url" -qAtc 'CREATE TABLE lag_probe (n int PRIMARY KEY)'
lags=()
for n in $(seq 1 20); do
  psql "$primary_url" -qAtc "INSERT INTO lag_probe VALUES ($n)"
  waited=0
  until [ "$(psql "$replica_url" -qAtc "SELECT count(*) FROM lag_probe WHERE n = $n" 2>/dev/null)" = 1 ]; do
    waited=$((waited + 1))
    if [ "$waited" -gt 1000 ]; then
      echo "FATAL: commit $n not on the replica after 1000 polls" >&2
      exit 1
    fi
  done
  # PostgreSQL's own figure for this commit: from its WAL flush on the
  # primary to the replica reporting it replayed (pg_stat_replication).
  lags+=("$(psql "$primary_url" -qAtc \
    "SELECT coalesce(round(extract(epoch FROM replay_lag) * 1000000), 0) FROM pg_stat_replication")")
done
printf '%s\n' "${lags[@]}" | sort -n | awk '{ v[NR] = $1 } END {
  printf "replica replay lag (pg_stat_replication, µs, 20 commits): median %d, p90 %d, max %d\n",
    v[int(NR/2)+1], v[int(NR*0.9)], v[NR] }'
psql "$primary_url" -qAtc 'DROP TABLE lag_probe'

echo "== two instances and the replica: the operations::scale_out and operations::replica tests"
TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" \
  TEST_REPLICA_SERVER_URL="postgres://postgres@127.0.0.1:$replica_port" \
  cargo test --test api -- --include-ignored operations::scale_out operations::replica

echo "== scale-out checks passed"
