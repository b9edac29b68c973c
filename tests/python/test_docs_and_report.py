"""The data dictionary describes every model and column, DuckDB carries the same comments, and
the evaluation report renders its charts and key figures in a real browser."""

import json
import shutil
import subprocess
import tempfile

import pytest
from PIL import Image

from conftest import dbt_target
from ctdc_pipeline.codebook import COLUMNS
from ctdc_pipeline.report import BLUE, ORANGE, write_report


@pytest.fixture(scope="module")
def docs(small_build):
    small_build.run("docs", "generate", "--static")
    target = dbt_target()
    return (json.loads((target / "manifest.json").read_text()),
            json.loads((target / "catalog.json").read_text()))


def test_every_model_and_column_is_described(docs):
    manifest, catalog = docs
    undocumented = []
    for unique_id, node in {**catalog["nodes"], **catalog["sources"]}.items():
        described = manifest["nodes"].get(unique_id) or manifest["sources"][unique_id]
        if not described["description"].strip():
            undocumented.append(unique_id)
        documented = {c.lower(): v["description"] for c, v in described["columns"].items()}
        for column in node["columns"]:
            if not documented.get(column.lower(), "").strip():
                undocumented.append(f"{unique_id}.{column}")
    assert undocumented == []
    assert "__overview__" in {d["name"] for d in manifest["docs"].values()}


def test_codebook_variables_have_their_own_doc_blocks(docs):
    manifest, _ = docs
    names = {d["name"] for d in manifest["docs"].values()}
    assert set(COLUMNS) <= names


def test_duckdb_carries_the_descriptions(small_build):
    (comment,) = small_build.sql(
        "select comment from duckdb_columns() where schema_name = 'published' "
        "and table_name = 'synthetic_cases' and column_name = 'citizenship'")[0]
    assert "ISO 3166-1 alpha-3" in comment
    (table_comment,) = small_build.sql(
        "select comment from duckdb_tables() where schema_name = 'sensitive' and table_name = 'cases'")[0]
    assert "SENSITIVE" in table_comment


def chromium(*args):
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [shutil.which("chromium") or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=120, check=True)


def test_report_renders_charts_and_key_figures(tmp_path, small_build):
    report = write_report(small_build.db_path, tmp_path / "evaluation_report.html")
    dom = chromium("--dump-dom", report.as_uri()).stdout
    assert dom.count("<svg") == 5 + 3  # the charts, and a scatter per combination length
    (synthetic,) = small_build.sql("select count(*) from published.synthetic_cases")[0]
    assert f'id="figure-records">{synthetic:,}<' in dom
    assert 'id="figure-k">10<' in dom and 'id="figure-fabricated">0<' in dom
    assert "not a random sample" in dom

    shot = tmp_path / "report.png"
    chromium("--window-size=1200,2000", f"--screenshot={shot}", report.as_uri())
    pixels = {colour for _, colour in Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 24)}
    for colour in (BLUE, ORANGE):
        rgb = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert rgb in pixels, f"no {colour} bars drawn"


def test_docs_site_opens_offline_on_the_overview(docs):
    page = (dbt_target() / "static_index.html").as_uri() + "#!/overview"
    dom = " ".join(chromium("--virtual-time-budget=15000", "--dump-dom", page).stdout.split())
    assert "The privacy guarantee, in one sentence:" in dom
    assert "k = 10" in dom and "not a random sample of victims" in dom
