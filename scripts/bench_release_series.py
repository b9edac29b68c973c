"""Benchmark: what the comparison with the previous release and the build history add to a
build on the demo. Release 2019 (the demo's 2019 snapshot) is built and published once; then
release 2021 (the demo extracts) is built twice from copies of that DuckDB file, side by side:
without `previous_release` and with it. Target: the comparison adds at most 5 s.

Usage: python scripts/bench_release_series.py [--runs N]
"""

import argparse
import json
import os
import shutil
import tempfile
from pathlib import Path

from benchlib import dbt
from ctdc_pipeline.codebook import read_records
from ctdc_pipeline.paths import DEMO_EXTRACTS, PROJECT, RELEASE_2021
from ctdc_pipeline.release import publish
from demo.write import write_extracts

NEW_NODES = ("partner_figures", "partner_build_changes", "partner_rows_counted", "release_changes",
             "stg_previous_release", "plausibility")


def build(db_path, **variables):
    """Wall time of `dbt build` and the summed time of the release-series nodes in it."""
    run = dbt("build", "--vars", json.dumps(variables), env={**os.environ, "DBT_DUCKDB_PATH": str(db_path)})
    assert run["returncode"] == 0, "dbt build failed"
    results = json.loads((PROJECT / "target" / "run_results.json").read_text())["results"]
    series = sum(r["execution_time"] for r in results
                 if any(name in r["unique_id"] for name in NEW_NODES))
    return run["seconds"], series


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_series_"))
    write_extracts(read_records(RELEASE_2021),
                   work / "extracts_2019", registered_up_to=2019)
    first = work / "2019.duckdb"
    build(first, extracts_dir=str(work / "extracts_2019"), release_id="2019")
    publish(first, work / "release", PROJECT / "target" / "manifest.json")
    demo = str(DEMO_EXTRACTS)
    for run in range(1, args.runs + 1):
        timings = {}
        for label, extra in (("without previous_release", {}),
                             ("with previous_release", {"previous_release": str(work / "release" / "2019")})):
            db = work / f"run{run}_{len(timings)}.duckdb"
            shutil.copyfile(first, db)
            timings[label] = build(db, extracts_dir=demo, release_id="2021", **extra)
        (plain, _), (compared, series_nodes) = timings.values()
        print(f"run {run}: dbt build without previous_release {plain:.1f} s; with it {compared:.1f} s "
              f"(+{compared - plain:.1f} s); the release-series nodes themselves {series_nodes:.1f} s")
    shutil.rmtree(work)
