"""Build the release explorer (the page in explorer/, DuckDB-WASM) into <release_dir>/explorer/.

The page reads the release's CSV files one folder up. Beside it this writes explorer.json, all
derived, nothing typed by hand: the 37 variables with the label and description of their column in
dbt's manifest (the codebook line generated from the seeds into models/marts/_codebook__generated_docs.md,
then the prose of models/marts/_marts__docs.md), the worked questions of analyses/ with ref()
replaced by the page's table names, and each release table's column types (from its Parquet
twin, so the browser reads the CSV with the published types). Same inputs, same bytes.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import duckdb

from ctdc_pipeline.codebook import COLUMNS
from ctdc_pipeline.paths import PROJECT

EXPLORER_SOURCE = PROJECT / "explorer"
RECORDS_MODEL = "synthetic_cases"
# A variable's description starts with its codebook line, label in bold: "**Gender** · text · ...".
LABEL = re.compile(r"\*\*(?P<label>[^*]+)\*\*(?P<rest>.*)", re.DOTALL)
REF = re.compile(r"\{\{\s*ref\(\s*['\"](\w+)['\"]\s*\)\s*\}\}")


def variables(dbt_manifest):
    """The 37 variables in codebook order: name, label and plain-text description."""
    (model,) = [node for node in dbt_manifest["nodes"].values()
                if node["resource_type"] == "model" and node["name"] == RECORDS_MODEL]
    found = []
    for name in COLUMNS:
        match = LABEL.match(model["columns"][name]["description"].strip())
        if match is None:
            raise ValueError(f"{name}: its description does not start with a bold label")
        found.append({"name": name, "label": match["label"].strip().rstrip(".:"),
                      "description": plain_text(match["rest"].lstrip(" .:·"))})
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


def tables(release_dir):
    """Every CSV of the release with its columns' DuckDB types, taken from the Parquet twin
    (the CSV sniffed over all rows where there is none)."""
    found = []
    with duckdb.connect() as con:
        for csv in sorted(release_dir.glob("*.csv")):
            parquet = csv.with_suffix(".parquet")
            source = (f"read_parquet('{parquet}')" if parquet.exists()
                      else f"read_csv('{csv}', header = true, sample_size = -1)")
            described = con.sql(f"describe select * from {source}").fetchall()
            columns = [[name, kind] for name, kind, *_ in described]
            found.append({"name": csv.stem, "file": csv.name, "columns": columns})
    return found


def build(release_dir, dbt_manifest_path):
    """Write <release_dir>/explorer/: the bundled page, DuckDB-WASM's files, explorer.json."""
    release_dir = Path(release_dir)
    out = release_dir / "explorer"
    if not (EXPLORER_SOURCE / "node_modules").is_dir():
        raise FileNotFoundError("explorer/node_modules is missing: run scripts/setup.sh (npm ci)")
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(["node", str(EXPLORER_SOURCE / "build.mjs"), str(out)], check=True)
    manifest = json.loads(Path(dbt_manifest_path).read_text())
    release_tables = tables(release_dir)
    metadata = {
        "variables": variables(manifest),
        "examples": examples(manifest, [t["name"] for t in release_tables]),
        "tables": release_tables,
    }
    (out / "explorer.json").write_text(json.dumps(metadata, indent=1, ensure_ascii=False) + "\n")
    return sorted(path.name for path in out.iterdir())
