"""Write the bundled demo partner extracts from the shipped copy of CTDC's 2021 public release.

Deterministic: the same seed writes byte-identical files.
Usage: python scripts/make_demo_extracts.py [OUT_DIR] [--seed N] [--registered-up-to YEAR]

--registered-up-to 2019 renders an earlier snapshot (the cases registered up to 2019, and those
with no registration date) for a first release to compare the full set with, e.g. into
demo/extracts_2019.
"""

import argparse
from pathlib import Path

from ctdc_pipeline.codebook import read_records
from ctdc_pipeline.paths import DEMO_EXTRACTS, RELEASE_2021
from demo.write import write_extracts

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default=DEMO_EXTRACTS, type=Path)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--registered-up-to", type=int, metavar="YEAR")
    args = parser.parse_args()
    counts = write_extracts(read_records(RELEASE_2021), args.out_dir, args.seed, args.registered_up_to)
    for partner, n in counts.items():
        print(f"{partner:15s} {n:7d} rows")
    print(f"{'total':15s} {sum(counts.values()):7d} rows -> {args.out_dir}")
