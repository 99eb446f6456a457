#!/usr/bin/env bash
# Benchmark (not a test): people search and list over HTTP at N people.
#   scripts/bench-people.sh [N=1000000] [DURATION=10s] [BACKEND=sqlite|postgres]
# Builds the release binary, generates the demo province once (cached in $BENCH_DIR), starts the
# server, signs in as the training authority (scope: the whole city) and runs wrk for each query
# shape, printing p50/p99 and requests per second. wrk and the server share this machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
DURATION=${2:-10s}
BACKEND=${3:-sqlite}
DIR=${BENCH_DIR:-/tmp/ganxun-bench}
PORT=${BENCH_PORT:-18181}
mkdir -p "$DIR"
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
cargo build --release -p ganxun >/dev/null
BIN=$PWD/target/release/ganxun
export GANXUN_DATA_KEY=${GANXUN_DATA_KEY:-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef}
if [ "$BACKEND" = postgres ]; then
  DB=postgres://postgres@127.0.0.1:5432/ganxun_bench_$N
  psql -h 127.0.0.1 -U postgres -d test -tAc "SELECT 1 FROM pg_database WHERE datname='ganxun_bench_$N'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE ganxun_bench_$N" >/dev/null
else
  DB=$DIR/people-$N.db
fi
ACCOUNTS=$DIR/demo-$BACKEND-$N.txt
if [ ! -s "$ACCOUNTS" ]; then
  echo "generating $N people on $BACKEND …"
  /usr/bin/time -f "demo: %e s, max RSS %M KiB" "$BIN" demo --size "$N" --database "$DB" > "$ACCOUNTS"
fi
PASSWORD=$(awk '$1=="zzb"{print $3}' "$ACCOUNTS")
"$BIN" serve --listen 127.0.0.1:$PORT --database "$DB" 2>"$DIR/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done
API=http://127.0.0.1:$PORT/api/v1
JAR=$DIR/cookies.txt
login() { curl -s -c "$JAR" -H 'content-type: application/json' -d "{\"username\":\"zzb\",\"password\":\"$1\"}" "$API/auth/login"; }
ME=$(login "$PASSWORD")
if echo "$ME" | grep -q '"must_change_password":true'; then
  CSRF=$(echo "$ME" | sed 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/')
  curl -s -b "$JAR" -H "x-csrf-token: $CSRF" -H 'content-type: application/json' \
    -d "{\"old_password\":\"$PASSWORD\",\"new_password\":\"Bench-Pass-2026\"}" "$API/auth/password" >/dev/null
  sed -i "s/ $PASSWORD\$/ Bench-Pass-2026/" "$ACCOUNTS"
  PASSWORD=Bench-Pass-2026
fi
ME=$(login "$PASSWORD")
CSRF=$(echo "$ME" | sed 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/')
TOKEN=$(awk '$6=="ganxun_session"{print $7}' "$JAR")
export BENCH_COOKIE="ganxun_session=$TOKEN"
TOWN=$(curl -s -b "$JAR" "$API/org/units" | grep -o '"id":[0-9]*,"code":"SFX-T03"' | grep -o '[0-9]*' | head -1)
COUNTY=$(curl -s -b "$JAR" "$API/org/units" | grep -o '"id":[0-9]*,"code":"SFX"' | grep -o '[0-9]*' | head -1)
ID_CARD=$(curl -s -b "$JAR" -H "x-csrf-token: $CSRF" -H 'content-type: application/json' -d '{"fields":["id_card"]}' \
  "$API/people/$((N / 2))/reveal" | sed 's/.*"id_card":"\([0-9X]*\)".*/\1/')
declare -a SHAPES=(
  "list first page|/api/v1/people?page=1&page_size=20"
  "list page 50|/api/v1/people?page=50&page_size=20"
  "name prefix 王|/api/v1/people?name=%E7%8E%8B&page_size=20"
  "full name 张伟|/api/v1/people?q=%E5%BC%A0%E4%BC%9F&page_size=20"
  "pinyin initials zw|/api/v1/people?q=zw&page_size=20"
  "exact ID number|/api/v1/people?q=$ID_CARD"
  "unit subtree (a town)|/api/v1/people?unit_id=$TOWN&page_size=20"
  "unit subtree (a county)|/api/v1/people?unit_id=$COUNTY&page_size=20"
  "category reserve_cadre|/api/v1/people?category=reserve_cadre&page_size=20"
  "rank section_chief in county|/api/v1/people?rank=section_chief&unit_id=$COUNTY&page_size=20"
  "detail of one person|/api/v1/people/$((N / 3))"
)
echo "| query | requests | req/s | p50 | p99 | total shown |"
echo "|---|---|---|---|---|---|"
for shape in "${SHAPES[@]}"; do
  NAME=${shape%%|*}
  export BENCH_PATH=${shape#*|}
  TOTAL=$(curl -s -b "$JAR" "http://127.0.0.1:$PORT$BENCH_PATH" | grep -o '"total":[0-9]*,"total_exact":[a-z]*' | head -1)
  OUT=$(wrk -t1 -c4 -d"$DURATION" --latency -s scripts/bench-people.lua "http://127.0.0.1:$PORT")
  REQS=$(echo "$OUT" | awk '/requests in/{print $1}')
  RPS=$(echo "$OUT" | awk '/Requests\/sec/{print $2}')
  P50=$(echo "$OUT" | awk '$1=="50%"{print $2}')
  P99=$(echo "$OUT" | awk '$1=="99%"{print $2}')
  NON2XX=$(echo "$OUT" | awk '/Non-2xx/{print $4}')
  echo "| $NAME | $REQS${NON2XX:+ ($NON2XX non-2xx)} | $RPS | $P50 | $P99 | ${TOTAL:-} |"
done
