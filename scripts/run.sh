#!/usr/bin/env bash
# The main job: set up, build and test every model on the partner extracts (the bundled demo
# set unless EXTRACTS_DIR is given), then write release/ (with its explorer), the docs site and
# the report.
# DBT_DUCKDB_PATH chooses the DuckDB file (default: ctdc_release.duckdb).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
vars="{extracts_dir: '${EXTRACTS_DIR:-demo/extracts}'}"
dbt build --vars "$vars"
dbt docs generate --static --vars "$vars"
python scripts/make_report.py
python scripts/export_release.py
python scripts/build_explorer.py release
echo "DuckDB file: ${DBT_DUCKDB_PATH:-ctdc_release.duckdb}; release files: release/ (explorer: release/explorer/); docs site: target/static_index.html"
