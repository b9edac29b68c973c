#!/usr/bin/env bash
# Every test, all blocking: ruff, then sqlfluff (in the background, at the lowest priority, so
# it lints the compiled SQL on whatever CPU the tests leave idle) beside pytest on two workers
# (pytest drives dbt through dbtRunner, each run on its own DuckDB file and, per worker, its own
# dbt target/; every run parses the project, in k-synthetic and in DP mode). Installs
# Debian's chromium for the report and explorer tests. The fast subset, without whole builds
# (under a minute):  .venv/bin/python -m pytest -m "not build"
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if ! command -v chromium >/dev/null 2>&1; then
    SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null
fi
export PATH="$PWD/.venv/bin:$PATH"
export DBT_DUCKDB_PATH="${DBT_DUCKDB_PATH:-$(mktemp -d)/lint.duckdb}"
ruff check .
lint_log=$(mktemp)
nice -n 19 sqlfluff lint --processes 2 models macros tests/dbt analyses > "$lint_log" 2>&1 &
lint=$!
trap 'kill $lint 2>/dev/null || true' EXIT
python -m pytest -n 2 --dist loadgroup "$@"
if ! wait $lint; then
    cat "$lint_log"
    exit 1
fi
grep -m 1 "All Finished" "$lint_log" || true  # its summary, not the warnings its worker processes may print at exit
