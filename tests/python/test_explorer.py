"""The release explorer in a real browser: Debian's headless chromium (Playwright) opens linked
selections on a local static server, and every figure shown must equal the DuckDB file's."""

import filecmp
import json
import shutil
from urllib.parse import urlencode

import pytest

from conftest import PROJECT
from ctdc_pipeline.browser import headless_chromium, open_explorer, serve
from ctdc_pipeline.codebook import COLUMNS
from ctdc_pipeline.explorer import build
from ctdc_pipeline.release import export


@pytest.fixture(scope="module")
def release(small_build, tmp_path_factory):
    """The small build's release folder with its explorer; dbt's manifest and the compiled
    analyses in the folder beside it (target/)."""
    out = tmp_path_factory.mktemp("explorer_release")
    export(small_build.db_path, out / "release", small_build.manifest)
    small_build.run("compile", "--select", "analyses/", "--target-path", str(out / "target"))
    build(out / "release", out / "target" / "manifest.json")
    return out / "release"


@pytest.fixture(scope="module")
def k(small_build):
    ((k, length),) = small_build.sql("select k, reporting_length from published.release_parameters")
    return {"k": k, "reporting_length": length}


@pytest.fixture(scope="module")
def explorer(release):
    """open(query) -> (page, ms to first usable view); fails the test on any console error."""
    errors, timings = [], []
    with serve(release) as base, headless_chromium() as browser:
        def open_page(query=""):
            page, ms = open_explorer(browser, f"{base}/explorer/{query}", errors)
            timings.append(ms)
            return page
        yield open_page
    print(f"\nexplorer, time to first usable view (ms): {timings}")
    assert errors == []


def link(selection, by):
    return "?" + urlencode([*selection, ("by", by)])


def where(selection):
    return " and ".join(f"cast({name} as varchar) = '{value}'" for name, value in selection) or "true"


def synthetic_count(small_build, selection):
    ((n,),) = small_build.sql(f"select count(*) from published.synthetic_cases where {where(selection)}")
    return n


def shown(n, k):
    return f"{n:,}" if n >= k else f"fewer than {k}"


def chart(page):
    """The chart as {value: (official cell, synthetic cell)}."""
    rows = page.eval_on_selector_all(
        "#chart tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))")
    return {value: (official, synthetic) for value, official, synthetic in rows}


def assert_no_count_below_k(page, k):
    """Every figure shown is a count of at least k or says why there is none."""
    for text in page.eval_on_selector_all(
            "#official, #synthetic, #chart tbody td", "cells => cells.map(c => c.textContent)"):
        words = (f"fewer than {k}", "not published", "no official figure", "No official figure")
        assert text in words or int(text.replace(",", "")) >= k, text


def test_reportable_selection(explorer, small_build, k):
    """A combination of two values with a reportable count, charted by a third variable."""
    ((key, reported),) = small_build.sql(
        "select combination_key, reported_count from published.reportable_aggregates "
        "where combination_length = 2 order by reported_count desc, combination_key limit 1")
    selection = [tuple(pair.split(":", 1)) for pair in key.split(";")]
    by = next(c for c in ("ageBroad", "gender", "yearOfRegistration") if c not in dict(selection))
    page = explorer(link(selection, by))

    assert page.text_content("#official") == shown(reported, k["k"])
    assert page.text_content("#synthetic") == shown(synthetic_count(small_build, selection), k["k"])
    official = dict(small_build.sql(
        f"select cast({by} as varchar), reported_count from published.reportable_aggregates "
        f"where combination_length = 3 and {by} is not null and {where(selection)}"))
    synthetic = dict(small_build.sql(
        f"select cast({by} as varchar), count(*) from published.synthetic_cases "
        f"where {by} is not null and {where(selection)} group by all"))
    values = [v for (v,) in small_build.sql(
        f"select cast({by} as varchar) from published.reportable_aggregates where combination_length = 1 "
        f"and {by} is not null")]
    expected = {v: (shown(official[v], k["k"]) if v in official else "not published",
                    shown(synthetic.get(v, 0), k["k"]))
                for v in values if v in official or synthetic.get(v, 0) >= k["k"]}
    assert chart(page) == expected
    others = len(values) - len(expected)
    assert page.locator("#chart tfoot").all_text_contents() == (
        [f"{others} other values: no official figure and fewer than {k['k']} synthetic records each."]
        if others else [])
    widths = page.eval_on_selector_all("#chart .bar", "bars => bars.map(b => b.offsetWidth)")
    assert len(widths) == len(official) + sum(n >= k["k"] for n in synthetic.values())
    assert all(width > 0 for width in widths)
    assert_no_count_below_k(page, k["k"])


def test_selection_longer_than_reporting_length(explorer, small_build, k):
    """A whole synthetic record of more than reporting_length values that fewer than k synthetic
    records share: no official figure, and the synthetic count is not shown as a number."""
    columns = ", ".join(COLUMNS)
    rows = small_build.sql(
        f"select {columns} from published.synthetic_cases group by all "
        f"having count(*) < {k['k']} order by all limit 200")
    record = next(r for r in rows if sum(v is not None for v in r) > k["reporting_length"])
    selection = [(c, str(v)) for c, v in zip(COLUMNS, record, strict=True) if v is not None]
    page = explorer(link(selection, "gender"))

    assert 0 < synthetic_count(small_build, selection) < k["k"]
    assert page.text_content("#official") == "No official figure"
    assert f"at most {k['reporting_length']} values" in page.text_content("#official-why")
    assert page.text_content("#synthetic") == f"fewer than {k['k']}"
    assert all(official == "no official figure" for official, _ in chart(page).values())
    assert "no official figures" in page.text_content("#chart-note").lower()
    assert_no_count_below_k(page, k["k"])


def test_selection_below_k(explorer, small_build, k):
    """Two published values whose combination fewer than k records share."""
    ((a, a_value, b, b_value),) = small_build.sql("""
        with singles as (
            unpivot (
                select cast(columns(* exclude (combination_key, combination_length, reported_count))
                    as varchar)
                from published.reportable_aggregates where combination_length = 1)
            on columns(*) into name variable value val)
        select x.variable, x.val, y.variable, y.val
        from singles as x inner join singles as y on x.variable < y.variable
        where not exists (
            from published.reportable_aggregates as r
            where r.combination_length = 2
                and r.combination_key in (x.variable || ':' || x.val || ';' || y.variable || ':' || y.val,
                                          y.variable || ':' || y.val || ';' || x.variable || ':' || x.val))
        order by all limit 1""")
    selection = [(a, a_value), (b, b_value)]
    page = explorer(link(selection, "ageBroad"))

    assert page.text_content("#official") == "No official figure"
    assert f"Fewer than {k['k']} records" in page.text_content("#official-why")
    assert page.text_content("#synthetic") == shown(synthetic_count(small_build, selection), k["k"])
    assert_no_count_below_k(page, k["k"])


def test_selection_lives_in_the_url(explorer, small_build):
    """Picking values rewrites the URL; opening that URL restores the view; unknown values
    in a link are named, not used."""
    page = explorer("?gender=Female&notAVariable=1&by=ageBroad")
    assert "notAVariable=1" in page.text_content("#link-note")
    page.select_option("#pick-isForcedLabour", "1")
    page.wait_for_function("location.search.includes('isForcedLabour=1')")
    assert page.url.endswith("?gender=Female&isForcedLabour=1&by=ageBroad")
    page.wait_for_function("document.querySelector('#selection-text').textContent.includes('forced labour')")
    reopened = explorer(page.url[page.url.index("?"):])
    for selector in ("#official", "#synthetic", "#chart", "#selection-text"):
        assert reopened.text_content(selector) == page.text_content(selector)
    assert reopened.input_value("#pick-gender") == "Female"
    assert reopened.input_value("#by") == "ageBroad"


def run_query(page):
    page.wait_for_selector("#run:not([disabled])")
    page.click("#run")
    page.wait_for_function("!document.querySelector('#sql-result').textContent.startsWith('Running')")
    return page.eval_on_selector_all(
        "#sql-result tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))")


def run_sql(page, sql):
    page.fill("#sql", sql)
    return run_query(page)


def comparable(rows):
    """Rows as sorted lists of text, numbers in one notation: the page shows 1 where DuckDB
    gives 1.0, and rows that tie on the ORDER BY may come in either order."""
    def cell(value):
        try:
            return repr(float(value))
        except (TypeError, ValueError):
            return "" if value is None else str(value)
    return sorted([cell(value) for value in row] for row in rows)


def test_worked_examples_give_the_duckdb_file_rows(explorer, release, small_build):
    """Every analyses/ question, picked from the examples list, returns the rows that dbt's
    compiled analysis gives on the DuckDB file."""
    examples = json.loads((release / "explorer" / "explorer.json").read_text())["examples"]
    assert sorted(e["name"] for e in examples) == sorted(p.stem for p in (PROJECT / "analyses").glob("*.sql"))
    compiled = release.parent / "target" / "compiled" / "ctdc_release" / "analyses"
    page = explorer()
    for example in examples:
        page.select_option("#example", example["name"])
        assert page.input_value("#sql") == example["sql"]
        shown_rows = run_query(page)
        expected = small_build.sql((compiled / f"{example['name']}.sql").read_text())
        assert expected, example["name"]
        assert comparable(shown_rows) == comparable(expected), example["name"]


def test_sql_box_is_read_only(explorer):
    page = explorer()
    assert run_sql(page, "drop table synthetic_cases") == []
    assert page.locator("#sql-result .error").count() == 1
    assert run_sql(page, "select 1 as one) ; drop table synthetic_cases; select * from (select 1") == []
    assert run_sql(page, "select count(*) > 0 from synthetic_cases;") == [["true"]]


def test_every_control_has_a_label(explorer):
    page = explorer()
    unlabelled = page.eval_on_selector_all(
        "select, textarea, button, input",
        "els => els.filter(e => !(e.labels?.length || e.getAttribute('aria-label') || e.textContent.trim()))"
        ".map(e => e.id)")
    assert unlabelled == []
    assert page.locator(".variable select").count() == len(COLUMNS)


def test_dictionary_and_build_are_derived_and_deterministic(release, tmp_path):
    metadata = json.loads((release / "explorer" / "explorer.json").read_text())
    assert [v["name"] for v in metadata["variables"]] == COLUMNS
    assert all(v["label"] and v["description"] and "**" not in v["label"] + v["description"]
               for v in metadata["variables"])
    assert {t["name"] for t in metadata["tables"]} == {p.stem for p in release.glob("*.csv")}

    again = tmp_path / "release"
    shutil.copytree(release, again, ignore=shutil.ignore_patterns("explorer"))
    build(again, release.parent / "target" / "manifest.json")
    files = sorted(p.name for p in (release / "explorer").iterdir())
    assert files == sorted(p.name for p in (again / "explorer").iterdir())
    _, mismatch, errors = filecmp.cmpfiles(release / "explorer", again / "explorer", files, shallow=False)
    assert mismatch == errors == []
