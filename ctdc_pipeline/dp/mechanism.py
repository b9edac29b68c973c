"""The DP aggregate mechanism: noisy counts of attribute combinations of length 1..L and a noisy
record total, every draw through OpenDP (see noise.py), the budget split in zCDP (budget.py).

Per length k, following SDS's DP aggregates (Microsoft's Synthetic Data Showcase) where it is
sound and improving on it where it pays:

1. Candidates. k = 1: the codebook's whole domain (public). k >= 2: every combination from
   distinct columns whose sub-combinations of length k - 1 were all released: a function of
   published output only, so which combinations exist in the data is never read directly and
   no delta is spent on thresholds (SDS takes k-tuples from the data and needs the threshold
   argument for that).
2. Weights (from the parameters and the shorter lengths' DP estimates, no data). A
   candidate of length >= 2 weighs the product of its columns' weights (column_weights: 1 but
   for the 15 means of control) and of its size weight (size_weights: less for a candidate
   its sub-combinations predict to be large). Its count is measured as weight x count, so its
   noise, in records, is sd / weight; a record holding many light combinations (the records
   with many values, which set the bound below) adds less to its L2 norm, and every other
   combination gets less noise.
3. Contribution bound. |r|_k: the L2 norm of record r's weights on the candidates it holds
   (sqrt(n_k(r)), how many candidates it holds, when all weigh 1). B_k: a DP percentile of
   |r|_k^2 over the records (OpenDP's private quantile). A record over the bound contributes
   its weights times sqrt(B_k) / |r|_k (SDS keeps a random subset of B_k combinations, i.e.
   B_k / n_k(r) each on average): its L2 norm is still at most sqrt(B_k), with less bias and no
   sampling noise. Contributions are whole multiples of 1 / units (rounded down), so the
   noise can be OpenDP's exact discrete Gaussian of L2 sensitivity units * sqrt(B_k) at the
   length's rho.
4. Estimate and keep (post-processing: it decides fabrication and suppression, not privacy).
   Each noisy count's empirical-Bayes posterior (estimate.py; a prior per weight); the
   candidates whose posterior keep_quantile reaches min_estimate are kept (only they are
   extended to the next length), with the posterior's estimate_quantile as their estimate.

The record total: discrete Gaussian of sensitivity 1."""

import math
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pyarrow as pa

from .budget import Budget
from .combinations import extend, key_bits, lookup, pack, profile_combinations, unpack
from .estimate import binned_quantiles
from .noise import Noise


@dataclass(frozen=True)
class Parameters:
    """The mechanism's parameters (defaults measured on the demo data, docs/differential_privacy.md)."""

    epsilon: float = 4.0
    delta: float = 1e-7
    reporting_length: int = 3
    # shares of the counts' budget per length (normalized)
    length_shares: tuple = (1.75, 3.75, 2.5)
    # shares of the whole budget for the record total and for the contribution bounds
    total_share: float = 0.005
    percentile_share: float = 0.01
    # the contribution bound of each length: this percentile of the records' squared norms
    percentile: tuple = (0.995, 0.995, 0.99)
    # each count's estimate: this quantile of its posterior, per length (0.5, the median, has the
    # least expected absolute error; higher ones lose less of the small counts: scripts/sweep_dp.py)
    estimate_quantile: tuple = (0.98, 0.65, 0.7)
    # keep a candidate when this quantile of its posterior (keep_quantile; 0.5, the median)
    # reaches min_estimate, per length. A single value is kept when it holds at least one record
    # with probability 0.3: most of the codebook's countries hold none, so the prior shrinks a
    # small country to 0, and a value not kept is lost from every length (its pairs are
    # measured, not assumed, so a kept empty value costs little). A pair only near the
    # reportable size, so that few pairs no record holds are published (among the many empty
    # pairs measured, the noise would otherwise let hundreds through; scripts/sweep_dp.py --records)
    min_estimate: tuple = (0.5, 7.0, 1.0)
    keep_quantile: tuple = (0.7, 0.5, 0.5)
    # contributions and measurement weights are whole multiples of 1 / weight_units (finer ones
    # round less away: a large triple of three means of control, 0.75^3 x 0.35, is 9/64, but only
    # 2/16; scripts/sweep_dp.py)
    weight_units: int = 64
    # the combinations (of 2 or more values) of columns whose names begin with a prefix weigh
    # less in the measurement: they are measured with noise sd / weight, and a record holding
    # many of them (such as the 15 means of control) adds less to the contribution bound, so
    # every other combination is measured with less noise (scripts/sweep_dp.py)
    column_weights: tuple = (("meansOfControl", 0.75),)
    # and those whose shorter combinations predict many records weigh less: size_weights =
    # (reference, exponent, floor) gives (prediction / reference) ** -exponent, from 1 down to
    # the floor. The records with many values, which set the contribution bound, hold many of
    # the large combinations: a large count gets more noise, in records, but little beside its
    # size, and every small count less (least summed absolute error for a fixed sum of squared
    # weights: exponent 1/3; scripts/sweep_dp.py). Exponent 0: no size weights.
    size_weights: tuple = (10.0, 0.25, 0.35)
    # estimate each count with a prior fitted among counts that shorter combinations predict alike
    predicted_prior: bool = True

    def budget(self):
        return Budget.split(self.epsilon, self.delta, self.length_shares[:self.reporting_length],
                            self.total_share, self.percentile_share)

    def check(self):
        if int(self.reporting_length) < 1:
            raise ValueError(f"reporting_length must be at least 1, not {self.reporting_length!r}")
        for name in ("length_shares", "min_estimate", "keep_quantile", "estimate_quantile", "percentile"):
            if len(getattr(self, name)) < self.reporting_length:
                raise ValueError(f"{name} needs a value for each length 1..{self.reporting_length}")
        if not all(0 < p <= 1 for p in self.percentile):
            raise ValueError(f"percentile must lie in (0, 1] for every length, not {self.percentile!r}")
        reference, exponent, floor = self.size_weights
        if not (reference > 0 and exponent >= 0 and 0 < floor <= 1):
            raise ValueError("size_weights (reference, exponent, floor) needs reference > 0, exponent >= 0 "
                             f"and floor in (0, 1], not {self.size_weights!r}")


@dataclass
class LengthMeasurement:
    """One length's output: the candidates (sorted keys), their noisy counts (in records),
    the noise's standard deviation (records) for a candidate of weight 1, the contribution
    bound, (post-processing) each candidate's estimate and whether it is kept, and each
    candidate's measurement weight (its noise sd is noise_sd / weight)."""

    length: int
    candidates: np.ndarray
    noisy: np.ndarray
    noise_sd: float
    bound: int
    estimate: np.ndarray
    kept: np.ndarray
    weight: np.ndarray

    def candidate_sd(self):
        return self.noise_sd / self.weight


@dataclass
class Measurements:
    """Everything the mechanism outputs: the published figures are computed from this alone."""

    parameters: Parameters
    budget: Budget
    bits: int
    total: int
    total_sd: float
    lengths: list = field(default_factory=list)

    def to_table(self):
        """The mechanism's output in long form, for a model between the mechanism and its
        post-processing: one row per candidate (its packed key, length, noisy count, estimate,
        whether it is kept, its noise sd and weight, the length's contribution bound), then the record total
        as length 0. Every value is a DP output or computed from DP outputs only."""
        rows = {"candidate_key": [np.zeros(1, np.int64)], "combination_length": [np.zeros(1, np.int32)],
                "noisy_count": [np.array([float(self.total)])], "estimate": [np.array([float(self.total)])],
                "kept": [np.ones(1, bool)], "noise_sd": [np.array([self.total_sd])],
                "contribution_bound": [np.ones(1, np.int64)], "weight": [np.ones(1)]}
        for x in self.lengths:
            n = len(x.candidates)
            columns = {"candidate_key": x.candidates, "combination_length": np.full(n, x.length),
                       "noisy_count": x.noisy, "estimate": x.estimate, "kept": x.kept,
                       "noise_sd": x.candidate_sd(), "contribution_bound": np.full(n, x.bound),
                       "weight": x.weight}
            for name, values in columns.items():
                rows[name].append(np.asarray(values))
        types = {"candidate_key": pa.int64(), "combination_length": pa.int32(), "noisy_count": pa.float64(),
                 "estimate": pa.float64(), "kept": pa.bool_(), "noise_sd": pa.float64(),
                 "contribution_bound": pa.int64(), "weight": pa.float64()}
        return pa.table({name: pa.array(np.concatenate(parts), types[name]) for name, parts in rows.items()})

    @classmethod
    def from_table(cls, table, parameters, n_attributes):
        """Read to_table's output back (the budget follows from the parameters)."""
        columns = {name: table.column(name).to_numpy() for name in table.column_names}
        length = columns["combination_length"]
        total_row = np.flatnonzero(length == 0)[0]
        out = cls(parameters, parameters.budget(), key_bits(n_attributes, parameters.reporting_length),
                  int(columns["noisy_count"][total_row]), float(columns["noise_sd"][total_row]))
        for k in range(1, parameters.reporting_length + 1):
            mine = np.flatnonzero(length == k)
            order = mine[np.argsort(columns["candidate_key"][mine], kind="stable")]
            weight = columns["weight"][order]
            sd = float(columns["noise_sd"][order[0]] * weight[0]) if len(order) else 0.0
            bound = int(columns["contribution_bound"][order[0]]) if len(order) else 1
            out.lengths.append(LengthMeasurement(
                k, columns["candidate_key"][order], columns["noisy_count"][order], sd, bound,
                columns["estimate"][order], columns["kept"][order], weight))
        return out


def measure(profiles, domain, parameters=Parameters(), noise=None):
    """Run the mechanism on the sensitive records (Profiles over `domain`)."""
    parameters.check()
    noise = noise or Noise()
    budget = parameters.budget()
    bits = key_bits(domain.size, parameters.reporting_length)
    units = int(parameters.weight_units)
    noisy_total, total_sd = noise.gaussian("total", [profiles.n_records], 1.0, budget.total)
    out = Measurements(parameters, budget, bits, max(int(noisy_total[0]), 0), total_sd)
    candidates = np.arange(domain.size, dtype=np.int64)
    for length in range(1, parameters.reporting_length + 1):
        if length > 1:
            previous = out.lengths[-1]
            candidates = extend(previous.candidates[previous.kept], length - 1, bits, domain.column_of)
        prediction = _prediction(out, candidates, length, domain.size)
        weight = measurement_weights(candidates, length, bits, domain, parameters, prediction)
        held = _held_candidates(profiles, candidates, length, bits, weight)
        per_record = np.concatenate([np.repeat(-(-norms // units ** 2), copies)
                                     for _, norms, copies in held]) if held else np.zeros(0)
        most = math.comb(len(domain.columns), length)
        bound = noise.quantile(f"bound_{length}", per_record, range(1, most + 1),
                               parameters.percentile[length - 1], budget.percentiles[length - 1])
        counts = _weighted_counts(held, weight, bound, units)
        noisy, scale = noise.gaussian(f"length_{length}", counts, units * math.sqrt(bound),
                                      budget.lengths[length - 1])
        noisy = noisy / weight
        prediction = prediction if parameters.predicted_prior else None
        quantiles = (parameters.keep_quantile[length - 1], parameters.estimate_quantile[length - 1])
        keep_value, estimate = np.empty(len(candidates)), np.empty(len(candidates))
        for w in np.unique(weight):  # a prior per noise level
            mine = weight == w
            keep_value[mine], estimate[mine] = binned_quantiles(
                noisy[mine], scale / w, None if prediction is None else prediction[mine], quantiles)
        kept = keep_value >= parameters.min_estimate[length - 1]
        out.lengths.append(LengthMeasurement(length, candidates, noisy, scale / units, bound, estimate, kept,
                                             weight / units))
    return out


def measurement_weights(candidates, length, bits, domain, parameters, prediction):
    """Each candidate's weight, in 1 / weight_units: weight_units times the product of its
    columns' weights (parameters.column_weights) and its size weight (size_weights, from
    `prediction`, the log of its predicted count), rounded down; single values always weigh 1.
    A function of the candidates, the parameters and earlier DP outputs only."""
    units = int(parameters.weight_units)
    if length == 1:
        return np.full(len(candidates), units, dtype=np.int64)
    column = np.ones(len(domain.columns))
    for prefix, w in parameters.column_weights:
        column[[i for i, name in enumerate(domain.columns) if name.startswith(prefix)]] = float(w)
    weight = column[domain.column_of[unpack(candidates, length, bits)]].prod(axis=1)
    weight = weight * size_weights(prediction, *parameters.size_weights)
    return np.maximum(np.floor(units * weight + 1e-9), 1).astype(np.int64)


def size_weights(log_prediction, reference, exponent, floor):
    """(prediction / reference) ** -exponent, at most 1 and at least `floor`, rounded up to a
    power of sqrt(1/2): few weights, so that each has many counts to fit its prior on."""
    if exponent <= 0:
        return np.ones(len(log_prediction))
    octaves = (np.asarray(log_prediction) - math.log(reference)) / math.log(2)
    halvings = np.floor(2 * exponent * octaves + 1e-9)
    most = math.floor(-2 * math.log2(floor) + 1e-9)
    return 2.0 ** (-np.clip(halvings, 0, most) / 2)


def _held_candidates(profiles, candidates, length, bits, weight):
    """Per profile group: (positions of the candidates each profile holds, -1 elsewhere; each
    profile's squared L2 norm, the sum of its candidates' squared weights, in 1 / units^2;
    copies)."""
    held = []
    for keys, copies in profile_combinations(profiles, length, bits):
        positions = lookup(candidates, keys)
        norms = np.where(positions >= 0, weight[np.maximum(positions, 0)] ** 2, 0).sum(axis=1)
        held.append((positions, norms, copies))
    return held


def _weighted_counts(held, weight, bound, units):
    """Sum over records of their contributions (in 1 / units) to the candidates they hold."""
    counts = np.zeros(len(weight), dtype=np.int64)
    for positions, norms, copies in held:
        scale = record_scales(norms, bound, units)
        mine = positions >= 0
        rows = np.nonzero(mine)[0]
        contribution = (scale[rows] * weight[positions[mine]]) // units
        counts += np.bincount(positions[mine], weights=contribution * copies[rows],
                              minlength=len(weight)).astype(np.int64)
    return counts


def record_scales(squared_norms, bound, units):
    """Each record's scale s, the largest whole s <= units with s^2 * norm^2 <= units^4 * bound
    (norm^2 in 1 / units^2): contributions floor(s * weight / units) keep the record's L2 norm
    within units * sqrt(bound), and a record within the bound contributes its full weights.
    Integer arithmetic, so rounding never lets a record exceed the bound."""
    squared_norms = np.maximum(np.asarray(squared_norms, dtype=np.int64), 1)
    quotient = (units ** 4 * int(bound)) // squared_norms
    s = np.floor(np.sqrt(quotient.astype(np.float64))).astype(np.int64)
    s += (s + 1) * (s + 1) <= quotient
    s -= s * s > quotient
    return np.minimum(s, units)


def _prediction(out, candidates, length, n_attributes):
    """The log of each candidate's count as predicted from the shorter combinations' estimates
    (post-processing): for pairs, independence (n_a n_b / N); for triples, Kirkwood's
    superposition (n_ab n_ac n_bc N / (n_a n_b n_c)); longer ones alike, the sub-combinations'
    estimates multiplied and divided by turns. None for single values."""
    if length == 1 or not out.lengths:
        return None
    ids = unpack(candidates, length, out.bits)
    total = max(float(out.total), 1.0)

    def estimates(sub_length, sub_ids):
        if sub_length == 0:
            return np.full(len(sub_ids), total)
        level = out.lengths[sub_length - 1]
        at = lookup(level.candidates, pack(sub_ids, out.bits))
        return np.where(at >= 0, np.maximum(level.estimate[np.maximum(at, 0)], 0.0), 0.0) + 0.5

    log = np.zeros(len(candidates))
    for sub_length in range(length - 1, -1, -1):
        sign = 1.0 if (length - 1 - sub_length) % 2 == 0 else -1.0
        for keep in combinations(range(length), sub_length):
            sub_ids = ids[:, list(keep)] if keep else np.zeros((len(ids), 0), np.int32)
            log += sign * np.log(estimates(sub_length, sub_ids))
    return log
