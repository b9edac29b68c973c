"""Export the published models to release files (CSV + Parquet) with a manifest.

Every table of the `published` schema is exported, rows in a stable order, so the same DuckDB
file always gives byte-identical files; the manifest carries parameters, row counts, SHA-256
digests and tool versions, and no build time.
"""

import hashlib
import json
from importlib.metadata import version
from pathlib import Path

import duckdb

from ctdc_pipeline.codebook import COLUMNS

SCHEMA = "published"
TOOLS = ("dbt-core", "dbt-duckdb", "duckdb", "pyarrow", "numpy", "ctdc-pipeline")


def published_tables(con):
    return [name for (name,) in con.sql(
        "select table_name from information_schema.tables "
        f"where table_schema = '{SCHEMA}' order by table_name").fetchall()]


def export_columns(con, table):
    """The table's columns for export: the synthetic records in codebook order; map columns
    (a combination as a map) are left out, the combination key already says the same."""
    described = con.sql(f"describe {SCHEMA}.{table}").fetchall()
    names = [name for name, kind, *_ in described if not kind.startswith("MAP")]
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
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    with duckdb.connect(str(db_path), read_only=True) as con:
        con.execute("set threads = 1")  # one writer thread: stable row groups, stable bytes
        parameters = dict(zip(*_one_row(con, f"{SCHEMA}.release_parameters"), strict=True))
        for table in published_tables(con):
            columns = ", ".join(f'"{c}"' for c in export_columns(con, table))
            query = f"select {columns} from {SCHEMA}.{table} order by all"
            (rows,) = con.sql(f"select count(*) from {SCHEMA}.{table}").fetchall()[0]
            for fmt, options in (("csv", "format csv, header true"),
                                 ("parquet", "format parquet, compression zstd")):
                path = out_dir / f"{table}.{fmt}"
                con.execute(f"copy ({query}) to '{path}' ({options})")
                files.append({"file": path.name, "model": table, "format": fmt, "rows": rows,
                              "sha256": sha256(path)})
    for extra in sorted(out_dir.glob("*.html")):
        files.append({"file": extra.name, "model": None, "format": "html", "rows": None,
                      "sha256": sha256(extra)})
    manifest = {
        "release": "k-synthetic counter-trafficking case records and reportable aggregates",
        "parameters": parameters,
        "files": files,
        "tools": {tool: version(tool) for tool in TOOLS},
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _one_row(con, table):
    relation = con.sql(f"select * from {table}")
    (row,) = relation.fetchall()
    return relation.columns, row
