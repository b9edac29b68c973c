"""Export the published models of the DuckDB file to release/ (CSV, Parquet, manifest.json).

Usage: python scripts/export_release.py [--db PATH] [--out DIR]
"""

import argparse
import os
from pathlib import Path

from ctdc_pipeline.release import export

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("DBT_DUCKDB_PATH", ROOT / "ctdc_release.duckdb"))
    parser.add_argument("--out", default=ROOT / "release", type=Path)
    args = parser.parse_args()
    manifest = export(args.db, args.out)
    for f in manifest["files"]:
        rows = "" if f["rows"] is None else f"{f['rows']:8d} rows"
        print(f"{f['file']:40s} {rows:13s}  sha256 {f['sha256'][:16]}…")
    print(f"manifest: {args.out / 'manifest.json'}")
