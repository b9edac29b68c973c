"""Release files: byte-identical reruns, a truthful Data Package that frictionless validates (and
that catches a wrong hash, a value outside the codebook and a missing file), and nothing
sensitive inside."""

import csv
import hashlib
import json
import shutil

import pyarrow.parquet as pq
import pytest
from frictionless import validate

from conftest import SENSITIVE_COLUMNS, assert_release_is_safe
from ctdc_pipeline.codebook import CATEGORICAL, COLUMNS
from ctdc_pipeline.datapackage import sha256
from ctdc_pipeline.release import export
from ctdc_pipeline.report import write_report

K = 10


@pytest.fixture(scope="module")
def release(tmp_path_factory, small_build):
    out = tmp_path_factory.mktemp("release")
    write_report(small_build.db_path, out / "evaluation_report.html")
    export(small_build.db_path, out, small_build.manifest)
    return out


def test_rerun_is_byte_identical(tmp_path, small_build, release):
    again = tmp_path / "again"
    write_report(small_build.db_path, again / "evaluation_report.html")
    export(small_build.db_path, again, small_build.manifest)
    for path in sorted(release.iterdir()):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_datapackage_describes_the_files(release, small_build):
    package = json.loads((release / "datapackage.json").read_text())
    assert package["parameters"] == {"release_id": "draft", "privacy_model": "k_synthetic", "k": K,
                                     "epsilon": None, "delta": None, "zcdp_rho": None, "reporting_length": 3,
                                     "synthesis_seed": 42, "synthesis_mode": "fitted",
                                     "first_registration_year": 2002, "last_registration_year": 2021,
                                     "previous_release_id": None}
    assert package["release_id"] == "draft" and package["name"] == "ctdc-release-draft"
    assert {"dbt-core", "dbt-duckdb", "duckdb"} <= set(package["tools"])
    assert package["licenses"] and package["sources"] and "CTDC" in package["citation"]
    assert "time" not in json.dumps(package).lower()
    listed = {r["path"]: r for r in package["resources"]}
    assert set(listed) == {p.name for p in release.iterdir()} - {"datapackage.json"}
    for path, resource in listed.items():
        assert resource["hash"] == f"sha256:{hashlib.sha256((release / path).read_bytes()).hexdigest()}"
        assert resource["bytes"] == (release / path).stat().st_size
        if resource["type"] == "table":
            (rows,) = small_build.sql(f"select count(*) from published.{resource['name']}")[0]
            parquet = release / path.replace(".csv", ".parquet")
            assert resource["rows"] == rows == pq.read_metadata(parquet).num_rows
            columns = small_build.sql(f"select column_name, data_type from information_schema.columns "
                                      f"where table_name = '{resource['name']}' order by ordinal_position")
            assert [(f["name"], f["duckdbType"]) for f in resource["schema"]["fields"]] == columns
            assert all(f["description"] for f in resource["schema"]["fields"]), path
    fields = {f["name"]: f for f in listed["synthetic_cases.csv"]["schema"]["fields"]}
    assert fields["gender"]["constraints"] == {"enum": CATEGORICAL["gender"]}
    assert fields["isForcedLabour"]["constraints"] == {"enum": [1]}
    assert "UKR" in fields["citizenship"]["constraints"]["enum"]
    assert fields["yearOfRegistration"]["constraints"] == {"minimum": 2002, "maximum": 2021}


def test_frictionless_validates_the_release(release):
    report = validate(release / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def planted(release, tmp_path, change):
    """A copy of the release with one thing changed; frictionless's error types for it."""
    copy = tmp_path / "planted"
    shutil.copytree(release, copy)
    package = json.loads((copy / "datapackage.json").read_text())
    change(copy, {r["path"]: r for r in package["resources"]})
    (copy / "datapackage.json").write_text(json.dumps(package))
    return {error[0] for error in validate(copy / "datapackage.json").flatten(["type"])}


def test_frictionless_catches_a_wrong_hash(release, tmp_path):
    def wrong_hash(copy, resources):
        resources["evaluation_risk.csv"]["hash"] = "sha256:" + "0" * 64
    assert planted(release, tmp_path, wrong_hash) == {"hash-count"}


def test_frictionless_catches_a_value_outside_the_codebook(release, tmp_path):
    def martian(copy, resources):
        path = copy / "synthetic_cases.csv"
        path.write_text(path.read_text().replace(",Female,", ",Martian,", 1))
        resources["synthetic_cases.csv"] |= {"hash": f"sha256:{sha256(path)}", "bytes": path.stat().st_size}
    assert planted(release, tmp_path, martian) == {"constraint-error"}


def test_frictionless_catches_a_missing_file(release, tmp_path):
    def missing(copy, resources):
        (copy / "evaluation_risk.parquet").unlink()
    assert planted(release, tmp_path, missing) == {"scheme-error"}


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
    export(planted.db_path, out, planted.manifest)
    with open(out / "leak.csv", newline="") as f:
        header = next(csv.reader(f))
    assert set(header) & set(SENSITIVE_COLUMNS) == {"n"}


def test_rebuilding_with_the_same_seed_gives_byte_identical_files(tmp_path, small_build, release):
    rebuilt = small_build.copy(tmp_path / "rebuilt.duckdb")
    rebuilt.run("run", "--select", "synthetic_cases+")
    out = tmp_path / "rebuilt"
    write_report(rebuilt.db_path, out / "evaluation_report.html")
    export(rebuilt.db_path, out, rebuilt.manifest)
    for path in sorted(release.iterdir()):
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name

    reseeded = small_build.copy(tmp_path / "reseeded.duckdb")
    reseeded.run("run", "--select", "synthetic_cases", synthesis_seed=7)
    export(reseeded.db_path, tmp_path / "reseeded", reseeded.manifest)
    assert (tmp_path / "reseeded" / "synthetic_cases.csv").read_bytes() != (
        release / "synthetic_cases.csv").read_bytes()


def test_synthetic_records_have_the_types_of_cases(small_build):
    def types(schema, table):
        return small_build.sql(
            "select column_name, data_type from information_schema.columns "
            f"where table_schema = '{schema}' and table_name = '{table}' order by ordinal_position")

    assert types("published", "synthetic_cases") == types("sensitive", "cases")[: len(COLUMNS)]
