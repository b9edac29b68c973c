"""Where the project's files live: one set of paths for the package, the scripts and the tests."""

import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds"
# A compact copy of CTDC's public 2021 synthetic release: the demo data's source.
RELEASE_2021 = PROJECT / "data" / "ctdc_global_synthetic_2021.parquet"
DEMO_EXTRACTS = PROJECT / "demo" / "extracts"
RELEASE_DIR = PROJECT / "release"


def duckdb_path():
    """The DuckDB file dbt builds (profiles.yml): DBT_DUCKDB_PATH, else ctdc_release.duckdb."""
    return Path(os.environ.get("DBT_DUCKDB_PATH", PROJECT / "ctdc_release.duckdb"))


def dbt_target(project=PROJECT):
    """dbt's target folder: DBT_TARGET_PATH (relative to the project, or absolute), else target/."""
    return Path(project) / os.environ.get("DBT_TARGET_PATH", "target")
