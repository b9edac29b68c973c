"""The release's description of itself: a Frictionless Data Package (`datapackage.json`) that data
portals and libraries read and `frictionless validate` checks, built only from what the project
already knows:

- every file of the release as a resource with its path, format, size and SHA-256 hash; each
  published table's CSV file as a tabular resource with its row count and a Table Schema: each
  column's type (from the DuckDB file; the exact DuckDB type kept as `duckdbType` for readers
  that load the CSV, such as the explorer), its description (dbt's docs, from dbt's manifest)
  and, for the codebook's variables, the values it may take (from the codebook seeds);
- the release id and parameters (published.release_parameters) and the tool versions;
- title, licence, sources and citation from the meta of the release's exposure
  (models/_exposures.yml: `release_files`, or `dp_release_files` for a DP release).

No time is written, so the same inputs give the same bytes.
"""

import hashlib
import json
import re
from importlib.metadata import version
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from ctdc_pipeline.codebook import CATEGORICAL, COLUMNS, read_seed

FILE = "datapackage.json"
SCHEMA = "published"
TOOLS = ("dbt-core", "dbt-duckdb", "duckdb", "pyarrow", "numpy", "ctdc-pipeline")
# the release's exposure in each privacy model (only the build's own is in its manifest)
EXPOSURES = ("release_files", "dp_release_files")
MEDIA_TYPES = {".csv": "text/csv", ".parquet": "application/vnd.apache.parquet", ".html": "text/html",
               ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json"}
# DuckDB type (its first word) -> Table Schema type
FIELD_TYPES = {"BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "datetime", "VARCHAR": "string",
               "DOUBLE": "number", "FLOAT": "number", "DECIMAL": "number"}
CSV_DIALECT = {"delimiter": ",", "header": True, "quoteChar": '"', "doubleQuote": True}


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write(release_dir, db_path, dbt_manifest_path):
    """Write `<release_dir>/datapackage.json` describing every file in release_dir; returns it."""
    release_dir = Path(release_dir)
    package = describe(release_dir, db_path, json.loads(Path(dbt_manifest_path).read_text()))
    (release_dir / FILE).write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n")
    return package


def describe(release_dir, db_path, dbt_manifest):
    with duckdb.connect(str(db_path), read_only=True) as con:
        relation = con.sql(f"select * from {SCHEMA}.release_parameters")
        parameters = dict(zip(relation.columns, relation.fetchall()[0], strict=True))
        types = {table: con.sql(f"select column_name, data_type from information_schema.columns "
                                f"where table_schema = '{SCHEMA}' and table_name = '{table}' "
                                "order by ordinal_position").fetchall()
                 for (table,) in con.sql("select table_name from information_schema.tables "
                                         f"where table_schema = '{SCHEMA}'").fetchall()}
    meta = _exposure(dbt_manifest)["meta"]
    resources = []
    for path in sorted(p for p in Path(release_dir).rglob("*") if p.is_file() and p.name != FILE):
        relative = path.relative_to(release_dir).as_posix()
        resource = {"name": re.sub(r"[^a-z0-9._-]", "-", relative.lower()).removesuffix(".csv"),
                    "path": relative, "format": path.suffix.lstrip("."),
                    "mediatype": MEDIA_TYPES.get(path.suffix, "application/octet-stream"),
                    "bytes": path.stat().st_size, "hash": f"sha256:{sha256(path)}"}
        table = path.stem if path.parent == Path(release_dir) else None
        if path.suffix == ".csv" and table in types:
            model = _model(dbt_manifest, table)
            resource |= {"type": "table", "title": table, "description": plain_text(model["description"]),
                         "rows": pq.read_metadata(path.with_suffix(".parquet")).num_rows,
                         "encoding": "utf-8", "dialect": CSV_DIALECT,
                         "schema": _table_schema(types[table], model, parameters)}
        else:
            resource |= {"type": "file", "description": _file_description(relative, table, types)}
        resources.append(resource)
    release_id = parameters["release_id"]
    return {
        "name": f"ctdc-release-{release_id.lower()}",
        "title": f"{meta['title']}, release {release_id}",
        "description": plain_text(_exposure(dbt_manifest)["description"]),
        "licenses": meta["licenses"],
        "sources": meta["sources"],
        "citation": meta["citation"],
        "keywords": meta["keywords"],
        "release_id": release_id,
        "parameters": parameters,
        "tools": {tool: version(tool) for tool in TOOLS},
        "resources": resources,
    }


def _table_schema(columns, model, parameters):
    fields = []
    for name, duckdb_type in columns:
        field = {"name": name, "type": _field_type(duckdb_type), "duckdbType": duckdb_type,
                 "description": plain_text(model["columns"].get(name, {}).get("description", ""))}
        constraints = _codebook_constraints(name, parameters)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}


def _field_type(duckdb_type):
    if re.match(r"^U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?$", duckdb_type):
        return "integer"
    return FIELD_TYPES.get(re.split(r"[ (]", duckdb_type)[0], "any")


def _codebook_constraints(name, parameters):
    """The values a codebook variable may take, from the codebook seeds."""
    if name not in COLUMNS:
        return None
    value_set = {row["variable"]: row["value_set"] for row in read_seed("codebook_variables")}[name]
    if value_set == "binary":
        return {"enum": [1]}
    if value_set == "countries":
        return {"enum": [row["iso3"] for row in read_seed("countries")]}
    if value_set == "registration_years":
        return {"minimum": parameters["first_registration_year"],
                "maximum": parameters["last_registration_year"]}
    return {"enum": CATEGORICAL[name]}


def _file_description(relative, table, types):
    if table in types:
        return f"The table {table} (resource {table}) as Parquet, with the same rows and types."
    if relative.startswith("explorer/"):
        return "The release explorer (open explorer/index.html from a local web server): part of its page."
    return "The evaluation report: one offline HTML page with charts." if relative.endswith(".html") else ""


def _exposure(dbt_manifest):
    (node,) = [n for n in dbt_manifest["exposures"].values() if n["name"] in EXPOSURES]
    return node


def _model(dbt_manifest, name):
    """The dbt model of a published table (a table no model makes gets no description)."""
    found = [n for n in dbt_manifest["nodes"].values() if n["resource_type"] == "model" and n["name"] == name]
    return found[0] if found else {"description": "", "columns": {}}


def plain_text(markdown):
    """Paragraphs kept, lines joined, code marks and bold dropped."""
    paragraphs = re.split(r"\n\s*\n", markdown.replace("`", "").replace("**", ""))
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def read(release_dir):
    """A release's package, or None when it has no readable datapackage.json."""
    try:
        return json.loads((Path(release_dir) / FILE).read_text())
    except (OSError, ValueError):
        return None


def differences(old, new):
    """What differs between two packages, in words: parameters, and files changed, added or
    removed (by their hashes)."""
    if old is None:
        return [f"it has no readable {FILE}"]
    found = [f"{name} {old['parameters'].get(name)!r} -> {value!r}"
             for name, value in new["parameters"].items() if old["parameters"].get(name) != value]
    before = {r["path"]: r["hash"] for r in old["resources"]}
    after = {r["path"]: r["hash"] for r in new["resources"]}
    for label, paths in (("changed", [p for p in after if p in before and before[p] != after[p]]),
                         ("added", [p for p in after if p not in before]),
                         ("removed", [p for p in before if p not in after])):
        if paths:
            found.append(f"{label}: {', '.join(sorted(paths))}")
    return found
