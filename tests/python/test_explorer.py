"""The release explorer in a real browser: Debian's headless chromium (Playwright) opens the small
build's release on a local static server. Every figure shown must equal the DuckDB file's, every
value the SQL box prints must be DuckDB's own text for it, and no request may leave 127.0.0.1
(each page's requests go through a route that aborts any other host). Any console error fails
the test that caused it."""

import csv
import filecmp
import io
import json
import math
import shutil
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlencode, urlsplit

import duckdb
import pytest

from conftest import PROJECT
from ctdc_pipeline.browser import headless_chromium, serve
from ctdc_pipeline.codebook import BINARY, COLUMNS, COUNTRY_COLUMNS, read_seed
from ctdc_pipeline.explorer import build
from ctdc_pipeline.release import export

LOCAL = "127.0.0.1"


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


class Browser:
    """One chromium and one static server for the module; pages opened in fresh contexts whose
    every request passes a route: 127.0.0.1 goes through, anything else is aborted and kept."""

    def __init__(self, browser, base):
        self.browser, self.base = browser, base
        self.errors, self.outside, self.requested, self.timings = [], [], [], []

    def route(self, route):
        self.requested.append(route.request.url)
        if urlsplit(route.request.url).hostname == LOCAL:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, query="", viewport=None, permissions=()):
        context = self.browser.new_context(viewport=viewport or {"width": 1280, "height": 900},
                                           accept_downloads=True)
        context.grant_permissions(list(permissions), origin=self.base)
        context.route("**/*", self.route)
        page = context.new_page()
        url = f"{self.base}/explorer/{query}"
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"{url}: {m.text}"))
        page.on("pageerror", lambda error: self.errors.append(f"{url}: {error}"))
        page.goto(url)
        page.wait_for_selector("body[data-ready]", state="attached", timeout=60_000)
        self.timings.append(int(page.get_attribute("body", "data-ready")))
        return page

    @contextmanager
    def checked(self):
        """Fails the test on a console error or a request that left 127.0.0.1 during it."""
        errors, outside = len(self.errors), len(self.outside)
        yield self.open
        assert self.errors[errors:] == []
        assert self.outside[outside:] == []


@pytest.fixture(scope="module")
def browser(release):
    with serve(release) as base, headless_chromium() as chromium:
        session = Browser(chromium, base)
        yield session
    print(f"\nexplorer, time to first usable view (ms): {session.timings}")


@pytest.fixture
def explorer(browser):
    """open(query, viewport, permissions) -> a page whose first view is drawn."""
    with browser.checked() as open_page:
        yield open_page


@pytest.fixture(scope="module")
def sql_page(browser):
    """One page for the SQL box tests, its tables loaded and DuckDB locked down."""
    page = browser.open()
    page.wait_for_selector("#run:not([disabled])")
    return page


@pytest.fixture
def sql(browser, sql_page):
    with browser.checked():
        yield sql_page


# --- helpers ------------------------------------------------------------------------------

def link(selection, *charts, **options):
    return "?" + urlencode([*selection, *(("by", by) for by in charts), *options.items()])


def where(selection):
    return " and ".join(f"cast({name} as varchar) = '{value}'" for name, value in selection) or "true"


def synthetic_count(small_build, selection):
    ((n,),) = small_build.sql(f"select count(*) from published.synthetic_cases where {where(selection)}")
    return n


def shown(n, k):
    return f"{n:,}" if n >= k else f"fewer than {k}"


def wait_drawn(page):
    page.wait_for_function("document.body.dataset.drawn === location.search")


def chart(page, by):
    """The chart of `by` as {value shown: (official cell, synthetic cell)}."""
    rows = page.eval_on_selector_all(
        f"#chart-{by} tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))")
    return {value: (official, synthetic) for value, official, synthetic in rows}


def view(page):
    """What a view shows: figures, selection, every chart, and the controls' values."""
    return page.evaluate("""() => ({
        text: ['#selection-text', '#official', '#official-why', '#synthetic', '#charts']
            .map(s => document.querySelector(s).textContent),
        controls: [...document.querySelectorAll('select')].map(s => s.value)})""")


def assert_no_count_below_k(page, k):
    """Every figure shown is a count of at least k or says why there is none."""
    words = (f"fewer than {k}", "not published", "no official figure", "No official figure")
    for text in page.eval_on_selector_all(
            "#official, #synthetic, .chart tbody td", "cells => cells.map(c => c.textContent)"):
        assert text in words or int(text.replace(",", "")) >= k, text


def official_by(small_build, selection, by):
    return dict(small_build.sql(
        f"select cast({by} as varchar), reported_count from published.reportable_aggregates "
        f"where combination_length = {len(selection) + 1} and {by} is not null and {where(selection)}"))


def synthetic_by(small_build, selection, by):
    return dict(small_build.sql(
        f"select cast({by} as varchar), count(*) from published.synthetic_cases "
        f"where {by} is not null and {where(selection)} group by all"))


def duckdb_text(small_build, query):
    """DuckDB's own text for every value of the query (cast to VARCHAR), on the DuckDB file."""
    with duckdb.connect(str(small_build.db_path), read_only=True) as con:
        con.execute("set search_path = 'published'")
        return [list(row) for row in con.sql(f"select cast(columns(*) as varchar) from ({query})").fetchall()]


def run_sql(page, query):
    page.fill("#sql", query)
    page.click("#run")
    page.wait_for_function("document.querySelector('#sql-status').textContent !== 'Running…'")
    return result(page)


def result(page):
    """The result table as rows of cell text, None where the page shows NULL."""
    return page.eval_on_selector_all(
        "#sql-result tbody tr",
        "rows => rows.map(r => [...r.cells].map(c => c.classList.contains('null') ? null : c.textContent))")


def error_text(page):
    return page.text_content("#sql-result").strip()


# --- figures and charts ------------------------------------------------------------------

def test_reportable_selection(explorer, small_build, k):
    """A combination of two values with a reportable count, charted by two more variables at once:
    every figure equals the DuckDB file's, side by side, none below k shown as a number."""
    ((key, reported),) = small_build.sql(
        "select combination_key, reported_count from published.reportable_aggregates "
        "where combination_length = 2 order by reported_count desc, combination_key limit 1")
    selection = [tuple(pair.split(":", 1)) for pair in key.split(";")]
    charts = [c for c in ("ageBroad", "gender", "yearOfRegistration") if c not in dict(selection)][:2]
    page = explorer(link(selection, *charts))

    assert page.text_content("#official") == shown(reported, k["k"])
    assert page.text_content("#synthetic") == shown(synthetic_count(small_build, selection), k["k"])
    for by in charts:
        official = official_by(small_build, selection, by)
        synthetic = synthetic_by(small_build, selection, by)
        values = [v for (v,) in small_build.sql(
            f"select cast({by} as varchar) from published.reportable_aggregates "
            f"where combination_length = 1 and {by} is not null order by {by}")]
        expected = {v: (shown(official[v], k["k"]) if v in official else "not published",
                        shown(synthetic.get(v, 0), k["k"]))
                    for v in values if v in official or synthetic.get(v, 0) >= k["k"]}
        assert chart(page, by) == expected
        others = len(values) - len(expected)
        assert page.locator(f"#chart-{by} tfoot").all_text_contents() == (
            [f"{others} other values: no official figure and fewer than {k['k']} synthetic records each."]
            if others else [])
        widths = page.eval_on_selector_all(f"#chart-{by} .bar", "bars => bars.map(b => b.offsetWidth)")
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
    assert all(official == "no official figure" for official, _ in chart(page, "gender").values())
    assert "no official figures" in page.text_content("#chart-note-gender").lower()
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


def bar_widths(page, by):
    """{value: (official bar %, synthetic bar %)}; None where a cell has no bar."""
    rows = page.eval_on_selector_all(f"#chart-{by} tbody tr", """rows => rows.map(r => [r.dataset.value,
        ...[...r.querySelectorAll('td')].map(td => td.querySelector('.bar')?.style.width ?? null)])""")
    return {value: tuple(None if w is None else float(w.rstrip("%")) for w in widths)
            for value, *widths in rows}


def test_names_order_and_scale_for_skewed_variables(explorer, small_build, k):
    """The issue's skewed case: countries by count, on a log scale, with their names beside the
    ISO codes (from the countries seed); binary values read as "recorded"."""
    selection = [("isSexualExploit", "1")]
    page = explorer(link(selection, "CountryOfExploitation", "isForcedLabour", order="count", scale="log"))
    names = {row["iso3"]: row["name"] for row in read_seed("countries")}
    official = official_by(small_build, selection, "CountryOfExploitation")
    synthetic = synthetic_by(small_build, selection, "CountryOfExploitation")

    rows = "#chart-CountryOfExploitation tbody tr"
    shown_values = page.eval_on_selector_all(rows, "rows => rows.map(r => r.dataset.value)")
    labels = page.eval_on_selector_all(f"{rows} th", "cells => cells.map(c => c.textContent)")
    assert len(shown_values) > 3
    assert labels == [f"{code} · {names[code]}" for code in shown_values]
    keys = [(official.get(v, -1), synthetic.get(v, 0)) for v in shown_values]
    assert keys == sorted(keys, reverse=True)
    assert page.text_content("#selection-text") == "Selection: Exploitation: sexual exploitation = recorded."
    assert list(chart(page, "isForcedLabour")) == ["recorded"]

    widest = max(k["k"], *official.values(), *synthetic.values())
    for value, (official_bar, synthetic_bar) in bar_widths(page, "CountryOfExploitation").items():
        for n, width in ((official.get(value), official_bar), (synthetic.get(value, 0), synthetic_bar)):
            expected = 100 * math.log1p(n) / math.log1p(widest) if n and n >= k["k"] else None
            assert width == (None if expected is None else pytest.approx(expected, abs=0.01))

    page.select_option("#scale", "linear")
    wait_drawn(page)
    assert "scale=" not in page.url
    for value, (official_bar, _) in bar_widths(page, "CountryOfExploitation").items():
        if value in official:
            assert official_bar == pytest.approx(100 * official[value] / widest, abs=0.01)


# --- navigation ---------------------------------------------------------------------------

def test_back_and_forward_step_through_views_and_links_restore_them(explorer):
    """Each change is a history entry; Back and Forward restore the view; a copied link opens
    the same view; what a link names that the release does not publish is named, not used."""
    page = explorer("?gender=Female&notAVariable=1&by=ageBroad",
                    permissions=["clipboard-read", "clipboard-write"])
    assert "notAVariable=1" in page.text_content("#link-note")
    assert page.url.endswith("/explorer/?gender=Female&by=ageBroad")
    history = [(page.url, view(page))]

    page.select_option("#pick-isForcedLabour", "1")
    wait_drawn(page)
    assert page.url.endswith("?gender=Female&isForcedLabour=1&by=ageBroad")
    history.append((page.url, view(page)))

    bar = page.locator("#chart-ageBroad tbody tr:has(.synthetic .bar)").first
    value = bar.get_attribute("data-value")
    bar.locator(".synthetic .bar").click()
    wait_drawn(page)
    assert dict(parse_qsl(urlsplit(page.url).query))["ageBroad"] == value
    assert page.input_value("#pick-ageBroad") == value
    history.append((page.url, view(page)))

    page.select_option("#add-chart", "citizenship")
    wait_drawn(page)
    assert page.url.endswith("&by=ageBroad&by=citizenship")
    history.append((page.url, view(page)))

    for url, shown_view in reversed(history[:-1]):
        page.go_back()
        wait_drawn(page)
        assert (page.url, view(page)) == (url, shown_view)
    for url, shown_view in history[1:]:
        page.go_forward()
        wait_drawn(page)
        assert (page.url, view(page)) == (url, shown_view)

    page.click("#copy-link")
    page.wait_for_function("document.querySelector('#copy-note').textContent === 'Link copied.'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.url
    reopened = explorer(copied[copied.index("?"):])
    assert view(reopened) == history[-1][1]


def test_sql_query_lives_in_the_url(explorer):
    page = explorer("?" + urlencode([("gender", "Male"), ("sql", "select 42 as answer\n-- a comment")]))
    page.wait_for_function("document.querySelector('#sql-result tbody')")
    assert page.input_value("#sql") == "select 42 as answer\n-- a comment"
    assert result(page) == [["42"]]
    run_sql(page, "select 'two' as answer")
    wait_drawn(page)
    params = parse_qsl(urlsplit(page.url).query)
    assert ("gender", "Male") in params and ("sql", "select 'two' as answer") in params
    page.go_back()
    page.wait_for_function("document.querySelector('#sql').value.startsWith('select 42')")
    page.wait_for_function("document.querySelector('#sql-result td')?.textContent === '42'")


def test_all_records_first_screen_narrow_screen_and_keyboard(explorer, small_build, k):
    """All records: the record expansion explained beside the totals. At 1280x900 the figures
    and the first chart are in the first screen; at 390 px nothing scrolls sideways; a skip link
    leads to the figures, and the keyboard picks, charts and adds."""
    page = explorer()
    ((total, records, ratio),) = small_build.sql(
        "select reported_count, (select count(*) from published.synthetic_cases), "
        "cast(round((select count(*) from published.synthetic_cases) / reported_count, 2) as varchar) "
        "from published.reportable_aggregates where combination_length = 0")
    assert page.text_content("#official") == shown(total, k["k"])
    assert page.text_content("#synthetic") == shown(records, k["k"])
    why = page.text_content("#synthetic-why")
    assert f"{records:,} synthetic records for an official total of {total:,}: {ratio} times" in why
    assert "record expansion" in why
    for selector in ("#official", "#synthetic", ".chart tbody tr"):
        box = page.locator(selector).first.bounding_box()
        assert box["y"] + box["height"] <= 900, selector

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "figures"
    assert "#" not in page.url  # the skip link adds no history entry of its own
    presses = 0
    while page.evaluate("document.activeElement.id") != "add-chart":
        page.keyboard.press("Tab")
        presses += 1
        assert presses <= 3
    page.keyboard.press("ArrowDown")  # the first variable not charted yet
    wait_drawn(page)
    assert page.locator(".chart-card").count() == 3
    while not page.evaluate("document.activeElement.classList.contains('value')"):
        page.keyboard.press("Tab")
        presses += 1
        assert presses <= 12
    by, value = page.evaluate("""[document.activeElement.closest('.chart-card').dataset.by,
                                  document.activeElement.closest('tr').dataset.value]""")
    page.keyboard.press("Enter")
    wait_drawn(page)
    assert dict(parse_qsl(urlsplit(page.url).query))[by] == value

    page.focus("#variable-search")
    page.keyboard.type("isForcedLabour")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "pick-isForcedLabour"
    page.keyboard.press("ArrowDown")
    wait_drawn(page)
    assert "isForcedLabour=1" in page.url

    narrow = explorer("?isSexualExploit=1&by=CountryOfExploitation&by=citizenship&scale=log",
                      viewport={"width": 390, "height": 844})
    narrow.wait_for_selector("#run:not([disabled])")
    run_sql(narrow, "select * from synthetic_cases")
    assert narrow.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


# --- the SQL box --------------------------------------------------------------------------

TYPED_QUERIES = {
    "the issue's": "select 0.5*10 as y, 1.05 as z, reported_count*1.5 as x from reportable_aggregates "
                   "where combination_length=0",
    "DECIMAL": "select 1.10 as a, -123.4500::decimal(18, 4) as b, 0.001::decimal(38, 20) as c, "
               "sum(reported_count * 0.001) as d from reportable_aggregates",
    "DOUBLE": "select 1/3 as a, 1e300 as b, -0.0::double as c, 'nan'::double as d, '-inf'::double as e, "
              "0.1 + 0.2 as f, 5e-324 as g, avg(reported_count) as h from reportable_aggregates",
    "HUGEINT": "select sum(reported_count)::hugeint * 100000000000000000000 as a, "
               "-170141183460469231731687303715884105727::hugeint - 1 as b, "
               "18446744073709551615::ubigint as c "
               "from reportable_aggregates",
    "DATE": "select date '2020-01-01' as a, make_date(yearOfRegistration, 1, 1) as b, 'infinity'::date as c, "
            "date '0001-01-01' - 1 as d from synthetic_cases "
            "where yearOfRegistration is not null order by yearOfRegistration limit 1",
    "TIMESTAMP": "select timestamp '2020-01-01 10:00:01.5' as a, timestamp '2020-01-01' as b, "
                 "make_timestamp(2021, 12, 31, 23, 59, 59.999999) as c, "
                 "'2021-06-01 12:00:00.123456789'::timestamp_ns as d",
    "INTERVAL": "select interval 3 day as a, interval '1 year 2 months 3 days 04:05:06.789' as b, "
                "timestamp '2021-03-01' - timestamp '2020-01-15 06:00' as c, -interval 90 minute as d",
    "LIST": "select [1, 2, 3] as a, ['a', null, 'it''s, \"quoted\"'] as b, [[1.5, 2.25]] as c, "
            "(select list(distinct gender order by gender) from synthetic_cases) as d, "
            "{'k': 10, 'v': [1]} as e",
    "NULL": "select null as a, null::integer as b, [null] as c, 'NULL' as d, '' as e",
    "text and counts": "select gender, count(*) as n, true as t, 'two\nlines, \"quoted\"' as s "
                       "from synthetic_cases group by gender order by gender",
}


@pytest.mark.parametrize("kind", TYPED_QUERIES)
def test_sql_box_prints_what_duckdb_returns(sql, small_build, kind):
    query = TYPED_QUERIES[kind]
    expected = duckdb_text(small_build, query)
    assert expected
    assert run_sql(sql, query) == expected


def test_the_issues_numbers(sql):
    shown_row = run_sql(sql, "select 0.5*10 as y, 1.05 as z, date '2020-01-01' as d")
    assert shown_row == [["5.0", "1.05", "2020-01-01"]]


def duckdb_error(small_build, query):
    with duckdb.connect(str(small_build.db_path), read_only=True) as con:
        con.execute("set search_path = 'published'")
        with pytest.raises(duckdb.Error) as raised:
            con.sql(query).fetchall()
    return str(raised.value)


def test_sql_errors_point_at_the_users_sql_and_only_one_query_runs(sql, small_build):
    for query, line, at in (("select\n  gender,\n  nosuch\nfrom synthetic_cases",
                             "LINE 3:   nosuch", "nosuch"),
                            ("select gender\nfrom synthetic_cases\nwhere gender = = 'Female'",
                             "LINE 3: where gender = = 'Female'", "= 'Female'")):
        assert run_sql(sql, query) == []
        shown_error = error_text(sql).splitlines()
        assert shown_error[0] == duckdb_error(small_build, query).splitlines()[0]
        where_at = shown_error.index(line)  # the user's line, numbered as they wrote it
        assert shown_error[where_at + 1] == " " * line.index(at) + "^"
        assert "query(" not in error_text(sql)

    for statement in ("drop table synthetic_cases", "create table x as select 1",
                      "select 1; drop table synthetic_cases", "set lock_configuration = false",
                      "install httpfs", "load httpfs", "attach ':memory:' as other"):
        assert run_sql(sql, statement) == []
        assert "The box runs one query" in sql.text_content("#sql-result"), statement
    assert run_sql(sql, "select 1 as one) ; drop table synthetic_cases; select * from (select 1") == []
    assert "syntax error" in error_text(sql)
    assert run_sql(sql, "select count(*) > 0 from synthetic_cases;") == [["true"]]
    assert run_sql(sql, "select 42 as answer -- the answer\n") == [["42"]]


def test_no_network_by_construction(sql, browser):
    """DuckDB's external access, extension install and autoload are off, the configuration
    locked; queries naming a URL fail with a clear message and make no request at all."""
    # the routes see the requests of DuckDB's worker too
    assert any(url.endswith("/duckdb-eh.wasm") for url in browser.requested)
    settings = ("enable_external_access", "autoload_known_extensions", "autoinstall_known_extensions",
                "lock_configuration")
    query = "select " + ", ".join(f"current_setting('{name}')" for name in settings)
    assert run_sql(sql, query) == [["false", "false", "false", "true"]]
    before = len(browser.requested)
    for query in ("select * from 'https://example.com/x.parquet'",
                  "select * from read_csv('http://example.com/x.csv')",
                  "select * from read_parquet('https://example.com/x.parquet')",
                  "select * from read_json('https://example.com/x.json')"):
        assert run_sql(sql, query) == []
        assert "works offline" in sql.text_content("#sql-result"), query
        assert "never a file, a URL or an extension" in sql.text_content("#sql-result")
    assert browser.requested[before:] == []


def test_the_page_reads_the_release_from_its_datapackage(sql_page, browser, release):
    package = json.loads((release / "datapackage.json").read_text())
    tables = [r["name"] for r in package["resources"] if r["type"] == "table"]
    assert sql_page.text_content("#table-names") == ", ".join(tables)
    assert any(url.endswith("/datapackage.json") for url in browser.requested)


def test_worked_examples_give_the_duckdb_file_rows(sql, release, small_build):
    """Every analyses/ question, picked from the examples list, returns DuckDB's own text for
    the rows that dbt's compiled analysis gives on the DuckDB file, in its order."""
    examples = json.loads((release / "explorer" / "explorer.json").read_text())["examples"]
    assert sorted(e["name"] for e in examples) == sorted(p.stem for p in (PROJECT / "analyses").glob("*.sql"))
    compiled = release.parent / "target" / "compiled" / "ctdc_release" / "analyses"
    for example in examples:
        sql.select_option("#example", example["name"])
        assert sql.input_value("#sql") == example["sql"]
        sql.click("#run")
        sql.wait_for_function("document.querySelector('#sql-status').textContent !== 'Running…'")
        expected = duckdb_text(small_build, (compiled / f"{example['name']}.sql").read_text())
        assert expected, example["name"]
        assert result(sql) == expected, example["name"]


def downloaded(page, selector):
    with page.expect_download() as download:
        page.click(selector)
    return list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))


def test_downloads(sql, small_build):
    """The chart's table and the whole query result (not only the rows shown) as CSV."""
    rows = downloaded(sql, ".chart-card[data-by=gender] .download")
    table = sql.eval_on_selector_all("#chart-gender tbody tr", """rows => rows.map(r => [r.dataset.value,
        ...[...r.cells].map(c => c.textContent)])""")
    assert rows[0] == ["gender", "label", "official_figure", "synthetic_estimate"]
    assert rows[1:] == [[value, label, official.replace(",", ""), synthetic.replace(",", "")]
                        for value, label, official, synthetic in table]

    query = "select * from synthetic_cases order by all"
    expected = duckdb_text(small_build, query)
    assert len(expected) > 100
    run_sql(sql, query)
    assert len(result(sql)) == 100
    rows = downloaded(sql, "#download-result")
    assert rows[0] == COLUMNS
    assert rows[1:] == [["" if v is None else v for v in row] for row in expected]


def test_a_big_query_keeps_the_page_responsive(sql, small_build):
    """About 200,000 rows of 38 columns: only the 100 shown cross to the page, no task of the
    page's main thread takes 200 ms or more."""
    ((records,),) = small_build.sql("select count(*) from published.synthetic_cases")
    copies = -(-200_000 // records)
    sql.evaluate("""() => { window.longTasks = [];
        new PerformanceObserver(list => window.longTasks.push(...list.getEntries().map(e => e.duration)))
            .observe({ type: 'longtask' }); }""")
    rows = run_sql(sql, f"select * from synthetic_cases, range({copies}) as copies(copy)")
    assert len(rows) == 100
    assert sql.text_content("#sql-result caption").startswith(f"Rows 1–100 of {records * copies:,} rows")
    sql.wait_for_timeout(100)
    assert max(sql.evaluate("window.longTasks"), default=0) < 200


def test_every_control_has_a_label(sql):
    unlabelled = sql.eval_on_selector_all(
        "select, textarea, button, input",
        "els => els.filter(e => !(e.labels?.length || e.getAttribute('aria-label') || e.textContent.trim()))"
        ".map(e => e.id)")
    assert unlabelled == []
    assert sql.locator(".variable select").count() == len(COLUMNS)


# --- the build ----------------------------------------------------------------------------

def test_dictionary_and_build_are_derived_and_deterministic(release, small_build, tmp_path):
    metadata = json.loads((release / "explorer" / "explorer.json").read_text())
    assert [v["name"] for v in metadata["variables"]] == COLUMNS
    assert all(v["label"] and v["description"] and "**" not in v["label"] + v["description"]
               for v in metadata["variables"])
    # the page learns the release's tables from the release's own datapackage.json; explorer.json
    # only says which of them hold the official figures and the synthetic records
    assert "tables" not in metadata
    package = json.loads((release / "datapackage.json").read_text())
    tables = [r for r in package["resources"] if r["type"] == "table"]
    assert metadata["roles"]["aggregates"] == "reportable_aggregates" and "noise" not in metadata["roles"]
    assert {metadata["roles"][role] for role in ("aggregates", "records", "synthetic_counts")} <= {
        t["name"] for t in tables}
    assert {t["name"] for t in tables} == {p.stem for p in release.glob("*.csv")}
    for table in tables:
        assert [(table["rows"],)] == small_build.sql(f"select count(*) from published.{table['name']}")
    ((k, length),) = small_build.sql("select k, reporting_length from published.release_parameters")
    assert (metadata["parameters"]["k"], metadata["parameters"]["reporting_length"]) == (k, length)
    names = {row["iso3"]: row["name"] for row in read_seed("countries")}
    for variable in metadata["variables"]:
        name = variable["name"]
        published = [v for (v,) in small_build.sql(
            f"select distinct cast({name} as varchar) from published.reportable_aggregates "
            f"where combination_length = 1 and {name} is not null")]
        assert sorted(v["value"] for v in variable["values"]) == sorted(published)
        for value in variable["values"]:
            if name in COUNTRY_COLUMNS:
                assert value["label"] == f"{value['value']} · {names[value['value']]}"
            else:
                assert value["label"] == ("recorded" if name in BINARY else value["value"])

    again = tmp_path / "release"
    shutil.copytree(release, again, ignore=shutil.ignore_patterns("explorer"))
    build(again, release.parent / "target" / "manifest.json")
    files = sorted(p.name for p in (release / "explorer").iterdir())
    assert files == sorted(p.name for p in (again / "explorer").iterdir())
    _, mismatch, errors = filecmp.cmpfiles(release / "explorer", again / "explorer", files, shallow=False)
    assert mismatch == errors == []
