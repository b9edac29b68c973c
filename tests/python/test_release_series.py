"""Release after release: ids and folders, the comparison with the previous release's files, the
build history, the plausibility checks (each shown to fire on a planted case) and the refusal to
publish other content under an existing id."""

import json

import duckdb
import pytest
from frictionless import validate

from conftest import assert_release_is_safe, dbt_target
from ctdc_pipeline import history
from ctdc_pipeline.plausibility import plausibility_warnings
from ctdc_pipeline.release import ReleaseExists, publish

K = 10
CHECKS = ("plausibility_record_total_falls", "plausibility_value_count_drops",
          "plausibility_variable_disappears", "plausibility_partner_rows_fall",
          "plausibility_partner_rejects_jump", "plausibility_partner_variable_goes_missing",
          "plausibility_parameters_match")
ALL_CHECKS = (*CHECKS, "plausibility_checks_not_run", "plausibility_unexpected_extract_files")


def reported(release_dir):
    return dict(duckdb.sql(f"select combination_key, reported_count "
                           f"from '{release_dir}/reportable_aggregates.parquet'").fetchall())


def test_each_release_has_its_id_and_its_own_folder(release_series):
    for release_id, previous in (("2019", None), ("2021", "2019")):
        folder = release_series.releases / release_id
        package = json.loads((folder / "datapackage.json").read_text())
        assert package["release_id"] == release_id
        assert package["parameters"]["previous_release_id"] == previous
        assert f"Release {release_id}" in (folder / "evaluation_report.html").read_text()
    compared = {r["name"] for r in json.loads(
        (release_series.releases / "2021" / "datapackage.json").read_text())["resources"]}
    assert {"release_changes_by_value", "release_changes_by_length", "release_changes_totals"} <= compared
    assert not (release_series.releases / "2019" / "release_changes_by_value.csv").exists()


def test_the_updated_release_folder_validates_as_a_data_package(release_series):
    """Release 2021, with every table of a first release and the comparison tables (a first
    release's folder is validated in test_release_runner)."""
    report = validate(release_series.releases / "2021" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_an_update_that_only_adds_records_never_contradicts(release_series):
    """The 2021 extracts hold every 2019 case and more: no published count goes down and every
    combination reportable in 2019 is still reportable (read from the two releases' files)."""
    before, after = (reported(release_series.releases / r) for r in ("2019", "2021"))
    assert before and set(before) <= set(after)
    assert all(after[key] >= count for key, count in before.items())
    assert len(after) > len(before)
    changes = release_series.dbt.sql("select min(count_change), count(*) filter (where status = "
                                     "'no longer reportable') from published.release_changes_by_value")
    assert changes == [(0, 0)]
    assert release_series.dbt.sql("select sum(stopped_being_reportable), sum(became_reportable) > 0 "
                                  "from published.release_changes_by_length") == [(0, True)]


def test_the_change_report_reads_what_changed(release_series):
    report = (release_series.releases / "2021" / "evaluation_report.html").read_text()
    assert "Changes since release 2019" in report and 'id="chart-changes"><svg' in report
    (total,) = release_series.dbt.sql("select count_change from published.release_changes_totals "
                                      "where measure = 'records_total'")[0]
    assert total > 0 and f"{total:+,}" in report


def test_the_clean_update_raises_no_plausibility_warning(release_series):
    assert release_series.outcomes[1].warnings == []
    result = release_series.dbt.run("test", "--select", "tag:plausibility")
    checks = [r for r in result.result if r.node.resource_type == "test"]
    assert sorted(r.node.name for r in checks) == sorted(ALL_CHECKS)
    assert {r.status for r in checks} == {"pass"}
    assert plausibility_warnings(dbt_target(), release_series.dbt.db_path) == []


def test_the_first_release_says_which_checks_could_not_run(release_series):
    assert release_series.outcomes[0].warnings == [("plausibility_checks_not_run", [
        "No previous release was given (PREVIOUS_RELEASE, var previous_release): the checks that "
        "compare two releases (record total, value counts, variables, parameters) did not run.",
        "The build history of this DuckDB file holds no published build of an earlier release: "
        "the partner checks (rows, rejects, missing values per variable) did not run."])]


def test_build_history_logs_every_build_and_stays_sensitive(release_series):
    history = release_series.dbt.sql("select release_id, status, count(*), sum(raw_rows), "
                                     "count(distinct build_id) from sensitive.build_history "
                                     "group by all order by all")
    assert [row[:3] + row[4:] for row in history] == [("2019", "published", 5, 1),
                                                      ("2021", "published", 5, 1)]
    assert history[0][3] < history[1][3] == 193_025
    assert_release_is_safe(release_series.releases / "2021", release_series.dbt)


@pytest.fixture()
def compared(scratch, small_build):
    """A copy of the small build compared, as release "next", with its own published files
    (release "draft", logged as published in the build history): nothing has changed, so no
    check fires until a case is planted."""
    publish(small_build.db_path, scratch / "release", small_build.manifest)
    twin = small_build.copy(scratch / "next.duckdb", release_id="next",
                            previous_release=str(scratch / "release" / "draft"))
    history.log_build(twin.db_path, twin.db_path, history.new_build_id(), "draft", "published")
    twin.run("build", "--select", "partner_build_changes", "release_parameters",
             "stg_previous_release__reportable_aggregates", "stg_previous_release__release_parameters",
             "stg_previous_release__files", "release_changes_by_value", "release_changes_by_length",
             "release_changes_totals")
    return twin


def fired(dbt, **variables):
    result = dbt.run("test", "--select", "tag:plausibility", expect_success=None, **variables)
    return result, sorted(r.node.name for r in result.result if r.status in ("warn", "fail"))


def test_each_plausibility_check_fires_on_its_planted_case(compared):
    assert fired(compared)[1] == []
    (female,) = compared.sql("select reported_count from published.release_changes_by_value "
                             "where combination_key = 'gender:Female'")[0]
    compared.execute(
        # the record total falls
        "update published.release_changes_totals set current_value = previous_value - 10, "
        "count_change = -10 where measure = 'records_total'",
        # a value falls by more than 20 % and 50 records ...
        f"update published.release_changes_by_value set reported_count = {female // 2 // K * K}, "
        f"count_change = {female // 2 // K * K - female} where combination_key = 'gender:Female'",
        # ... while a fall of 10 records, under both thresholds, is no warning
        "update published.release_changes_by_value set reported_count = previous_reported_count - 10, "
        "count_change = -10 where combination_key = 'gender:Male'",
        # a variable's values all disappear
        "update published.release_changes_by_value set reported_count = null "
        "where variable_name = 'ageBroad'",
        # a partner sends fewer rows; another rejects 10 % of its rows; a third leaves gender empty
        "update sensitive.partner_figures set raw_rows = raw_rows - 1, harmonized_rows = harmonized_rows - 1 "
        "where partner = 'iom'",
        "update sensitive.partner_figures set rejected_rows = raw_rows // 10, "
        "harmonized_rows = raw_rows - raw_rows // 10 where partner = 'polaris'",
        "update sensitive.partner_figures set missing_shares = map_from_entries(list_transform("
        "map_entries(missing_shares), lambda e: (e.key, if(e.key = 'gender', 1.0, e.value)))) "
        "where partner = 'a21'",
        # the previous release used another k
        "update published.release_parameters set k = 5",
    )
    result, names = fired(compared)
    assert names == sorted(CHECKS)
    assert result.success, "warnings, not errors, by default"
    warnings = dict(plausibility_warnings(dbt_target(), compared.db_path))
    assert warnings["plausibility_value_count_drops"] == [
        f"gender:Female fell from {female} to {female // 2 // K * K} records "
        "(more than 20 % and more than 50 records)."]
    assert warnings["plausibility_partner_rows_fall"][0].startswith("Partner iom has fewer rows")
    assert warnings["plausibility_partner_rejects_jump"][0].startswith("Partner polaris rejects 10.0 %")
    assert warnings["plausibility_variable_disappears"] == [
        "Variable ageBroad had reportable values in the previous release and has none now."]
    assert len(warnings["plausibility_partner_variable_goes_missing"]) == 1
    assert warnings["plausibility_partner_variable_goes_missing"][0].startswith(
        "Partner a21 leaves gender empty in 100.0 % of its cases")

    result, names = fired(compared, plausibility_severity="error")
    assert not result.success and names == sorted(CHECKS)


def test_thresholds_are_vars(compared):
    compared.execute("update published.release_changes_by_value set count_change = -10, "
                     "reported_count = previous_reported_count - 10 where combination_key = 'gender:Male'")
    assert fired(compared)[1] == []
    assert fired(compared, plausibility_max_value_drop_records=5,
                 plausibility_max_value_drop_share=0.0001)[1] == ["plausibility_value_count_drops"]


def test_an_existing_release_id_is_not_overwritten_with_other_content(tmp_path, small_build):
    releases = tmp_path / "release"
    folder, package = publish(small_build.db_path, releases, small_build.manifest)
    # the same content again: accepted as is
    assert publish(small_build.db_path, releases, small_build.manifest)[1] == package

    changed = small_build.copy(tmp_path / "changed.duckdb")
    changed.execute("delete from published.synthetic_cases where rowid = 0")
    with pytest.raises(ReleaseExists, match=r"release draft already exists .*changed: .*synthetic_cases.csv, "
                                            r"synthetic_cases.parquet.*REPLACE_RELEASE=1"):
        publish(changed.db_path, releases, changed.manifest)
    assert json.loads((folder / "datapackage.json").read_text()) == package
    assert not list(releases.glob(".*.*"))

    replaced = publish(changed.db_path, releases, changed.manifest, replace=True)[1]
    assert replaced != package and json.loads((folder / "datapackage.json").read_text()) == replaced


def test_a_release_id_must_be_a_plain_folder_name(small_build):
    result = small_build.run("compile", "--select", "release_parameters", release_id="../x",
                             expect_success=False)
    assert "release_id '../x'" in str(result.exception)
