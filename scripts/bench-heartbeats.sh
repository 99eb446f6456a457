#!/usr/bin/env bash
# Heartbeats under load (issue 16), on SQLite and PostgreSQL: builds the release server and the
# bench, then runs crates/server/examples/bench_heartbeats.rs (its header says what it measures)
# once per database, each with a kill -9 mid-load.
#   scripts/bench-heartbeats.sh [CONNECTIONS=256] [SECONDS=10] [BACKENDS="sqlite postgres"]
set -euo pipefail
CONNECTIONS=${1:-256}
SECONDS_MEASURED=${2:-10}
BACKENDS=${3:-"sqlite postgres"}
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
cargo build --release -p ganxun --bin ganxun --example bench_heartbeats
BENCH="$TARGET/release/examples/bench_heartbeats"
for backend in $BACKENDS; do
  echo "== $backend"
  if [ "$backend" = postgres ]; then
    # A fresh database each run: the bench fills an empty one.
    psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS ganxun_bench_beats" \
      -c "CREATE DATABASE ganxun_bench_beats" >/dev/null
    "$BENCH" --connections "$CONNECTIONS" --seconds "$SECONDS_MEASURED" --kill 5 \
      --database postgres://postgres@127.0.0.1:5432/ganxun_bench_beats
  else
    "$BENCH" --connections "$CONNECTIONS" --seconds "$SECONDS_MEASURED" --kill 5
  fi
done
