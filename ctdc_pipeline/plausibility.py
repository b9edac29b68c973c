"""The plausibility checks of the last dbt build, in plain words.

dbt records each check's outcome (target/run_results.json) and its compiled SQL; every
plausibility check selects a `warning` column written for a data steward, so the warnings are
read back by running the failed checks' SQL against the DuckDB file.
"""

import json
from pathlib import Path

import duckdb

TAG = "plausibility"


def plausibility_warnings(target_dir, db_path):
    """[(check name, [warning, ...]), ...] for the plausibility checks that warned or failed."""
    target_dir = Path(target_dir)
    nodes = json.loads((target_dir / "manifest.json").read_text())["nodes"]
    results = json.loads((target_dir / "run_results.json").read_text())["results"]
    fired = [r for r in results
             if TAG in nodes.get(r["unique_id"], {}).get("tags", []) and r["status"] in ("warn", "fail")]
    found = []
    with duckdb.connect(str(db_path), read_only=True) as con:
        for result in sorted(fired, key=lambda r: r["unique_id"]):
            rows = con.execute(f"select warning from ({result['compiled_code']}) order by all").fetchall()
            found.append((nodes[result["unique_id"]]["name"], [warning for (warning,) in rows]))
    return found


def describe(found):
    if not found:
        return "Plausibility checks: no warnings."
    lines = [f"Plausibility checks: {len(found)} warned. Read them before publishing:"]
    for name, warnings in found:
        lines += [f"  [{name}] {warning}" for warning in warnings]
    return "\n".join(lines)
