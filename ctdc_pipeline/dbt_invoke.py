"""dbt in this process (dbtRunner), against a DuckDB file of the caller's choosing: shared by
the release runner and the tests."""

import json
import os

from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner

from ctdc_pipeline.paths import PROJECT


def invoke(args, db_path, variables, project=PROJECT, log_level="warn"):
    """Run `dbt <args>` with --vars `variables` on the DuckDB file `db_path`; returns dbt's
    result. The file is closed afterwards, so it can be read, copied or moved."""
    os.environ["DBT_DUCKDB_PATH"] = str(db_path)
    argv = [*args, "--log-level", log_level, "--project-dir", str(project), "--profiles-dir", str(project),
            "--vars", json.dumps(variables)]
    try:
        return dbtRunner().invoke(argv)
    finally:
        release_duckdb_file()


def release_duckdb_file():
    """dbt-duckdb keeps its connection open after an in-process run; close it."""
    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()


def failures(result):
    """What failed in a dbt invocation, in one line."""
    if result.exception is not None:
        return str(result.exception).strip().splitlines()[0]
    failed = [r for r in (result.result or []) if str(r.status) in ("error", "fail")]
    names = ", ".join(f"{r.node.resource_type} {r.node.name}" for r in failed[:5])
    more = f" and {len(failed) - 5} more" if len(failed) > 5 else ""
    return f"{len(failed)} failed: {names}{more}" if failed else "dbt reported failure"
