"""Nothing is lost and bad input is named: rejects with reasons, and clear errors for missing
files and columns."""

import csv
import gzip
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import Dbt, dbt_target, failure_message, read_release_records
from ctdc_pipeline.plausibility import plausibility_warnings
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
def extracts(scratch):
    out = scratch / "extracts"
    write_extracts(read_release_records(every=200), out)
    return out


def test_bad_rows_are_rejected_with_field_and_reason(scratch, extracts):
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

    dbt = Dbt(scratch / "scratch.duckdb", extracts)
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


def test_raw_accounting_test_fails_when_a_row_is_lost(scratch, small_build):
    dbt = small_build.copy(scratch / "scratch.duckdb")
    dbt.execute("delete from sensitive.cases where rowid = (select min(rowid) from sensitive.cases)")
    result = dbt.run("test", "--select", "assert_every_raw_row_accounted_for", expect_success=False)
    assert [r.status for r in result.result if r.node.resource_type == "test"] == ["fail"]


def test_missing_file_names_partner_and_file(scratch, extracts):
    (extracts / RENDERERS["a21"].file).unlink()
    result = Dbt(scratch / "scratch.duckdb", extracts).run("run", "--select", "stg_a21__cases",
                                                           expect_success=False)
    message = failure_message(result)
    assert "Partner 'a21'" in message and "a21_cases.csv.gz" in message and "not found" in message


def test_missing_column_names_partner_file_and_column(scratch, extracts):
    path = extracts / RENDERERS["otsh"].file
    table = pq.read_table(path)
    pq.write_table(table.drop_columns(["gender", "usesChildren"]), path)
    result = Dbt(scratch / "scratch.duckdb", extracts).run("run", "--select", "stg_otsh__cases",
                                                              expect_success=False)
    message = failure_message(result)
    assert "Partner 'otsh'" in message and "otsh_cases.parquet" in message
    assert "missing column(s): gender, usesChildren" in message


def read_lines_gz(path):
    with gzip.open(path, "rb") as f:
        return f.read().split(b"\n")


def write_lines_gz(path, lines):
    with gzip.open(path, "wb") as f:
        f.write(b"\n".join(lines))


def plant(line, delimiter, field, change):
    """The line with one field changed (a line without quotes, so splitting it is exact)."""
    fields = line.split(delimiter.encode())
    fields[field] = change(fields[field])
    return delimiter.encode().join(fields)


def test_damaged_csv_lines_become_rejects_naming_their_lines(scratch, extracts):
    """Each CSV partner's file gets a stray opening quote early and late (the reader does not
    run on, and no other line is touched), IOM a line with a field too many, A21 its last line
    cut off, Liberty Shared a blank line and a 3 MB value: each damaged line, and only it, is a
    reject naming file, line and problem; every other row becomes a case."""
    planted, damaged = {}, {}
    for partner in ("iom", "liberty_shared", "a21"):
        path, delimiter = extracts / RENDERERS[partner].file, RENDERERS[partner].delimiter
        lines = read_lines_gz(path)
        plain = [n for n in range(2, len(lines)) if lines[n - 1] and b'"' not in lines[n - 1]]
        for number in (plain[1], plain[-2]):
            lines[number - 1] = plant(lines[number - 1], delimiter, 2, lambda v: b'"' + v)
            planted[(partner, number)] = "unbalanced quote: the line holds an odd number of \" " \
                "characters, so a quoted field does not end on it"
        damaged[partner] = (path, lines, plain)
    iom_path, iom, iom_plain = damaged["iom"]
    iom[iom_plain[5] - 1] += b",an extra field"
    width = iom[0].count(b",") + 1
    planted[("iom", iom_plain[5])] = f"expected {width} fields, found {width + 1}"
    a21_path, a21, _ = damaged["a21"]
    assert a21[-1] == b""
    cut = a21[-2][:20]
    damaged["a21"] = (a21_path, a21[:-2] + [cut], None)  # the last line cut off, no newline
    planted[("a21", len(a21) - 1)] = f"expected {a21[0].count(b',') + 1} fields, found {cut.count(b',') + 1}"
    liberty_path, liberty, liberty_plain = damaged["liberty_shared"]
    liberty.insert(liberty_plain[3] - 1, b"")  # a blank line: the lines after it move down one
    planted = {(p, n + (p == "liberty_shared" and n >= liberty_plain[3])): why
               for (p, n), why in planted.items()}
    planted[("liberty_shared", liberty_plain[3])] = "blank line"
    huge = liberty_plain[10] + 1
    liberty[huge - 1] = plant(liberty[huge - 1], ";", 2, lambda v: b"x" * 3_000_000)
    for path, lines, _ in damaged.values():
        write_lines_gz(path, lines)

    dbt = Dbt(scratch / "scratch.duckdb", extracts)
    dbt.run("build", "--select", "+cases", "+cases_rejects", "int_partner_rows_counted",
            "assert_every_raw_row_accounted_for", "countries", "--indirect-selection", "cautious")
    lines = dbt.sql("select partner, extract_file, source_row_number, reason from sensitive.cases_rejects "
                    "where field = 'line' order by all")
    assert lines == sorted((p, str(damaged[p][0]), n, why) for (p, n), why in planted.items())
    (sex,) = dbt.sql(f"select field, reason from sensitive.cases_rejects where partner = 'liberty_shared' "
                     f"and source_row_number = {huge}")
    assert sex == ("sex", 'unknown code "' + "x" * 60 + '..." (3000000 characters)')
    # raw = cases + rejects per partner (the dbt test ran and passed), the raw count from lines
    counted = dict((p, (raw, cases, rejects)) for p, raw, cases, rejects in dbt.sql(
        "select * from sensitive.int_partner_rows_counted"))
    for partner, (_, lines, _) in damaged.items():
        data_lines = len(lines) - 1 - (lines[-1] == b"")
        raw, cases, rejects = counted[partner]
        assert raw == data_lines and cases == data_lines - rejects
        assert rejects == sum(p == partner for p, _ in planted) + (partner == "liberty_shared")


def test_a_csv_header_naming_a_column_twice_is_refused(scratch, extracts):
    path = extracts / RENDERERS["a21"].file
    lines = read_lines_gz(path)
    lines[0] = lines[0].replace(b"gender", b"year", 1)
    write_lines_gz(path, lines)
    result = Dbt(scratch / "scratch.duckdb", extracts).run("run", "--select", "stg_a21__cases",
                                                          expect_success=False)
    message = failure_message(result)
    assert f"Partner 'a21': extract file {path}: its header (line 1) names year more than once" in message


def test_bad_parquet_values_are_rejects_and_a_wrong_column_type_is_named(scratch, extracts):
    otsh_path, polaris_path = extracts / RENDERERS["otsh"].file, extracts / RENDERERS["polaris"].file
    otsh = pq.read_table(otsh_path)
    years = [str(y) if y is not None else None for y in otsh.column("registration_year").to_pylist()]
    years[0], years[1] = "in 2019", "Unknown"  # a bad value; OTSH's own missing-value token
    pq.write_table(otsh.set_column(1, "registration_year", pa.array(years)), otsh_path)
    polaris = pq.read_table(polaris_path)
    dates = [str(d) if d is not None else None for d in polaris.column("date_first_reported").to_pylist()]
    dates[2] = "not a date"
    index = polaris.schema.get_field_index("date_first_reported")
    pq.write_table(polaris.set_column(index, "date_first_reported", pa.array(dates)), polaris_path)

    dbt = Dbt(scratch / "scratch.duckdb", extracts)
    dbt.run("build", "--select", "+cases", "+cases_rejects", "countries", "--indirect-selection", "cautious")
    rejects = dbt.sql("select partner, source_row_number, field, reason from sensitive.cases_rejects "
                      "order by all")
    assert rejects == [("otsh", 1, "registration_year", 'impossible value "in 2019"'),
                       ("polaris", 3, "date_first_reported", 'not a date "not a date"')]
    assert dbt.sql("select yearOfRegistration from sensitive.cases where partner = 'otsh' "
                   f"and source_record_id = '{otsh.column(0)[1]}'") == [(None,)]

    stamps = pa.array([20190305 + i for i in range(polaris.num_rows)], pa.int64())
    pq.write_table(polaris.set_column(index, "date_first_reported", stamps), polaris_path)
    result = dbt.run("run", "--select", "stg_polaris__cases", expect_success=False)
    message = failure_message(result)
    assert (f"Partner 'polaris': extract file {polaris_path}: column date_first_reported is BIGINT, "
            "expected date (or text)") in message


def test_files_no_partner_declares_are_named(scratch, small_build):
    extracts = scratch / "extracts"
    shutil.copytree(small_build.variables["extracts_dir"], extracts)
    (extracts / "newpartner").mkdir()
    (extracts / "newpartner" / "cases.csv").write_text("id\n1\n")
    shutil.copyfile(extracts / RENDERERS["iom"].file, extracts / "iom" / "iom_cases_part2.csv.gz")
    dbt = small_build.copy(scratch / "scratch.duckdb", extracts_dir=str(extracts))
    dbt.run("build", "--select", "stg_extract_files", "plausibility_unexpected_extract_files")
    warnings = dict(plausibility_warnings(dbt_target(), dbt.db_path))
    assert warnings["plausibility_unexpected_extract_files"] == [
        f"File {extracts}/{name} is not the extract of any partner, so it was not read: declare it "
        "(docs/adding_a_partner.md) or move it out of the extracts folder."
        for name in ("iom/iom_cases_part2.csv.gz", "newpartner/cases.csv")]


def test_invalid_utf8_names_file_and_line(scratch, extracts):
    path = extracts / RENDERERS["liberty_shared"].file
    lines = read_lines_gz(path)
    lines[2] = lines[2].replace(b";", b";\xff", 1)
    write_lines_gz(path, lines)
    result = Dbt(scratch / "scratch.duckdb", extracts).run(
        "run", "--select", "stg_liberty_shared__cases", expect_success=False)
    message = failure_message(result)
    assert "Partner 'liberty_shared'" in message and f"{path}, line 3: invalid UTF-8" in message


def test_unreadable_header_names_file_and_line(scratch, extracts):
    path = extracts / RENDERERS["a21"].file
    lines = read_lines_gz(path)
    write_lines_gz(path, [lines[0][:6]])  # the file cut off inside its header
    result = Dbt(scratch / "scratch.duckdb", extracts).run("run", "--select", "stg_a21__cases",
                                                           expect_success=False)
    message = failure_message(result)
    assert "Partner 'a21'" in message and "a21_cases.csv.gz: unreadable header" in message
    assert "line 1" in message


def test_every_mapping_rule_passes_its_unit_test(cases_build):
    """The dbt unit tests (models/intermediate/_intermediate__unit_tests.yml), run once here
    rather than in every build (on the `cases` build itself: they write no model)."""
    result = cases_build.run("test", "--select", "test_type:unit")
    ran = [r for r in result.result if r.node.resource_type == "unit_test"]
    assert len(ran) >= 14 and {r.status for r in ran} == {"pass"}
