"""The release command as a steward meets it (ctdc_pipeline/runner.py, scripts/build_release.py):
nothing is written before it is safe to write. A refused, failed, killed or disk-full run leaves
the kept DuckDB file (its published schema, its build history) and every release folder exactly
as they were, the history gaining only the run's own rows; the next run succeeds; a second run
on a file in use fails at once; the steward's switches work; every check says when it could not
run. One small set of extracts, one DuckDB file, steps in the order a steward might meet them."""

import errno
import gzip
import hashlib
import os
import runpy
import shutil
import signal
import subprocess
import sys
import time

import pytest
from frictionless import validate

from conftest import PROJECT, Dbt, failure_message, read_release_records
from ctdc_pipeline import release, runner
from ctdc_pipeline.runner import DatabaseInUse, build_release, exclusive
from demo.write import RENDERERS, write_extracts


@pytest.fixture(scope="module")
def steward(tmp_path_factory):
    """Release 2021 published from a small set of extracts, with its build history."""
    root = tmp_path_factory.mktemp("steward")
    write_extracts(read_release_records(every=200), root / "extracts")
    state = State(root)
    assert state.build("2021").status == "published"
    return state


class State:
    """The steward's folder: extracts, the kept DuckDB file, the releases."""

    def __init__(self, root):
        self.root, self.db, self.releases = root, root / "kept.duckdb", root / "release"

    def variables(self, release_id, extracts=None, **more):
        return {"release_id": release_id, "extracts_dir": str(extracts or self.root / "extracts"),
                "previous_release": "", **more}

    def build(self, release_id, extracts=None, replace=False, **more):
        return build_release(self.db, self.variables(release_id, extracts, **more), self.releases,
                             replace=replace, docs=False)

    def snapshot(self):
        """Every release file's digest, every published table's rows, the build history."""
        files = {path.relative_to(self.releases).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
                 for path in sorted(self.releases.rglob("*")) if path.is_file()}
        dbt = Dbt(self.db, self.root / "extracts")
        tables = [name for (name,) in dbt.sql("select table_name from duckdb_tables() "
                                              "where schema_name = 'published' order by all")]
        published = {name: dbt.sql(f"select * from published.{name} order by all") for name in tables}
        return files, published, self.history()

    def history(self):
        return Dbt(self.db, self.root / "extracts").sql(
            "select build_id, release_id, status, detail, partner, raw_rows from sensitive.build_history "
            "order by built_at, build_id, partner")

    def assert_unchanged_but_logged(self, before, status):
        """Release files and published tables as before; the history as before plus one
        build's rows, all with `status`."""
        files, published, history = self.snapshot()
        assert (files, published) == before[:2]
        assert history[:len(before[2])] == before[2]
        added = history[len(before[2]):]
        assert added and {(row[0], row[2]) for row in added} == {(added[0][0], status)}
        assert leftovers(self.root) == []
        return added


def leftovers(root):
    """What an interrupted run could leave: a work file, a half-written or set-aside release."""
    return [p for p in root.rglob("*") if p.name.endswith((".building", ".incoming", ".replaced"))]


def damaged_extracts(state):
    """The extracts with IOM sending half its rows and A21 leaving gender empty."""
    extracts = state.root / "damaged"
    shutil.rmtree(extracts, ignore_errors=True)
    shutil.copytree(state.root / "extracts", extracts)
    iom = extracts / RENDERERS["iom"].file
    lines = gzip.decompress(iom.read_bytes()).split(b"\n")
    iom.write_bytes(gzip.compress(b"\n".join(lines[: len(lines) // 2] + [b""])))
    a21 = extracts / RENDERERS["a21"].file
    lines = gzip.decompress(a21.read_bytes()).split(b"\n")
    column = lines[0].split(b",").index(b"gender")
    rows = [line.split(b",") for line in lines[1:] if line]
    blanked = [b",".join(fields[:column] + [b""] + fields[column + 1:]) for fields in rows]
    a21.write_bytes(gzip.compress(b"\n".join([lines[0], *blanked, b""])))
    return extracts


def test_a_refused_publish_changes_nothing_and_the_next_draft_still_warns(steward):
    damaged = damaged_extracts(steward)
    before = steward.snapshot()
    refused = steward.build("2021", damaged)
    assert refused.status == "refused" and "release 2021 already exists" in refused.detail
    steward.assert_unchanged_but_logged(before, "refused")

    draft = steward.build("draft", damaged, previous_release=str(steward.releases / "2021"), k=20)
    assert draft.status == "published"
    warnings = dict(draft.warnings)
    assert warnings["plausibility_partner_rows_fall"][0].startswith(
        "Partner iom has fewer rows than in release 2021")
    assert warnings["plausibility_partner_variable_goes_missing"][0].startswith(
        "Partner a21 leaves gender empty in 100.0 % of its cases")
    assert warnings["plausibility_parameters_match"] == [
        "The previous release 2021 used k = 10 and reporting length 3; this one k = 20 and 3: "
        "its counts are not comparable."]


def test_a_failed_build_changes_nothing_and_still_prints_its_warnings(steward):
    before = steward.snapshot()
    failed = steward.build("draft-strict", damaged_extracts(steward), plausibility_severity="error")
    assert failed.status == "failed" and "plausibility_partner_rows_fall" in failed.detail
    assert "plausibility_partner_rows_fall" in dict(failed.warnings)
    steward.assert_unchanged_but_logged(before, "failed")


def test_a_full_disk_during_the_export_changes_nothing(steward, monkeypatch):
    def disk_full(db_path, out_dir):
        (out_dir / "reportable_aggregates.csv").write_text("partly written")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out_dir / "synthetic_cases.csv"))

    monkeypatch.setattr(release, "export_tables", disk_full)
    before = steward.snapshot()
    failed = steward.build("2021", replace=True)
    assert failed.status == "failed" and "No space left on device" in failed.detail
    steward.assert_unchanged_but_logged(before, "failed")


def run_killed(state, release_id, wait_for, *args, **env):
    """The release command as a subprocess, killed (with its children) once `wait_for()` is
    true."""
    env = {**os.environ, "DBT_DUCKDB_PATH": str(state.db), "RELEASES_DIR": str(state.releases),
           "RELEASE_ID": release_id, "EXTRACTS_DIR": str(state.root / "extracts"), **env}
    process = subprocess.Popen([sys.executable, "scripts/build_release.py", *args], cwd=PROJECT, env=env,
                               start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not wait_for() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def test_a_run_killed_during_the_build_or_the_export_leaves_no_trace_and_the_next_run_succeeds(steward):
    files, published, history = steward.snapshot()
    kept = steward.db.read_bytes()
    work = runner.work_file(steward.db)

    def building():
        return work.exists() and work.stat().st_size > 0

    run_killed(steward, "killed", building)
    # replacing release 2021 with other content (another seed), killed while it is written
    run_killed(steward, "2021", lambda: (steward.releases / ".2021.incoming").exists(),
               "synthesis_seed=7", REPLACE_RELEASE="1")
    assert steward.db.read_bytes() == kept
    assert steward.snapshot() == (files, published, history)
    assert not (steward.releases / "killed").exists()

    again = steward.build("killed")
    assert again.status == "published" and validate(steward.releases / "killed" / "datapackage.json").valid
    assert leftovers(steward.root) == []


def test_a_second_run_on_a_file_in_use_fails_at_once(steward):
    with exclusive(steward.db):
        started = time.monotonic()
        with pytest.raises(DatabaseInUse, match=f"{steward.db} is in use by another run"):
            steward.build("2021")
        assert time.monotonic() - started < 2


def test_an_interrupted_replacement_is_recovered(tmp_path):
    """A run killed between the two renames of a replacement left the old release aside: the
    next publish puts it back before anything else."""
    aside = tmp_path / ".2021.replaced"
    aside.mkdir()
    (aside / "datapackage.json").write_text("{}")
    (tmp_path / ".draft.incoming").mkdir()
    release.recover(tmp_path)
    assert (tmp_path / "2021" / "datapackage.json").read_text() == "{}" and leftovers(tmp_path) == []


def test_a_damaged_previous_release_is_named(steward, tmp_path):
    copy = tmp_path / "2021"
    shutil.copytree(steward.releases / "2021", copy)
    with open(copy / "reportable_aggregates.csv", "a") as f:
        f.write("gender:Female,1,,Female,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,1000\n")
    result = Dbt(tmp_path / "compare.duckdb", steward.root / "extracts").run(
        "run", "--select", "stg_previous_release__files", previous_release=str(copy), expect_success=False)
    message = failure_message(result)
    assert (f"The previous release {copy} is not as it was published: reportable_aggregates.csv "
            "differs from the SHA-256 hash in its datapackage.json") in message


def test_the_stewards_switches_reach_dbt():
    dbt_vars = runpy.run_path(str(PROJECT / "scripts" / "build_release.py"))["dbt_vars"]
    assert dbt_vars(["k=20", "plausibility_max_value_drop_share=0.1"],
                    {"PLAUSIBILITY": "error", "RELEASE_ID": "2022", "EXTRACTS_DIR": "/data/x"}) == {
        "extracts_dir": "/data/x", "release_id": "2022", "previous_release": "",
        "plausibility_severity": "error", "k": 20, "plausibility_max_value_drop_share": 0.1}


def test_a_misspelt_severity_is_refused(small_build):
    result = small_build.run("compile", "--select", "plausibility_record_total_falls",
                             plausibility_severity="eror", expect_success=False)
    assert "plausibility_severity 'eror': use warn or error" in failure_message(result)
