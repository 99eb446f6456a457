#!/usr/bin/env bash
# Property-based fuzzing of every operation in the OpenAPI document (issue 14), on SQLite and on
# PostgreSQL: schemathesis, installed from PyPI into a virtualenv, sends generated valid and
# invalid requests as a signed-in training authority to a `ganxun serve` this script starts on
# a small demo county, and fails on any 5xx answer (its `not_a_server_error` check).
#
# Usage: scripts/fuzz-api.sh [sqlite] [postgres]      (both when none is named)
# Environment:
#   GANXUN_BIN               the ganxun binary (default: the debug build the tests made, under
#                            $CARGO_TARGET_DIR or target/; built with the test binary if absent)
#   GANXUN_FUZZ_SECONDS      schemathesis' time budget per database (default 120; with the demo
#                            data and start-up a database takes about 2.5 minutes)
#   GANXUN_FUZZ_EXAMPLES     test cases per operation and phase (default 8)
#   GANXUN_FUZZ_SEED         the random seed (default: a new one, printed to replay a run)
#   GANXUN_FUZZ_VENV         the virtualenv (default ~/.cache/ganxun-ci/fuzz-venv)
#   GANXUN_TEST_POSTGRES     PostgreSQL admin URL (default postgres://postgres@127.0.0.1:5432/test)
#   GANXUN_REQUIRE_POSTGRES  1: an unreachable PostgreSQL fails the run instead of skipping it
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
seconds=${GANXUN_FUZZ_SECONDS:-120}
examples=${GANXUN_FUZZ_EXAMPLES:-8}
seed=${GANXUN_FUZZ_SEED:-$((RANDOM * 32768 + RANDOM))}
venv=${GANXUN_FUZZ_VENV:-$HOME/.cache/ganxun-ci/fuzz-venv}
pg_admin=${GANXUN_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}
databases=("$@")
[ ${#databases[@]} -gt 0 ] || databases=(sqlite postgres)

# The fuzzer, in its own virtualenv, pinned so a run can be replayed. Under a lock: CI fuzzes
# the two databases at once, and only one of them may install it.
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
flock -u 9
py="$venv/bin/python"

# The server: the binary the test run already built, so CI compiles nothing more.
bin=${GANXUN_BIN:-${CARGO_TARGET_DIR:-target}/debug/ganxun}
if [ ! -x "$bin" ]; then
  echo "fuzz: $bin missing; building it with the test binary" >&2
  cargo test -p ganxun --test api --no-run --locked >&2
fi

work=$(mktemp -d)
server_pid=""
pg_database=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$pg_database" ]; then psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

hex() { "$py" -c "import secrets; print(secrets.token_hex($1))"; }
free_port() { "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Runs the fuzzer against one database URL; prints a figures line; returns non-zero on a 5xx.
fuzz() {
  local name=$1 url=$2 port base log
  export GANXUN_DATA_KEY
  GANXUN_DATA_KEY=$(hex 32)
  local password
  password="Fuzz-$(hex 8)"
  "$bin" demo --database "$url" --size 200 >"$work/$name-demo.log" 2>&1
  "$bin" user create --database "$url" --username fuzz-officer --password "$password" \
    --role training_authority --no-change-required >"$work/$name-user.log" 2>&1
  port=$(free_port)
  base="http://127.0.0.1:$port/api/v1"
  # The fuzzer has no authenticator app: the second factor shipped as required of the
  # authority is not required here, or every operation would answer "set it up first".
  GANXUN_SECURITY__SECOND_FACTOR__REQUIRED_ROLES='[]' \
    "$bin" serve --listen "127.0.0.1:$port" --database "$url" >"$work/$name-server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "$base/health" >/dev/null || { echo "fuzz: the server did not start"; cat "$work/$name-server.log"; return 1; }

  # Sign in: the session cookie and the CSRF token go on every fuzzed request.
  local login token csrf
  login=$(curl -fs -D "$work/headers" -H 'content-type: application/json' \
    -d "{\"username\":\"fuzz-officer\",\"password\":\"$password\"}" "$base/auth/login")
  token=$(grep -i '^set-cookie: ganxun_session=' "$work/headers" | head -1 | sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r')
  csrf=$("$py" -c 'import json, sys; print(json.load(sys.stdin)["csrf_token"])' <<<"$login")

  log="$work/$name-fuzz.log"
  local started=$SECONDS rc=0
  # Signing out or changing the password would end the session for the rest of the run.
  # Run from the scratch folder: schemathesis keeps a cache folder in its working directory.
  (cd "$work" && "$venv/bin/schemathesis" run "$base/openapi.json" --url "$base" \
    -H "Cookie: ganxun_session=$token" -H "x-csrf-token: $csrf" \
    --checks not_a_server_error --max-examples "$examples" --max-time "$seconds" \
    --seed "$seed" --workers 1 --request-timeout 30 --no-color \
    --exclude-path-regex '^/auth/(logout|password)$' \
    --report ndjson --report-ndjson-path "$work/$name.ndjson") >"$log" 2>&1 || rc=$?
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""

  # Figures: operations and test cases from schemathesis' summary, responses and 5xx counted
  # from its event log.
  local operations cases answers
  operations=$(grep -m1 -o 'Tested: [0-9]*' "$log" | grep -o '[0-9]*' || echo "?")
  cases=$(grep -o '[0-9][0-9]* generated' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
  answers=$("$py" - "$work/$name.ndjson" <<'PY'
import json, sys
responses = errors = 0
for line in open(sys.argv[1], encoding="utf-8"):
    if '"ScenarioFinished"' not in line:
        continue
    finished = json.loads(line)["ScenarioFinished"]
    for interaction in ((finished.get("recorder") or {}).get("interactions") or {}).values():
        status = (interaction.get("response") or {}).get("status_code")
        if status is not None:
            responses += 1
            errors += status >= 500
print(f"{responses} responses, {errors} 5xx")
PY
)
  echo "fuzz ($name): $operations operations, $cases test cases, $answers, $((SECONDS - started)) s, seed $seed"
  # Schemathesis also exits 1 on an error of its own (a Python traceback inside the generator,
  # reported as "Runtime Error"). The run fails on what the server did: a 5xx, a failed check or
  # a lost connection; an error of the tool alone is shown and does not fail it.
  if [ "$rc" -ne 0 ] && [[ $answers == *" 0 5xx" ]] && ! grep -q 'unique failure' "$log" \
    && ! grep -qiE 'network error|connection (error|reset|refused|aborted)' "$log"; then
    echo "fuzz ($name): schemathesis stopped on an error of its own, not an answer of the server:"
    sed -n '/= ERRORS =/,/Traceback/p' "$log"
    rc=0
  fi
  if [ "$rc" -eq 0 ]; then
    tail -n 25 "$log"
  else
    cat "$log"
    echo "fuzz ($name): schemathesis failed (exit $rc); the server's errors:"
    grep -aE 'panicked|ERROR' "$work/$name-server.log" | tail -n 20 || true
  fi
  return "$rc"
}

status=0
for name in "${databases[@]}"; do
  case $name in
    sqlite)
      fuzz sqlite "$work/fuzz.db" || status=1
      ;;
    postgres)
      if ! command -v psql >/dev/null || ! psql -q "$pg_admin" -c 'SELECT 1' >/dev/null 2>&1; then
        if [ "${GANXUN_REQUIRE_POSTGRES:-}" = 1 ]; then
          echo "fuzz: PostgreSQL is required but not reachable at $pg_admin"; status=1
        else
          echo "fuzz: SKIPPED PostgreSQL: not reachable at $pg_admin"
        fi
        continue
      fi
      pg_database="ganxun_fuzz_$$"
      psql -q "$pg_admin" -c "CREATE DATABASE $pg_database" >/dev/null
      fuzz postgres "${pg_admin%/*}/$pg_database" || status=1
      psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" >/dev/null 2>&1 || true
      pg_database=""
      ;;
    *) echo "fuzz: unknown database '$name' (sqlite or postgres)"; exit 2 ;;
  esac
done
exit "$status"
