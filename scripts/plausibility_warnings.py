"""Print the plausibility warnings of the last dbt build in plain words.

Usage: python scripts/plausibility_warnings.py [--db PATH] [--target DIR]
"""

import argparse
import os
from pathlib import Path

from ctdc_pipeline.plausibility import describe, plausibility_warnings

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("DBT_DUCKDB_PATH", ROOT / "ctdc_release.duckdb"))
    parser.add_argument("--target", default=ROOT / "target", type=Path)
    args = parser.parse_args()
    print(describe(plausibility_warnings(args.target, args.db)))
