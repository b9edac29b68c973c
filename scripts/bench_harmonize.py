"""Benchmark: wall time of `dbt build --select` for the harmonization layer (seeds, staging,
intermediate, cases, cases_rejects and their data tests) on the bundled demo extracts, in a
fresh DuckDB file, dbt start-up included. Target: <= 15 s on a 2-core machine. The dbt unit
tests of the mapping rules run on hand-written fixtures, not on the extracts: they are timed
apart.

Usage: python scripts/bench_harmonize.py [--runs N]
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import dbt  # noqa: E402

SELECTION = ["+cases", "+cases_rejects", "countries"]

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for run in range(1, args.runs + 1):
        env = {**os.environ, "DBT_DUCKDB_PATH": str(Path(tempfile.mkdtemp()) / "harmonize.duckdb")}
        timings = {}
        for label, extra in (("harmonization layer", ["--exclude", "test_type:unit"]),
                             ("its unit tests alone", ["--select", "test_type:unit"])):
            m = dbt("build", "--select", *SELECTION, *extra, "--indirect-selection", "cautious", env=env)
            assert m["returncode"] == 0
            timings[label] = m["seconds"]
        print(f"run {run}: " + "; ".join(f"{label}: {t:.1f} s" for label, t in timings.items()))
