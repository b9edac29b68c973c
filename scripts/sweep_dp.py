"""Sweep: the DP aggregates' accuracy on the demo records for other mechanism parameters (the
steward's tuning; true counts, never published). For each setting, the mean over noise draws of
the aggregates' preserved share, MAE and fabricated combinations per length (as bench_dp.py
computes them), beside the defaults; with --records, also the synthetic records' preserved
share, fabricated pairs and record count against the true total.

Usage: python scripts/sweep_dp.py [--draws 3] [--epsilon 4] [--records] NAME=VALUE[;NAME=VALUE...] ...
       e.g. "percentile=(0.95,0.95,0.9)" "length_shares=(1,3,2);estimate_quantile=(0.8,0.7,0.6)"
"""

import argparse
import ast
import dataclasses
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_dp import records_table  # noqa: E402

from ctdc_pipeline.dp import Domain, Parameters, release, synthesize  # noqa: E402
from ctdc_pipeline.dp.combinations import key_bits  # noqa: E402
from ctdc_pipeline.dp.evaluation import Truth, evaluate_records  # noqa: E402


def setting(text):
    """'name=value;name=value' -> {name: value} (values as Python literals)."""
    pairs = [part.split("=", 1) for part in text.split(";") if part]
    return {name.strip(): ast.literal_eval(value.strip()) for name, value in pairs}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=3)
    parser.add_argument("--epsilon", type=float, default=4.0)
    parser.add_argument("--records", action="store_true", help="also synthesize and evaluate the records")
    parser.add_argument("settings", nargs="*", type=setting)
    args = parser.parse_args()
    table = records_table()
    domain = Domain.from_codebook()
    base = Parameters(epsilon=args.epsilon)
    bits = key_bits(domain.size, base.reporting_length)
    truth = Truth(domain.encode(table), base.reporting_length, bits)
    print(f"{'setting':<60} {'preserved L1/L2/L3':>22} {'MAE L1/L2/L3':>20} "
          f"{'fabricated L1/L2/L3':>19} {'s':>5}")
    for changes in [{}, *args.settings]:
        parameters = dataclasses.replace(base, **changes)
        started, runs, synthetic = time.perf_counter(), [], []
        for draw in range(args.draws):
            aggregates = release(table, parameters, domain).aggregates
            runs.append(truth.evaluate(aggregates.lengths))
            if args.records:
                records = synthesize(aggregates, domain, seed=draw, target_records=aggregates.total)
                synthetic.append(evaluate_records(truth, records, domain, bits))
        figure = {key: [np.mean([run[i][key] for run in runs]) for i in range(3)]
                  for key in ("mean_preserved_share", "mean_absolute_error", "fabricated")}
        label = ";".join(f"{k}={v}" for k, v in changes.items()) or "defaults"
        print(f"{label:<60} {' / '.join(f'{x:.1%}' for x in figure['mean_preserved_share']):>22} "
              f"{' / '.join(f'{x:.1f}' for x in figure['mean_absolute_error']):>20} "
              f"{' / '.join(f'{x:.0f}' for x in figure['fabricated']):>19} "
              f"{(time.perf_counter() - started) / args.draws:>5.1f}", flush=True)
        if synthetic:
            preserved = [np.mean([run[i]["mean_preserved_share"] for run, _ in synthetic]) for i in range(3)]
            pairs = np.mean([run[1]["fabricated"] for run, _ in synthetic])
            excess = np.mean([n for _, n in synthetic]) / truth.n_records - 1
            print(f"{'  synthetic records':<60} {' / '.join(f'{x:.1%}' for x in preserved):>22} "
                  f"{'':>20} {pairs:>8.0f} pairs, {excess:+.1%} records vs true", flush=True)


if __name__ == "__main__":
    main()
