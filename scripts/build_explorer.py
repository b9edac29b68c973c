"""Build the release explorer (DuckDB-WASM over the release's CSV files) into RELEASE_DIR/explorer/.

Usage: python scripts/build_explorer.py RELEASE_DIR [--dbt-manifest target/manifest.json]
Needs explorer/node_modules (scripts/setup.sh runs npm ci) and a parsed dbt project.
"""

import argparse
from pathlib import Path

from ctdc_pipeline.explorer import ROOT, build

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release_dir", type=Path)
    parser.add_argument("--dbt-manifest", type=Path, default=ROOT / "target" / "manifest.json")
    args = parser.parse_args()
    files = build(args.release_dir, args.dbt_manifest)
    print(f"explorer: {args.release_dir / 'explorer'} ({', '.join(files)})")
