"""The issue-21 fidelity figures of any synthetic records against the sensitive records they
stand for, computed here (for the benchmarks) as the evaluation_by_length model computes them:
per combination length, over the combinations held by at least k sensitive records, the mean
preserved share, the mean proportional error against the reported count, the share within 20 %
of the true count, the reportable combinations absent from the synthetic records and the
combinations invented (held by fewer than k sensitive records); and the record totals. Also the
reportable aggregates themselves, the published figures the fitted synthesis takes."""

import numpy as np
from numba import njit

from ctdc_pipeline.fitting.incidence import key_bits
from ctdc_pipeline.ksynth.encoding import Encoding, _distinct_rows


@njit(cache=True)
def _count_subsets(starts, items, weights, longest):
    """How many subsets of size 1..longest each record has, in total."""
    total = 0
    for r in range(len(starts) - 1):
        m = starts[r + 1] - starts[r]
        choose = 1
        for size in range(1, min(longest, m) + 1):
            choose = choose * (m - size + 1) // size
            total += choose
    return total


@njit(cache=True)
def _subset_keys(starts, items, weights, longest, bits, keys, counts):
    """Every subset of size 1..longest of every record, as a packed key, with its record's weight."""
    at = 0
    index = np.empty(longest, dtype=np.int64)
    for r in range(len(starts) - 1):
        first, m = starts[r], starts[r + 1] - starts[r]
        for size in range(1, min(longest, m) + 1):
            for i in range(size):
                index[i] = i
            while True:
                key = np.int64(0)
                for i in range(size):
                    key |= (np.int64(items[first + index[i]]) + 1) << (bits * i)
                keys[at], counts[at] = key, weights[r]
                at += 1
                i = size - 1
                while i >= 0 and index[i] == m - size + i:
                    i -= 1
                if i < 0:
                    break
                index[i] += 1
                for j in range(i + 1, size):
                    index[j] = index[j - 1] + 1


def combination_counts(starts, items, weights, longest, bits):
    """Sorted keys of every combination of 1..longest values held, their counts and lengths."""
    n = _count_subsets(starts, items, weights, longest)
    keys, counts = np.empty(n, np.int64), np.empty(n, np.int64)
    _subset_keys(starts, items, weights, longest, bits, keys, counts)
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    first = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    unique = keys[first]
    lengths = np.zeros(len(unique), np.int64)
    rest = unique.copy()
    while (rest > 0).any():
        lengths += rest > 0
        rest >>= bits
    return unique, np.add.reduceat(counts, first) if len(keys) else counts, lengths


class Sensitive:
    """The sensitive records' combination counts up to `longest`, for k."""

    def __init__(self, table, k, longest):
        self.table, self.k, self.longest = table, int(k), int(longest)
        self.encoding = Encoding(table, {})
        self.bits = key_bits(self.encoding.n_attributes, self.longest)
        e = self.encoding
        self.keys, self.counts, self.lengths = combination_counts(e.profile_starts, e.profile_items,
                                                                  e.profile_weights, self.longest, self.bits)
        self.reportable = self.counts >= self.k
        self.total = table.num_rows

    def aggregates(self):
        """The reportable aggregates as the fitted synthesis takes them: ((column, value) pairs,
        count rounded down to a multiple of k), the record total first."""
        e, mask = self.encoding, (1 << self.bits) - 1
        out = [([], self.total // self.k * self.k)]
        keys, counts = self.keys[self.reportable].tolist(), self.counts[self.reportable].tolist()
        for key, n in zip(keys, counts, strict=True):
            pairs = []
            while key:
                a = (key & mask) - 1
                pairs.append((e.names[e.column_of[a]], str(e.values[a])))
                key >>= self.bits
            out.append((pairs, n // self.k * self.k))
        return out

    def figures(self, synthetic):
        """Per length 1..longest: a dict of the figures (see the module docstring)."""
        starts, items = self.encoding.encode(synthetic)
        lengths = np.diff(starts)
        matrix = np.full((len(lengths), max(int(lengths.max(initial=0)), 1)), -1, np.int32)
        rows = np.repeat(np.arange(len(lengths)), lengths)
        matrix[rows, np.arange(len(items)) - starts[rows]] = items
        distinct, weights = _distinct_rows(matrix)
        held = distinct >= 0
        d_starts = np.concatenate([[0], np.cumsum(held.sum(axis=1))]).astype(np.int64)
        keys, counts, key_lengths = combination_counts(d_starts, distinct[held].astype(np.int32),
                                                       weights.astype(np.int64), self.longest, self.bits)
        at = np.searchsorted(keys, self.keys).clip(max=max(len(keys) - 1, 0))
        synthetic_counts = np.where(len(keys) and keys[at] == self.keys, counts[at] if len(keys) else 0, 0)
        at = np.searchsorted(self.keys, keys).clip(max=len(self.keys) - 1)
        true_of_synthetic = np.where(self.keys[at] == keys, self.counts[at], 0)
        result = []
        for length in range(1, self.longest + 1):
            mine = self.reportable & (self.lengths == length)
            n, syn = self.counts[mine].astype(np.float64), synthetic_counts[mine].astype(np.float64)
            reported = n // self.k * self.k
            result.append({
                "length": length, "reportable": int(mine.sum()),
                "preserved": float(np.minimum(syn / n, 1).mean()),
                "proportional_error": float((np.abs(syn - reported) / reported).mean()),
                "within_20": float((np.abs(syn - n) <= 0.2 * n).mean()),
                "absent": int((syn == 0).sum()),
                "fabricated": int(((key_lengths == length) & (true_of_synthetic < self.k)).sum()),
            })
        return result, synthetic.num_rows, self.total // self.k * self.k


def print_figures(label, figures):
    by_length, records, official = figures
    print(f"  {label}: {records:,} records for an official total of {official:,} "
          f"({records / official - 1:+.1%})")
    for f in by_length:
        print(f"    L={f['length']}: {f['reportable']:,} reportable, preserved {f['preserved']:.1%}, "
              f"proportional error {f['proportional_error']:.3f}, within 20 % {f['within_20']:.1%}, "
              f"absent {f['absent']:,}, fabricated {f['fabricated']:,}", flush=True)
