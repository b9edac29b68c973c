"""Benchmark: our k-synthesis (k = 10) against pac-synth (Microsoft's Rust synthesizer, DP
aggregate-seeded, reporting length 3, epsilon 4), side by side in one process on the 193,025
demo records. Prints wall times, their ratio and each run's peak memory.

Usage: python scripts/bench_synthesis.py [--skip-pac-synth]
"""

import argparse
import sys
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import measured  # noqa: E402
from ctdc_pipeline.codebook import COLUMNS  # noqa: E402
from ctdc_pipeline.ksynth import synthesize  # noqa: E402

RECORDS = Path(__file__).resolve().parent.parent / "data" / "ctdc_global_synthetic_2021.parquet"


def run_ours(table):
    with measured() as m:
        out = synthesize(table, k=10, seed=42)
    return m, out.num_rows


def run_pac_synth(table):
    import pacsynth

    rows = [COLUMNS] + [["" if v is None else str(v) for v in r.values()] for r in table.to_pylist()]
    with measured() as m:
        dataset = pacsynth.Dataset(rows)
        parameters = pacsynth.DpAggregateSeededParametersBuilder().reporting_length(3).epsilon(4.0).build()
        synthesizer = pacsynth.DpAggregateSeededSynthesizer(parameters)
        synthesizer.fit(dataset)
        out = synthesizer.sample()
    return m, len(out) - 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-pac-synth", action="store_true")
    args = parser.parse_args()
    table = pq.read_table(RECORDS, columns=COLUMNS)
    print(f"records: {table.num_rows:,}")
    ours, n_ours = run_ours(table)
    print(f"ours (k-synthetic, k=10):      {ours['seconds']:7.1f} s  peak {ours['peak_gib']:.2f} GiB  "
          f"{n_ours:,} records")
    if not args.skip_pac_synth:
        pac, n_pac = run_pac_synth(table)
        print(f"pac-synth (DP agg-seeded, e=4): {pac['seconds']:7.1f} s  peak {pac['peak_gib']:.2f} GiB  "
              f"{n_pac:,} records")
        print(f"ratio pac-synth / ours: {pac['seconds'] / ours['seconds']:.1f}x")
