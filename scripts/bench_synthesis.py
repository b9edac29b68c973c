"""Benchmark: today's k-synthesis (row_seeded), the fitted one (the default) and pac-synth
(Microsoft's Rust synthesizer, DP aggregate-seeded, reporting length 3, epsilon 4), side by side
in one process on the 193,025 demo records at k = 10: wall time, peak memory, records, and the
issue-21 figures of each against the sensitive records (scripts/fidelity.py: per combination
length, mean preserved share, mean proportional error against the reported count, share within
20 % of the true count, reportable combinations absent, fabricated combinations; the record
total). The fitted synthesis takes the reportable aggregates, computed here as the
reportable_aggregates model computes them (not timed).

Usage: python scripts/bench_synthesis.py [--skip-pac-synth]
"""

import argparse
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import measured  # noqa: E402
from ctdc_pipeline.codebook import COLUMNS  # noqa: E402
from ctdc_pipeline.ksynth import synthesize  # noqa: E402
from fidelity import Sensitive, print_figures  # noqa: E402

RECORDS = Path(__file__).resolve().parent.parent / "data" / "ctdc_global_synthetic_2021.parquet"
K, LENGTH = 10, 3


def run_ours(table, mode, aggregates=None):
    with measured() as m:
        out = synthesize(table, k=K, seed=42, mode=mode, aggregates=aggregates)
    return m, out


def run_pac_synth(table):
    import pacsynth

    rows = [COLUMNS] + [["" if v is None else str(v) for v in r.values()] for r in table.to_pylist()]
    with measured() as m:
        dataset = pacsynth.Dataset(rows)
        builder = pacsynth.DpAggregateSeededParametersBuilder()
        parameters = builder.reporting_length(LENGTH).epsilon(4.0).build()
        synthesizer = pacsynth.DpAggregateSeededSynthesizer(parameters)
        synthesizer.fit(dataset)
        out = synthesizer.sample()
    header, body = out[0], out[1:]
    columns = {name: [row[i] or None for row in body] for i, name in enumerate(header)}
    return m, pa.table({name: pa.array(columns[name], type=pa.string()) for name in COLUMNS})


def report(label, m, out, sensitive):
    print(f"{label}: {m['seconds']:.1f} s, peak {m['peak_gib']:.2f} GiB", flush=True)
    print_figures(label, sensitive.figures(out))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-pac-synth", action="store_true")
    args = parser.parse_args()
    table = pq.read_table(RECORDS, columns=COLUMNS)
    print(f"records: {table.num_rows:,}; k = {K}, reporting length {LENGTH}", flush=True)
    sensitive = Sensitive(table, K, LENGTH)
    aggregates = sensitive.aggregates()
    synthesize(table.slice(0, 2000), k=K, seed=42, mode="fitted",  # loads the compiled loops once
               aggregates=Sensitive(table.slice(0, 2000), K, LENGTH).aggregates())
    today, today_out = run_ours(table, "row_seeded")
    report("today (row_seeded)", today, today_out, sensitive)
    fitted, fitted_out = run_ours(table, "fitted", aggregates)
    report("fitted (the default)", fitted, fitted_out, sensitive)
    if not args.skip_pac_synth:
        pac, pac_out = run_pac_synth(table)
        report("pac-synth (DP aggregate-seeded, eps=4)", pac, pac_out, sensitive)
        print(f"ratio pac-synth / fitted: {pac['seconds'] / fitted['seconds']:.1f}x")
