"""Publish the release: the published models as files (CSV + Parquet), the report, and a manifest,
in a folder of the release's own (`<releases dir>/<release_id>/`).

Every table of the `published` schema is exported, rows in a stable order, so the same DuckDB
file always gives byte-identical files; the manifest carries the release id, parameters, row
counts, SHA-256 digests and tool versions, and no build time. A release id is published once:
different content under an existing id is refused unless replacing is asked for.
"""

import hashlib
import json
import shutil
from importlib.metadata import version
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from ctdc_pipeline.codebook import COLUMNS
from ctdc_pipeline.explorer import build as build_explorer
from ctdc_pipeline.report import write_report

SCHEMA = "published"
TOOLS = ("dbt-core", "dbt-duckdb", "duckdb", "pyarrow", "numpy", "ctdc-pipeline")
# Published only when the release was compared with a previous one.
COMPARISON_PREFIX = "release_changes_"
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
    if table == "synthetic_cases":
        assert names == COLUMNS, f"synthetic_cases columns are not the codebook's: {names}"
    return names


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export(db_path, out_dir):
    """Write the published tables into out_dir and a manifest of every file there."""
    export_tables(db_path, out_dir)
    return write_manifest(db_path, out_dir)


def export_tables(db_path, out_dir):
    """Every published table as CSV and Parquet (the comparison tables only when the release
    was compared with a previous one)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(db_path), read_only=True) as con:
        con.execute("set threads = 1")  # one writer thread: stable row groups, stable bytes
        compared = release_parameters(con)["previous_release_id"] is not None
        for table in published_tables(con):
            if table.startswith(COMPARISON_PREFIX) and not compared:
                continue
            columns = ", ".join(f'"{c}"' for c in export_columns(con, table))
            query = f"select {columns} from {SCHEMA}.{table} order by all"
            for fmt, options in (("csv", "format csv, header true"),
                                 ("parquet", "format parquet, compression zstd")):
                con.execute(f"copy ({query}) to '{out_dir / f'{table}.{fmt}'}' ({options})")


def write_manifest(db_path, out_dir):
    """manifest.json: the release id and parameters, and every file in out_dir with its digest
    (tables with their model and row count)."""
    out_dir = Path(out_dir)
    with duckdb.connect(str(db_path), read_only=True) as con:
        parameters = release_parameters(con)
        tables = set(published_tables(con))
    files = []
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file() and p.name != "manifest.json"):
        name, fmt = path.relative_to(out_dir).as_posix(), path.suffix.lstrip(".")
        model = path.stem if path.parent == out_dir and path.stem in tables else None
        rows = pq.read_metadata(path.with_suffix(".parquet")).num_rows if model else None
        files.append({"file": name, "model": model, "format": fmt, "rows": rows, "sha256": sha256(path)})
    manifest = {
        "release": "k-synthetic counter-trafficking case records and reportable aggregates",
        "release_id": parameters["release_id"],
        "parameters": parameters,
        "files": files,
        "tools": {tool: version(tool) for tool in TOOLS},
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def publish(db_path, releases_dir, dbt_manifest, replace=False):
    """Write the release of the DuckDB file to releases_dir/<release_id>/ (tables, report,
    explorer, manifest), assembled aside and moved in whole. dbt_manifest: dbt's
    target/manifest.json, for the explorer's data dictionary. Returns (folder, manifest)."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        # a plain folder name: the release_id() macro refuses any other id when dbt compiles
        release_id = release_parameters(con)["release_id"]
    target = Path(releases_dir) / release_id
    incoming = Path(releases_dir) / f".{release_id}.incoming"
    shutil.rmtree(incoming, ignore_errors=True)
    write_report(db_path, incoming / REPORT)
    export_tables(db_path, incoming)
    build_explorer(incoming, dbt_manifest)
    manifest = write_manifest(db_path, incoming)
    if target.exists():
        differences = manifest_differences(target, manifest)
        if differences and not replace:
            shutil.rmtree(incoming)
            raise ReleaseExists(
                f"release {release_id} already exists in {target} with different content: "
                + "; ".join(differences)
                + ". Build under a new release id, or replace it explicitly "
                  "(REPLACE_RELEASE=1 scripts/run.sh, or export_release.py --replace).")
        shutil.rmtree(target)
    incoming.rename(target)
    return target, manifest


def manifest_differences(release_dir, manifest):
    """What differs between the release already in release_dir and a new manifest, in words."""
    try:
        old = json.loads((Path(release_dir) / "manifest.json").read_text())
    except (OSError, ValueError):
        return ["it has no readable manifest.json"]
    differences = [f"{name} {old['parameters'].get(name)!r} -> {value!r}"
                   for name, value in manifest["parameters"].items()
                   if old["parameters"].get(name) != value]
    old_files = {f["file"]: f["sha256"] for f in old["files"]}
    new_files = {f["file"]: f["sha256"] for f in manifest["files"]}
    changed = [n for n in new_files if n in old_files and old_files[n] != new_files[n]]
    added = [n for n in new_files if n not in old_files]
    removed = [n for n in old_files if n not in new_files]
    for label, names in (("changed", changed), ("added", added), ("removed", removed)):
        if names:
            differences.append(f"{label}: {', '.join(sorted(names))}")
    return differences


def release_parameters(con):
    return dict(zip(*_one_row(con, f"{SCHEMA}.release_parameters"), strict=True))


def _one_row(con, table):
    relation = con.sql(f"select * from {table}")
    (row,) = relation.fetchall()
    return relation.columns, row
