"""The build history (`sensitive.build_history`, created by dbt's on-run-start hook): an
append-only log, one row per partner for every build of a release, written here once the
build's outcome is known. Rows are only ever inserted. A build's parameters are its vars and
its release_parameters, and for a DP build the fingerprint of its noise (the budget it spent is
counted once per fingerprint)."""

import uuid
from datetime import UTC, datetime

import duckdb

TABLE = "sensitive.build_history"
STATUSES = ("published", "refused", "failed")


def new_build_id():
    return uuid.uuid4().hex


def has_table(con, database, table=TABLE):
    schema, name = table.split(".")
    return bool(con.execute(
        "select count(*) from duckdb_tables() where database_name = ? and schema_name = ? and table_name = ?",
        [database, schema, name]).fetchall()[0][0])


def copy_history(from_db, to_db):
    """Start `to_db` (a new, empty file) with the build history of `from_db`, if it has one."""
    if not from_db.exists():
        return
    with duckdb.connect(str(to_db)) as con:
        con.execute(f"attach '{from_db}' as history_source (read_only)")
        if has_table(con, "history_source"):
            con.execute("create schema if not exists sensitive")
            con.execute(f"create table {TABLE} as select * from history_source.{TABLE}")
        con.execute("detach history_source")


MEASUREMENTS = "sensitive.dp_measurements"


def noise_fingerprint(con, database):
    """An MD5 of a DP build's measurements (every noisy count, in order), or None without them:
    a rebuild replayed from the noise journal has the same one, and spends no new budget."""
    if not has_table(con, database, MEASUREMENTS):
        return None
    return con.execute(
        "select md5(string_agg(concat_ws('|', combination_length, candidate_key, noisy_count), ',' "
        f"order by combination_length, candidate_key)) from {database}.{MEASUREMENTS}").fetchall()[0][0]


def log_build(log_db, build_db, build_id, release_id, status, detail=None, parameters=None):
    """Append the rows of one build to `log_db`'s history: one per partner from `build_db`'s
    `sensitive.partner_figures`, or a single row without partner when the build did not get as
    far. `parameters` ({name: value}) default to `build_db`'s published release_parameters."""
    assert status in STATUSES, status
    with duckdb.connect(str(log_db)) as con:
        database = con.execute("select current_database()").fetchall()[0][0]
        if log_db != build_db:
            con.execute(f"attach '{build_db}' as build_source (read_only)")
            database = "build_source"
        if not has_table(con, database):
            return False  # the build stopped before dbt created its history table
        if log_db != build_db:
            con.execute(f"create schema if not exists sensitive; create table if not exists {TABLE} "
                        f"as select * from build_source.{TABLE} limit 0")
        if has_table(con, database, "published.release_parameters"):
            relation = con.sql(f"select * from {database}.published.release_parameters")
            parameters = {**dict(zip(relation.columns, relation.fetchall()[0], strict=True)),
                          **(parameters or {})}
        fingerprint = noise_fingerprint(con, database)
        if fingerprint:
            parameters = {**(parameters or {}), "dp_noise_fingerprint": fingerprint}
        parameters = {name: None if value is None else str(value)
                      for name, value in (parameters or {}).items()}
        figures = (f"select partner, raw_rows, harmonized_rows, rejected_rows, missing_shares "
                   f"from {database}.sensitive.partner_figures"
                   if has_table(con, database, "sensitive.partner_figures") else
                   "select null as partner, null as raw_rows, null as harmonized_rows, "
                   "null as rejected_rows, null as missing_shares")
        con.execute(
            f"insert into {TABLE} by name "
            "select ? as build_id, ? as release_id, ? as status, ? as built_at, ? as detail, "
            f"map(?::varchar[], ?::varchar[]) as parameters, figures.* from ({figures}) as figures",
            [build_id, release_id, status, datetime.now(UTC).replace(tzinfo=None), detail,
             list(parameters), list(parameters.values())])
        con.execute("checkpoint")
    return True
