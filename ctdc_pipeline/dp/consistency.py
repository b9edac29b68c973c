"""Consistency post-processing of the estimated counts (free under DP: it reads the
mechanism's output only), length by length from the shortest:

- every count is a non-negative whole number; zero counts are not published;
- a combination never exceeds any of its sub-combinations (SDS's normalization);
- the combinations that extend one combination S by the values of one column C add up to at
  most S's count (the records holding S hold at most one value of C), and the values of one
  column add up to at most the record total: where they exceed it, they are scaled down
  together, keeping their proportions.

Each length is made consistent with the already consistent length before it, so the result
holds every constraint at once."""

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from .combinations import lookup, pack, unpack


@dataclass
class Aggregates:
    """Published DP aggregates: per length (1..L) sorted keys and whole counts (all > 0), and
    the DP record total; with the mechanism's output, each count's noise sd. Computed from the
    mechanism's output alone."""

    bits: int
    total: int
    lengths: list  # [(keys, counts), ...] for lengths 1..L
    total_sd: float | None = None
    noise_sds: list | None = None  # [sds, ...] for lengths 1..L, as the counts

    def counts_of(self, length):
        return self.lengths[length - 1]

    @classmethod
    def from_table(cls, table, domain):
        """Read a published aggregates table (to_table's layout) back."""
        from .combinations import key_bits
        keys = table.column("combination_key").to_pylist()
        lengths = table.column("combination_length").to_pylist()
        counts = table.column("dp_count").to_pylist()
        longest = max(lengths, default=0)
        bits = key_bits(domain.size, max(longest, 1))
        per_length = [([], []) for _ in range(longest)]
        total = 0
        for key, length, count in zip(keys, lengths, counts, strict=True):
            if length == 0:
                total = int(count)
                continue
            ids = []
            for label in key.split(";"):
                column, _, value = label.partition(":")
                if (column, value) not in domain.ids:
                    raise ValueError(f"aggregates: combination {key!r} holds {label!r}, not in the domain")
                ids.append(domain.ids[(column, value)])
            per_length[length - 1][0].append(sorted(ids))
            per_length[length - 1][1].append(int(count))
        lengths_out = []
        for length, (ids, values) in enumerate(per_length, start=1):
            packed = pack(np.array(ids, dtype=np.int64).reshape(-1, length), bits)
            order = np.argsort(packed)
            lengths_out.append((packed[order], np.array(values, dtype=np.int64)[order]))
        return cls(bits, total, lengths_out)

    def to_table(self, domain):
        """Long form, as the k-synthetic release's reportable_aggregates: combination_key
        ("column:value" pairs in codebook order joined by ";"; "" for the record total),
        combination_length, dp_count and noise_sd (each count's noise standard deviation, in
        records, rounded to 3 decimals)."""
        keys, lengths, counts, sds = [""], [0], [int(self.total)], [self.total_sd]
        for length, (packed, values) in enumerate(self.lengths, start=1):
            ids = unpack(packed, length, self.bits)
            keys.extend(domain.key(row) for row in ids.tolist())
            lengths.extend([length] * len(packed))
            counts.extend(values.tolist())
            sds.extend(self.noise_sds[length - 1].tolist())
        return pa.table({"combination_key": pa.array(keys, pa.string()),
                         "combination_length": pa.array(lengths, pa.int32()),
                         "dp_count": pa.array(counts, pa.int64()),
                         "noise_sd": pa.array(np.round(np.asarray(sds, dtype=np.float64), 3))})


def make_consistent(measurements, column_of):
    """Measurements (mechanism.measure) -> Aggregates."""
    bits, total = measurements.bits, int(measurements.total)
    lengths, sds = [], []
    for level in measurements.lengths:
        keys = level.candidates[level.kept]
        values = np.maximum(level.estimate[level.kept], 0.0)
        ids = unpack(keys, level.length, bits)
        if level.length == 1:
            values = _scale_groups(values, np.zeros(len(keys), np.int64), column_of[ids[:, 0]],
                                   np.array([float(total)]))
        else:
            parent_keys, parent_counts = lengths[-1]
            parent_values = parent_counts.astype(np.float64)
            for drop in range(level.length):
                parent = lookup(parent_keys, pack(np.delete(ids, drop, axis=1), bits))
                cap = np.where(parent >= 0, parent_values[np.maximum(parent, 0)], 0.0)
                values = np.minimum(values, cap)
            for drop in range(level.length):
                parent = lookup(parent_keys, pack(np.delete(ids, drop, axis=1), bits))
                values = _scale_groups(values, parent, column_of[ids[:, drop]], parent_values)
        counts = np.floor(values + 1e-9).astype(np.int64)
        positive = counts > 0
        lengths.append((keys[positive], counts[positive]))
        sds.append(level.candidate_sd()[level.kept][positive])
    return Aggregates(bits, total, lengths, measurements.total_sd, sds)


def _scale_groups(values, parent, column, parent_values):
    """Scale down, together, the values of each (parent, column) group whose sum exceeds the
    parent's value."""
    if len(values) == 0:
        return values
    group_key = parent.astype(np.int64) * (int(column.max()) + 1) + column
    groups, inverse = np.unique(group_key, return_inverse=True)
    sums = np.bincount(inverse, weights=values, minlength=len(groups))
    limit = parent_values[np.maximum(parent, 0)]
    factor = np.where(sums[inverse] > limit, limit / np.maximum(sums[inverse], 1e-300), 1.0)
    return values * factor
