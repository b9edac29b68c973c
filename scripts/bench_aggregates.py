"""Benchmark: the combination_counts macro (model sensitive_combination_counts) on the 193,025
demo records for L = 2, 3, 4, side by side with a naive string-key self-join in DuckDB.
Prints each model's time as dbt reports it, the same compiled query timed in DuckDB with its
peak memory, and the naive query's time.

Usage: python scripts/bench_aggregates.py [--profile]   (builds `cases` first into a scratch
DuckDB file; --profile also prints where the compiled query spends its time, by operator)
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import dbt, measured  # noqa: E402
from ctdc_pipeline.codebook import COLUMNS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def naive_query(max_length):
    """String keys 'column:value' per record, combined by a self-join on the record id, for
    every length 1..max_length."""
    cells = " union all ".join(
        f"select rid, '{c}:' || cast({c} as varchar) as a from r where {c} is not null" for c in COLUMNS)

    def one_length(length):
        joins = " ".join(f"join cells c{i} on c{i}.rid = c1.rid and c{i}.a > c{i - 1}.a"
                         for i in range(2, length + 1))
        key = " || ';' || ".join(f"c{i}.a" for i in range(1, length + 1))
        return f"select {key} as k, count(*) as n from cells c1 {joins} group by 1"

    lengths = " union all ".join(one_length(n) for n in range(1, max_length + 1))
    return (f"with r as (select row_number() over () as rid, * from sensitive.cases), "
            f"cells as ({cells}) {lengths}")


def operator_times(con, query, top=8):
    """The query's costliest operators (CPU seconds summed over threads), from DuckDB's profile."""
    output = Path(tempfile.mkdtemp()) / "profile.json"
    con.execute(f"pragma enable_profiling = 'json'; pragma profiling_output = '{output}'")
    con.execute(query)
    con.execute("pragma disable_profiling")
    profile = json.loads(output.read_text())
    operators, todo = [], list(profile["operator"])
    while todo:
        node = todo.pop()
        name = " ".join(filter(None, [node["name"], node.get("extra_info", {}).get("CTE Name")]))
        operators.append((node["timing"], name, node["intermediate_rows"]))
        todo.extend(node.get("children", []))
    lines = [f"    {seconds:5.3f} s  {name} ({rows:,} rows)"
             for seconds, name, rows in sorted(operators, reverse=True)[:top]]
    return "\n".join([f"  CPU {profile['query']['cpu_time']:.2f} s, costliest operators:", *lines])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp())
    env = {**os.environ, "DBT_DUCKDB_PATH": str(scratch / "bench.duckdb")}
    assert dbt("build", "--select", "+cases", "--exclude", "test_type:data", "test_type:unit",
               env=env)["returncode"] == 0
    for length in (2, 3, 4):
        assert dbt("run", "--select", "sensitive_combination_counts", "--vars",
                   f"{{reporting_length: {length}}}", env=env)["returncode"] == 0
        timing = json.loads((ROOT / "target" / "run_results.json").read_text())["results"][0]
        compiled = (ROOT / "target" / "compiled" / "ctdc_release" / "models" / "marts" / "sensitive"
                    / "sensitive_combination_counts.sql").read_text()
        with duckdb.connect(env["DBT_DUCKDB_PATH"]) as con:
            with measured() as ours:
                con.execute(f"create or replace temp table bench as {compiled}")
            (n_combinations,) = con.sql("select count(*) from bench").fetchall()[0]
            with measured() as naive:
                con.execute(f"create or replace temp table naive as {naive_query(length)}")
            (n_naive,) = con.sql("select count(*) from naive").fetchall()[0]
        assert n_naive == n_combinations
        print(f"L={length}: dbt model {timing['execution_time']:5.2f} s | query {ours['seconds']:5.2f} s, "
              f"peak {ours['peak_gib']:.2f} GiB | naive string self-join {naive['seconds']:5.2f} s "
              f"({naive['seconds'] / ours['seconds']:.1f}x slower) | {n_combinations:,} combinations")
        if args.profile:
            with duckdb.connect(env["DBT_DUCKDB_PATH"]) as con:
                print(operator_times(con, f"create or replace temp table bench as {compiled}"))
