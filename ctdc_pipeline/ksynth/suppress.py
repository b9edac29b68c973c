"""Step 3: where a value's synthetic count exceeds its target, delete the excess occurrences
from randomly chosen records; drop records left empty."""

import numpy as np


def suppress(starts, items, targets, rng):
    """Records in CSR form (one row a record) -> the same records without the excess values."""
    counts = np.bincount(items, minlength=len(targets))
    excess = np.maximum(counts - targets, 0)
    # a random rank for each occurrence of a value; the `excess` lowest-ranked ones go
    order = np.lexsort((rng.random(len(items)), items))
    rank = np.empty(len(items), dtype=np.int64)
    rank[order] = np.arange(len(items)) - np.searchsorted(items[order], items[order])
    keep = rank >= excess[items]
    record_of = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    lengths = np.bincount(record_of[keep], minlength=len(starts) - 1)
    lengths = lengths[lengths > 0]
    return np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64), items[keep]
