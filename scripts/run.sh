#!/usr/bin/env bash
# The main job: set up, then build, test and publish the release of the partner extracts (the
# bundled demo set unless EXTRACTS_DIR is given) into release/<RELEASE_ID>/ and the docs site,
# and print the plausibility warnings in plain words. A refused or failed run leaves the DuckDB
# file and every release folder as they were. See scripts/build_release.py --help:
#   RELEASE_ID, EXTRACTS_DIR, PREVIOUS_RELEASE, REPLACE_RELEASE=1, PLAUSIBILITY=error,
#   DBT_DUCKDB_PATH; arguments name=value set dbt vars (k=20, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
exec python scripts/build_release.py "$@"
