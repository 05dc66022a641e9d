#!/usr/bin/env bash
# HTTP benchmark of the staff pages (issue 10): builds a small and a large
# database with `yuanba seed-bench`, starts the release server on each,
# logs in as each role with real cookies, checks every page answers its
# real content, then drives each page and /healthz with wrk in the same
# run and prints one Markdown table.
#
#   scripts/bench-http.sh                                  # SQLite, 10k vs 1M cases
#   BENCH_SMALL=10000 BENCH_LARGE=100000 scripts/bench-http.sh
#   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres scripts/bench-http.sh   # large default 300k
#
# BENCH_SUITE=mentoring measures the 老马带小马 pages instead, on a district
# of 4,000 小马 and 500 老马 (issue 12); BENCH_TRAINEES and BENCH_SENIORS
# change those numbers.
#
# Other settings: BENCH_PORT (default 18080), BENCH_DURATION (default 10s),
# BENCH_WRITES (posts in the write load, default 400), BENCH_KEEP=1 keeps
# the temporary directory (databases and server logs).
#
# Runtime: per database, 10 URLs × (2 s warm-up + 3 × BENCH_DURATION), about
# 5 minutes at the defaults, plus seeding (1M cases on SQLite: a few minutes)
# and the release build; about 15–20 minutes in all for 10k vs 1M.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_url="${BENCH_DATABASE_URL:-}"
small="${BENCH_SMALL:-10000}"
if [ -n "$pg_url" ]; then large="${BENCH_LARGE:-300000}"; else large="${BENCH_LARGE:-1000000}"; fi
port="${BENCH_PORT:-18080}"
duration="${BENCH_DURATION:-10s}"
writes="${BENCH_WRITES:-400}"
suite="${BENCH_SUITE:-staff}"
people=()
if [ "$suite" = mentoring ]; then
  people=(--trainees "${BENCH_TRAINEES:-4000}" --seniors "${BENCH_SENIORS:-500}")
fi
password="yuanba-bench-2026"
base="http://127.0.0.1:$port"
helper="scripts/bench_http.py"
lua="scripts/bench-http.lua"

if ! command -v wrk >/dev/null; then
  echo "installing wrk from Debian" >&2
  apt-get install -y wrk >/dev/null
fi
cargo build --release --bin yuanba >&2
bin="$PWD/target/release/yuanba"

tmp="$(mktemp -d /tmp/yuanba-bench-http.XXXXXX)"
results="$tmp/results.jsonl"
server_pid=""
pg_databases=()
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  for db in "${pg_databases[@]}"; do
    psql "$pg_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  if [ "${BENCH_KEEP:-0}" != 1 ]; then rm -rf "$tmp"; else echo "kept $tmp" >&2; fi
}
trap cleanup EXIT

# The environment of the server and of seed-bench for one database.
db_env() {
  local name="$1"
  if [ -n "$pg_url" ]; then
    echo "YUANBA_DATA_DIR=$tmp/$name DATABASE_URL=${pg_url%/*}/yuanba_bench_${name}_$$"
  else
    echo "YUANBA_DATA_DIR=$tmp/$name"
  fi
}

seed() {
  local name="$1" cases="$2"
  mkdir -p "$tmp/$name"
  if [ -n "$pg_url" ]; then
    psql "$pg_url" -qc "CREATE DATABASE yuanba_bench_${name}_$$" >/dev/null
    pg_databases+=("yuanba_bench_${name}_$$")
  fi
  echo "seeding $name: $cases cases" >&2
  env $(db_env "$name") "$bin" seed-bench --cases "$cases" --letters $((cases / 5)) "${people[@]}" >&2
}

start_server() {
  local name="$1"
  # All load comes from this one machine: lift the per-address allowance for
  # public submissions, which would otherwise refuse the write load.
  env $(db_env "$name") YUANBA_BIND="127.0.0.1:$port" YUANBA_SUBMISSIONS_PER_ADDRESS=1000000 \
    "$bin" serve >"$tmp/server-$name.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -fs "$base/healthz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "server did not start; see $tmp/server-$name.log" >&2
  exit 1
}

stop_server() {
  local name="$1"
  local kb
  kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status")
  echo "{\"db\":\"$name\",\"kind\":\"rss\",\"kb\":$kb}" >>"$results"
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# run_wrk DB PAGE PATH COOKIE: warm-up, then 16, 32 and 1 connection(s).
run_wrk() {
  local name="$1" page="$2" path="$3" cookie="$4"
  local header=()
  [ -n "$cookie" ] && header=(-H "Cookie: $cookie")
  wrk -t2 -c16 -d2s --timeout 15s "${header[@]}" "$base$path" >/dev/null
  for spec in "2 16" "2 32" "1 1"; do
    set -- $spec
    local out
    out=$(wrk -t"$1" -c"$2" -d"$duration" --timeout 15s -s "$lua" "${header[@]}" "$base$path")
    local json
    json=$(grep '^JSON ' <<<"$out" | cut -c6-)
    echo "{\"db\":\"$name\",\"page\":\"$page\",\"conns\":$2,\"wrk\":$json}" >>"$results"
    echo "  $page c$2: $json" >&2
  done
}

bench_database() {
  local name="$1"
  start_server "$name"
  local admin coordinator laoma xiaoma
  admin=$(python3 "$helper" login "$base" bench-admin "$password")
  coordinator=$(python3 "$helper" login "$base" bench-coordinator "$password")
  laoma=$(python3 "$helper" login "$base" bench-laoma "$password")
  xiaoma=$(python3 "$helper" login "$base" bench-xiaoma "$password")
  local pages
  if [ "$suite" = mentoring ]; then
    local record pairing
    record=$(python3 "$helper" first-link "$base" "$laoma" /mentoring /mentoring/mediators/)
    pairing=$(python3 "$helper" first-link "$base" "$laoma" /mentoring /mentoring/pairings/)
    pages=(
      "/healthz|/healthz||"
      "/mentoring (老马: 3 mentees, reviews, debriefs)|/mentoring|$laoma|pending-reviews"
      "/mentoring (小马: progress, feedback)|/mentoring|$xiaoma|my-feedback"
      "/mentoring (admin: studios, loads, graduations)|/mentoring|$admin|by-studio"
      "training record (老马 views mentee)|$record|$laoma|credit-led"
      "pairing page (老马)|$pairing|$laoma|<h1>"
      "/admin/studios|/admin/studios|$admin|<h1>"
      "/admin/mentoring settings|/admin/mentoring|$admin|<h1>"
    )
  else
    local case_path search
    case_path=$(python3 "$helper" first-case "$base" "$admin" "/staff/cases?queue=all&state=MEDIATING")
    search="/staff/cases?queue=all&q=%E7%8E%8B%E5%BB%BA"   # 王建, a common name prefix
    # page label | path | cookie | marker of the real page
    pages=(
      "/healthz|/healthz||"
      "coordinator queue|/staff/cases|$coordinator|class=\"tabs\""
      "mediator 我的案件 (老马)|/staff/cases?queue=mine|$laoma|class=\"tabs\""
      "mediator 已结束 history (老马)|/staff/cases?queue=ended|$laoma|class=\"table case-table\""
      "mediator 待我审核 (老马)|/staff/cases?queue=review|$laoma|class=\"tabs\""
      "admin all cases|/staff/cases?queue=all|$admin|class=\"table case-table\""
      "admin state filter (MEDIATING)|/staff/cases?queue=all&state=MEDIATING|$admin|class=\"table case-table\""
      "party-name search 王建|$search|$admin|class=\"table case-table\""
      "case page|$case_path|$admin|人调字第"
      "workbench /staff (小马)|/staff|$xiaoma|<h1>"
    )
  fi
  local entry page path cookie marker
  for entry in "${pages[@]}"; do
    IFS='|' read -r page path cookie marker <<<"$entry"
    if [ -n "$marker" ]; then python3 "$helper" check "$base" "$cookie" "$path" "$marker" >&2; fi
  done
  for entry in "${pages[@]}"; do
    IFS='|' read -r page path cookie marker <<<"$entry"
    run_wrk "$name" "$page" "$path" "$cookie"
  done
  local w
  w=$(python3 "$helper" writes "$base" "$writes" 4)
  echo "  writes: $w" >&2
  echo "{\"db\":\"$name\",\"kind\":\"writes\",${w#\{}" >>"$results"
  stop_server "$name"
}

seed small "$small"
seed large "$large"
echo "benchmarking $small cases" >&2
bench_database small
echo "benchmarking $large cases" >&2
bench_database large

backend=sqlite
[ -n "$pg_url" ] && backend=postgresql
echo
echo "Suite: $suite. Backend: $backend; $(date -u '+%Y-%m-%d %H:%M UTC'); wrk -t2 -c16 -d$duration after a 2 s warm-up, then -t2 -c32 and -t1 -c1; $(nproc) cores."
echo
python3 "$helper" table "$results" "$small" "$large"
