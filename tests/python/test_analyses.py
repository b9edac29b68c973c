"""The example research questions in analyses/ compile and answer on a real build."""

import pytest

from conftest import PROJECT, dbt_target

ANALYSES = sorted(p.stem for p in (PROJECT / "analyses").glob("*.sql"))


@pytest.fixture(scope="module")
def compiled(small_build):
    small_build.run("compile", "--select", "analyses/")
    return dbt_target() / "compiled" / "ctdc_release" / "analyses"


@pytest.mark.parametrize("name", ANALYSES)
def test_analysis_answers(compiled, small_build, name):
    rows = small_build.sql((compiled / f"{name}.sql").read_text())
    assert rows, f"{name} returned nothing"
