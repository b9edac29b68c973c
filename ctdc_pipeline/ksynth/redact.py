"""Step 1 (mode "row_seeded"): each sensitive record keeps a random subset of its values, grown
one value at a time, each pick weighted by support(kept + value) among the values that keep
support >= k. The copies of one distinct profile walk down a tree of kept subsets together:
at each node every copy draws its pick, and copies that drew the same value go on together."""

import numpy as np
from numba import njit

from .draws import weighted_pick
from .supports import extension_supports, insert_sorted


def redact_capacity(index, k):
    """Upper bounds on the records and ids the redaction emits: a profile held k times or more
    is kept whole, once with its weight; a rarer one leaves at most one leaf per copy."""
    lengths = np.diff(index.starts)
    copies = np.where(index.weights >= k, 1, index.weights)
    return int(copies.sum()), int((copies * lengths).sum())


@njit(cache=True)
def redact_profiles(index, memo, k, state, first, last, out):
    """Redact profiles first..last-1, appending kept records to `out` (starts, items, copies,
    counts = [records, ids] so far)."""
    counts = out[3]
    width = 1
    for p in range(first, last):
        width = max(width, index.starts[p + 1] - index.starts[p])
    depth = width * k + 1
    stack_combo = np.empty((depth, width), dtype=np.int32)
    stack_length = np.empty(depth, dtype=np.int64)
    stack_copies = np.empty(depth, dtype=np.int64)
    stack_hash = np.empty(depth, dtype=np.int64)
    # where the ring holds the profiles of the node's nearest ancestor that has them
    stack_rows = np.empty((depth, 2), dtype=np.int64)
    options = np.empty(width, dtype=np.int32)
    weights = np.empty(width, dtype=np.float64)
    drawn = np.empty(width, dtype=np.int64)
    for p in range(first, last):
        start, end, weight = index.starts[p], index.starts[p + 1], index.weights[p]
        if weight >= k:
            # every subset of a profile held k times is held >= k times: all values stay
            emit(out, index.items[start:end], weight)
            continue
        top = 0
        stack_length[0], stack_copies[0], stack_hash[0] = 0, weight, 0
        stack_rows[0, 0], stack_rows[0, 1] = -1, 0
        while top >= 0:
            combo, length = stack_combo[top], stack_length[top]
            n_copies, combo_hash = stack_copies[top], stack_hash[top]
            rows = (stack_rows[top, 0], stack_rows[top, 1])
            top -= 1
            n = 0
            at = 0
            for i in range(start, end):
                a = index.items[i]
                while at < length and combo[at] < a:
                    at += 1
                if at < length and combo[at] == a:
                    continue
                options[n] = a
                n += 1
            supports, own_rows = extension_supports(index, memo, combo, length, combo_hash, rows)
            if own_rows[0] >= 0:
                rows = own_rows
            for i in range(n):
                s = supports[options[i]]
                weights[i] = s if s >= k else 0.0
                drawn[i] = 0
            for _ in range(n_copies):
                pick = weighted_pick(weights, n, state)
                if pick < 0:
                    break
                drawn[pick] += 1
            if n == 0 or drawn[:n].sum() == 0:
                if length > 0:
                    emit(out, combo[:length], n_copies)
                continue
            parent = combo[:length].copy()
            for i in range(n):
                if drawn[i] > 0:
                    top += 1
                    child = stack_combo[top]
                    child[:length] = parent
                    insert_sorted(child, length, options[i])
                    stack_length[top] = length + 1
                    stack_copies[top] = drawn[i]
                    stack_hash[top] = combo_hash ^ index.hashes[options[i]]
                    stack_rows[top, 0], stack_rows[top, 1] = rows
    return counts


@njit(cache=True)
def emit(out, record, n_copies):
    """Append a record held `n_copies` times to out = (starts, items, copies, counts)."""
    starts, items, copies, counts = out
    r, at = counts[0], counts[1]
    items[at:at + len(record)] = record
    starts[r + 1] = at + len(record)
    copies[r] = n_copies
    counts[0], counts[1] = r + 1, at + len(record)
