"""Write the evaluation report (one offline HTML file) from the published models.

Usage: python scripts/make_report.py [--db PATH] [--out FILE]
"""

import argparse
import os
from pathlib import Path

from ctdc_pipeline.report import write_report

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("DBT_DUCKDB_PATH", ROOT / "ctdc_release.duckdb"))
    parser.add_argument("--out", default=ROOT / "release" / "evaluation_report.html", type=Path)
    args = parser.parse_args()
    print(f"report: {write_report(args.db, args.out)}")
