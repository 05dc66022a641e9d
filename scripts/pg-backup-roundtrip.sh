#!/usr/bin/env bash
# PostgreSQL backup round trip, both documented ways (README: Backup and restore):
#   1. `yuanba backup` / `yuanba restore` (they wrap pg_dump -Fc / pg_restore and carry uploads/);
#   2. plain `pg_dump -Fc` / `pg_restore` plus a copy of uploads/.
# Fills a scratch database with a generated history and a stand-in upload, backs it up,
# restores into new empty databases, and proves the row count of every table and every
# upload equal. Drops everything it created. Uses target/debug/yuanba (or $YUANBA_BIN).
# ROUNDTRIP_CASES (default 300) sizes the history: ROUNDTRIP_CASES=1000000 with a
# release YUANBA_BIN times the backup and both restores of a district-scale database.
set -euo pipefail
cd "$(dirname "$0")/.."

ADMIN_URL="${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
BIN="${YUANBA_BIN:-target/debug/yuanba}"
[ -x "$BIN" ] || nice -n 15 cargo build --quiet
BASE="${ADMIN_URL%/*}"
SRC="yuanba_roundtrip_src_$$"
DST="yuanba_roundtrip_dst_$$"
RAW="yuanba_roundtrip_raw_$$"
WORK="$(mktemp -d)"
CASES="${ROUNDTRIP_CASES:-300}"
LETTERS=$(( CASES < 1500 ? 300 : CASES / 5 ))
# Seconds since $1 (a `date +%s.%N`), to one decimal.
since() { python3 -c "import sys,time; print(f'{time.time() - float(sys.argv[1]):.1f}')" "$1"; }

cleanup() {
  for db in "$SRC" "$DST" "$RAW"; do
    psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# Row count of every table in the public schema, one "table count" line each.
counts() {
  psql "$1" -At -F ' ' -c "
    SELECT table_name,
           (xpath('/row/n/text()',
                  query_to_xml(format('SELECT count(*) AS n FROM public.%I', table_name), false, true, '')))[1]::text
    FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
    ORDER BY table_name"
}

for db in "$SRC" "$DST" "$RAW"; do psql "$ADMIN_URL" -qc "CREATE DATABASE $db"; done
export YUANBA_ADMIN_PASSWORD="roundtrip-admin-2026"

echo "== populate $SRC"
DATABASE_URL="$BASE/$SRC" YUANBA_DATA_DIR="$WORK/src" "$BIN" seed-bench --cases 300 --letters 300 >/dev/null
mkdir -p "$WORK/src/uploads/letters"
head -c 65536 /dev/urandom > "$WORK/src/uploads/letters/roundtrip-stand-in.png"
counts "$BASE/$SRC" > "$WORK/src.counts"
echo "$(wc -l < "$WORK/src.counts") tables, $(awk '{s+=$2} END {print s}' "$WORK/src.counts") rows"

echo "== 1. yuanba backup / yuanba restore"
started=$(date +%s.%N)
DATABASE_URL="$BASE/$SRC" YUANBA_DATA_DIR="$WORK/src" "$BIN" backup "$WORK/bundle"
echo "backup took $(since "$started") s ($(du -sh "$WORK/bundle" | cut -f1))"
started=$(date +%s.%N)
DATABASE_URL="$BASE/$DST" YUANBA_DATA_DIR="$WORK/dst" "$BIN" restore "$WORK/bundle"
echo "restore took $(since "$started") s"
counts "$BASE/$DST" > "$WORK/dst.counts"
diff -u "$WORK/src.counts" "$WORK/dst.counts"
diff -r "$WORK/src/uploads" "$WORK/dst/uploads"
if [ -f "$WORK/src/session.key" ]; then cmp "$WORK/src/session.key" "$WORK/dst/session.key"; fi
echo "row counts of every table, uploads and session key: equal"
if DATABASE_URL="$BASE/$DST" YUANBA_DATA_DIR="$WORK/dst" "$BIN" restore "$WORK/bundle" 2>/dev/null; then
  echo "FAIL: a restore over a database that holds Yuanba was not refused" >&2
  exit 1
fi
echo "a second restore over the restored database: refused, as it must be"

echo "== 2. plain pg_dump -Fc / pg_restore + a copy of uploads/"
started=$(date +%s.%N)
pg_dump --format=custom --no-owner --no-privileges --file="$WORK/raw.pgdump" "$BASE/$SRC"
echo "pg_dump took $(since "$started") s ($(du -h "$WORK/raw.pgdump" | cut -f1))"
started=$(date +%s.%N)
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$BASE/$RAW" "$WORK/raw.pgdump"
echo "pg_restore took $(since "$started") s"
cp -a "$WORK/src/uploads" "$WORK/raw-uploads"
counts "$BASE/$RAW" > "$WORK/raw.counts"
diff -u "$WORK/src.counts" "$WORK/raw.counts"
diff -r "$WORK/src/uploads" "$WORK/raw-uploads"
echo "row counts of every table and uploads: equal"
echo "pg-backup-roundtrip: OK"
