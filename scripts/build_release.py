"""Build, test and publish a release (the main job; scripts/run.sh sets up and calls this).

Environment: RELEASE_ID (default draft), EXTRACTS_DIR (default demo/extracts), PREVIOUS_RELEASE
(a release folder to compare with), REPLACE_RELEASE=1 (replace a release id already published
with other content), PLAUSIBILITY=error (a plausibility check that fires stops the release),
DBT_DUCKDB_PATH (default ctdc_release.duckdb), RELEASES_DIR (default release). Arguments
name=value set any other dbt var, e.g. k=20, plausibility_max_value_drop_share=0.1, or
privacy_model=differential_privacy epsilon=2 for a DP release (docs/differential_privacy.md).

Exit status: 0 published, 1 failed, 2 refused (the release id holds other content), 3 the
DuckDB file is in use by another run.
"""

import os
import sys

import yaml

from ctdc_pipeline.paths import RELEASE_DIR, duckdb_path
from ctdc_pipeline.plausibility import describe
from ctdc_pipeline.runner import DatabaseInUse, build_release

EXIT = {"published": 0, "failed": 1, "refused": 2}


def dbt_vars(arguments, environ):
    variables = {"extracts_dir": environ.get("EXTRACTS_DIR", "demo/extracts"),
                 "release_id": environ.get("RELEASE_ID", "draft"),
                 "previous_release": environ.get("PREVIOUS_RELEASE", "")}
    if environ.get("PLAUSIBILITY"):
        variables["plausibility_severity"] = environ["PLAUSIBILITY"]
    for argument in arguments:
        name, equals, value = argument.partition("=")
        if not equals or not name:
            sys.exit(f"not a name=value dbt var: {argument!r}")
        variables[name] = yaml.safe_load(value)
    return variables


if __name__ == "__main__":
    if {"-h", "--help"} & set(sys.argv[1:]):
        sys.exit(print(__doc__))
    db = duckdb_path()
    try:
        outcome = build_release(db, dbt_vars(sys.argv[1:], os.environ),
                                releases_dir=os.environ.get("RELEASES_DIR", RELEASE_DIR),
                                replace=os.environ.get("REPLACE_RELEASE") == "1")
    except DatabaseInUse as in_use:
        sys.exit(print(f"refused to start: {in_use}") or 3)
    if outcome.status == "published":
        print(f"release published: {outcome.folder}")
        print(f"DuckDB file: {db}; docs site: target/static_index.html")
    else:
        print(f"release {outcome.status}: {outcome.detail}")
        print(f"Nothing was published; {db} and every release folder are as they were "
              "(the build history gained this run's row).")
    print(describe(outcome.warnings))
    sys.exit(EXIT[outcome.status])
