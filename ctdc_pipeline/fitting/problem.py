"""The fit's inputs and its two stages (see the package docstring)."""

from dataclasses import dataclass

import numpy as np

from .incidence import combination_keys, fill_incidence, incidence_counts, key_bits, target_counts, transpose
from .repair import attribute_hashes, repair
from .solve import RAKING_ROUNDS, UNCHOSEN_WEIGHT, greedy_start, rake, systematic_rounding

# The record total weighs in raking as much as this many single values.
TOTAL_WEIGHT = 3.0
# In the repair, a record beyond the published total costs as much as this relative error on one
# combination: a value under its target goes into a record that can take it rather than into a new
# record, unless that costs more.
RECORD_COST = 0.44


@dataclass(frozen=True)
class Records:
    """Sets of attribute ids in CSR form: items[starts[i]:starts[i + 1]], sorted, of record i."""

    starts: np.ndarray
    items: np.ndarray

    @classmethod
    def of(cls, sets):
        sets = [sorted(s) for s in sets]
        starts = np.concatenate([[0], np.cumsum([len(s) for s in sets])]).astype(np.int64)
        items = np.array([a for s in sets for a in s], dtype=np.int32)
        return cls(starts, items)

    def __len__(self):
        return len(self.starts) - 1

    def __getitem__(self, i):
        return self.items[self.starts[i]:self.starts[i + 1]]

    def lengths(self):
        return np.diff(self.starts)

    def concat(self, other):
        return Records(np.concatenate([self.starts, other.starts[1:] + self.starts[-1]]),
                       np.concatenate([self.items, other.items]))


@dataclass(frozen=True)
class Targets:
    """Published figures: for each combination (Records; the empty one is the record total), the
    count to aim at (value), the interval of counts consistent with the figure (low, high), and
    whether it must be met exactly (single values)."""

    combinations: Records
    value: np.ndarray
    low: np.ndarray
    high: np.ndarray
    exact: np.ndarray


class FitProblem:
    """A pool and targets, with the incidence between them: `solve` (greedy start, raking,
    rounding), `add` more candidates, `repair` (the exact targets)."""

    def __init__(self, pool, targets, n_attributes, total_weight=TOTAL_WEIGHT, exact_weight=1.0):
        """total_weight: the record total's weight in raking, in single values; exact_weight: how
        many times its length's weight an exact target has in raking (the repair meets them
        anyway, by adding values to records or records; raking them closer leaves it less to add)."""
        self.targets, self.n_attributes = targets, int(n_attributes)
        lengths = targets.combinations.lengths()
        self.longest = int(lengths.max(initial=0))
        self.bits = key_bits(self.n_attributes, self.longest)
        keys = combination_keys(targets.combinations.starts, targets.combinations.items, self.bits)
        self.by_key = np.argsort(keys, kind="stable").astype(np.int32)
        self.sorted_keys = keys[self.by_key]
        if len(keys) and (np.diff(self.sorted_keys) == 0).any():
            raise ValueError("a combination appears twice among the targets")
        # errors are relative to the figures; in raking every combination length weighs as much in
        # total as any other, and the record total as much as TOTAL_WEIGHT single values
        self.relative = 1.0 / np.maximum(targets.value, 1.0)
        per_length = np.bincount(lengths, minlength=2)
        self.importance = (per_length.max() / np.maximum(per_length[lengths], 1)).astype(np.float64)
        self.importance[targets.exact] *= exact_weight
        self.importance[lengths == 0] = total_weight * per_length.max() / max(per_length[1], 1)
        self.repair_scale = self.importance * self.relative
        self.repair_scale[lengths == 0] = RECORD_COST
        self.single_target_of = np.full(self.n_attributes, -1, dtype=np.int64)
        singles = np.flatnonzero(lengths == 1)
        self.single_target_of[targets.combinations.items[targets.combinations.starts[singles]]] = singles
        self.pool = Records(np.zeros(1, np.int64), np.zeros(0, np.int32))
        self.offsets, self.incidence = np.zeros(1, np.int64), np.zeros(0, np.int32)
        self.add(pool)

    def add(self, records):
        """Add candidate records to the pool (they get numbers after the existing ones). The
        incidence grows in place of a copy: at 100x it is gigabytes."""
        self._transposed = None
        lookup = (self.longest, self.bits, self.sorted_keys, self.by_key)
        counts = incidence_counts(records.starts, records.items, *lookup)
        offsets = np.concatenate([self.offsets, self.offsets[-1] + np.cumsum(counts)])
        incidence = np.empty(int(offsets[-1]), np.int32)
        incidence[:len(self.incidence)] = self.incidence
        self.incidence = incidence
        fill_incidence(records.starts, records.items, *lookup, offsets[len(self.offsets) - 1:], incidence)
        self.offsets = offsets
        self.pool = self.pool.concat(records)

    def transposed(self):
        if self._transposed is None:
            self._transposed = transpose(self.offsets, self.incidence, len(self.targets.value))
        return self._transposed

    def counts(self, copies):
        """Each target's count in the records `copies` makes."""
        return target_counts(self.offsets, self.incidence, copies, len(self.targets.value))

    def solve(self, seed=0, rounds=RAKING_ROUNDS):
        """Whole copies of pool records close to the targets (exact ones not yet met)."""
        t = self.targets
        start = greedy_start(self.offsets, self.incidence, self.relative, t.low, t.high, t.exact,
                             len(t.value))
        weights = start + UNCHOSEN_WEIGHT
        rake(self.offsets, self.incidence, *self.transposed(), t.value, self.importance, weights, rounds)
        return systematic_rounding(weights, np.random.Generator(np.random.PCG64(seed)))

    def repair(self, copies):
        """The copies (a new array, one entry per pool record) after the moves that meet the exact
        targets."""
        copies = np.concatenate([copies, np.zeros(len(self.pool) - len(copies), np.int64)])
        t = self.targets
        repair(self.pool.starts, self.pool.items, self.offsets, self.incidence, *self.transposed(),
               self.single_target_of, self.repair_scale, t.low, t.high, t.exact, copies, self.counts(copies),
               attribute_hashes(self.n_attributes))
        return copies


def fit(pool, targets, n_attributes, seed=0):
    """Multiplicities of the pool records fitted to the targets (see the package docstring)."""
    problem = FitProblem(pool, targets, n_attributes)
    return problem.repair(problem.solve(seed))
