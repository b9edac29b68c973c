"""Benchmark: sqlfluff's CPU time per folder (templating, lexing, parsing and linting, summed
from its --persist-timing file) and the size of the compiled SQL it lints, for the paths given
(default: everything scripts/test.sh lints). --project lints another checkout of the project
(e.g. an older commit's clone) with this checkout's sqlfluff.

Usage: python scripts/bench_lint.py [--project DIR] [PATH ...]
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

STAGES = ("templating", "lexing", "parsing", "linting")

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("paths", nargs="*", default=["models", "macros", "tests/dbt", "analyses"])
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp())
    env = {**os.environ, "DBT_DUCKDB_PATH": str(scratch / "lint.duckdb")}
    sqlfluff = Path(sys.executable).with_name("sqlfluff")
    subprocess.run([str(sqlfluff), "lint", *args.paths, "--persist-timing", str(scratch / "timing.csv")],
                   cwd=args.project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds, chars = defaultdict(float), defaultdict(int)
    with open(scratch / "timing.csv", newline="") as f:
        for row in csv.DictReader(f):
            folder = str((args.project / row["path"]).resolve().parent.relative_to(args.project.resolve()))
            seconds[folder] += sum(float(row[stage] or 0) for stage in STAGES)
            chars[folder] += int(row["templated_chars"] or 0)
    print(f"{'folder':<45} {'CPU s':>7} {'compiled KB':>12}")
    for folder in sorted(seconds, key=seconds.get, reverse=True):
        print(f"{folder:<45} {seconds[folder]:7.1f} {chars[folder] / 1000:12.0f}")
    print(f"{'total':<45} {sum(seconds.values()):7.1f} {sum(chars.values()) / 1000:12.0f}")
