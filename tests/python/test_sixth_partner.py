"""docs/adding_a_partner.md, followed step by step: a copy of the project gets a tiny fixture
partner (tests/fixtures/sixth_partner) and builds; its rows reach `cases`, its bad row
`cases_rejects`, and every raw row is accounted for."""

import pathlib
import re
import shutil

from conftest import PROJECT, Dbt

FIXTURE = PROJECT / "tests" / "fixtures" / "sixth_partner"
PARTNER = "fixture_ngo"


def add_partner(project, extracts):
    """The steward's steps: the staging folder, the mapping model, the seed rows, the name in
    the `partners` var; and the partner's extract beside the others."""
    shutil.copytree(FIXTURE / "models", project / "models", dirs_exist_ok=True)
    with open(project / "seeds" / "partner_codes.csv", "a") as seed:
        seed.write((FIXTURE / "seeds" / "partner_codes.csv").read_text())
    settings = project / "dbt_project.yml"
    text, found = re.subn(r"(\n  partners: \[[^\]]*)\]", rf"\1, {PARTNER}]", settings.read_text())
    assert found == 1
    settings.write_text(text)
    shutil.copytree(FIXTURE / "extracts", extracts, dirs_exist_ok=True)


def skip_for_copy(folder, names):
    """What a copy of the project leaves out: builds, releases, data, tests, the demo extracts."""
    skip = shutil.ignore_patterns(".*", "target", "logs", "release", "data", "python", "*.duckdb*")
    return skip(folder, names) | ({"extracts"} if pathlib.Path(folder).name == "demo" else set())


def test_a_sixth_partner_needs_only_its_folder_model_and_seed_rows(tmp_path, small_extracts):
    project, extracts = tmp_path / "project", tmp_path / "extracts"
    shutil.copytree(PROJECT, project, ignore=skip_for_copy)
    shutil.copytree(small_extracts, extracts)
    add_partner(project, extracts)

    dbt = Dbt(tmp_path / "sixth.duckdb", extracts, project=project)
    result = dbt.run("build", "--select", "+cases", "+cases_rejects", "int_partner_rows_counted",
                     "--indirect-selection", "cautious")
    assert {"assert_every_raw_row_accounted_for", f"stg_{PARTNER}__cases"} <= {
        r.node.name for r in result.result}
    cases = dbt.sql(f"select source_record_id, gender, citizenship, CountryOfExploitation, "
                    f"isForcedLabour, isSexualExploit from sensitive.cases where partner = '{PARTNER}' "
                    "order by all")
    assert cases == [("NGO-1", "Female", "UKR", "POL", 1, None),
                     ("NGO-2", "Male", None, "DEU", None, 1),
                     ("NGO-3", "Female", "MDA", None, 1, 1)]
    assert dbt.sql(f"select source_record_id, field, reason from sensitive.cases_rejects "
                   f"where partner = '{PARTNER}'") == [("NGO-4", "gender", 'unknown code "Q"')]
    assert dbt.sql("select count(*) from sensitive.cases where partner <> 'fixture_ngo'")[0][0] > 4000
