#!/usr/bin/env bash
# Where one page's database time goes: starts the release server on an
# existing data directory with every statement logged (YUANBA_SLOW_QUERY_MS=0,
# SQL only, never the bound values), logs in, requests PATH three times to
# warm up, then once more, and prints that request's statements summed by
# SQL text, slowest first.
#
#   scripts/query-profile.sh DATA_DIR PATH [USER]     # USER default bench-admin
#   QP_BIN=target/release/yuanba QP_PORT=18099 DATABASE_URL=postgres://… scripts/query-profile.sh …
#
# DATA_DIR is a `seed-bench` directory (see scripts/bench-http.sh, BENCH_DATA),
# whose accounts have the password yuanba-bench-2026.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$1" path="$2" user="${3:-bench-admin}"
bin="${QP_BIN:-target/release/yuanba}"
port="${QP_PORT:-18099}"
base="http://127.0.0.1:$port"
log="$(mktemp /tmp/yuanba-query-profile.XXXXXX)"
YUANBA_DATA_DIR="$dir" YUANBA_BIND="127.0.0.1:$port" YUANBA_SLOW_QUERY_MS=0 YUANBA_LOG=warn \
  YUANBA_LOG_FORMAT=json "$bin" serve >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
cookie=$(python3 scripts/bench_http.py login "$base" "$user" yuanba-bench-2026)
for _ in 1 2 3; do curl -s -o /dev/null -H "Cookie: $cookie" "$base$path"; done
sleep 0.5
start=$(wc -l <"$log")
took=$(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: $cookie" "$base$path")
sleep 0.5
echo "$path as $user: the request took ${took} s (curl)"
tail -n +"$((start + 1))" "$log" | python3 -c '
import collections, json, sys
total = collections.defaultdict(lambda: [0, 0.0])
for line in sys.stdin:
    try:
        fields = json.loads(line)
        ms, sql = float(fields["ms"]), fields["sql"]
    except (ValueError, KeyError):
        continue
    cell = total[sql[:150]]
    cell[0] += 1
    cell[1] += ms
print("%d statements, %.2f ms in all" % (sum(c for c, _ in total.values()), sum(ms for _, ms in total.values())))
for sql, (count, ms) in sorted(total.items(), key=lambda kv: -kv[1][1])[:20]:
    print("%7.2f ms %3dx  %s" % (ms, count, sql))
'
