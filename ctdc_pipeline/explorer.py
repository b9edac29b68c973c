"""Build the release explorer (the page in explorer/, DuckDB-WASM) into <release_dir>/explorer/.

The page reads the release's CSV files one folder up. Beside it this writes explorer.json, all
derived, nothing typed by hand:

- `tables`: each release table's name, CSV file, column types (from its Parquet twin, so the
  browser reads the CSV with the published types) and number of rows;
- `parameters`: the release's parameters (its `release_parameters` table: k, reporting length...);
- `variables`: the 37 variables in codebook order with the label and description of their column
  in dbt's manifest (the codebook line generated from the seeds, then the prose of
  models/marts/_marts__docs.md) and the values the release publishes for them (its reportable
  aggregates of one value), each with the label the page shows: the country's name beside an ISO
  code (seeds/countries.csv), "recorded" for the 1 of a binary variable;
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
from ctdc_pipeline.paths import PROJECT

EXPLORER_SOURCE = PROJECT / "explorer"
RECORDS_MODEL = "synthetic_cases"
AGGREGATES_TABLE = "reportable_aggregates"
PARAMETERS_TABLE = "release_parameters"
# How the page shows the one value of a binary variable.
BINARY_LABEL = "recorded"
# A variable's description starts with its codebook line, label in bold: "**Gender** · text · ...".
LABEL = re.compile(r"\*\*(?P<label>[^*]+)\*\*(?P<rest>.*)", re.DOTALL)
REF = re.compile(r"\{\{\s*ref\(\s*['\"](\w+)['\"]\s*\)\s*\}\}")


def sql_text(value):
    return "'" + str(value).replace("'", "''") + "'"


# --- The release's tables: the one place that knows where a release keeps them and their types.

def tables(release_dir):
    """Every CSV of the release with its columns' DuckDB types, taken from the Parquet twin
    (the CSV sniffed over all rows where there is none), and its number of rows."""
    found = []
    with duckdb.connect() as con:
        for csv in sorted(Path(release_dir).glob("*.csv")):
            parquet = csv.with_suffix(".parquet")
            source = (f"read_parquet({sql_text(parquet)})" if parquet.exists()
                      else f"read_csv({sql_text(csv)}, header = true, sample_size = -1)")
            described = con.sql(f"describe select * from {source}").fetchall()
            columns = [[name, kind] for name, kind, *_ in described]
            ((rows,),) = con.sql(f"select count(*) from {source}").fetchall()
            found.append({"name": csv.stem, "file": csv.name, "columns": columns, "rows": rows})
    return found


def read_table(con, release_dir, table):
    """A release table as the page reads it: its CSV with the declared column types."""
    columns = ", ".join(f"{sql_text(name)}: {sql_text(kind)}" for name, kind in table["columns"])
    path = Path(release_dir) / table["file"]
    return con.sql(f"""select * from read_csv({sql_text(path)}, auto_detect = false, header = true,
        delim = ',', quote = '"', escape = '"', columns = {{{columns}}})""")


# --- What the page shows about the release.

def parameters(con, release_dir, release_tables):
    """The release's parameters (one row) as a dict."""
    (table,) = [t for t in release_tables if t["name"] == PARAMETERS_TABLE]
    relation = read_table(con, release_dir, table)
    (row,) = relation.fetchall()
    return dict(zip(relation.columns, row, strict=True))


def value_labels():
    """variable -> {value: label} where the page shows more than the value itself."""
    countries = {row["iso3"]: f"{row['iso3']} · {row['name']}" for row in read_seed("countries")}
    return ({name: countries for name in COUNTRY_COLUMNS}
            | {name: {"1": BINARY_LABEL} for name in BINARY})


def published_values(con, release_dir, release_tables):
    """variable -> the values the release publishes for it (reportable aggregates of one value),
    as text, in codebook order where the codebook orders them, else in the column's order."""
    (table,) = [t for t in release_tables if t["name"] == AGGREGATES_TABLE]
    aggregates = read_table(con, release_dir, table)
    found = {}
    for name in COLUMNS:
        column = f'"{name}"'
        rows = aggregates.filter(f"combination_length = 1 and {column} is not null").order(column)
        values = [value for (value,) in rows.select(f"cast({column} as varchar)").fetchall()]
        if name in CATEGORICAL:
            values.sort(key=CATEGORICAL[name].index)
        found[name] = values
    return found


def variables(dbt_manifest, values):
    """The 37 variables in codebook order: name, label, plain-text description and the published
    values, each with the label the page shows."""
    (model,) = [node for node in dbt_manifest["nodes"].values()
                if node["resource_type"] == "model" and node["name"] == RECORDS_MODEL]
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


def plain_text(markdown):
    """Paragraphs kept, lines joined, code marks and bold dropped: the page shows plain text."""
    paragraphs = re.split(r"\n\s*\n", markdown.replace("`", "").replace("**", ""))
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


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
    release_tables = tables(release_dir)
    with duckdb.connect() as con:
        release_parameters = parameters(con, release_dir, release_tables)
        values = published_values(con, release_dir, release_tables)
    return {
        "parameters": release_parameters,
        "variables": variables(dbt_manifest, values),
        "examples": examples(dbt_manifest, [t["name"] for t in release_tables]),
        "tables": release_tables,
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
