#!/usr/bin/env bash
# Every test: pytest on two workers (it drives dbt through dbtRunner, each run on its own DuckDB
# file), then ruff, dbt parse and sqlfluff, all blocking. Installs Debian's chromium for the
# report and explorer tests. The fast subset, without whole builds (under a minute):
#   .venv/bin/python -m pytest -m "not build"
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if ! command -v chromium >/dev/null 2>&1; then
    SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null
fi
export PATH="$PWD/.venv/bin:$PATH"
export DBT_DUCKDB_PATH="${DBT_DUCKDB_PATH:-$(mktemp -d)/lint.duckdb}"
python -m pytest -n 2 --dist loadgroup "$@"
ruff check .
dbt parse --quiet
sqlfluff lint models macros tests/dbt analyses
