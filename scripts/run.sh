#!/usr/bin/env bash
# The main job: set up, build and test every model on the partner extracts (the bundled demo
# set unless EXTRACTS_DIR is given), then publish release/<RELEASE_ID>/ (files, report,
# explorer, manifest) and the docs site, and print the plausibility warnings in plain words.
#   RELEASE_ID        the release's id and folder name (default: draft)
#   PREVIOUS_RELEASE  a previous release folder to compare with (e.g. release/2019)
#   REPLACE_RELEASE=1 replace a release id already published with other content
#   DBT_DUCKDB_PATH   the DuckDB file (default: ctdc_release.duckdb; keep one file per release
#                     series: it holds the build history the partner checks compare with)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
vars="{extracts_dir: '${EXTRACTS_DIR:-demo/extracts}', release_id: '${RELEASE_ID:-draft}',
       previous_release: '${PREVIOUS_RELEASE:-}'}"
build_status=0
dbt build --vars "$vars" || build_status=$?
python scripts/plausibility_warnings.py > target/plausibility_warnings.txt
if [ "$build_status" -ne 0 ]; then
    cat target/plausibility_warnings.txt
    exit "$build_status"
fi
dbt docs generate --static --vars "$vars"
python scripts/export_release.py $([ "${REPLACE_RELEASE:-0}" = 1 ] && echo --replace)
echo "DuckDB file: ${DBT_DUCKDB_PATH:-ctdc_release.duckdb}; docs site: target/static_index.html"
cat target/plausibility_warnings.txt
