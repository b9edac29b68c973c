"""Benchmark: wall time of `dbt build --select` for the harmonization layer (seeds, staging,
intermediate, cases, cases_rejects and their data tests) on the bundled demo extracts, in a
fresh DuckDB file, dbt start-up included. Target: <= 15 s on a 2-core machine. The dbt unit
tests of the mapping rules run on hand-written fixtures, not on the extracts: they are timed
apart.

Usage: python scripts/bench_harmonize.py [--runs N]
"""

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
            started = time.perf_counter()
            subprocess.run(["dbt", "build", "--select", *SELECTION, *extra, "--indirect-selection",
                            "cautious", "--project-dir", str(ROOT), "--profiles-dir", str(ROOT), "--quiet"],
                           check=True, env=env, cwd=ROOT)
            timings[label] = time.perf_counter() - started
        print(f"run {run}: " + "; ".join(f"{label}: {t:.1f} s" for label, t in timings.items()))
