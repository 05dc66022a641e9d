#!/usr/bin/env bash
# Runs the benchmarks and prints Markdown tables for BENCHMARKS.md.
# Each benchmark measures a small baseline and the large case in the same run
# and reports ratios, because these machines are noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${BENCH_ROWS:-1000000}"
echo "## SQLite"
BENCH_ROWS="$rows" env -u BENCH_DATABASE_URL cargo bench --bench case_queues
if [ -n "${BENCH_DATABASE_URL:-}" ]; then
  echo "## PostgreSQL"
  BENCH_ROWS="$rows" cargo bench --bench case_queues
fi
