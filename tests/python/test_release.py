"""Release files: byte-identical reruns, a truthful manifest, and nothing sensitive inside."""

import csv
import hashlib
import json

import pyarrow.parquet as pq
import pytest

from conftest import SENSITIVE_COLUMNS, assert_release_is_safe
from ctdc_pipeline.codebook import COLUMNS
from ctdc_pipeline.release import export
from ctdc_pipeline.report import write_report

K = 10


@pytest.fixture(scope="module")
def release(tmp_path_factory, small_build):
    out = tmp_path_factory.mktemp("release")
    write_report(small_build.db_path, out / "evaluation_report.html")
    export(small_build.db_path, out)
    return out


def test_rerun_is_byte_identical(tmp_path, small_build, release):
    again = tmp_path / "again"
    write_report(small_build.db_path, again / "evaluation_report.html")
    export(small_build.db_path, again)
    for path in sorted(release.iterdir()):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_manifest_describes_the_files(release, small_build):
    manifest = json.loads((release / "manifest.json").read_text())
    assert manifest["parameters"] == {"release_id": "draft", "k": K, "reporting_length": 3,
                                      "synthesis_seed": 42, "synthesis_mode": "fitted",
                                      "previous_release_id": None}
    assert manifest["release_id"] == "draft"
    assert {"dbt-core", "dbt-duckdb", "duckdb"} <= set(manifest["tools"])
    assert "time" not in json.dumps(manifest).lower()
    listed = {f["file"]: f for f in manifest["files"]}
    assert set(listed) == {p.name for p in release.iterdir()} - {"manifest.json"}
    for name, entry in listed.items():
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == entry["sha256"]
        if entry["format"] == "parquet":
            assert pq.read_metadata(release / name).num_rows == entry["rows"]
            (expected,) = small_build.sql(f"select count(*) from published.{entry['model']}")[0]
            assert entry["rows"] == expected


def test_synthetic_records_have_the_codebook_columns_in_order(release):
    with open(release / "synthetic_cases.csv", newline="") as f:
        assert next(csv.reader(f)) == COLUMNS
    assert pq.read_schema(release / "synthetic_cases.parquet").names == COLUMNS


def test_no_sensitive_column_or_count_below_k_in_any_file(release, small_build):
    assert_release_is_safe(release, small_build)


def test_scan_catches_a_planted_true_count(tmp_path, small_build):
    """The scan above is able to fail: publish the sensitive counts and it sees them."""
    planted = small_build.copy(tmp_path / "leak.duckdb")
    planted.execute("create table published.leak as select combination_key, n "
                    "from sensitive.sensitive_combination_counts")
    out = tmp_path / "leaky"
    export(planted.db_path, out)
    with open(out / "leak.csv", newline="") as f:
        header = next(csv.reader(f))
    assert set(header) & set(SENSITIVE_COLUMNS) == {"n"}


def test_rebuilding_with_the_same_seed_gives_byte_identical_files(tmp_path, small_build, release):
    rebuilt = small_build.copy(tmp_path / "rebuilt.duckdb")
    rebuilt.run("run", "--select", "synthetic_cases+")
    out = tmp_path / "rebuilt"
    write_report(rebuilt.db_path, out / "evaluation_report.html")
    export(rebuilt.db_path, out)
    for path in sorted(release.iterdir()):
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name

    reseeded = small_build.copy(tmp_path / "reseeded.duckdb")
    reseeded.run("run", "--select", "synthetic_cases", synthesis_seed=7)
    export(reseeded.db_path, tmp_path / "reseeded")
    assert (tmp_path / "reseeded" / "synthetic_cases.csv").read_bytes() != (
        release / "synthetic_cases.csv").read_bytes()


def test_synthetic_records_have_the_types_of_cases(small_build):
    def types(schema, table):
        return small_build.sql(
            "select column_name, data_type from information_schema.columns "
            f"where table_schema = '{schema}' and table_name = '{table}' order by ordinal_position")

    assert types("published", "synthetic_cases") == types("sensitive", "cases")[: len(COLUMNS)]
