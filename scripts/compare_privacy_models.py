"""The steward's comparison of privacy models on the demo records (or a built DuckDB's cases):
k-synthetic at k = 5, 10, 20 and DP at epsilon = 1, 2, 4, 8, written as one offline HTML page.
It uses true counts: keep it with the sensitive data, never in a release.

Usage: python scripts/compare_privacy_models.py [--out target/privacy_models.html]
           [--duckdb ctdc_release.duckdb] [--ks 5 10 20] [--epsilons 1 2 4 8]
"""

import argparse
import os
import sys
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ctdc_pipeline.codebook import COLUMNS, read_records  # noqa: E402
from ctdc_pipeline.dp.comparison import render, run_all  # noqa: E402
from ctdc_pipeline.paths import PROJECT, RELEASE_2021  # noqa: E402

TEXT = pa.schema([(c, pa.string()) for c in COLUMNS])


def demo_records():
    rows = read_records(RELEASE_2021)
    return pa.Table.from_pylist([{c: None if r[c] is None else str(r[c]) for c in COLUMNS} for r in rows],
                                schema=TEXT)


def built_cases(path):
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        columns = ", ".join(f'cast("{c}" as varchar) as "{c}"' for c in COLUMNS)
        return con.sql(f"select {columns} from sensitive.cases").to_arrow_table().cast(TEXT)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(PROJECT / "target" / "privacy_models.html"))
    parser.add_argument("--duckdb", help="read sensitive.cases of this built DuckDB file, not the demo data")
    parser.add_argument("--ks", type=int, nargs="+", default=[5, 10, 20])
    parser.add_argument("--epsilons", type=float, nargs="+", default=[1, 2, 4, 8])
    args = parser.parse_args()
    table = built_cases(args.duckdb) if args.duckdb else demo_records()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    n_records, runs = run_all(table, tuple(args.ks), tuple(args.epsilons))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(n_records, runs, note=f"Machine load average when the run started: {load}."),
                   encoding="utf-8")
    print(f"wrote {out}")
