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
# BENCH_SUITE=stats measures the statistics pages (issue 13): /admin/stats
# as the admin (district, then filtered to 观音桥街道) and as the coordinator
# (own street), a 老马's /staff/stats/me, and one full download with curl of
# the admin's case list CSV export (/staff/cases/export.csv?queue=all) made
# before any other load, then the same list as XLSX, with the server's peak
# RSS (VmHWM) before and after each: exports stream, so memory stays flat.
#
# BENCH_SUITE=centre measures the resolution centre (issue 16): the board
# /centre as the admin (district) and the coordinator (own street), the
# referral list and its overdue filter, and /admin/stats with the centre's
# section. seed-bench refers every REFERRED case of the history and a third
# of the open intake, so the large database holds tens of thousands of
# referrals.
#
# BENCH_DATA=DIR keeps the databases in DIR (created if missing) and seeds
# only those not there yet, so a second run after a fix skips the seeding.
# On PostgreSQL the kept databases are named after their directory (which
# may be a symlink to another run's, to share its small database) and are
# not dropped at the end; drop them by hand (`psql -l | grep yuanba_bench`).
#
# Other settings: BENCH_PORT (default 18080), BENCH_DURATION (default 10s),
# BENCH_WRITES (posts in the write load, default 400), BENCH_BIN (a built
# binary to measure instead of building one), BENCH_KEEP=1 keeps
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
# BENCH_BIN=PATH measures an already built release binary (the build is skipped).
if [ -n "${BENCH_BIN:-}" ]; then
  bin="$BENCH_BIN"
else
  cargo build --release --bin yuanba >&2
  bin="$PWD/target/release/yuanba"
fi

tmp="${BENCH_DATA:-}"
if [ -n "$tmp" ]; then mkdir -p "$tmp"; else tmp="$(mktemp -d /tmp/yuanba-bench-http.XXXXXX)"; fi
results="$tmp/results.jsonl"
: >"$results"
server_pid=""
pg_databases=()
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  for db in "${pg_databases[@]}"; do
    psql "$pg_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  if [ "${BENCH_KEEP:-0}" != 1 ] && [ -z "${BENCH_DATA:-}" ]; then rm -rf "$tmp"; else echo "kept $tmp" >&2; fi
}
trap cleanup EXIT

# The PostgreSQL database of one name: kept under BENCH_DATA, named after
# the directory it belongs to; otherwise for this run only.
pg_db() {
  local name="$1"
  if [ -n "${BENCH_DATA:-}" ]; then
    echo "yuanba_bench_$(readlink -f "$tmp/$name" | md5sum | cut -c1-12)"
  else
    echo "yuanba_bench_${name}_$$"
  fi
}

# The environment of the server and of seed-bench for one database.
db_env() {
  local name="$1"
  if [ -n "$pg_url" ]; then
    echo "YUANBA_DATA_DIR=$tmp/$name DATABASE_URL=${pg_url%/*}/$(pg_db "$name")"
  else
    echo "YUANBA_DATA_DIR=$tmp/$name"
  fi
}

seed() {
  local name="$1" cases="$2"
  if [ -n "${BENCH_DATA:-}" ] && [ -f "$tmp/$name/seeded" ]; then
    echo "reusing $tmp/$name ($(cat "$tmp/$name/seeded"))" >&2
    return 0
  fi
  mkdir -p "$tmp/$name"
  if [ -n "$pg_url" ]; then
    local db
    db=$(pg_db "$name")
    psql "$pg_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
    psql "$pg_url" -qc "CREATE DATABASE $db" >/dev/null
    if [ -z "${BENCH_DATA:-}" ]; then pg_databases+=("$db"); fi
  fi
  echo "seeding $name: $cases cases" >&2
  env $(db_env "$name") "$bin" seed-bench --cases "$cases" --letters $((cases / 5)) "${people[@]}" >&2
  echo "$cases cases" >"$tmp/$name/seeded"
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
  kb=$(vm_hwm)
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
    local out before after
    before=$(cpu_ticks)
    out=$(wrk -t"$1" -c"$2" -d"$duration" --timeout 15s -s "$lua" "${header[@]}" "$base$path")
    after=$(cpu_ticks)
    local json requests cpu_us
    json=$(grep '^JSON ' <<<"$out" | cut -c6-)
    # The server's own CPU time per answered request (all its threads, user
    # and system): unlike req/s it hardly moves when something else on the
    # machine takes a core, so the large/small ratio of it is the steadier one.
    requests=$(sed -E 's/.*"requests":([0-9]+).*/\1/' <<<"$json")
    cpu_us=0
    if [ "$requests" -gt 0 ]; then cpu_us=$(((after - before) * 1000000 / clk_tck / requests)); fi
    json="${json%\}},\"cpu_us\":$cpu_us}"
    echo "{\"db\":\"$name\",\"page\":\"$page\",\"conns\":$2,\"wrk\":$json}" >>"$results"
    echo "  $page c$2: $json" >&2
  done
}

vm_hwm() { awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status"; }
clk_tck=$(getconf CLK_TCK)
# utime + stime of the server process (fields 14 and 15), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }

# export_once DB PATH COOKIE MARKER: one full download with curl, before any
# other load; the server's peak RSS before and after, the time and size.
export_once() {
  local name="$1" path="$2" cookie="$3" marker="$4"
  local before after out code bytes secs lines
  before=$(vm_hwm)
  out=$(curl -s -o "$tmp/export-$name.csv" -H "Cookie: $cookie" \
    -w '%{http_code} %{size_download} %{time_total}' "$base$path")
  after=$(vm_hwm)
  read -r code bytes secs <<<"$out"
  if [ "$code" != 200 ] || ! head -c 4096 "$tmp/export-$name.csv" | grep -q "$marker"; then
    echo "$path: HTTP $code, marker $marker missing" >&2
    exit 1
  fi
  # An XLSX file is a zip: its size is reported, not its lines.
  if [ "$marker" = PK ]; then lines=-1; else lines=$(($(wc -l <"$tmp/export-$name.csv") - 1)); fi
  rm -f "$tmp/export-$name.csv"
  echo "  export $path: HTTP $code, $bytes bytes, $lines lines after the header, ${secs}s, VmHWM $before -> $after kB" >&2
  echo "{\"db\":\"$name\",\"kind\":\"export\",\"path\":\"$path\",\"bytes\":$bytes,\"lines\":$lines,\"seconds\":$secs,\"before_kb\":$before,\"after_kb\":$after}" >>"$results"
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
  elif [ "$suite" = centre ]; then
    pages=(
      "/healthz|/healthz||"
      "/centre board (admin: district)|/centre|$admin|id=\"by-channel\"&&data-channel=\"sector_committee\"&&id=\"by-street\""
      "/centre board (coordinator: own street)|/centre|$coordinator|id=\"by-channel\"&&data-channel=\"sector_committee\""
      "/centre/referrals (admin: in hand)|/centre/referrals|$admin|class=\"referral-row"
      "/centre/referrals?overdue=1 (coordinator)|/centre/referrals?overdue=1|$coordinator|<h1>"
      "/admin/stats with the centre section (admin)|/admin/stats|$admin|id=\"stats-centre\"&&class=\"mediator-row\""
    )
  elif [ "$suite" = stats ]; then
    export_once "$name" "/staff/cases/export.csv?queue=all" "$admin" "案号"
    export_once "$name" "/staff/cases/export.xlsx?queue=all" "$admin" "PK"
    local street
    street=$(python3 "$helper" option "$base" "$admin" /admin/stats street 观音桥街道)
    # Markers (all must be there, "&&" between them): the scope shown, a
    # mediator row, and the page's last section, so the whole page rendered.
    pages=(
      "/healthz|/healthz||"
      "/admin/stats (admin: district, last 12 months)|/admin/stats|$admin|class=\"mediator-row\"&&data-figure=\"seniors\""
      "/admin/stats?street= (admin: 观音桥街道)|/admin/stats?street=$street|$admin|id=\"stats-scope\">观音桥街道&&class=\"mediator-row\"&&id=\"stats-stages\""
      "/admin/stats (coordinator: own street)|/admin/stats|$coordinator|id=\"stats-scope\">观音桥街道&&class=\"mediator-row\"&&id=\"stats-stages\""
      "/staff/stats/me (老马)|/staff/stats/me|$laoma|data-figure=\"satisfaction\""
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
      "mediator 待我审核 (老马)|/staff/cases?queue=review|$laoma|class=\"table case-table\""
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
