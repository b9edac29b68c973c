"""Diagnosis: where the DP aggregates' error over the reportable combinations comes from, on the
demo records (the steward's; true counts, never published). For one noise draw, per length:
the mean absolute error (a combination not published counts 0) split by what the mechanism did
with the combination (never a candidate, measured but not kept, published) and by its true
size; the published combinations that fewer than 10 records hold (fabricated), and how many of
them no record holds; then what triples would cost if they were not measured but inferred from exact pairs
(Kirkwood's superposition n_ab n_ac n_bc N / (n_a n_b n_c), from the true counts): the error a
mechanism that spends no budget on triples cannot beat.

Usage: python scripts/diagnose_dp.py [--epsilon 4]
"""

import argparse
import sys
from itertools import combinations
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_dp import records_table  # noqa: E402

from ctdc_pipeline.dp import Domain, Parameters, release  # noqa: E402
from ctdc_pipeline.dp.combinations import key_bits, lookup, pack, unpack  # noqa: E402
from ctdc_pipeline.dp.evaluation import Truth  # noqa: E402

SIZES = ((10, 20), (20, 50), (50, 100), (100, 500), (500, None))


def counts_at(keys, counts, wanted):
    """counts of `wanted` keys among sorted `keys`, 0 where absent."""
    at = lookup(keys, wanted)
    return np.where(at >= 0, counts[np.maximum(at, 0)], 0).astype(np.float64)


def error_sources(truth, result):
    for length, level in enumerate(result.measurements.lengths, start=1):
        keys, n = truth.lengths[length - 1]
        reportable = n >= 10
        keys, n = keys[reportable], n[reportable]
        error = np.abs(counts_at(*result.aggregates.lengths[length - 1], keys) - n)
        at = lookup(level.candidates, keys)
        candidate = at >= 0
        kept = candidate & level.kept[np.maximum(at, 0)]
        print(f"\nlength {length}: {len(n):,} reportable, MAE {error.mean():.1f}, "
              f"noise sd of a count of weight 1: {level.noise_sd:.1f}")
        for name, part in (("never a candidate", ~candidate), ("measured, not kept", candidate & ~kept),
                           ("published", kept)):
            print(f"  {name:<20} {part.sum():>7,} combinations, {error[part].sum() / error.sum():>4.0%} "
                  f"of the error, mean error {error[part].mean() if part.any() else 0:>5.1f}")
        for low, high in SIZES:
            part = (n >= low) & (n < (high or np.inf))
            share = error[part].sum() / error.sum()
            print(f"  true count {low}-{high or ''}".ljust(23) + f"{part.sum():>7,} combinations, "
                  f"{share:>4.0%} of the error, mean error {error[part].mean():>5.1f}")
        published = result.aggregates.lengths[length - 1][0]
        held = counts_at(*truth.lengths[length - 1], published)
        print(f"  published but held by fewer than 10 records: {(held < 10).sum():,}, "
              f"by none: {(held == 0).sum():,}")


def inferred_triples(truth, bits):
    """MAE over the reportable triples of Kirkwood's superposition from the exact pairs."""
    (k1, n1), (k2, n2), (k3, n3) = truth.lengths[:3]
    reportable = n3 >= 10
    ids = unpack(k3[reportable], 3, bits)
    log = np.log(truth.n_records) + sum(np.log(counts_at(k2, n2, pack(ids[:, list(pair)], bits)))
                                        for pair in combinations(range(3), 2))
    log -= sum(np.log(counts_at(k1, n1, ids[:, i])) for i in range(3))
    return np.abs(np.exp(log) - n3[reportable]).mean()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epsilon", type=float, default=4.0)
    args = parser.parse_args()
    table = records_table()
    domain = Domain.from_codebook()
    bits = key_bits(domain.size, 3)
    truth = Truth(domain.encode(table), 3, bits)
    error_sources(truth, release(table, Parameters(epsilon=args.epsilon)))
    print("\ntriples inferred from the exact pairs (Kirkwood), not measured: "
          f"MAE {inferred_triples(truth, bits):.1f}")


if __name__ == "__main__":
    main()
