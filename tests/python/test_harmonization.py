"""Nothing is lost and bad input is named: rejects with reasons, and clear errors for missing
files and columns."""

import csv
import gzip

import pyarrow.parquet as pq
import pytest

from conftest import Dbt, read_release_records
from demo.write import RENDERERS, write_extracts


def read_csv_gz(path, delimiter=","):
    with gzip.open(path, "rt", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def write_csv_gz(path, rows, delimiter=","):
    with gzip.open(path, "wt", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture()
def extracts(tmp_path):
    out = tmp_path / "extracts"
    write_extracts(read_release_records(every=200), out)
    return out


def test_bad_rows_are_rejected_with_field_and_reason(tmp_path, extracts):
    iom_path = extracts / RENDERERS["iom"].file
    rows = read_csv_gz(iom_path)
    rows[0]["sex"], rows[0]["gender"], rows[0]["registration_date"] = "Q", "", "2010-03-04"
    rows[1]["age_at_registration"] = "140"
    rows[2]["registration_date"] = "1999-05-05"
    rows[4]["case_id"] = rows[3]["case_id"]
    rows[5]["nationality"] = "Atlantis"
    rows[6]["age_at_registration"], rows[6]["age_at_exploitation_start"] = "20", "25"
    write_csv_gz(iom_path, rows)
    liberty_path = extracts / RENDERERS["liberty_shared"].file
    liberty = read_csv_gz(liberty_path, ";")
    liberty[0]["Broker"] = "maybe"
    write_csv_gz(liberty_path, liberty, ";")

    dbt = Dbt(tmp_path / "rejects.duckdb", extracts)
    dbt.run("build", "--select", "+cases", "+cases_rejects", "countries", "--indirect-selection", "cautious")
    rejects = {(p, rid): (field, reason) for p, rid, field, reason in dbt.sql(
        "select partner, source_record_id, field, reason from sensitive.cases_rejects")}
    ids = [r["case_id"] for r in rows]
    assert rejects[("iom", ids[0])] == ("sex", 'unknown code "Q"')
    assert rejects[("iom", ids[1])] == ("age_at_registration", 'impossible value "140"')
    assert rejects[("iom", ids[2])] == ("yearOfRegistration", "1999 is outside 2002-2021")
    assert rejects[("iom", ids[3])][0] == "source_record_id"
    assert "duplicate id in 2 rows" in rejects[("iom", ids[3])][1]
    assert rejects[("iom", ids[5])] == ("nationality", 'unknown country "Atlantis"')
    assert rejects[("iom", ids[6])] == ("age_at_exploitation_start", "later than age_at_registration")
    assert rejects[("liberty_shared", liberty[0]["VCMS_ID"])] == ("broker", 'unknown code "maybe"')
    (n_rejects,) = dbt.sql("select count(*) from sensitive.cases_rejects")[0]
    assert n_rejects == 8  # seven bad rows, and the duplicated id rejects both of its rows

    raw = len(rows) + len(liberty) + sum(
        pq.read_metadata(extracts / RENDERERS[p].file).num_rows for p in ("polaris", "otsh")
    ) + len(read_csv_gz(extracts / RENDERERS["a21"].file))
    (cases,) = dbt.sql("select count(*) from sensitive.cases")[0]
    assert raw == cases + n_rejects


def test_raw_accounting_test_fails_when_a_row_is_lost(tmp_path, small_build):
    dbt = small_build.copy(tmp_path / "lost.duckdb")
    dbt.execute("delete from sensitive.cases where rowid = (select min(rowid) from sensitive.cases)")
    result = dbt.run("test", "--select", "assert_every_raw_row_accounted_for", expect_success=False)
    assert [r.status for r in result.result] == ["fail"]


def test_missing_file_names_partner_and_file(tmp_path, extracts):
    (extracts / RENDERERS["a21"].file).unlink()
    result = Dbt(tmp_path / "nofile.duckdb", extracts).run("run", "--select", "stg_a21__cases",
                                                           expect_success=False)
    message = str(result.result[0].message if result.result else result.exception)
    assert "Partner 'a21'" in message and "a21_cases.csv.gz" in message and "not found" in message


def test_missing_column_names_partner_file_and_column(tmp_path, extracts):
    path = extracts / RENDERERS["otsh"].file
    table = pq.read_table(path)
    pq.write_table(table.drop_columns(["gender", "usesChildren"]), path)
    result = Dbt(tmp_path / "nocolumn.duckdb", extracts).run("run", "--select", "stg_otsh__cases",
                                                              expect_success=False)
    message = str(result.result[0].message if result.result else result.exception)
    assert "Partner 'otsh'" in message and "otsh_cases.parquet" in message
    assert "missing column(s): gender, usesChildren" in message
