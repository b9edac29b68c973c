"""The release command (`scripts/run.sh`): build a release in a DuckDB file of its own, publish
it, and only then let that file replace the one the steward keeps. A refused, failed or
interrupted run therefore leaves the kept DuckDB file (its `published` schema, its build
history) and every release folder as they were; the history only gains the run's own rows.

    lock the kept DuckDB file (a second run on it fails at once)
    -> a new work file beside it, starting with a copy of the build history
    -> dbt build in the work file: every model and data test (the unit tests of the code run in
       the project's own tests, not in every release)
    -> the plausibility warnings, kept to be printed whatever happens next
    -> dbt docs generate; the release assembled aside, then moved into place in one rename
    -> published: the history row goes into the work file, which replaces the kept file
       refused or failed: the history row is appended to the kept file, the work file dropped
"""

import fcntl
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ctdc_pipeline import history
from ctdc_pipeline.dbt_invoke import failures, invoke
from ctdc_pipeline.paths import PROJECT, RELEASE_DIR, dbt_target
from ctdc_pipeline.plausibility import plausibility_warnings
from ctdc_pipeline.release import ReleaseExists, publish


class DatabaseInUse(Exception):
    """Another run holds the DuckDB file."""


@dataclass
class Outcome:
    status: str  # published, refused or failed
    detail: str | None = None
    folder: Path | None = None
    warnings: list = field(default_factory=list)  # [(check, [warning, ...]), ...]


def work_file(db_path):
    return db_path.with_name(db_path.name + ".building")


@contextmanager
def exclusive(db_path):
    """Hold `<db>.lock` for the run; fail at once if another run holds it."""
    lock_path = db_path.with_name(db_path.name + ".lock")
    with open(lock_path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DatabaseInUse(
                f"{db_path} is in use by another run (it holds {lock_path}); wait for it to end, "
                "or build in another DuckDB file (DBT_DUCKDB_PATH)") from None
        yield


def remove_database(path):
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def settle(db_path):
    """Replay and checkpoint a kept file left with a write-ahead log by a crashed writer, so
    that replacing it cannot leave a stale log behind."""
    if db_path.with_name(db_path.name + ".wal").exists():
        with duckdb.connect(str(db_path)) as con:
            con.execute("checkpoint")


def build_release(db_path, variables, releases_dir=RELEASE_DIR, replace=False, project=PROJECT,
                  docs=True):
    """Build, test and publish the release of `variables` (dbt vars: release_id, extracts_dir,
    previous_release, k, ...). Returns an Outcome; raises DatabaseInUse."""
    db_path = Path(db_path).resolve()
    release_id = variables.get("release_id", "draft")
    with exclusive(db_path):
        settle(db_path)
        work = work_file(db_path)
        remove_database(work)  # a killed run's leftover
        history.copy_history(db_path, work)
        build_id = history.new_build_id()
        try:
            try:
                outcome = _build_and_publish(work, variables, releases_dir, replace, project, docs)
            except Exception as error:  # whatever stopped the run, the history says so
                outcome = Outcome("failed", f"{type(error).__name__}: {error}")
            logged_in = work if outcome.status == "published" else db_path
            history.log_build(logged_in, work, build_id, release_id, outcome.status, outcome.detail,
                              parameters=variables)
            if outcome.status == "published":
                os.replace(work, db_path)
            return outcome
        finally:
            remove_database(work)


def _build_and_publish(work, variables, releases_dir, replace, project, docs):
    target = dbt_target(project)
    built = invoke(["build", "--exclude-resource-type", "unit_test"], work, variables, project)
    warnings = plausibility_warnings(target, work) if (target / "run_results.json").exists() else []
    if not built.success:
        return Outcome("failed", f"dbt build: {failures(built)}", warnings=warnings)
    if docs:
        generated = invoke(["docs", "generate", "--static"], work, variables, project)
        if not generated.success:
            return Outcome("failed", f"dbt docs generate: {failures(generated)}", warnings=warnings)
    try:
        folder, _ = publish(work, releases_dir, target / "manifest.json", replace)
    except ReleaseExists as refused:
        return Outcome("refused", str(refused), warnings=warnings)
    except OSError as error:  # a full disk, a folder not writable: nothing was moved into place
        return Outcome("failed", f"export: {error}", warnings=warnings)
    return Outcome("published", folder=folder, warnings=warnings)
