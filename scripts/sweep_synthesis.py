"""Benchmark: is the fitted synthesis tuned to the demo? The issue-21 figures of today's method
(row_seeded) and the fitted one side by side, in one run, on the demo records at k = 5 and
k = 20 (reporting length 3), at reporting length 2 and 4 (k = 10), and on the 2019 snapshot (the
cases registered up to 2019 and those with no registration year: what
`scripts/make_demo_extracts.py --registered-up-to 2019` renders, and the pipeline harmonizes back
exactly) at k = 10, L = 3. Each case's reportable
aggregates are computed here as the reportable_aggregates model computes them.

Usage: python scripts/sweep_synthesis.py [--cases k5,k20,L2,L4,2019]
"""

import argparse
import sys
import time
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ROOT  # noqa: E402
from ctdc_pipeline.codebook import COLUMNS  # noqa: E402
from ctdc_pipeline.ksynth import synthesize  # noqa: E402
from fidelity import Sensitive, print_figures  # noqa: E402

RECORDS = ROOT / "data" / "ctdc_global_synthetic_2021.parquet"
CASES = {"k5": (5, 3, None), "k20": (20, 3, None), "L2": (10, 2, None), "L4": (10, 4, None),
         "2019": (10, 3, 2019)}


def records(registered_up_to):
    table = pq.read_table(RECORDS, columns=COLUMNS)
    if registered_up_to is None:
        return table
    year = pc.cast(table.column("yearOfRegistration"), "int64")
    # as the snapshot: cases with no registration year are in every export
    return table.filter(pc.fill_null(pc.less_equal(year, registered_up_to), True))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES))
    args = parser.parse_args()
    for name in args.cases.split(","):
        k, length, up_to = CASES[name]
        table = records(up_to)
        print(f"case {name}: k={k}, L={length}, {table.num_rows:,} records"
              f"{f' (registered up to {up_to})' if up_to else ''}", flush=True)
        sensitive = Sensitive(table, k, length)
        aggregates = sensitive.aggregates()
        for mode in ("row_seeded", "fitted"):
            started = time.perf_counter()
            out = synthesize(table, k=k, seed=42, mode=mode,
                             aggregates=aggregates if mode == "fitted" else None)
            seconds = time.perf_counter() - started
            print_figures(f"{mode} ({seconds:.1f} s)", sensitive.figures(out))
