"""Publish the release: the published models as files (CSV + Parquet), the report, the explorer
and the Data Package describing them all (datapackage.json), in a folder of the release's own
(`<releases dir>/<release_id>/`).

Every table of the `published` schema is exported, rows in a stable order, so the same DuckDB
file always gives byte-identical files; no build time is written anywhere. A release id is
published once: different content under an existing id is refused unless replacing is asked
for.
"""

import fcntl
import shutil
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ctdc_pipeline import datapackage, dp_report, report
from ctdc_pipeline.codebook import COLUMNS
from ctdc_pipeline.explorer import build as build_explorer

SCHEMA = "published"
# Published only when the release was compared with a previous one (k-synthetic, DP).
COMPARISON_TABLES = ("release_changes_", "dp_release_changes")
# The synthetic records of each privacy model: the codebook's columns, in its order.
RECORD_TABLES = ("synthetic_cases", "dp_synthetic_cases")
REPORT = "evaluation_report.html"


class ReleaseExists(Exception):
    """The release id is already published with other content."""


def published_tables(con):
    return [name for (name,) in con.sql(
        "select table_name from information_schema.tables "
        f"where table_schema = '{SCHEMA}' order by table_name").fetchall()]


def export_columns(con, table):
    """The table's columns for export (the synthetic records' in codebook order)."""
    names = [name for name, *_ in con.sql(f"describe {SCHEMA}.{table}").fetchall()]
    if table in RECORD_TABLES:
        assert names == COLUMNS, f"{table} columns are not the codebook's: {names}"
    return names


def export(db_path, out_dir, dbt_manifest):
    """Write the published tables into out_dir and the Data Package describing every file there."""
    export_tables(db_path, out_dir)
    return datapackage.write(out_dir, db_path, dbt_manifest)


def export_tables(db_path, out_dir):
    """Every published table as CSV and Parquet (the comparison tables only when the release
    was compared with a previous one)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(db_path), read_only=True) as con:
        con.execute("set threads = 1")  # one writer thread: stable row groups, stable bytes
        compared = release_parameters(con)["previous_release_id"] is not None
        for table in published_tables(con):
            if table.startswith(COMPARISON_TABLES) and not compared:
                continue
            columns = ", ".join(f'"{c}"' for c in export_columns(con, table))
            query = f"select {columns} from {SCHEMA}.{table} order by all"
            for fmt, options in (("csv", "format csv, header true"),
                                 ("parquet", "format parquet, compression zstd")):
                con.execute(f"copy ({query}) to '{out_dir / f'{table}.{fmt}'}' ({options})")


def publish(db_path, releases_dir, dbt_manifest, replace=False):
    """Write the release of the DuckDB file to releases_dir/<release_id>/ (tables, report,
    explorer, datapackage.json): assembled aside, then moved into place by renames, so the
    folder is never partly written and a release is never lost to an interrupted replacement.
    dbt_manifest: dbt's target/manifest.json (descriptions, the release's metadata). Returns
    (folder, package)."""
    # a plain folder name: the release_id() macro refuses any other id when dbt compiles
    with duckdb.connect(str(db_path), read_only=True) as con:
        parameters = release_parameters(con)
    release_id = parameters["release_id"]
    kind = dp_report if parameters["privacy_model"] == "differential_privacy" else report
    target = Path(releases_dir) / release_id
    incoming, replaced = (Path(releases_dir) / f".{release_id}.{step}" for step in ("incoming", "replaced"))
    with releases_lock(releases_dir):
        recover(releases_dir)
        try:
            report.write_report(db_path, incoming / REPORT, kind.load, kind.render)
            export_tables(db_path, incoming)
            build_explorer(incoming, dbt_manifest)
            package = datapackage.write(incoming, db_path, dbt_manifest)
        except BaseException:
            shutil.rmtree(incoming, ignore_errors=True)
            raise
        if target.exists():
            differences = datapackage.differences(datapackage.read(target), package)
            if differences and not replace:
                shutil.rmtree(incoming)
                raise ReleaseExists(
                    f"release {release_id} already exists in {target} with different content: "
                    + "; ".join(differences)
                    + ". Build under a new release id, or replace it explicitly "
                      "(REPLACE_RELEASE=1 scripts/run.sh).")
            target.rename(replaced)
        incoming.rename(target)
        shutil.rmtree(replaced, ignore_errors=True)
    return target, package


def recover(releases_dir):
    """Clear what interrupted publishes left in releases_dir: a release set aside by a
    replacement interrupted between its two renames goes back in place; half-written folders
    go. Called under the releases folder's lock."""
    for aside in Path(releases_dir).glob(".*.replaced"):
        target = aside.with_name(aside.name[1:].removesuffix(".replaced"))
        if not target.exists():
            aside.rename(target)
    for leftover in [*Path(releases_dir).glob(".*.replaced"), *Path(releases_dir).glob(".*.incoming")]:
        shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def releases_lock(releases_dir):
    """One publish at a time in a releases folder (another waits for it)."""
    Path(releases_dir).mkdir(parents=True, exist_ok=True)
    with open(Path(releases_dir) / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def release_parameters(con):
    return dict(zip(*_one_row(con, f"{SCHEMA}.release_parameters"), strict=True))


def _one_row(con, table):
    relation = con.sql(f"select * from {table}")
    (row,) = relation.fetchall()
    return relation.columns, row
