"""Benchmark: the growth targets, in one run, on the demo (1x) or on scaled extracts written by
scripts/make_scale_extracts.py: k-synthesis alone on the records (mode fitted, the default,
fitted to the reportable aggregates, which are computed first with the project's own models and
not timed; --modes fitted,row_seeded times both), the whole `dbt build` with every test (wall
time, peak memory of the dbt process tree, its slowest nodes), then
`sensitive_combination_counts` at reporting length 4.

Usage: python scripts/bench_scale.py                      (1x: demo extracts, shipped records)
       python scripts/bench_scale.py --extracts /tmp/scale10   (records: DIR/records.parquet)
       add --synthesis-only to skip the dbt runs, --build-only to skip synthesis alone,
       --dp: only the whole build, in privacy model differential_privacy;
       --no-build to count on the records themselves (loaded as `cases` into a fresh database:
       for records written by make_scale_extracts.py --records-only, which has no extracts);
       --counts-runs N runs the counts N times and prints each time and the median (default: 5
       on the demo, where one run is short enough to be at the mercy of a noisy machine; 1 on
       scaled extracts)
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ROOT, dbt, measured  # noqa: E402
from ctdc_pipeline.aggregate_keys import aggregates_from_rows  # noqa: E402
from ctdc_pipeline.codebook import COLUMNS, read_seed  # noqa: E402
from ctdc_pipeline.ksynth import synthesize  # noqa: E402

NODES = ("synthetic_cases", "records_have_support", "sensitive_combination_counts", "evaluation_risk")


def records_as_cases(records, database):
    """A fresh database whose `cases` holds the records, typed as the codebook says."""
    types = {row["variable"]: row["data_type"] for row in read_seed("codebook_variables")}
    columns = ", ".join(f'cast("{c}" as {types[c]}) as "{c}"' for c in COLUMNS)
    with duckdb.connect(str(database)) as con:
        con.execute("create schema sensitive")
        con.execute(f"create table sensitive.cases as select {columns} from read_parquet('{records}')")


def reportable_aggregates(records):
    """The reportable aggregates of the records (k = 10, reporting length 3), built by the
    project's own models in a fresh database."""
    database = Path(tempfile.mkdtemp()) / "aggregates.duckdb"
    records_as_cases(records, database)
    built = dbt("run", "--select", "sensitive_combination_counts", "reportable_aggregates",
                env={**os.environ, "DBT_DUCKDB_PATH": str(database)})
    if built["returncode"]:
        sys.exit("could not build the reportable aggregates")
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute("select combination_key, reported_count from published.reportable_aggregates")
        rows = rows.fetchall()
    database.unlink()
    return aggregates_from_rows(rows)


def reportable_aggregates_of(table, k=10):
    """The single values' reportable counts of a small table (enough to warm up the fit)."""
    counts = {}
    for row in table.to_pylist():
        for column, value in row.items():
            if value is not None:
                counts[(column, str(value))] = counts.get((column, str(value)), 0) + 1
    return [([], table.num_rows // k * k)] + [([pair], n // k * k) for pair, n in counts.items() if n >= k]


def node_times():
    results = json.loads((ROOT / "target" / "run_results.json").read_text())["results"]
    return sorted(((r["unique_id"].split(".")[2], r["execution_time"]) for r in results),
                  key=lambda pair: -pair[1])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extracts", type=Path, default=None)
    parser.add_argument("--synthesis-only", action="store_true")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--counts-runs", type=int, default=None)
    parser.add_argument("--modes", default="fitted", help="synthesis modes to time alone, comma-separated")
    parser.add_argument("--dp", action="store_true",
                        help="only the whole build, in privacy model differential_privacy")
    args = parser.parse_args()
    args.build_only |= args.dp
    records = (args.extracts / "records.parquet" if args.extracts
               else ROOT / "data" / "ctdc_global_synthetic_2021.parquet")
    if not args.build_only:
        aggregates = reportable_aggregates(records)
        table = pq.read_table(records, columns=COLUMNS)
        print(f"records: {table.num_rows:,} ({records}); {len(aggregates):,} reportable aggregates",
              flush=True)
        sample = table.slice(0, 1000)  # loads the compiled inner loops once
        synthesize(sample, k=10, seed=42, mode="fitted", aggregates=reportable_aggregates_of(sample))
        for mode in args.modes.split(","):
            given = aggregates if mode == "fitted" else None
            with measured() as m:
                out = synthesize(table, k=10, seed=42, mode=mode, aggregates=given,
                                 progress=lambda line: print(line, flush=True))
            print(f"k-synthesis alone ({mode}): {m['seconds']:.1f} s, peak {m['peak_gib']:.2f} GiB, "
                  f"{out.num_rows:,} records", flush=True)
            del out
        del table, aggregates
    if args.synthesis_only:
        sys.exit(0)
    database = Path(tempfile.mkdtemp()) / "scale.duckdb"
    env = {**os.environ, "DBT_DUCKDB_PATH": str(database)}
    extracts = str(args.extracts or ROOT / "demo" / "extracts")
    if args.no_build:
        records_as_cases(records, database)
    else:
        model = {"privacy_model": "differential_privacy"} if args.dp else {}
        build = dbt("build", "--vars", json.dumps({"extracts_dir": extracts, **model}), env=env, quiet=False)
        times = node_times()
        print(f"dbt build (every model and test): {build['seconds']:.1f} s, peak {build['peak_gib']:.2f} GiB "
              f"(process tree), exit {build['returncode']}")
        print("  " + "; ".join(f"{name} {t:.1f} s" for name, t in times
                               if name.split("_synthetic")[0] in NODES or name in NODES
                               or name.startswith("records_have_support")))
        print("  slowest: " + "; ".join(f"{name} {t:.1f} s" for name, t in times[:6]))
    if args.dp:
        sys.exit(0)
    node_seconds, peaks, codes = [], [], []
    for _ in range(args.counts_runs or (1 if args.extracts else 5)):
        counts = dbt("run", "--select", "sensitive_combination_counts", "--vars",
                     json.dumps({"extracts_dir": extracts, "reporting_length": 4}), env=env)
        node_seconds.append(node_times()[0][1])
        peaks.append(counts["peak_gib"])
        codes.append(counts["returncode"])
    runs = ", ".join(f"{seconds:.2f}" for seconds in node_seconds)
    print(f"sensitive_combination_counts at L=4: {statistics.median(node_seconds):.2f} s "
          f"(dbt node, median of {runs}), peak {max(peaks):.2f} GiB, exit {max(codes)}")
