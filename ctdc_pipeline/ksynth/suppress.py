"""Step 3: where a value's synthetic count exceeds its target, delete the excess occurrences
from randomly chosen records; drop records left empty."""

import numpy as np
from numba import njit


def suppress(starts, items, targets, rng):
    """Records in CSR form (one row a record) -> the same records without the excess values."""
    excess = np.maximum(np.bincount(items, minlength=len(targets)) - targets, 0)
    # the occurrences of the values over their target (often few or none), by value, in random
    # order within a value: the first `excess` of each go
    over = np.flatnonzero(excess[items] > 0)
    order = over[np.lexsort((rng.random(len(over)), items[over]))]
    del over
    keep = _kept(items, order, excess)
    del order
    lengths = _kept_lengths(starts, keep)
    lengths = lengths[lengths > 0]
    return np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64), items[keep]


@njit(cache=True)
def _kept(items, order, excess):
    """Whether each occurrence stays: of a value's occurrences, taken in `order`, the first
    excess[value] go; occurrences not in `order` stay."""
    keep = np.ones(len(items), dtype=np.bool_)
    previous, seen = -1, 0
    for j in order:
        value = items[j]
        if value != previous:
            previous, seen = value, 0
        keep[j] = seen >= excess[value]
        seen += 1
    return keep


@njit(cache=True)
def _kept_lengths(starts, keep):
    """How many of its values each record keeps."""
    lengths = np.zeros(len(starts) - 1, dtype=np.int64)
    for r in range(len(starts) - 1):
        for i in range(starts[r], starts[r + 1]):
            lengths[r] += keep[i]
    return lengths
