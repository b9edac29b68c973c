"""The fit's second stage: whole-record moves that meet the exact targets (single values), best
first. A record's neighbour for value a is the pool record with exactly one value more or less:
a, found by the record's hash (XOR of its values' hashes) and checked value by value."""

import heapq

import numpy as np
from numba import njit, types
from numba.typed import Dict

from .solve import add_gain, remove_gain, shift

# Kinds of move.
SWAP, REMOVE, ADD = 0, 1, 2
NOT_FOUND = -1
# Seed of the attribute hashes (fixed: they only index).
_HASH_SEED = 20251204


def attribute_hashes(n_attributes):
    """A random 62-bit hash of each attribute id, the same in every run."""
    generator = np.random.Generator(np.random.PCG64(_HASH_SEED))
    return generator.integers(1, 2**62, size=n_attributes, dtype=np.int64)


@njit(cache=True)
def record_hashes(starts, items, attribute_hashes):
    """Each record's hash: the XOR of its attributes' hashes (the same whatever their order)."""
    hashes = np.zeros(len(starts) - 1, dtype=np.int64)
    for r in range(len(starts) - 1):
        for i in range(starts[r], starts[r + 1]):
            hashes[r] ^= attribute_hashes[items[i]]
    return hashes


@njit(cache=True)
def hash_index(hashes):
    """Record hash -> the first record with it."""
    index = Dict.empty(key_type=types.int64, value_type=types.int64)
    for r in range(len(hashes)):
        if hashes[r] not in index:
            index[hashes[r]] = r
    return index


@njit(cache=True)
def _differs_by(starts, items, small, large, a):
    """Whether record `large` is record `small` plus attribute a."""
    if starts[large + 1] - starts[large] != starts[small + 1] - starts[small] + 1:
        return False
    i = starts[small]
    for j in range(starts[large], starts[large + 1]):
        if items[j] == a:
            continue
        if i >= starts[small + 1] or items[i] != items[j]:
            return False
        i += 1
    return True


@njit(cache=True)
def neighbour(starts, items, hashes, index, attribute_hashes, r, a, with_a):
    """The pool record equal to r plus a (with_a) or r minus a, or NOT_FOUND."""
    key = hashes[r] ^ attribute_hashes[a]
    if key not in index:
        return NOT_FOUND
    other = index[key]
    ok = _differs_by(starts, items, r, other, a) if with_a else _differs_by(starts, items, other, r, a)
    return other if ok else NOT_FOUND


@njit(cache=True)
def _swap_gain(r, s, offsets, targets, scale, low, high, x):
    """How much replacing a copy of r by a copy of s lowers the error."""
    gain = remove_gain(r, offsets, targets, scale, low, high, x)
    shift(r, offsets, targets, x, -1.0)
    for i in range(offsets[s], offsets[s + 1]):
        t = targets[i]
        gain += scale[t] * (_d(x[t], low[t], high[t]) - _d(x[t] + 1, low[t], high[t]))
    shift(r, offsets, targets, x, 1.0)
    return gain


@njit(cache=True, inline="always")
def _d(x, low, high):
    return low - x if x < low else (x - high if x > high else 0.0)


@njit(cache=True)
def _gain(kind, r, s, offsets, targets, scale, low, high, x, exact):
    if kind == SWAP:
        return _swap_gain(r, s, offsets, targets, scale, low, high, x)
    if kind == REMOVE:
        return remove_gain(r, offsets, targets, scale, low, high, x)
    return add_gain(s, offsets, targets, scale, low, high, x, exact)


@njit(cache=True)
def _apply(kind, r, s, offsets, targets, x, copies):
    if kind != ADD:
        copies[r] -= 1
        shift(r, offsets, targets, x, -1.0)
    if kind != REMOVE:
        copies[s] += 1
        shift(s, offsets, targets, x, 1.0)


@njit(cache=True)
def repair(starts, items, offsets, targets, target_starts, target_records, single_target_of, scale, low, high,
           exact, copies, x, attribute_hashes):
    """Meet the exact single-value targets (single_target_of[a]: the target of attribute a, or -1)
    with the best moves first, lazily re-evaluated: values over target first (drop the value from
    a copy, or remove the copy), then values under (add the value to a copy, or add a record that
    fits under every exact target). Updates copies and x (the targets' counts)."""
    hashes = record_hashes(starts, items, attribute_hashes)
    index = hash_index(hashes)
    for over in (True, False):
        heap = [(0.0, 0, 0, 0, 0)]
        heap.pop()
        for a in range(len(single_target_of)):
            t = single_target_of[a]
            if t < 0 or not exact[t] or (x[t] <= high[t] if over else x[t] >= low[t]):
                continue
            for i in range(target_starts[t], target_starts[t + 1]):
                holder = target_records[i]
                if over:
                    if copies[holder] == 0:
                        continue
                    smaller = neighbour(starts, items, hashes, index, attribute_hashes, holder, a, False)
                    kind, r, s = (SWAP, holder, smaller) if smaller != NOT_FOUND else (REMOVE, holder, holder)
                else:
                    smaller = neighbour(starts, items, hashes, index, attribute_hashes, holder, a, False)
                    if smaller != NOT_FOUND and copies[smaller] > 0:
                        gain = _gain(SWAP, smaller, holder, offsets, targets, scale, low, high, x, exact)
                        heap.append((-gain, SWAP, smaller, holder, t))
                    kind, r, s = ADD, holder, holder
                gain = _gain(kind, r, s, offsets, targets, scale, low, high, x, exact)
                if gain > -np.inf:  # an addition that would exceed an exact target is no move
                    heap.append((-gain, kind, r, s, t))
        heapq.heapify(heap)
        while len(heap):
            _, kind, r, s, t = heapq.heappop(heap)
            if (x[t] <= high[t]) if over else (x[t] >= low[t]):
                continue
            if kind != ADD and copies[r] == 0:
                continue
            gain = _gain(kind, r, s, offsets, targets, scale, low, high, x, exact)
            if gain == -np.inf:
                continue
            if len(heap) and gain < -heap[0][0]:
                heapq.heappush(heap, (-gain, kind, r, s, t))
                continue
            _apply(kind, r, s, offsets, targets, x, copies)
            heapq.heappush(heap, (-gain, kind, r, s, t))
