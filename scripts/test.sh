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
dp_lint_log=$(mktemp)
nice -n 19 sqlfluff lint --processes 2 models macros tests/dbt analyses > "$lint_log" 2>&1 &
lint=$!
# beside it, the SQL only a DP build enables (the first run skips it as disabled)
dp_only=(models/marts/differential_privacy models/staging/previous_release models/marts/published/release_parameters.sql
         tests/dbt/differential_privacy tests/dbt/plausibility/plausibility_dp_*.sql)
DBT_DUCKDB_PATH="$DBT_DUCKDB_PATH.dp" DBT_TARGET_PATH="$(mktemp -d)" \
    nice -n 19 sqlfluff lint --config .sqlfluff_differential_privacy "${dp_only[@]}" > "$dp_lint_log" 2>&1 &
dp_lint=$!
trap 'kill $lint $dp_lint 2>/dev/null || true' EXIT
python -m pytest -n 2 --dist loadgroup "$@"
for job in "$lint:$lint_log" "$dp_lint:$dp_lint_log"; do
    if ! wait "${job%%:*}"; then
        cat "${job#*:}"
        exit 1
    fi
    # its summary, not the warnings its worker processes may print at exit
    grep -m 1 "All Finished" "${job#*:}" || true
done
