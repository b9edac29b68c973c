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


def read_lines_gz(path):
    with gzip.open(path, "rb") as f:
        return f.read().split(b"\n")


def write_lines_gz(path, lines):
    with gzip.open(path, "wb") as f:
        f.write(b"\n".join(lines))


def test_ragged_and_truncated_lines_are_rejected_with_file_and_line(tmp_path, extracts):
    iom_path, a21_path = extracts / RENDERERS["iom"].file, extracts / RENDERERS["a21"].file
    iom = read_lines_gz(iom_path)
    iom[3] = iom[3] + b",an extra field"  # line 4: one field too many
    write_lines_gz(iom_path, iom)
    a21 = read_lines_gz(a21_path)
    assert a21[-1] == b""
    cut = a21[-2][:20]
    write_lines_gz(a21_path, a21[:-2] + [cut])  # the last line cut off, no newline

    dbt = Dbt(tmp_path / "ragged.duckdb", extracts)
    dbt.run("build", "--select", "+cases", "+cases_rejects", "countries", "--indirect-selection", "cautious")
    lines = dbt.sql("select partner, field, reason from sensitive.cases_rejects "
                    "where source_row_number is null order by partner")
    iom_columns = iom[0].count(b",") + 1
    assert lines == [
        ("a21", f"line {len(a21) - 1} of {a21_path}",
         f"Expected Number of Columns: 56 Found: {cut.count(b',') + 1}"),
        ("iom", f"line 4 of {iom_path}",
         f"Expected Number of Columns: {iom_columns} Found: {iom_columns + 1}")]
    # raw = cases + rejects, the two unreadable lines counted (the dbt test ran and passed)
    (cases,) = dbt.sql("select count(*) from sensitive.cases")[0]
    (rejects,) = dbt.sql("select count(*) from sensitive.cases_rejects")[0]
    liberty = read_csv_gz(extracts / RENDERERS["liberty_shared"].file, ";")
    raw = (len(iom) - 2) + (len(a21) - 2) + len(liberty) + sum(
        pq.read_metadata(extracts / RENDERERS[p].file).num_rows for p in ("polaris", "otsh"))
    assert cases + rejects == raw and rejects == 2


def test_invalid_utf8_names_file_and_line(tmp_path, extracts):
    path = extracts / RENDERERS["liberty_shared"].file
    lines = read_lines_gz(path)
    lines[2] = lines[2].replace(b";", b";\xff", 1)
    write_lines_gz(path, lines)
    result = Dbt(tmp_path / "utf8.duckdb", extracts).run(
        "run", "--select", "stg_extract_malformed_lines", expect_success=False)
    message = str(result.result[0].message if result.result else result.exception)
    assert "Partner 'liberty_shared'" in message and f"{path}, line 3: invalid UTF-8" in message


def test_unreadable_header_names_file_and_line(tmp_path, extracts):
    path = extracts / RENDERERS["a21"].file
    lines = read_lines_gz(path)
    write_lines_gz(path, [lines[0][:6]])  # the file cut off inside its header
    result = Dbt(tmp_path / "header.duckdb", extracts).run("run", "--select", "stg_a21__cases",
                                                           expect_success=False)
    message = str(result.result[0].message if result.result else result.exception)
    assert "Partner 'a21'" in message and "a21_cases.csv.gz: unreadable header" in message
    assert "line 1" in message
