"""Every privacy guarantee is a dbt test; each one is shown here to fail on a planted violation
(and to pass on the real build, in the fixtures' `dbt build`)."""

import pytest

from ctdc_pipeline.codebook import COLUMNS

K = 10


def failing_tests(dbt, selector):
    result = dbt.run("test", "--select", selector, expect_success=False)
    return sorted(r.node.name for r in result.result if r.status == "fail")


@pytest.fixture()
def planted(scratch, small_build):
    """A fresh copy of the small build to break."""
    return small_build.copy(scratch / "scratch.duckdb")


def first_row(table, where="true"):
    return f"rowid = (select min(rowid) from {table} where {where})"


def test_reported_count_not_a_multiple_of_k(planted):
    planted.execute("update published.reportable_aggregates set reported_count = reported_count + 1 "
                    f"where {first_row('published.reportable_aggregates', 'combination_length = 1')}")
    assert failing_tests(planted, "test_name:positive_multiple_of")


def test_reported_count_not_the_rounded_true_count(planted):
    planted.execute(f"update published.reportable_aggregates set reported_count = reported_count + {K} "
                    f"where {first_row('published.reportable_aggregates', 'combination_length = 2')}")
    assert failing_tests(planted, "test_name:rounded_down_from")


def test_rare_combination_published(planted):
    (key,) = planted.sql(f"select min(combination_key) from sensitive.sensitive_combination_counts "
                         f"where n < {K}")[0]
    planted.execute(f"insert into published.reportable_aggregates (combination_key, combination_length, "
                    f"reported_count) values ('{key}', 2, {K})")
    assert failing_tests(planted, "test_name:no_rare_combinations")


def test_record_total_not_rounded(planted):
    planted.execute("update published.reportable_aggregates set reported_count = reported_count - "
                    f"{K} where combination_length = 0")
    assert failing_tests(planted, "assert_reportable_total_rounded_down") == [
        "assert_reportable_total_rounded_down"]


def test_synthetic_record_without_support(planted):
    # A real record that is unique in the sensitive data, published as it is.
    names = ", ".join(COLUMNS)
    planted.execute(f"insert into published.synthetic_cases select {names} from sensitive.cases "
                    f"group by all having count(*) = 1 limit 1")
    assert failing_tests(planted, "test_name:records_have_support")


def test_synthetic_value_fabricated(planted):
    planted.execute("update published.synthetic_cases set citizenship = 'ATA' "
                    f"where {first_row('published.synthetic_cases', 'citizenship is not null')}")
    assert failing_tests(planted, "test_name:records_have_support")


def publish_combination(dbt, where):
    """Publish, as a synthetic record, the first sensitive combination matching `where`."""
    (key, n), = dbt.sql("select combination_key, n from sensitive.sensitive_combination_counts "
                        f"where {where} order by combination_key limit 1")
    values = dict(pair.split(":", 1) for pair in key.split(";"))
    dbt.execute(f"insert into published.synthetic_cases ({', '.join(values)}) values "
                f"({', '.join(repr(v) for v in values.values())})")
    return n


def test_synthetic_record_held_by_fewer_than_k(planted):
    # Held by several sensitive records (summed over their supersets), but fewer than k.
    assert 1 < publish_combination(planted, f"combination_length = 2 and n between 2 and {K - 1}") < K
    assert failing_tests(planted, "test_name:records_have_support")


def test_synthetic_record_held_by_exactly_k_passes(planted):
    assert publish_combination(planted, f"combination_length = 3 and n = {K}") == K
    planted.run("test", "--select", "test_name:records_have_support")


def test_synthetic_count_differs_from_reportable(planted):
    planted.execute("delete from published.synthetic_cases "
                    f"where {first_row('published.synthetic_cases', 'gender is not null')}")
    assert failing_tests(planted, "test_name:counts_equal_reportable")


def test_synthetic_count_not_a_multiple_of_k(planted):
    planted.execute("insert into published.synthetic_cases select * from published.synthetic_cases "
                    "where isForcedLabour = 1 limit 1")
    assert failing_tests(planted, "test_name:value_counts_multiple_of")


def test_two_values_in_one_column(planted):
    planted.execute("update published.synthetic_cases set gender = 'Female;Male' "
                    f"where {first_row('published.synthetic_cases', 'gender is not null')}")
    assert failing_tests(planted, "synthetic_cases,test_name:in_codebook") == [
        "in_codebook_synthetic_cases_"]


def test_empty_synthetic_record(planted):
    planted.execute("insert into published.synthetic_cases (gender) values (null)")
    assert failing_tests(planted, "test_name:no_empty_records")



def test_guarantees_hold_in_unseeded_mode_and_other_k(tmp_path, small_build):
    for mode, k in (("unseeded", K), ("row_seeded", 5)):
        rebuilt = small_build.copy(tmp_path / f"{mode}_{k}.duckdb")
        rebuilt.run("build", "--select", "cases+", synthesis_mode=mode, k=k)
        (rows,) = rebuilt.sql("select count(*) from published.synthetic_cases")[0]
        assert rows > 0
