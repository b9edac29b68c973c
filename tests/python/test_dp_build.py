"""A build in privacy model differential_privacy (docs/differential_privacy.md): the DP models
are the only ones built and published; every published node reaches the cases only through the
mechanism's model (dbt's manifest lineage); the DP release's dbt tests hold and catch planted
violations; a misspelt privacy model stops the build; the release command does not publish a DP
release yet."""

import json

import pytest

from conftest import Dbt, failure_message
from ctdc_pipeline.runner import build_release

DP = {"privacy_model": "differential_privacy"}
MECHANISM = "model.ctdc_release.dp_measurements"
SENSITIVE_ROOTS = ("model.ctdc_release.cases", "source.ctdc_release.")


@pytest.fixture(scope="module")
def dp_build(tmp_path_factory, small_extracts):
    dbt = Dbt(tmp_path_factory.mktemp("dp_build") / "dp.duckdb", small_extracts, **DP)
    dbt.run("build")
    return dbt


def published_reaching_cases_directly(manifest):
    """Published nodes with a path to the cases (or a partner source) that does not pass
    through the mechanism's model: [(published node, first sensitive node on the path)]."""
    nodes = manifest["nodes"]

    def direct(unique_id, seen):
        for parent in nodes.get(unique_id, {}).get("depends_on", {}).get("nodes", []):
            if parent == MECHANISM or parent in seen:
                continue
            seen.add(parent)
            if parent.startswith(SENSITIVE_ROOTS):
                return parent
            found = direct(parent, seen)
            if found:
                return found
        return None

    published = [uid for uid, node in nodes.items()
                 if node["resource_type"] == "model" and node["schema"] == "published"]
    return [(uid, hit) for uid in published if (hit := direct(uid, set()))]


def test_only_the_dp_release_is_built_and_published(dp_build):
    tables = dp_build.sql("select schema_name, table_name from duckdb_tables() "
                          "where schema_name in ('published', 'sensitive') order by all")
    published = [table for schema, table in tables if schema == "published"]
    assert published == ["dp_aggregates", "dp_parameters", "dp_synthetic_cases"]
    assert ("sensitive", "dp_measurements") in tables
    k_synthetic = {"reportable_aggregates", "synthetic_cases", "sensitive_combination_counts"}
    assert not k_synthetic & {table for _, table in tables}
    (epsilon, delta), = dp_build.sql("select distinct epsilon, delta from published.dp_parameters")
    assert (epsilon, delta) == (4.0, 1e-7)


def test_published_models_reach_the_cases_only_through_the_mechanism(dp_build):
    manifest = json.loads(dp_build.manifest.read_text())
    published = {node["name"] for node in manifest["nodes"].values() if node.get("schema") == "published"}
    assert published == {"dp_aggregates", "dp_parameters", "dp_synthetic_cases"}
    assert published_reaching_cases_directly(manifest) == []
    # planted: a published model that refs the cases beside the DP aggregates
    manifest["nodes"]["model.ctdc_release.planted"] = {
        "resource_type": "model", "schema": "published",
        "depends_on": {"nodes": ["model.ctdc_release.dp_aggregates", "model.ctdc_release.cases"]}}
    assert published_reaching_cases_directly(manifest) == [
        ("model.ctdc_release.planted", "model.ctdc_release.cases")]


def test_the_dp_tests_catch_planted_violations(dp_build, tmp_path):
    twin = dp_build.copy(tmp_path / "planted.duckdb")
    # a record the aggregates do not describe: a value count off by one, a combination unpublished
    twin.execute("insert into published.dp_synthetic_cases (gender, ageBroad, citizenship) "
                 "values ('Transgender/NonConforming', '48+', 'ISL')")
    result = twin.run("test", "--select", "dp_synthetic_cases", "dp_synthetic_combinations_published",
                      expect_success=False)
    failed = {r.node.name for r in result.result if str(r.status) == "fail"}
    assert any(name.startswith("counts_equal_reportable") for name in failed), failed
    assert "dp_synthetic_combinations_published" in failed


def test_a_misspelt_privacy_model_stops_the_build(dp_build, tmp_path):
    result = dp_build.copy(tmp_path / "misspelt.duckdb").run(
        "compile", "--select", "cases", privacy_model="differential_privcy", expect_success=False)
    message = failure_message(result)
    assert "privacy_model 'differential_privcy': use k_synthetic or differential_privacy" in message


def test_the_release_command_does_not_publish_a_dp_release_yet(tmp_path, small_extracts):
    variables = {"release_id": "dp", "extracts_dir": str(small_extracts), "previous_release": "", **DP}
    outcome = build_release(tmp_path / "kept.duckdb", variables, tmp_path / "release", docs=False)
    assert outcome.status == "refused" and "does not publish a DP release yet" in outcome.detail
    assert not (tmp_path / "release").exists() and not (tmp_path / "kept.duckdb").exists()
