"""Round trip on real data: the 193,025 CTDC 2021 records, rendered afresh into the five partner
layouts, come out of the pipeline as exactly the same multiset of 37-value records. No mapping
is lossy on this data, so nothing is excluded from the comparison."""

import filecmp
from pathlib import Path

import duckdb

from ctdc_pipeline.codebook import COLUMNS
from ctdc_pipeline.paths import DEMO_EXTRACTS, RELEASE_2021
from demo.write import RENDERERS


def as_text(source):
    return ", ".join(f'cast("{c}" as varchar) as "{c}"' for c in COLUMNS) + f" from {source}"


def test_cases_reproduce_the_release_exactly(full_build):
    with duckdb.connect(str(full_build.db_path), read_only=True) as con:
        con.execute(f"create temp table original as select {as_text(repr(str(RELEASE_2021)))}")
        con.execute(f"create temp table harmonized as select {as_text('sensitive.cases')}")
        assert con.sql("select count(*) from original").fetchall()[0][0] == 193025
        assert con.sql("select count(*) from harmonized").fetchall()[0][0] == 193025
        missing = con.sql("select count(*) from (from original except all from harmonized)").fetchall()[0][0]
        extra = con.sql("select count(*) from (from harmonized except all from original)").fetchall()[0][0]
    assert (missing, extra) == (0, 0)
    assert full_build.sql("select count(*) from sensitive.cases_rejects") == [(0,)]


def test_shipped_demo_extracts_are_the_script_output(full_build):
    """The bundled demo extracts are byte-identical to a fresh, deterministic rendering."""
    fresh = Path(full_build.variables["extracts_dir"])
    for renderer in RENDERERS.values():
        assert filecmp.cmp(fresh / renderer.file, DEMO_EXTRACTS / renderer.file,
                           shallow=False), renderer.file
