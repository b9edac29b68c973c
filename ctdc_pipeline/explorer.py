"""Build the release explorer (the page in explorer/, DuckDB-WASM) into <release_dir>/explorer/.

The page reads the release's CSV files one folder up, as the release's datapackage.json
describes them (path, rows, each column's DuckDB type). Beside it this writes explorer.json, all
derived, nothing typed by hand:

- `parameters`: the release's parameters (its `release_parameters` table: privacy model, k or
  epsilon, reporting length...);
- `roles`: which of the release's tables hold its official figures (and, for a DP release,
  which column their noise) and its synthetic records (the privacy model's; the page reads the
  tables themselves from datapackage.json);
- `variables`: the 37 variables in codebook order with the label and description of their column
  in dbt's manifest (the codebook line generated from the seeds, then the prose of
  models/marts/_marts__docs.md) and the values the release publishes for them (its aggregates
  of one value), each with the label the page shows: the country's name beside an ISO code
  (seeds/countries.csv), "recorded" for the 1 of a binary variable;
- `examples`: the worked questions of analyses/ with ref() replaced by the page's table names.

Same inputs, same bytes.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import duckdb

from ctdc_pipeline.codebook import BINARY, CATEGORICAL, COLUMNS, COUNTRY_COLUMNS, read_seed
from ctdc_pipeline.datapackage import plain_text
from ctdc_pipeline.paths import PROJECT

EXPLORER_SOURCE = PROJECT / "explorer"
PARAMETERS_TABLE = "release_parameters"
# each privacy model's tables: official figures (count column), synthetic records, and the
# synthetic counts of short combinations (none in a DP release: the page counts the records)
ROLES = {
    "k_synthetic": {"aggregates": "reportable_aggregates", "count": "reported_count",
                    "records": "synthetic_cases", "synthetic_counts": "synthetic_combination_counts"},
    "differential_privacy": {"aggregates": "dp_aggregates", "count": "dp_count", "noise": "noise_sd",
                             "records": "dp_synthetic_cases", "synthetic_counts": None},
}
# How the page shows the one value of a binary variable.
BINARY_LABEL = "recorded"
# A variable's description starts with its codebook line, label in bold: "**Gender** · text · ...".
LABEL = re.compile(r"\*\*(?P<label>[^*]+)\*\*(?P<rest>.*)", re.DOTALL)
REF = re.compile(r"\{\{\s*ref\(\s*['\"](\w+)['\"]\s*\)\s*\}\}")


def sql_text(value):
    return "'" + str(value).replace("'", "''") + "'"


# --- What the page shows about the release (read from the release's Parquet files).

def release_table(con, release_dir, name):
    return con.sql(f"select * from read_parquet({sql_text(Path(release_dir) / f'{name}.parquet')})")


def parameters(con, release_dir):
    """The release's parameters (one row) as a dict."""
    relation = release_table(con, release_dir, PARAMETERS_TABLE)
    (row,) = relation.fetchall()
    return dict(zip(relation.columns, row, strict=True))


def value_labels():
    """variable -> {value: label} where the page shows more than the value itself."""
    countries = {row["iso3"]: f"{row['iso3']} · {row['name']}" for row in read_seed("countries")}
    return ({name: countries for name in COUNTRY_COLUMNS}
            | {name: {"1": BINARY_LABEL} for name in BINARY})


def published_values(con, release_dir, aggregates_table):
    """variable -> the values the release publishes for it (its aggregates of one value, keyed
    "variable:value"), as text, in codebook order where the codebook orders them, else sorted."""
    keys = release_table(con, release_dir, aggregates_table).filter("combination_length = 1")
    found = {name: [] for name in COLUMNS}
    for (key,) in keys.select("combination_key").order("combination_key").fetchall():
        name, _, value = key.partition(":")
        found[name].append(value)
    for name, values in found.items():
        if name in CATEGORICAL:
            values.sort(key=CATEGORICAL[name].index)
    return found


def variables(dbt_manifest, values, records_model):
    """The 37 variables in codebook order: name, label, plain-text description and the published
    values, each with the label the page shows."""
    (model,) = [node for node in dbt_manifest["nodes"].values()
                if node["resource_type"] == "model" and node["name"] == records_model]
    labels = value_labels()
    found = []
    for name in COLUMNS:
        match = LABEL.match(model["columns"][name]["description"].strip())
        if match is None:
            raise ValueError(f"{name}: its description does not start with a bold label")
        found.append({
            "name": name,
            "label": match["label"].strip().rstrip(".:"),
            "description": plain_text(match["rest"].lstrip(" .:·")),
            "values": [{"value": value, "label": labels.get(name, {}).get(value, value)}
                       for value in values[name]],
        })
    return found


def examples(dbt_manifest, table_names):
    """The analyses/ questions, runnable in the page: ref('x') becomes the page's table x."""
    found = []
    for node in dbt_manifest["nodes"].values():
        if node["resource_type"] != "analysis":
            continue
        sql = REF.sub(r"\1", node["raw_code"]).strip()
        missing = set(REF.findall(node["raw_code"])) - set(table_names)
        if missing or "{{" in sql or "{%" in sql:
            raise ValueError(f"analysis {node['name']} cannot run in the explorer: it needs "
                             f"{sorted(missing) or 'Jinja beyond ref()'}")
        found.append({"name": node["name"], "description": node["description"], "sql": sql})
    return sorted(found, key=lambda example: example["name"])


def metadata(release_dir, dbt_manifest):
    """explorer.json's content."""
    with duckdb.connect() as con:
        release_parameters = parameters(con, release_dir)
        roles = ROLES[release_parameters["privacy_model"]]
        values = published_values(con, release_dir, roles["aggregates"])
    return {
        "parameters": release_parameters,
        "roles": roles,
        "variables": variables(dbt_manifest, values, roles["records"]),
        "examples": examples(dbt_manifest, [p.stem for p in Path(release_dir).glob("*.parquet")]),
    }


def build(release_dir, dbt_manifest_path):
    """Write <release_dir>/explorer/: the bundled page, DuckDB-WASM's files, explorer.json."""
    release_dir = Path(release_dir)
    out = release_dir / "explorer"
    if not (EXPLORER_SOURCE / "node_modules").is_dir():
        raise FileNotFoundError("explorer/node_modules is missing: run scripts/setup.sh (npm ci)")
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(["node", str(EXPLORER_SOURCE / "build.mjs"), str(out)], check=True)
    content = metadata(release_dir, json.loads(Path(dbt_manifest_path).read_text()))
    (out / "explorer.json").write_text(json.dumps(content, indent=1, ensure_ascii=False) + "\n")
    return sorted(path.name for path in out.iterdir())
