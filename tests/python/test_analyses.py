"""The worked questions of analyses/ compile, answer on a real build, and give the rows of an
independent query: the same question asked another way (correlated subqueries, UNPIVOT, a
UNION of the years) of the same published tables."""

import pytest

from conftest import PROJECT, dbt_target

ANALYSES = sorted(p.stem for p in (PROJECT / "analyses").glob("*.sql"))

INDEPENDENT = {
    "forced_labour_by_gender_and_age": """
        select
            groups.gender,
            groups.ageBroad,
            round((select forced.reported_count from published.reportable_aggregates as forced
                   where forced.combination_length = 3 and forced.isForcedLabour = 1
                       and forced.gender = groups.gender and forced.ageBroad = groups.ageBroad)
                  / groups.reported_count, 3),
            (select round(count(*) filter (where records.isForcedLabour = 1) / count(*), 3)
             from published.synthetic_cases as records
             where records.gender = groups.gender and records.ageBroad = groups.ageBroad)
        from published.reportable_aggregates as groups
        where groups.combination_length = 2 and groups.gender is not null and groups.ageBroad is not null
        order by all""",
    "means_of_control_for_minors": """
        with pairs as (
            unpivot (
                select majorityStatusAtExploit, reported_count, columns('^meansOfControl')
                from published.reportable_aggregates
                where combination_length = 2 and majorityStatusAtExploit is not null)
            on columns('^meansOfControl') into name means_of_control value recorded)
        select pairs.means_of_control, pairs.majorityStatusAtExploit, pairs.reported_count,
            round(pairs.reported_count / totals.reported_count, 3)
        from pairs
        inner join published.reportable_aggregates as totals
            on totals.combination_length = 1
                and totals.majorityStatusAtExploit = pairs.majorityStatusAtExploit
        order by pairs.means_of_control, pairs.majorityStatusAtExploit""",
    "synthetic_fidelity_check": """
        select
            years.year,
            (select reported_count from published.reportable_aggregates
             where combination_length = 2 and CountryOfExploitation = 'USA'
                 and yearOfRegistration = years.year),
            (select count(*) from published.synthetic_cases
             where CountryOfExploitation = 'USA' and yearOfRegistration = years.year)
        from (
            select yearOfRegistration as year from published.reportable_aggregates
            where combination_length = 2 and CountryOfExploitation = 'USA'
            union
            select yearOfRegistration from published.synthetic_cases where CountryOfExploitation = 'USA'
        ) as years
        where years.year is not null
        order by years.year""",
    "top_corridors": """
        select citizenship, CountryOfExploitation, reported_count
        from published.reportable_aggregates
        where combination_length = 2 and citizenship is distinct from CountryOfExploitation
            and not (citizenship is null or CountryOfExploitation is null)
        qualify rank() over (order by reported_count desc, citizenship, CountryOfExploitation) <= 20
        order by reported_count desc, citizenship, CountryOfExploitation""",
}


@pytest.fixture(scope="module")
def compiled(small_build):
    small_build.run("compile", "--select", "analyses/")
    return dbt_target() / "compiled" / "ctdc_release" / "analyses"


def test_every_analysis_has_an_independent_query():
    assert sorted(INDEPENDENT) == ANALYSES


@pytest.mark.parametrize("name", ANALYSES)
def test_analysis_gives_the_independent_query_rows(compiled, small_build, name):
    rows = small_build.sql((compiled / f"{name}.sql").read_text())
    assert rows, f"{name} returned nothing"
    assert rows == small_build.sql(INDEPENDENT[name])


def test_fidelity_check_is_by_year(compiled, small_build):
    """Every row is a year (none empty) and no year with synthetic records is left out."""
    rows = small_build.sql((compiled / "synthetic_fidelity_check.sql").read_text())
    assert all(year is not None for year, _, _ in rows)
    ((usa_records,),) = small_build.sql(
        "select count(*) from published.synthetic_cases "
        "where CountryOfExploitation = 'USA' and yearOfRegistration is not null")
    assert sum(synthetic for _, _, synthetic in rows) == usa_records > 0
