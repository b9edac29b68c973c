"""The data dictionary's codebook lines (label · type · values) come from the codebook seeds, and
no value list is written by hand anywhere else. Fast: no dbt build; each guard is also shown to
catch a planted violation."""

import re
import shutil

import pytest
import yaml

from ctdc_pipeline.codebook import CATEGORICAL, COLUMNS
from ctdc_pipeline.codebook_docs import DBT_PROJECT, GENERATED_DOCS, SCRIPT, block_name, differences
from ctdc_pipeline.paths import PROJECT, SEEDS

# Where people write about the data: every such file must point to the seeds, not copy them.
HAND_WRITTEN = ["README.md", "docs", "models", "analyses", "macros", "ctdc_pipeline", "explorer/src",
                "tests/dbt"]
SUFFIXES = {".md", ".yml", ".sql", ".py", ".js", ".html"}


def test_generated_docs_match_the_seeds():
    diff = differences()
    assert not diff, (f"{GENERATED_DOCS.relative_to(PROJECT)} is stale: run `.venv/bin/python "
                      f"{SCRIPT}` and commit the result.\n" + "\n".join(diff))


@pytest.fixture
def seeds_copy(tmp_path):
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    shutil.copy(DBT_PROJECT, tmp_path / "dbt_project.yml")
    return copy


@pytest.mark.parametrize("file, old, new, expected", [
    ("seeds/codebook_values.csv", "gender,Male,2,,", "gender,Man,2,,", "`Man`"),
    ("seeds/codebook_values.csv", "ageBroad,48+,9,48,", "ageBroad,48--64,9,48,64\nageBroad,65+,10,65,",
     "`48--64`, `65+`, or missing"),
    ("seeds/codebook_values.csv", "majorityStatusAtExploit,Minor,1,,17",
     "majorityStatusAtExploit,Minor,1,,15", "`Minor` (under 16)"),
    ("seeds/codebook_variables.csv", "Age band", "Age group", "**Age group**"),
    ("seeds/codebook_variables.csv", "isForcedLabour,23,integer", "isForcedLabour,23,varchar",
     "**Exploitation: forced labour** · text"),
    ("dbt_project.yml", "last_registration_year: 2021", "last_registration_year: 2022", "2002–2022"),
])
def test_a_changed_seed_makes_the_generated_docs_stale(seeds_copy, file, old, new, expected):
    edited = seeds_copy.parent / file
    text = edited.read_text()
    assert text.count(old) == 1
    edited.write_text(text.replace(old, new))
    diff = differences(seeds=seeds_copy, dbt_project=seeds_copy.parent / "dbt_project.yml")
    assert any(line.startswith("+") and expected in line for line in diff), diff


def variable_columns_without_codebook_line(models):
    """Codebook variable columns (described by the variable's prose block) whose description
    does not open with the variable's generated codebook block: (model, column)."""
    wrong = []
    for model in models:
        for column in model.get("columns") or []:
            name, description = column["name"], column.get("description", "")
            if name not in COLUMNS or f'doc("{name}")' not in description:
                continue  # not a codebook variable (e.g. a partner's raw gender column)
            if not re.match(r"\{\{\s*doc\(\"" + re.escape(block_name(name)) + r"\"\)", description):
                wrong.append((model["name"], name))
    return wrong


def model_ymls():
    for path in sorted((PROJECT / "models").rglob("*.yml")):
        models = (yaml.safe_load(path.read_text()) or {}).get("models") or []
        yield path, models


def test_every_variable_column_opens_with_its_codebook_line():
    described = 0
    wrong = []
    for path, models in model_ymls():
        wrong += [(path.name, *found) for found in variable_columns_without_codebook_line(models)]
        described += sum(c["name"] in COLUMNS and f'doc("{c["name"]}")' in c.get("description", "")
                         for m in models for c in m.get("columns") or [])
    assert wrong == []
    assert described >= 4 * len(COLUMNS)  # cases, synthetic_cases, the aggregates, the mapped models


def test_a_column_without_its_codebook_line_is_caught():
    planted = [{"name": "cases", "columns": [
        {"name": "gender", "description": '{{ doc("gender") }}'},
        {"name": "ageBroad", "description": '{{ doc("ageBroad__codebook") ~ "\\n\\n" ~ doc("ageBroad") }}'},
        {"name": "isForcedLabour",
         "description": '{{ doc("aggregate_column") }} {{ doc("isForcedLabour__codebook") }} '
                        '{{ doc("isForcedLabour") }}'},
    ]}]
    assert variable_columns_without_codebook_line(planted) == [("cases", "gender"),
                                                                ("cases", "isForcedLabour")]


def hand_written_value_lists(paths):
    """Where a file lists two consecutive values of an enumerated codebook variable, e.g.
    "`Female`, `Male`", "0--8, 09--17" or "`Minor` (under 18), `Adult`": (file, variable, the
    text found)."""
    patterns = {
        variable: [re.compile(re.escape(a) + r"[`'\"]?(?:\s*\([^)]*\))?,\s*[`'\"]?" + re.escape(b))
                   for a, b in zip(values, values[1:], strict=False)]
        for variable, values in CATEGORICAL.items()
    }
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for variable, regexes in patterns.items():
            for regex in regexes:
                found += [(path.name, variable, m.group(0)) for m in regex.finditer(text)]
    return found


def hand_written_files():
    for entry in HAND_WRITTEN:
        root = PROJECT / entry
        for path in [root] if root.is_file() else sorted(root.rglob("*")):
            if path.is_file() and path.suffix in SUFFIXES and path != GENERATED_DOCS:
                yield path


def test_no_value_list_is_written_by_hand():
    files = list(hand_written_files())
    assert len(files) > 50
    assert hand_written_value_lists(files) == [], (
        f"list the values in the codebook seeds only; the docs show them from {GENERATED_DOCS.name}")


def test_a_hand_written_value_list_is_caught(tmp_path):
    planted = tmp_path / "_planted__docs.md"
    planted.write_text("Age band: `0--8`, `09--17`,\n`18--20` ... Majority: Minor, Adult.\n")
    found = hand_written_value_lists([*hand_written_files(), planted])
    assert [(variable, " ".join(text.split())) for _, variable, text in found] == [
        ("ageBroad", "0--8`, `09--17"), ("ageBroad", "09--17`, `18--20"),
        ("majorityStatusAtExploit", "Minor, Adult")]
