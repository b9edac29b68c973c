"""Releases in privacy model differential_privacy (docs/differential_privacy.md), built and
published by the release command: two DP releases of the small extracts, the second compared
with the first. Only the DP models and the release's parameters are built and published; every
published node reaches the cases only through the mechanism's model (dbt's manifest lineage);
the DP release's dbt tests and plausibility checks hold and catch planted violations; the
release folder (Data Package, report, explorer) shows DP figures with their noise and the
privacy budget spent over the series; a misspelt privacy model stops the build."""

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from frictionless import validate

from conftest import SENSITIVE_COLUMNS, Dbt, failure_message
from ctdc_pipeline import dp_report
from ctdc_pipeline.browser import headless_chromium, open_explorer, serve
from ctdc_pipeline.dp.budget import epsilon_of, rho_for
from ctdc_pipeline.paths import dbt_target
from ctdc_pipeline.plausibility import plausibility_warnings
from ctdc_pipeline.runner import build_release

DP = {"privacy_model": "differential_privacy"}
MECHANISM = "model.ctdc_release.dp_measurements"
# what holds the cases: the cases model and the partners' sources (the previous release is public)
SENSITIVE_ROOTS = ("model.ctdc_release.cases", "source.ctdc_release.")
PUBLIC_SOURCES = ("source.ctdc_release.previous_release.",)
DP_TABLES = ["dp_aggregates", "dp_parameters", "dp_release_changes", "dp_synthetic_cases",
             "release_parameters"]


@dataclass
class DPSeries:
    dbt: Dbt  # the DuckDB file both releases were built in, as left by the second build
    releases: Path  # dp1/ and dp2/


@pytest.fixture(scope="module")
def dp_series(tmp_path_factory, small_extracts):
    root = tmp_path_factory.mktemp("dp_series")
    db, releases = root / "dp.duckdb", root / "release"
    builds = [{"release_id": "dp1", "previous_release": ""},
              {"release_id": "dp2", "previous_release": str(releases / "dp1")}]
    for build in builds:
        outcome = build_release(db, {"extracts_dir": str(small_extracts), **DP, **build}, releases,
                                docs=False)
        assert outcome.status == "published", outcome.detail
    dbt = Dbt(db, small_extracts, **DP, **builds[1])
    shutil.copyfile(dbt_target() / "manifest.json", dbt.manifest)  # the second build's
    return DPSeries(dbt, releases)


@pytest.fixture(scope="module")
def dp_build(dp_series):
    return dp_series.dbt


def published_reaching_cases_directly(manifest):
    """Published nodes with a path to the cases (or a partner source) that does not pass
    through the mechanism's model: [(published node, first sensitive node on the path)]."""
    nodes = manifest["nodes"]

    def direct(unique_id, seen):
        for parent in nodes.get(unique_id, {}).get("depends_on", {}).get("nodes", []):
            if parent == MECHANISM or parent in seen or parent.startswith(PUBLIC_SOURCES):
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
    assert published == DP_TABLES
    assert ("sensitive", "dp_measurements") in tables
    k_synthetic = {"reportable_aggregates", "synthetic_cases", "sensitive_combination_counts"}
    assert not k_synthetic & {table for _, table in tables}
    (epsilon, delta), = dp_build.sql("select distinct epsilon, delta from published.dp_parameters")
    assert (epsilon, delta) == (4.0, 1e-7)
    assert dp_build.sql("select privacy_model, k, epsilon, delta, synthesis_mode, previous_release_id "
                        "from published.release_parameters") == [
        ("differential_privacy", None, 4.0, 1e-7, None, "dp1")]
    # the split of the budget (vars dp_*_share) adds up to the whole of it, as published
    (spent, published), = dp_build.sql("select sum(rho + coalesce(bound_rho, 0)), any_value(zcdp_rho) "
                                       "from published.dp_parameters, published.release_parameters")
    assert spent == pytest.approx(rho_for(4.0, 1e-7), rel=1e-6) and spent == published


def test_published_models_reach_the_cases_only_through_the_mechanism(dp_build):
    manifest = json.loads(dp_build.manifest.read_text())
    published = {node["name"] for node in manifest["nodes"].values() if node.get("schema") == "published"}
    assert published == set(DP_TABLES)
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


def test_a_previous_release_of_the_other_privacy_model_stops_the_build(dp_series, tmp_path):
    """dp1 as if it were a k-synthetic release (its datapackage.json says so; the file is not
    among the hashed ones): a DP build compared with it stops, naming it."""
    previous = tmp_path / "dp1"
    shutil.copytree(dp_series.releases / "dp1", previous)
    package = json.loads((previous / "datapackage.json").read_text())
    package["parameters"]["privacy_model"] = "k_synthetic"
    (previous / "datapackage.json").write_text(json.dumps(package))
    twin = dp_series.dbt.copy(tmp_path / "other_model.duckdb", previous_release=str(previous))
    result = twin.run("build", "--select", "stg_previous_release__files", expect_success=False)
    assert (f"The previous release {previous} is a k_synthetic release (its datapackage.json); this build is "
            "differential_privacy") in failure_message(result)


def test_a_misspelt_privacy_model_stops_the_build(dp_build, tmp_path):
    result = dp_build.copy(tmp_path / "misspelt.duckdb").run(
        "compile", "--select", "cases", privacy_model="differential_privcy", expect_success=False)
    message = failure_message(result)
    assert "privacy_model 'differential_privcy': use k_synthetic or differential_privacy" in message


def test_the_release_command_publishes_the_dp_release(dp_series):
    first, second = (dp_series.releases / release for release in ("dp1", "dp2"))
    tables = {path.stem for path in second.glob("*.parquet")}
    assert tables == set(DP_TABLES)  # the comparison with dp1 included
    assert {path.stem for path in first.glob("*.parquet")} == set(DP_TABLES) - {"dp_release_changes"}
    report = validate(second / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    package = json.loads((second / "datapackage.json").read_text())
    assert package["parameters"]["privacy_model"] == "differential_privacy"
    assert "differentially private" in package["title"]
    for resource in package["resources"]:
        if resource.get("type") == "table":
            columns = {f["name"] for f in resource["schema"]["fields"]}
            assert not columns & set(SENSITIVE_COLUMNS), resource["path"]
    statuses = {status for (status,) in dp_series.dbt.sql(
        "select distinct status from published.dp_release_changes")}
    assert statuses <= {"newly published", "no longer published", "increased", "decreased", "within noise"}


def test_the_report_shows_the_budget_spent_over_the_series(dp_series):
    """Two DP releases from one DuckDB file: the second's report adds both releases' zCDP budgets,
    as the build history records them."""
    history = dp_series.dbt.sql(  # a row per partner and build
        "select release_id, any_value(parameters['zcdp_rho']), any_value(parameters['epsilon']) "
        "from sensitive.build_history where status = 'published' group by build_id, release_id "
        "order by min(built_at)")
    assert [(release, epsilon) for release, _, epsilon in history] == [("dp1", "4.0"), ("dp2", "4.0")]
    rho = sum(float(spent) for _, spent, _ in history)
    html = (dp_series.releases / "dp2" / "evaluation_report.html").read_text()
    cumulative = float(re.search(r'id="figure-cumulative-epsilon">([0-9.]+)<', html)[1])
    assert cumulative == pytest.approx(epsilon_of(rho, 1e-7), abs=0.005) and cumulative > 4
    first = (dp_series.releases / "dp1" / "evaluation_report.html").read_text()
    assert re.search(r'id="figure-cumulative-epsilon">([0-9.]+)<', first)[1] == "4.00"


def test_a_replayed_noise_draw_is_counted_once(dp_build, tmp_path):
    """The kept file's measurements are dp2's, whose published build the history now holds: a
    report of them again (as a rebuild replayed from the noise journal would write) spends
    nothing new; without dp2's history rows it spends dp2's rho."""
    rho = {release: float(spent) for release, spent in dp_build.sql(
        "select release_id, any_value(parameters['zcdp_rho']) from sensitive.build_history "
        "where status = 'published' group by all")}
    assert dp_report.load(dp_build.db_path)["budgets"] == ([("dp1", rho["dp1"]), ("dp2", rho["dp2"])], True)
    twin = dp_build.copy(tmp_path / "without_dp2.duckdb")
    twin.execute("delete from sensitive.build_history where release_id = 'dp2'")
    assert dp_report.load(twin.db_path)["budgets"] == ([("dp1", rho["dp1"])], False)


def test_the_value_drop_check_reads_the_noise(dp_build, tmp_path):
    """The comparison left with two values published in both releases, planted to have fallen by
    3 and by 5 standard deviations of the change's noise (the records threshold set to 1): the
    DP value-drop check warns of the second only (beyond 4)."""
    twin = dp_build.copy(tmp_path / "planted.duckdb")
    planted = twin.sql("select combination_key, dp_count, change_noise_sd from published.dp_release_changes "
                       "where combination_length = 1 and dp_count is not null "
                       "order by dp_count, combination_key limit 2")
    twin.execute("delete from published.dp_release_changes where combination_key not in "
                 f"('{planted[0][0]}', '{planted[1][0]}')")
    for (key, count, sd), noise_sds in zip(planted, (3, 5), strict=True):
        fall = round(noise_sds * sd)
        assert fall > 0.25 * count + 1  # more than 20 % of the previous count
        twin.execute(f"update published.dp_release_changes set previous_dp_count = {count} + {fall}, "
                     f"count_change = -{fall} where combination_key = '{key}'")
    twin.run("test", "--select", "plausibility_dp_value_count_drops", expect_success=None,
             plausibility_max_value_drop_records=1)
    (check, warnings), = plausibility_warnings(dbt_target(), twin.db_path)
    assert check == "plausibility_dp_value_count_drops" and len(warnings) == 1
    assert warnings[0].startswith(f"{planted[1][0]} fell from ")


def test_the_explorer_shows_dp_figures_with_their_noise(dp_series):
    """One value, a pair with a means of control (measured at a weight below 1, so with more
    noise than its length's) and all records (the DP record total), each with its own noise sd."""
    errors, shown = [], {}
    drawn = "document.body.dataset.drawn === location.search"
    with serve(dp_series.releases / "dp2") as base, headless_chromium() as browser:
        page, _ = open_explorer(browser, f"{base}/explorer/index.html?gender=Female", errors)
        shown["gender:Female"], status = page.inner_text("#official"), page.inner_text("#status")
        page.select_option("#pick-meansOfControlThreats", "1")
        page.wait_for_function(drawn)
        shown["gender:Female;meansOfControlThreats:1"] = page.inner_text("#official")
        page.click("#clear")
        page.wait_for_function(drawn)
        shown[""] = page.inner_text("#official")
    for key, official in shown.items():
        (count, sd, length_sd), = dp_series.dbt.sql(
            "select a.dp_count, a.noise_sd, p.noise_sd from published.dp_aggregates as a "
            f"join published.dp_parameters as p using (combination_length) where combination_key = '{key}'")
        assert official == f"{count:,} ± {sd:,.1f} (noise sd)"
        assert (sd > 1.1 * length_sd) == ("meansOfControl" in key)
    assert status == "Ready: differential privacy, epsilon = 4, reporting length = 3."
    assert errors == []
