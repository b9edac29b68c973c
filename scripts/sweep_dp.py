"""Sweep: the DP aggregates' accuracy on the demo records for other mechanism parameters (the
steward's tuning; true counts, never published). For each setting, the mean over noise draws of
the aggregates' preserved share, MAE and fabricated combinations per length (as bench_dp.py
computes them), beside the defaults.

Usage: python scripts/sweep_dp.py [--draws 3] [--epsilon 4] NAME=VALUE[;NAME=VALUE...] ...
       e.g. "percentile=0.95" "length_shares=(1,3,2);estimate_quantile=(0.8,0.7,0.6)"
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

from ctdc_pipeline.dp import Domain, Parameters, release  # noqa: E402
from ctdc_pipeline.dp.combinations import key_bits  # noqa: E402
from ctdc_pipeline.dp.evaluation import Truth  # noqa: E402


def setting(text):
    """'name=value;name=value' -> {name: value} (values as Python literals)."""
    pairs = [part.split("=", 1) for part in text.split(";") if part]
    return {name.strip(): ast.literal_eval(value.strip()) for name, value in pairs}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=3)
    parser.add_argument("--epsilon", type=float, default=4.0)
    parser.add_argument("settings", nargs="*", type=setting)
    args = parser.parse_args()
    table = records_table()
    domain = Domain.from_codebook()
    base = Parameters(epsilon=args.epsilon)
    truth = Truth(domain.encode(table), base.reporting_length, key_bits(domain.size, base.reporting_length))
    print(f"{'setting':<60} {'preserved L1/L2/L3':>22} {'MAE L1/L2/L3':>20} "
          f"{'fabricated L2/L3':>17} {'s':>5}")
    for changes in [{}, *args.settings]:
        parameters = dataclasses.replace(base, **changes)
        started, runs = time.perf_counter(), []
        for _ in range(args.draws):
            runs.append(truth.evaluate(release(table, parameters, domain).aggregates.lengths))
        figure = {key: [np.mean([run[i][key] for run in runs]) for i in range(3)]
                  for key in ("mean_preserved_share", "mean_absolute_error", "fabricated")}
        label = ";".join(f"{k}={v}" for k, v in changes.items()) or "defaults"
        print(f"{label:<60} {' / '.join(f'{x:.1%}' for x in figure['mean_preserved_share']):>22} "
              f"{' / '.join(f'{x:.1f}' for x in figure['mean_absolute_error']):>20} "
              f"{' / '.join(f'{x:.0f}' for x in figure['fabricated'][1:]):>17} "
              f"{(time.perf_counter() - started) / args.draws:>5.1f}", flush=True)


if __name__ == "__main__":
    main()
