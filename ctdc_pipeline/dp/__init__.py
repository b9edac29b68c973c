"""Differential privacy for the release (privacy model `differential_privacy`): DP aggregates
of every attribute combination of length 1..L and a DP record total, made consistent, and
synthetic records built from those aggregates alone.

One module a step:

- `domain`: the public attribute domain (the codebook's), records encoded over it;
- `combinations`: combinations as integer keys; candidates of the next length;
- `budget`: (epsilon, delta) -> a zCDP budget rho and its split (OpenDP's conversion);
- `noise`: every random draw, through OpenDP; the secret noise journal for rebuilds;
- `mechanism`: the DP measurements (contribution bounds, noisy counts, what is kept);
- `estimate`: empirical-Bayes estimates of the counts from the noisy ones;
- `consistency`: whole, non-negative counts, no combination above its sub-combinations;
- `synthesis`: synthetic records from the published aggregates only;
- `evaluation`: the steward's comparison with the true counts (never published).

The interface the dbt models call: `release` (sensitive records -> DPRelease: the mechanism's
output as a table, `Measurements.to_table`, the published aggregates and parameters);
`Measurements.from_table` + `make_consistent` (the mechanism's output -> aggregates, for a
post-processing model that reads only the mechanism's model); `synthesize_from_table`
(published aggregates -> records)."""

from dataclasses import dataclass

import pyarrow as pa

from .consistency import Aggregates, make_consistent
from .domain import Domain
from .mechanism import Measurements, Parameters, measure
from .noise import Noise, NoiseJournal
from .synthesis import synthesize


@dataclass
class DPRelease:
    """What the mechanism's output yields: the consistent aggregates and the measurements."""

    domain: Domain
    measurements: Measurements
    aggregates: Aggregates

    def aggregates_table(self):
        """combination_key, combination_length, dp_count, noise_sd; the record total as length 0."""
        return self.aggregates.to_table(self.domain)

    def parameters_table(self):
        """The privacy parameters and the noise of each published figure (all public): one row
        per part of the budget (record total, then each length)."""
        m, b = self.measurements, self.measurements.budget
        weights = "; ".join(f"{prefix}*={weight:g}" for prefix, weight in m.parameters.column_weights) or None
        reference, exponent, floor = m.parameters.size_weights
        sizes = f"(n / {reference:g}) ^ -{exponent:g}, from 1 down to {floor:g}" if exponent > 0 else None
        rows = [("record_total", 0, b.total, m.total_sd, 1, None, None, None)]
        rows += [(f"length_{x.length}", x.length, b.lengths[x.length - 1], x.noise_sd, x.bound,
                  b.percentiles[x.length - 1], *((weights, sizes) if x.length > 1 else (None, None)))
                 for x in m.lengths]
        names = ["measurement", "combination_length", "rho", "noise_sd", "contribution_bound", "bound_rho",
                 "column_weights", "size_weights"]
        # text even when every combination weighs 1
        types = {"column_weights": pa.string(), "size_weights": pa.string()}
        table = pa.table({name: pa.array([r[i] for r in rows], types.get(name))
                          for i, name in enumerate(names)})
        return table.append_column("epsilon", pa.array([b.epsilon] * len(rows))).append_column(
            "delta", pa.array([b.delta] * len(rows)))


def release(records, parameters=None, domain=None, noise_journal=None):
    """records: an Arrow table of the sensitive records (the codebook's columns). domain: the
    public attribute domain (default: the codebook's, registration years 2002-2021).
    noise_journal: path of a secret journal to record the draws in or replay them from (a
    reproducible rebuild); None draws fresh noise."""
    parameters = parameters or Parameters()
    domain = domain or Domain.from_codebook()
    journal = NoiseJournal(noise_journal) if noise_journal else None
    measurements = measure(domain.encode(records), domain, parameters, Noise(journal))
    if journal is not None:
        journal.save()
    return DPRelease(domain, measurements, make_consistent(measurements, domain.column_of))


def synthesize_from_table(aggregates_table, domain=None, seed=0, target_records="dp_total"):
    """Synthetic records from a published aggregates table (aggregates_table's layout) alone;
    short records are merged while there are more than target_records (default: the table's DP
    record total; None: no merging)."""
    domain = domain or Domain.from_codebook()
    aggregates = Aggregates.from_table(aggregates_table, domain)
    target = aggregates.total if target_records == "dp_total" else target_records
    return synthesize(aggregates, domain, seed=seed, target_records=target)


__all__ = ["Aggregates", "DPRelease", "Domain", "Measurements", "Noise", "NoiseJournal", "Parameters",
           "make_consistent", "measure", "release", "synthesize", "synthesize_from_table"]
