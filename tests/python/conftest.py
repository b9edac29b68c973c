"""pytest drives dbt in-process through dbtRunner; every build gets its own DuckDB file."""

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner

from ctdc_pipeline.codebook import read_records
from ctdc_pipeline.paths import PROJECT, RELEASE_2021
from demo.write import write_extracts


class Dbt:
    """One DuckDB file and one extracts folder; run dbt commands against them."""

    def __init__(self, db_path, extracts_dir, project=PROJECT, **variables):
        self.db_path = Path(db_path)
        self.project = Path(project)
        self.variables = {"extracts_dir": str(extracts_dir), **variables}

    def run(self, *args, expect_success=True, **variables):
        os.environ["DBT_DUCKDB_PATH"] = str(self.db_path)
        argv = [*args, "--log-level", "warn", "--project-dir", str(self.project),
                "--profiles-dir", str(self.project),
                "--vars", json.dumps({**self.variables, **variables})]
        result = dbtRunner().invoke(argv)
        release_duckdb_file()
        if expect_success is not None:
            assert result.success == expect_success, f"dbt {' '.join(args)}: {result.exception}"
        return result

    def sql(self, query):
        with duckdb.connect(str(self.db_path), read_only=True) as con:
            return con.sql(query).fetchall()

    def execute(self, *statements):
        with duckdb.connect(str(self.db_path)) as con:
            for statement in statements:
                con.execute(statement)

    def copy(self, db_path):
        shutil.copyfile(self.db_path, db_path)
        twin = Dbt(db_path, self.variables["extracts_dir"], self.project)
        twin.variables = dict(self.variables)
        return twin


def release_duckdb_file():
    """dbt-duckdb keeps its connection open after an in-process run; close it so the file can
    be read, changed or copied consistently."""
    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()


def read_release_records(every=1):
    """CTDC 2021 records (dicts of the 37 columns), every n-th one."""
    return read_records(RELEASE_2021, every)


@pytest.fixture(scope="session")
def small_extracts(tmp_path_factory):
    """About 4,800 real-shaped records, in all five partner layouts."""
    out = tmp_path_factory.mktemp("small_extracts")
    write_extracts(read_release_records(every=40), out)
    return out


@pytest.fixture(scope="session")
def small_build(tmp_path_factory, small_extracts):
    """The whole project built and tested on the small extracts."""
    dbt = Dbt(tmp_path_factory.mktemp("small_build") / "small.duckdb", small_extracts)
    dbt.run("build")
    return dbt


@pytest.fixture(scope="session")
def full_build(tmp_path_factory):
    """All 193,025 CTDC 2021 records rendered afresh into the partner layouts, then the whole
    project built and tested on them."""
    extracts = tmp_path_factory.mktemp("full_extracts")
    write_extracts(read_release_records(), extracts)
    dbt = Dbt(tmp_path_factory.mktemp("full_build") / "full.duckdb", extracts)
    dbt.run("build")
    return dbt
