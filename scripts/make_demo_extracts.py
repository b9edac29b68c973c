"""Write the bundled demo partner extracts from the shipped copy of CTDC's 2021 public release.

Deterministic: the same seed writes byte-identical files.
Usage: python scripts/make_demo_extracts.py [OUT_DIR] [--seed N]
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
    args = parser.parse_args()
    counts = write_extracts(read_records(RELEASE_2021), args.out_dir, args.seed)
    for partner, n in counts.items():
        print(f"{partner:15s} {n:7d} rows")
    print(f"{'total':15s} {sum(counts.values()):7d} rows -> {args.out_dir}")
