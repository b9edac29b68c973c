"""Write the evaluation report (one offline HTML file) from the published models.

Usage: python scripts/make_report.py [--db PATH] [--out FILE]
"""

import argparse
from pathlib import Path

from ctdc_pipeline.paths import RELEASE_DIR, duckdb_path
from ctdc_pipeline.report import write_report

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=duckdb_path())
    parser.add_argument("--out", default=RELEASE_DIR / "evaluation_report.html", type=Path)
    args = parser.parse_args()
    print(f"report: {write_report(args.db, args.out)}")
