"""Publish the release built in the DuckDB file to release/<release_id>/ (CSV, Parquet, the
evaluation report, the browser explorer, manifest.json). Refuses to overwrite an existing release
id with different content unless --replace is given. Needs dbt's target/manifest.json (the
explorer's data dictionary) and explorer/node_modules (scripts/setup.sh).

Usage: python scripts/export_release.py [--db PATH] [--releases-dir DIR] [--dbt-manifest PATH] [--replace]
"""

import argparse
import sys
from pathlib import Path

from ctdc_pipeline.paths import PROJECT, RELEASE_DIR, duckdb_path
from ctdc_pipeline.release import ReleaseExists, publish

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=duckdb_path())
    parser.add_argument("--releases-dir", default=RELEASE_DIR, type=Path)
    parser.add_argument("--dbt-manifest", default=PROJECT / "target" / "manifest.json", type=Path)
    parser.add_argument("--replace", action="store_true", help="replace a release id already published")
    args = parser.parse_args()
    try:
        folder, manifest = publish(args.db, args.releases_dir, args.dbt_manifest, args.replace)
    except ReleaseExists as refused:
        sys.exit(f"refused: {refused}")
    for f in manifest["files"]:
        rows = "" if f["rows"] is None else f"{f['rows']:8d} rows"
        print(f"{f['file']:44s} {rows:13s}  sha256 {f['sha256'][:16]}…")
    print(f"release {manifest['release_id']}: {folder}")
