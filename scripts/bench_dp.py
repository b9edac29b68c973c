"""Benchmark: the DP release (ctdc_pipeline.dp) beside pac-synth (Microsoft's DP aggregate-seeded
synthesizer) at the same epsilon, delta and reporting length, in one run on the demo records,
averaged over noise draws. Prints, per combination length, the DP aggregates' mean absolute
error against the true counts of the reportable combinations (true count >= 10; a combination
not published counts 0) for ours (after consistency) and pac-synth's; our synthetic records'
preserved share, error and fabricated combinations; the record totals; run times and the
machine's load. Uses true counts: the steward's, never published.

Usage: python scripts/bench_dp.py [--draws 3] [--epsilon 4] [--delta 1e-7] [--reporting-length 3]
                                  [--pac-synth-draws 3] [--pac-synth-sample] [--records PATH] [--ceiling]
"""

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import measured  # noqa: E402
from ctdc_pipeline.codebook import COLUMNS, read_records  # noqa: E402
from ctdc_pipeline.dp import Aggregates, Domain, Parameters, release, synthesize  # noqa: E402
from ctdc_pipeline.dp.combinations import key_bits, pack  # noqa: E402
from ctdc_pipeline.dp.evaluation import Truth, evaluate_records  # noqa: E402
from ctdc_pipeline.paths import RELEASE_2021  # noqa: E402

TARGETS = {"mae_ratio": 0.5, "preserved": (0.90, 0.75, 0.62), "fabricated_pairs": 500, "total": 0.03,
           "synthesis_seconds": 30}


def records_table(path=RELEASE_2021):
    """Records in the codebook's layout (the demo's by default), read as records (dicts) and
    back into an Arrow table of text columns."""
    rows = read_records(path)
    return pa.Table.from_pylist([{c: None if r[c] is None else str(r[c]) for c in COLUMNS} for r in rows],
                                schema=pa.schema([(c, pa.string()) for c in COLUMNS]))


def run_ours(table, parameters, seed):
    with measured() as aggregation:
        result = release(table, parameters)
    with measured() as synthesis:
        records = synthesize(result.aggregates, result.domain, seed=seed,
                             target_records=result.aggregates.total)
    return result, records, aggregation, synthesis


def pac_synth_aggregates(table, epsilon, delta, length, sample, domain, bits):
    """pac-synth's DP aggregates (get_dp_aggregates after fit) per length as sorted keys and counts,
    its DP record total and, if asked, its synthetic records."""
    import pacsynth

    rows = [COLUMNS] + [["" if v is None else v for v in r.values()] for r in table.to_pylist()]
    with measured() as fit:
        dataset = pacsynth.Dataset(rows)
        parameters = (pacsynth.DpAggregateSeededParametersBuilder().reporting_length(length)
                      .epsilon(float(epsilon)).delta(float(delta)).build())
        synthesizer = pacsynth.DpAggregateSeededSynthesizer(parameters)
        synthesizer.fit(dataset)
    per_length = [([], []) for _ in range(length)]
    for key, count in synthesizer.get_dp_aggregates(";").items():
        ids = sorted(domain.ids[tuple(label.split(":", 1))] for label in key.split(";"))
        per_length[len(ids) - 1][0].append(ids)
        per_length[len(ids) - 1][1].append(count)
    aggregates = []
    for n, (ids, counts) in enumerate(per_length, start=1):
        keys = pack(np.array(ids, dtype=np.int64).reshape(-1, n), bits)
        order = np.argsort(keys)
        aggregates.append((keys[order], np.array(counts, dtype=np.int64)[order]))
    records, sampled = None, None
    if sample:
        with measured() as sampled:
            out = synthesizer.sample()
        records = pa.table({c: pa.array([row[i] or None for row in out[1:]], pa.string())
                            for i, c in enumerate(out[0])}).select(COLUMNS)
    return aggregates, synthesizer.get_dp_number_of_records(), records, fit, sampled


def mean_of(runs, key):
    """Per length, the mean over runs of one figure."""
    return [float(np.mean([run[length][key] for run in runs])) for length in range(len(runs[0]))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=3)
    parser.add_argument("--epsilon", type=float, default=4.0)
    parser.add_argument("--delta", type=float, default=1e-7)
    parser.add_argument("--reporting-length", type=int, default=3)
    parser.add_argument("--pac-synth-draws", type=int, default=3)
    parser.add_argument("--records", default=str(RELEASE_2021),
                        help="a Parquet file of records in the codebook's layout (such as the "
                             "records.parquet of make_scale_extracts.py)")
    parser.add_argument("--ceiling", action="store_true",
                        help="also synthesize from the true counts of every combination held by at least 10 "
                             "records: what the synthesis reaches without noise")
    parser.add_argument("--pac-synth-sample", action="store_true",
                        help="also sample pac-synth's records once (about 8 to 20 minutes here)")
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    started = time.perf_counter()
    table = records_table(args.records)
    domain = Domain.from_codebook()
    bits = key_bits(domain.size, args.reporting_length)
    truth = Truth(domain.encode(table), args.reporting_length, bits)
    print(f"records: {table.num_rows:,}; epsilon {args.epsilon}, delta {args.delta:g}, "
          f"L = {args.reporting_length}, {args.draws} noise draws")
    parameters = Parameters(epsilon=args.epsilon, delta=args.delta, reporting_length=args.reporting_length)

    ours_aggregates, ours_records, totals, times = [], [], [], []
    for draw in range(args.draws):
        result, records, aggregation, synthesis = run_ours(table, parameters, seed=draw)
        ours_aggregates.append(truth.evaluate(result.aggregates.lengths))
        figures, n_records = evaluate_records(truth, records, domain, bits)
        ours_records.append(figures)
        totals.append((result.aggregates.total, n_records))
        times.append((aggregation["seconds"], synthesis["seconds"], max(aggregation["peak_gib"],
                                                                        synthesis["peak_gib"])))
        bounds = ", ".join(f"L{x.length}: bound {x.bound}, noise sd {x.noise_sd:.1f}"
                           for x in result.measurements.lengths)
        print(f"  ours draw {draw + 1}: aggregates {aggregation['seconds']:.1f} s, synthesis "
              f"{synthesis['seconds']:.1f} s; DP total {result.aggregates.total:,}, synthetic records "
              f"{n_records:,}; {bounds}")

    pac_aggregates, pac_records, pac_totals, pac_fits, pac_sampled = [], [], [], [], None
    for draw in range(args.pac_synth_draws):
        sample = args.pac_synth_sample and draw == 0
        aggregates, dp_total, records, fit, sampled = pac_synth_aggregates(
            table, args.epsilon, args.delta, args.reporting_length, sample, domain, bits)
        pac_aggregates.append(truth.evaluate(aggregates))
        pac_totals.append(dp_total)
        pac_fits.append(fit["seconds"])
        if records is not None:
            pac_records.append(evaluate_records(truth, records, domain, bits)[0])
            pac_sampled = (sampled["seconds"], records.num_rows)
        sampled_text = f", sample {sampled['seconds']:.1f} s, {records.num_rows:,} records" if records else ""
        print(f"  pac-synth draw {draw + 1}: fit (DP aggregates) {fit['seconds']:.1f} s, "
              f"DP total {dp_total:,}{sampled_text}")

    true_total = truth.n_records
    if args.ceiling:
        exact = Aggregates(bits, true_total, [(keys[n >= 10], n[n >= 10]) for keys, n in truth.lengths])
        with measured() as ceiling:
            records = synthesize(exact, domain, seed=0, target_records=true_total)
        figures, n_records = evaluate_records(truth, records, domain, bits)
        print(f"\nceiling: synthesis from the true counts >= 10: {n_records:,} records "
              f"({n_records / true_total - 1:+.2%}), preserved "
              + " / ".join(f"{f['mean_preserved_share']:.1%}" for f in figures)
              + ", MAE " + " / ".join(f"{f['mean_absolute_error']:.1f}" for f in figures)
              + f", {ceiling['seconds']:.1f} s")
    print("\nDP aggregates: mean absolute error over reportable combinations (mean of the draws)")
    ours_mae = mean_of(ours_aggregates, "mean_absolute_error")
    print(f"{'length':>6} {'reportable':>10} {'ours':>8} {'pac-synth':>10} {'ratio':>6}  "
          f"{'ours pres.':>10} {'pac pres.':>9} {'ours fab.':>9} {'pac fab.':>8}")
    missing = [float("nan")] * len(ours_mae)
    pac_mae = mean_of(pac_aggregates, "mean_absolute_error") if pac_aggregates else missing
    ours_pres = mean_of(ours_aggregates, "mean_preserved_share")
    pac_pres = mean_of(pac_aggregates, "mean_preserved_share") if pac_aggregates else missing
    ours_fab = mean_of(ours_aggregates, "fabricated")
    pac_fab = mean_of(pac_aggregates, "fabricated") if pac_aggregates else missing
    for i in range(len(ours_mae)):
        print(f"{i + 1:>6} {ours_aggregates[0][i]['reportable']:>10,} {ours_mae[i]:>8.1f} "
              f"{pac_mae[i]:>10.1f} "
              f"{ours_mae[i] / pac_mae[i]:>6.2f}  {ours_pres[i]:>10.1%} {pac_pres[i]:>9.1%} "
              f"{ours_fab[i]:>9.0f} {pac_fab[i]:>8.0f}")

    print("\nSynthetic records (mean of the draws): per length")
    print(f"{'length':>6} {'preserved':>9} {'target':>6} {'MAE':>7} {'fabricated':>10} {'suppressed':>10}"
          + ("   pac-synth: preserved, MAE, fabricated" if pac_records else ""))
    pres, mae = mean_of(ours_records, "mean_preserved_share"), mean_of(ours_records, "mean_absolute_error")
    fab, sup = mean_of(ours_records, "fabricated"), mean_of(ours_records, "suppressed")
    for i in range(len(pres)):
        target = TARGETS["preserved"][i] if i < 3 else float("nan")
        theirs = pac_records[0][i] if pac_records else None
        pac = (f"   {theirs['mean_preserved_share']:.1%}, {theirs['mean_absolute_error']:.1f}, "
               f"{theirs['fabricated']:,}") if theirs else ""
        print(f"{i + 1:>6} {pres[i]:>9.1%} {target:>6.0%} {mae[i]:>7.1f} {fab[i]:>10.0f} "
              f"{sup[i]:>10.0f}{pac}")
    dp_total, n_synthetic = np.mean([t[0] for t in totals]), np.mean([t[1] for t in totals])
    print(f"\nrecord total: true {true_total:,}; DP total (ours) {dp_total:,.0f} "
          f"({dp_total / true_total - 1:+.2%}); synthetic records {n_synthetic:,.0f} "
          f"({n_synthetic / true_total - 1:+.2%} vs true, {n_synthetic / dp_total - 1:+.2%} vs the DP total; "
          f"target within 3 %)")
    if pac_totals:
        print(f"pac-synth DP total {np.mean(pac_totals):,.0f}"
              + (f"; its synthetic records {pac_sampled[1]:,}" if pac_sampled else ""))
    aggregation, synthesis, peak = (np.mean([t[i] for t in times]) for i in range(3))
    print(f"\ntimes (mean of the draws): ours aggregates {aggregation:.1f} s + synthesis {synthesis:.1f} s "
          f"= {aggregation + synthesis:.1f} s (target 30 s), peak {peak:.2f} GiB"
          + (f"; pac-synth fit {np.mean(pac_fits):.1f} s" if pac_fits else "")
          + (f", sample {pac_sampled[0]:.1f} s" if pac_sampled else ""))
    print(f"whole run {time.perf_counter() - started:.0f} s; load average at end: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
