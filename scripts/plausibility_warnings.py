"""Print the plausibility warnings of the last dbt build in plain words.

Usage: python scripts/plausibility_warnings.py [--db PATH] [--target DIR]
"""

import argparse
from pathlib import Path

from ctdc_pipeline.paths import dbt_target, duckdb_path
from ctdc_pipeline.plausibility import describe, plausibility_warnings

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=duckdb_path())
    parser.add_argument("--target", default=dbt_target(), type=Path)
    args = parser.parse_args()
    print(describe(plausibility_warnings(args.target, args.db)))
