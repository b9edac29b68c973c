"""The fitted build's evaluation (on the shared small build): the two-sided figures of
evaluation_by_length are what they say, evaluation_by_combination pairs every reportable
combination's published count with its synthetic counts before and after fitting, and fitting
brought the synthetic counts closer to the published ones."""

import pytest

K = 10


@pytest.fixture(scope="module")
def combinations(small_build):
    return small_build.sql(
        "select combination_key, combination_length, reported_count, unfitted_synthetic_count, "
        "synthetic_count from published.evaluation_by_combination")


def test_each_reportable_combination_with_its_counts_before_and_after(small_build, combinations):
    reported = dict(small_build.sql("select combination_key, reported_count "
                                    "from published.reportable_aggregates where combination_length > 0"))
    synthetic = dict(small_build.sql("select combination_key, synthetic_count "
                                     "from published.synthetic_combination_counts"))
    assert {key for key, *_ in combinations} == set(reported)
    for key, _, published, _, fitted in combinations:
        assert published == reported[key] and fitted == synthetic.get(key, 0)
    unfitted = dict(small_build.sql(
        "select gender, count(*) from sensitive.synthetic_cases_unfitted where gender is not null "
        "group by 1"))
    for key, length, _, before, _ in combinations:
        if length == 1 and key.startswith("gender:"):
            assert before == unfitted[key.split(":", 1)[1]]


def test_two_sided_figures(small_build, combinations):
    figures = {row[0]: row[1:] for row in small_build.sql(
        "select combination_length, mean_proportional_error, share_within_20_percent, synthetic_records, "
        "reported_records from published.evaluation_by_length")}
    (records,) = small_build.sql("select count(*) from published.synthetic_cases")[0]
    (total,) = small_build.sql("select reported_count from published.reportable_aggregates "
                               "where combination_length = 0")[0]
    true = dict(small_build.sql("select combination_key, n from sensitive.sensitive_combination_counts "
                                f"where n >= {K}"))
    for length, (error, within, synthetic_records, reported_records) in figures.items():
        mine = [c for c in combinations if c[1] == length]
        assert error == pytest.approx(sum(abs(c[4] - c[2]) / c[2] for c in mine) / len(mine))
        close = sum(abs(c[4] - true[c[0]]) <= 0.2 * true[c[0]] for c in mine)
        assert within == pytest.approx(close / len(mine))
        assert (synthetic_records, reported_records) == (records, total)
    assert figures[1][0] == 0


def test_fitting_brought_the_counts_closer_to_the_published_ones(combinations):
    for length in (2, 3):
        mine = [c for c in combinations if c[1] == length]
        before = sum(abs(c[3] - c[2]) / c[2] for c in mine)
        after = sum(abs(c[4] - c[2]) / c[2] for c in mine)
        assert after < before
