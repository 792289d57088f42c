#!/usr/bin/env bash
# Smoke-test the BUILT app (dist/ccplan/, from packaging/build.sh): run the frozen executable, not the sources.
#
#   packaging/smoke-test.sh [dist/ccplan/ccplan]
#
# Checks: --version; validate (text and --json) on a sample; schedule, cost, a short simulation; a new
# project file written and read back; an old-schema (0001) project upgraded on open, with its backup, to the
# same plan as the fixture's expected JSON; the Excel export; a PostgreSQL team database URL (keyring,
# psycopg, libpq); the window opened on the sample with the offscreen Qt platform, and on a virtual X server
# when Xvfb is installed; on Linux, no bundled library with an unresolved dependency. Exit 0 when all pass.
set -uo pipefail
cd "$(dirname "$0")/.."

BIN=${1:-dist/ccplan/ccplan}
[ -f "$BIN.exe" ] && BIN="$BIN.exe"
SAMPLE=sample_projects/midshire.json
FIXTURE=tests/storage/fixtures/schema-0001.ccplan
EXPECTED=tests/storage/fixtures/schema-0001.expected.json
PY=$(command -v python3 || command -v python || true)  # only to read JSON output; any Python 3 will do
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ccplan-smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export CCPLAN_CONFIG_DIR="$WORK/config" CCPLAN_DATA_DIR="$WORK/data"

failures=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failures=$((failures + 1)); }
# check NAME COMMAND...: run COMMAND, output to $WORK/out and $WORK/err; pass when it exits 0.
check() {
  local name=$1; shift
  local start=$SECONDS
  if "$@" >"$WORK/out" 2>"$WORK/err"; then
    pass "$name ($((SECONDS - start)) s)"
  else
    fail "$name (exit $?)"; sed 's/^/     | /' "$WORK/err" | tail -15
  fi
}
json_has() {  # json_has FILE PYTHON-EXPRESSION-ON-d: the JSON in FILE satisfies the expression
  [ -z "$PY" ] && return 0
  "$PY" -c "import json,sys; d=json.load(open(sys.argv[1], encoding='utf-8')); sys.exit(0 if ($2) else 1)" "$1"
}

if [ ! -x "$BIN" ]; then
  echo "smoke-test: $BIN not found; build it first with packaging/build.sh" >&2
  exit 2
fi
echo "smoke-testing $BIN ($(du -sh "$(dirname "$BIN")" | cut -f1))"

want=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)
check "--version" "$BIN" --version
if [ "$(tr -d '\r' <"$WORK/out")" = "ccplan $want" ]; then pass "--version says 'ccplan $want'"
else fail "--version said '$(cat "$WORK/out")', expected 'ccplan $want'"; fi

check "validate $SAMPLE" "$BIN" validate "$SAMPLE"
check "validate --json" "$BIN" validate "$SAMPLE" --json
cp "$WORK/out" "$WORK/validate.json"
if json_has "$WORK/validate.json" "d['ok'] is True and d['errors'] == 0"; then pass "validate --json: ok, 0 errors"
else fail "validate --json output"; head -c 300 "$WORK/validate.json"; fi

check "schedule --json (calendar, bank holidays)" "$BIN" schedule "$SAMPLE" --json
cp "$WORK/out" "$WORK/schedule.json"
if json_has "$WORK/schedule.json" "d['finish'] and d['tasks']"; then pass "schedule --json has a finish and tasks"
else fail "schedule --json output"; fi
check "cost --json" "$BIN" cost "$SAMPLE" --json
check "simulate (500 iterations)" "$BIN" simulate "$SAMPLE" --iterations 500 --seed 1 --json

# Project files: SQLAlchemy + SQLite, and Alembic loading the migrations from the folder.
check "new .ccplan from a sample (stamps the schema)" "$BIN" new "$WORK/new.ccplan" --sample midshire
check "validate the new .ccplan" "$BIN" validate "$WORK/new.ccplan"
cp "$FIXTURE" "$WORK/old.ccplan"
check "dump a schema-0001 file (Alembic upgrade on open)" "$BIN" dump "$WORK/old.ccplan"
cp "$WORK/out" "$WORK/upgraded.json"
if [ -f "$WORK/old.ccplan.bak-0001" ]; then pass "the upgrade kept old.ccplan.bak-0001"
else fail "no backup after the upgrade: $(ls "$WORK")"; fi
check "dump the fixture's expected JSON" "$BIN" dump "$EXPECTED"
if cmp -s "$WORK/out" "$WORK/upgraded.json"; then pass "the upgraded plan equals schema-0001.expected.json"
else fail "the upgraded plan differs from schema-0001.expected.json"; fi
check "export --xlsx (openpyxl, holidays metadata)" "$BIN" export "$WORK/new.ccplan" --xlsx "$WORK/plan.xlsx"

# A team database on PostgreSQL that is not there: the password lookup asks the system keyring, then
# psycopg and libpq try to connect and are refused. Exit 2 with libpq's refusal shows both are in the build.
"$BIN" --db "postgresql+psycopg://nobody@127.0.0.1:9/none" validate >"$WORK/out" 2>"$WORK/err"
status=$?
if [ $status -eq 2 ] && grep -qi "connect" "$WORK/err" && ! grep -Eqi "no module|unexpected error" "$WORK/err"
then pass "team database URL: keyring consulted, psycopg + libpq refused by the server as expected"
else fail "team database URL (exit $status)"; sed 's/^/     | /' "$WORK/err" | tail -5; fi

# A team database the built app creates and reads back: SQLite by URL always, and the real PostgreSQL
# server when .ci/run started one (CCPLAN_TEST_POSTGRES_URL) and psql is there to make a fresh database.
check "team database (SQLite URL): publish a sample" "$BIN" --db "sqlite:///$WORK/team.db" new --sample midshire
check "team database (SQLite URL): validate" "$BIN" --db "sqlite:///$WORK/team.db" validate
if [ -n "${CCPLAN_TEST_POSTGRES_URL:-}" ] && command -v psql >/dev/null 2>&1; then
  SERVER="${CCPLAN_TEST_POSTGRES_URL/postgresql+psycopg:/postgresql:}"
  DB="ccplan_smoke_$$"
  if psql -q "$SERVER" -c "CREATE DATABASE $DB" >/dev/null 2>"$WORK/err"; then
    TEAM="${CCPLAN_TEST_POSTGRES_URL%/*}/$DB"
    check "team database (PostgreSQL): publish a sample" "$BIN" --db "$TEAM" import "$SAMPLE"
    check "team database (PostgreSQL): schedule --json" "$BIN" --db "$TEAM" schedule --json
    psql -q "$SERVER" -c "DROP DATABASE $DB WITH (FORCE)" >/dev/null 2>&1 || true
  else
    fail "could not create a PostgreSQL database for the smoke test"; sed 's/^/     | /' "$WORK/err" | tail -5
  fi
fi

# The window: start it on the sample, let it run, and make sure it is still up and said nothing alarming.
# (ccplan has no --quit-after option, so the process is stopped after a while.) The Summary page is shown
# first so that a matplotlib chart is drawn on the Qt canvas.
mkdir -p "$CCPLAN_CONFIG_DIR"
printf '[window]\ntab=7\n' >"$CCPLAN_CONFIG_DIR/ccplan.ini"
gui() {  # gui NAME SECONDS COMMAND...
  local name=$1 seconds=$2; shift 2
  # Qt's painting log says when the main window's pixels reach its window, and that a chart canvas exists.
  QT_LOGGING_RULES="qt.widgets.painting=true" QT_MESSAGE_PATTERN="%{category}: %{message}" \
    "$@" >"$WORK/gui.out" 2>"$WORK/gui.log" &
  local pid=$! waited=0
  while [ $waited -lt "$seconds" ] && kill -0 $pid 2>/dev/null; do sleep 1; waited=$((waited + 1)); done
  if kill -0 $pid 2>/dev/null; then
    kill $pid 2>/dev/null; wait $pid 2>/dev/null
    grep -v "^qt.widgets.painting: " "$WORK/gui.log" >"$WORK/gui.err"
    if grep -Eqi "traceback|error|could not|cannot|failed" "$WORK/gui.err"; then
      fail "$name: still running after ${seconds} s, but it complained:"; sed 's/^/     | /' "$WORK/gui.err" | head -20
    elif ! grep -q "Flushing .* of MainWindow" "$WORK/gui.log"; then
      fail "$name: running, but the main window was never painted"
    else
      pass "$name: window painted and up for ${seconds} s, nothing on stderr"
      if grep -q "ChartCanvas" "$WORK/gui.log"; then pass "$name: a matplotlib chart canvas was made"
      else fail "$name: no matplotlib chart canvas on the Summary page"; fi
    fi
  else
    grep -v "^qt.widgets.painting: " "$WORK/gui.log" >"$WORK/gui.err"
    wait $pid; fail "$name: exited early (status $?)"; sed 's/^/     | /' "$WORK/gui.err" | tail -20
  fi
}
gui "window, offscreen platform" 10 env QT_QPA_PLATFORM=offscreen "$BIN" "$SAMPLE"
if command -v Xvfb >/dev/null 2>&1; then
  Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$WORK/display" 2>/dev/null &
  xvfb=$!
  for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$WORK/display" ] && break; sleep 0.5; done
  if [ -s "$WORK/display" ]; then
    gui "window, X11 (xcb) on Xvfb" 12 env -u QT_QPA_PLATFORM -u WAYLAND_DISPLAY \
      DISPLAY=":$(tr -d '[:space:]' <"$WORK/display")" "$BIN" "$SAMPLE"
  else
    fail "window, X11: Xvfb did not start"
  fi
  kill $xvfb 2>/dev/null; wait $xvfb 2>/dev/null
else
  echo "skip window on X11: Xvfb is not installed"
fi

# Linux: every bundled library and plugin resolves its dependencies (with the folder on the search path,
# as the bootloader arranges). Libraries every desktop has (libc, libGL, X11/xcb, fontconfig...) come from the
# system and are checked here against this machine's; the Wayland client libraries are left out of the check
# (a machine without Wayland, such as a build server, does not have them, and Qt then uses X11).
if [ "$(uname -s)" = Linux ] && command -v ldd >/dev/null 2>&1; then
  internal="$(dirname "$BIN")/_internal"
  missing=$(find "$internal" -name '*.so*' -type f -print0 |
    LD_LIBRARY_PATH="$internal" xargs -0 -n 50 ldd 2>/dev/null | grep "not found" | grep -v "libwayland-" | sort -u)
  if [ -z "$missing" ]; then pass "every bundled library resolves its dependencies (ldd)"
  else fail "unresolved libraries:"; echo "$missing" | sed 's/^/     | /'; fi
fi

if [ "$failures" -eq 0 ]; then echo "smoke-test: all passed"; else echo "smoke-test: $failures failed"; fi
[ "$failures" -eq 0 ]
