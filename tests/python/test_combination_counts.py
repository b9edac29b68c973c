"""The combination macros (combination_counts, rare_combination_records) against a brute-force
enumeration (itertools.combinations) on real-shaped small data, for L = 1..4: exact equality."""

from collections import Counter
from itertools import combinations

import duckdb
import pytest

from ctdc_pipeline.codebook import BINARY, COLUMNS


def attributes(record):
    return [f"{c}:{v}" for c, v in zip(COLUMNS, record, strict=True)
            if v is not None and (c not in BINARY or v == 1)]


def brute_force(records, max_length):
    counts = Counter()
    for record in records:
        for length in range(1, max_length + 1):
            counts.update(";".join(combo) for combo in combinations(attributes(record), length))
    return counts


def brute_force_rare_records(records, max_length, thresholds):
    """{(length, t): records holding a combination of that length held by fewer than t records}"""
    rare = {}
    for length in range(1, max_length + 1):
        held = [set(combinations(attributes(record), length)) for record in records]
        counts = Counter(combo for combos in held for combo in combos)
        for t in thresholds:
            rare[length, t] = sum(any(counts[combo] < t for combo in combos) for combos in held)
    return rare


def compiled_macro(build, call):
    """The SQL of one macro call on `cases`, compiled in the build's project (one dbt compile,
    no model built: the SQL `sensitive_combination_counts` runs, at any length)."""
    return build.run("compile", "--inline", f"{{{{ {call} }}}}").result.results[0].node.compiled_code


def counts_sql(build, max_length):
    return compiled_macro(build, "combination_counts(ref('cases'), codebook_columns(), "
                                 f"codebook_binary_columns(), {max_length})")


@pytest.mark.parametrize("max_length", [1, 2, 3, 4])
def test_macro_matches_brute_force(cases_build, max_length):
    records = cases_build.sql(f"select {', '.join(COLUMNS)} from sensitive.cases")
    counts = counts_sql(cases_build, max_length)
    got = cases_build.sql(f"select combination_key, combination_length, n from ({counts})")
    assert {key: n for key, _, n in got} == brute_force(records, max_length)
    assert all(length == key.count(";") + 1 for key, length, _ in got)


def test_rare_combination_records_matches_brute_force(cases_build):
    thresholds = [2, 3, 10]
    compiled = compiled_macro(cases_build, "rare_combination_records(ref('cases'), codebook_columns(), "
                                           f"codebook_binary_columns(), 4, {thresholds})")
    got = {(length, t): n for length, t, n in cases_build.sql(compiled)}
    records = cases_build.sql(f"select {', '.join(COLUMNS)} from sensitive.cases")
    assert got == brute_force_rare_records(records, 4, thresholds)


def test_reportable_columns_say_what_the_key_says(small_build):
    """reportable_aggregates reads each combination's values back from its key (combination_map):
    its typed columns, written out as a key again, give the same key on every row."""
    columns = ", ".join(COLUMNS)
    rows = small_build.sql(f"select combination_key, {columns} from published.reportable_aggregates")
    assert rows
    for key, *values in rows:
        assert key == ";".join(f"{c}:{v}" for c, v in zip(COLUMNS, values, strict=True) if v is not None)


def test_a_value_holding_the_key_separator_is_an_error(tmp_path, cases_build):
    """A key must read back unambiguously: a value with ";" stops the counts, naming it."""
    compiled = counts_sql(cases_build, 3)
    copy = cases_build.copy(tmp_path / cases_build.db_path.name)  # same name: the SQL names its catalog
    copy.execute("update sensitive.cases set citizenship = 'A;B' where citizenship is not null")
    with pytest.raises(duckdb.Error) as error:
        copy.sql(compiled)
    assert "a value of citizenship holds \";\"" in str(error.value) and "A;B" in str(error.value)
