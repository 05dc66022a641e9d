#!/usr/bin/env bash
# Instructions per page, independent of how busy the machine is (BENCHMARKS.md,
# "in instructions"). Runs the release server under callgrind on a seeded
# data folder, logs in, warms up, zeroes the counters, requests one page N
# times and dumps the profile.
#
#   scripts/callgrind-page.sh BIN DATA_DIR PORT LOGIN PATH [N]
#   callgrind_annotate --inclusive=yes /tmp/yuanba-callgrind.out.1 | head -60
#
# Divide the PROGRAM TOTALS by N for instructions per page. Accounts from
# `seed-bench` share the password below.
set -euo pipefail
bin=$1 data=$2 port=$3 login=$4 path=$5 n=${6:-50}
base="http://127.0.0.1:$port"
out=/tmp/yuanba-callgrind.out
helper="$(dirname "$0")/bench_http.py"
rm -f "$out" "$out".*
YUANBA_DATA_DIR="$data" YUANBA_BIND="127.0.0.1:$port" RUST_LOG=warn \
  valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" serve >/tmp/yuanba-callgrind-server.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.5; done
cookie=$(python3 "$helper" login "$base" "$login" yuanba-bench-2026)
for _ in 1 2 3 4 5; do curl -s -o /dev/null -H "Cookie: $cookie" "$base$path"; done
callgrind_control -z "$pid" >/dev/null
for _ in $(seq 1 "$n"); do curl -s -o /dev/null -H "Cookie: $cookie" "$base$path"; done
callgrind_control -d "$pid" >/dev/null
sleep 4 # the dump is written after the command returns
echo "profile of $n requests: $out.1"
