"""Benchmark: the demo's update as a DP release series, over several noise draws. For each draw,
in a DuckDB file of its own, the release command builds and publishes DP release 2019 (the
cases registered up to 2019) and then DP release 2021 (all 193,025 records) compared with it.
Prints each draw's plausibility warnings and build times. Target (issue 22): the noise-aware
checks fire no warning on this clean update in 10 draws.

Usage: python scripts/bench_dp_series.py [--draws N] [--epsilon E]
"""

import argparse
import tempfile
import time
from pathlib import Path

from ctdc_pipeline.codebook import read_records
from ctdc_pipeline.paths import RELEASE_2021
from ctdc_pipeline.runner import build_release
from demo.write import write_extracts

# the checks that compare two releases' figures (the others do not depend on the noise)
NOISE_DEPENDENT = ("plausibility_dp_",)


def draw(work, number, epsilon):
    releases, db = work / f"release_{number}", work / f"draw_{number}.duckdb"
    fired, seconds = [], []
    for release_id, previous in (("2019", ""), ("2021", str(releases / "2019"))):
        started = time.perf_counter()
        variables = {"release_id": release_id, "extracts_dir": str(work / f"extracts_{release_id}"),
                     "previous_release": previous, "privacy_model": "differential_privacy",
                     "epsilon": epsilon}
        outcome = build_release(db, variables, releases, docs=False)
        seconds.append(time.perf_counter() - started)
        assert outcome.status == "published", outcome.detail
        fired += [(check, warning) for check, warnings in outcome.warnings for warning in warnings
                  if check.startswith(NOISE_DEPENDENT)]
    return fired, seconds


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10)
    parser.add_argument("--epsilon", type=float, default=4)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_dp_series_"))
    records = read_records(RELEASE_2021)
    write_extracts(records, work / "extracts_2019", registered_up_to=2019)
    write_extracts(records, work / "extracts_2021")
    total = 0
    for number in range(1, args.draws + 1):
        fired, (first, second) = draw(work, number, args.epsilon)
        total += len(fired)
        print(f"draw {number}: release 2019 {first:.0f} s, release 2021 {second:.0f} s; "
              f"noise-aware plausibility warnings: {len(fired)}", flush=True)
        for check, warning in fired:
            print(f"  [{check}] {warning}", flush=True)
    print(f"{args.draws} draws at epsilon = {args.epsilon:g}: {total} noise-aware plausibility warnings")
