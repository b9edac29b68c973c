#!/usr/bin/env bash
# Every test: pytest (which drives dbt through dbtRunner, each run on its own DuckDB file),
# then sqlfluff and ruff, both blocking. Installs Debian's chromium for the report and explorer
# tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if ! command -v chromium >/dev/null 2>&1; then
    SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null
fi
export PATH="$PWD/.venv/bin:$PATH"
export DBT_DUCKDB_PATH="${DBT_DUCKDB_PATH:-$(mktemp -d)/lint.duckdb}"
python -m pytest "$@"
ruff check .
dbt parse --quiet
sqlfluff lint models macros tests/dbt analyses
