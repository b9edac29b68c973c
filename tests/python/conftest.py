"""pytest drives dbt in-process through dbtRunner; every build gets its own DuckDB file."""

import csv
import fcntl
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from ctdc_pipeline.codebook import read_records
from ctdc_pipeline.dbt_invoke import invoke
from ctdc_pipeline.paths import PROJECT, RELEASE_2021, dbt_target
from ctdc_pipeline.runner import build_release
from demo.write import write_extracts

# What must never appear in a release file: lineage columns and true counts; and the columns
# that hold a count of people (a multiple of k, never below k; 0 only where a figure says "none").
SENSITIVE_COLUMNS = ("source_record_id", "partner", "source_row_number", "issues", "n")
COUNT_COLUMNS = ("reported_count", "previous_reported_count", "records_with_unique_combination",
                 "records_with_rare_combination", "records_total")


class Dbt:
    """One DuckDB file and one extracts folder; run dbt commands against them."""

    def __init__(self, db_path, extracts_dir, project=PROJECT, **variables):
        self.db_path = Path(db_path)
        self.project = Path(project)
        self.variables = {"extracts_dir": str(extracts_dir), **variables}

    @property
    def manifest(self):
        """dbt's manifest as this file's last dbt run wrote it (the project's target/ holds the
        manifest of whichever run came last)."""
        return self.db_path.with_suffix(".manifest.json")

    def run(self, *args, expect_success=True, **variables):
        """`dbt <args>`; a build leaves out the unit tests of the code (test_unit_tests runs them
        once), as the release runner does."""
        if args[0] == "build":
            args = (*args, "--exclude-resource-type", "unit_test")
        started = time.time()
        result = invoke(args, self.db_path, {**self.variables, **variables}, self.project)
        written = dbt_target(self.project) / "manifest.json"
        if written.stat().st_mtime >= started:  # not another run's, left by one that stopped early
            shutil.copyfile(written, self.manifest)
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

    def copy(self, db_path, **variables):
        shutil.copyfile(self.db_path, db_path)
        shutil.copyfile(self.manifest, Path(db_path).with_suffix(".manifest.json"))
        twin = Dbt(db_path, self.variables["extracts_dir"], self.project)
        twin.variables = {**self.variables, **variables}
        return twin


# Fixtures that build the whole project or write demo-sized extracts: the tests that use them are
# marked `build` and left out of the fast subset (scripts/test.sh -m "not build").
WHOLE_BUILDS = {"small_extracts", "small_build", "release_series", "full_build", "steward", "extracts"}


# Under pytest-xdist (scripts/test.sh runs two workers) each worker keeps its own dbt target/ and
# logs/; a test file runs on one worker, and the tests that read the demo release series, or the
# small `cases` build, on the same one, so no module, series or `cases` build is made twice.
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["DBT_TARGET_PATH"] = f"target/{os.environ['PYTEST_XDIST_WORKER']}"
    os.environ["DBT_LOG_PATH"] = f"logs/{os.environ['PYTEST_XDIST_WORKER']}"


# Test files on one worker: the DP synthesizer's numba code, compiled on first use into its cache,
# is then compiled once, not by both workers at the same time.
SHARED_GROUPS = {"test_dp_build": "test_dp"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    for item in items:
        fixtures = set(item.fixturenames)
        if WHOLE_BUILDS & fixtures:
            item.add_marker(pytest.mark.build)
        if {"release_series", "full_build"} & fixtures:
            group = "release_series"
        elif "cases_build" in fixtures:
            group = "cases_build"
        else:
            group = SHARED_GROUPS.get(item.module.__name__, item.module.__name__)
        item.add_marker(pytest.mark.xdist_group(group))


def failure_message(result):
    """The messages of what failed in a dbt invocation (hooks, models, tests), in one text."""
    failed = [str(r.message) for r in (result.result or []) if str(r.status) in ("error", "fail")]
    return " ".join(failed) or str(result.exception)


def assert_release_is_safe(release_dir, build, k=10):
    """No sensitive column, no record id and no count of people below k in any release file."""
    record_ids = {rid for (rid,) in build.sql("select source_record_id from sensitive.cases")}
    for path in sorted(release_dir.rglob("*.csv")):
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
        header = list(rows[0]) if rows else []
        assert not set(header) & set(SENSITIVE_COLUMNS), path.name
        for row in rows:
            assert not set(row.values()) & record_ids, f"a record id in {path.name}"
            for column in set(header) & set(COUNT_COLUMNS):
                if row[column] == "":  # a count the release does not have (e.g. not reportable before)
                    continue
                count = int(row[column])
                assert count % k == 0 and (count >= k or count == 0), f"{path.name}: {column}={count}"
        if path.stem == "reportable_aggregates":
            assert all(int(r["reported_count"]) >= k for r in rows)
    for path in sorted(release_dir.rglob("*.parquet")):
        assert not set(pq.read_schema(path).names) & set(SENSITIVE_COLUMNS), path.name


@pytest.fixture()
def scratch(tmp_path_factory):
    """A folder emptied for each test, at the same path every time. dbt parses the whole project
    again (seconds) whenever its DuckDB path or vars change, so tests that run dbt on files here,
    under the same names, parse it once between them."""
    folder = tmp_path_factory.getbasetemp() / "scratch"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


def read_release_records(every=1):
    """CTDC 2021 records (dicts of the 37 columns), every n-th one."""
    return read_records(RELEASE_2021, every)


def made_once(tmp_path_factory, name, make):
    """The folder `name`, shared by the test workers and made by `make(folder)` in the first
    worker that asks for it, while the others wait: a build that tests only read or copy is
    not made twice."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above the workers' own
    folder = root / name
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not folder.exists():
            partial = root / f"{name}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            make(partial)
            partial.rename(folder)
    return folder


@pytest.fixture(scope="session")
def small_extracts(tmp_path_factory):
    """About 4,800 real-shaped records, in all five partner layouts."""
    return made_once(tmp_path_factory, "small_extracts",
                     lambda out: write_extracts(read_release_records(every=40), out))


@pytest.fixture(scope="session")
def cases_build(tmp_path_factory):
    """About 960 real-shaped records in all five layouts, built as far as `cases` (seeds,
    staging, mapping): enough for the macros' and the mapping rules' unit tests."""
    extracts = tmp_path_factory.mktemp("tiny_extracts")
    write_extracts(read_release_records(every=200), extracts)
    dbt = Dbt(tmp_path_factory.mktemp("cases_build") / "cases.duckdb", extracts)
    dbt.run("build", "--select", "+cases", "--indirect-selection", "cautious")
    return dbt


@pytest.fixture(scope="session")
def small_build(tmp_path_factory, small_extracts):
    """The whole project built and tested on the small extracts (built once; each worker has
    its own copy, so a dbt run on it never waits for another worker's reader)."""
    built = made_once(tmp_path_factory, "small_build",
                      lambda out: Dbt(out / "small.duckdb", small_extracts).run("build"))
    own = tmp_path_factory.mktemp("small_build") / "small.duckdb"
    return Dbt(built / "small.duckdb", small_extracts).copy(own)


@dataclass
class ReleaseSeries:
    dbt: Dbt  # the DuckDB file both releases were built in, as left by the 2021 build
    releases: Path  # the releases folder: 2019/ and 2021/
    outcomes: list  # the release runner's outcome for 2019, then 2021


@pytest.fixture(scope="session")
def release_series(tmp_path_factory):
    """The demo's update, end to end, as a steward runs it (the release runner): release 2019
    built from the cases registered up to 2019 and published; then release 2021, all 193,025
    records rendered afresh, built in the same DuckDB file against the published 2019 files,
    and published."""
    records = read_release_records()
    root = tmp_path_factory.mktemp("release_series")
    releases, db = root / "release", root / "series.duckdb"
    write_extracts(records, root / "extracts_2019", registered_up_to=2019)
    write_extracts(records, root / "extracts_2021")
    builds = [{"release_id": "2019", "extracts_dir": str(root / "extracts_2019"), "previous_release": ""},
              {"release_id": "2021", "extracts_dir": str(root / "extracts_2021"),
               "previous_release": str(releases / "2019")}]
    outcomes = [build_release(db, variables, releases, docs=False) for variables in builds]
    assert [o.status for o in outcomes] == ["published"] * 2, [o.detail for o in outcomes]
    return ReleaseSeries(Dbt(db, **builds[1]), releases, outcomes)


@pytest.fixture(scope="session")
def full_build(release_series):
    """All 193,025 CTDC 2021 records rendered afresh into the partner layouts, then the whole
    project built and tested on them (release 2021 of the series above)."""
    return release_series.dbt
