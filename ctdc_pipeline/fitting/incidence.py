"""Which targets each pool record counts toward: every sub-combination of the record (the empty
one included: the record total) that is a target, found by its packed key. A combination's key
packs its sorted attribute ids + 1, `bits` each, into one int64."""

import numpy as np
from numba import njit, prange

NOT_A_TARGET = -1


def key_bits(n_attributes, longest):
    """Bits per id so that `longest` ids fit one int64 key; an error when they cannot."""
    bits = max(1, int(n_attributes).bit_length())
    if longest * bits > 63:
        raise ValueError(f"combinations of {longest} values over {n_attributes} attribute values do not fit "
                         "a 64-bit key")
    return bits


@njit(cache=True)
def combination_keys(starts, items, bits):
    """The packed key of every combination (CSR of sorted ids)."""
    keys = np.zeros(len(starts) - 1, dtype=np.int64)
    for c in range(len(starts) - 1):
        for i in range(starts[c], starts[c + 1]):
            keys[c] |= (np.int64(items[i]) + 1) << (bits * (i - starts[c]))
    return keys


@njit(cache=True)
def find(sorted_keys, key):
    """Position of key in sorted_keys, or NOT_A_TARGET."""
    j = np.searchsorted(sorted_keys, key)
    return j if j < len(sorted_keys) and sorted_keys[j] == key else NOT_A_TARGET


@njit(cache=True)
def _record_targets(items, first, m, longest, bits, sorted_keys, by_key, out, at, write):
    """Visit every subset of items[first:first + m] of size 0..longest (ids kept in order, so each
    subset's key is built as for a target); count (and write, from out[at]) the targets among
    them. Returns how many."""
    found = 0
    index = np.empty(max(longest, 1), dtype=np.int64)
    for size in range(0, min(longest, m) + 1):
        for i in range(size):
            index[i] = i
        while True:
            key = np.int64(0)
            for i in range(size):
                key |= (np.int64(items[first + index[i]]) + 1) << (bits * i)
            j = find(sorted_keys, key)
            if j != NOT_A_TARGET:
                if write:
                    out[at + found] = by_key[j]
                found += 1
            i = size - 1
            while i >= 0 and index[i] == m - size + i:
                i -= 1
            if i < 0:
                break
            index[i] += 1
            for follower in range(i + 1, size):
                index[follower] = index[follower - 1] + 1
    return found


@njit(cache=True, parallel=True)
def incidence_counts(starts, items, longest, bits, sorted_keys, by_key):
    """For each record (CSR of sorted ids), how many targets it counts toward."""
    n = len(starts) - 1
    counts = np.zeros(n, dtype=np.int64)
    empty = np.empty(0, dtype=np.int32)
    for r in prange(n):
        counts[r] = _record_targets(items, starts[r], starts[r + 1] - starts[r], longest, bits, sorted_keys,
                                    by_key, empty, 0, False)
    return counts


@njit(cache=True, parallel=True)
def fill_incidence(starts, items, longest, bits, sorted_keys, by_key, offsets, out):
    """Write each record's targets (target numbers; by_key[j] is the number of the target with the
    j-th smallest key) into out[offsets[r]:offsets[r + 1]]."""
    for r in prange(len(starts) - 1):
        _record_targets(items, starts[r], starts[r + 1] - starts[r], longest, bits, sorted_keys, by_key, out,
                        offsets[r], True)


@njit(cache=True)
def target_counts(offsets, targets, copies, n_targets):
    """Each target's count in the records, record r taken copies[r] times (no array as long as
    the incidence: at 10x that would be gigabytes)."""
    counts = np.zeros(n_targets, dtype=np.float64)
    for r in range(len(offsets) - 1):
        if copies[r]:
            for i in range(offsets[r], offsets[r + 1]):
                counts[targets[i]] += copies[r]
    return counts


@njit(cache=True)
def transpose(offsets, targets, n_targets):
    """The records counting toward each target, ascending (CSR)."""
    counts = np.zeros(n_targets + 1, dtype=np.int64)
    for i in range(len(targets)):
        counts[targets[i] + 1] += 1
    starts = np.cumsum(counts)
    filled = starts[:-1].copy()
    records = np.empty(len(targets), dtype=np.int32)
    for r in range(len(offsets) - 1):
        for i in range(offsets[r], offsets[r + 1]):
            t = targets[i]
            records[filled[t]] = r
            filled[t] += 1
    return starts, records
