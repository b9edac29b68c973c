"""The fit's first stage: a greedy integer start, raking toward the published figures, and
systematic rounding back to whole records."""

import heapq

import numpy as np
from numba import njit, prange

# Raking rounds, and the weight every pool record the greedy start left out begins with (it must
# be positive for raking to reach it).
RAKING_ROUNDS = 200
UNCHOSEN_WEIGHT = 0.1


@njit(cache=True, inline="always")
def distance(x, low, high):
    """How far a count lies outside a target's interval."""
    if x < low:
        return low - x
    if x > high:
        return x - high
    return 0.0


@njit(cache=True)
def add_gain(r, offsets, targets, scale, low, high, x, exact):
    """How much one more copy of record r lowers the error; -inf when it would exceed an exact
    target."""
    gain = 0.0
    for i in range(offsets[r], offsets[r + 1]):
        t = targets[i]
        if exact[t] and x[t] + 1 > high[t]:
            return -np.inf
        gain += scale[t] * (distance(x[t], low[t], high[t]) - distance(x[t] + 1, low[t], high[t]))
    return gain


@njit(cache=True)
def remove_gain(r, offsets, targets, scale, low, high, x):
    """How much one copy fewer of record r lowers the error."""
    gain = 0.0
    for i in range(offsets[r], offsets[r + 1]):
        t = targets[i]
        gain += scale[t] * (distance(x[t], low[t], high[t]) - distance(x[t] - 1, low[t], high[t]))
    return gain


@njit(cache=True)
def shift(r, offsets, targets, x, copies):
    for i in range(offsets[r], offsets[r + 1]):
        x[targets[i]] += copies


@njit(cache=True)
def greedy_start(offsets, targets, scale, low, high, exact, n_targets):
    """Copies of pool records, added one at a time, each time the record whose copy lowers the
    error most (lazily re-evaluated: a record's gain only falls as counts grow), while any does
    and no exact target is exceeded."""
    n = len(offsets) - 1
    counts = np.zeros(n_targets, dtype=np.float64)
    copies = np.zeros(n, dtype=np.int64)
    heap = [(-add_gain(r, offsets, targets, scale, low, high, counts, exact), r) for r in range(n)]
    heapq.heapify(heap)
    while len(heap):
        negative, r = heapq.heappop(heap)
        if -negative <= 0:
            break
        gain = add_gain(r, offsets, targets, scale, low, high, counts, exact)
        if gain <= 0:
            continue
        if len(heap) and gain < -heap[0][0]:
            heapq.heappush(heap, (-gain, r))
            continue
        copies[r] += 1
        shift(r, offsets, targets, counts, 1.0)
        heapq.heappush(heap, (-gain, r))
    return copies


@njit(cache=True, parallel=True)
def _totals(target_starts, target_records, weights, out):
    for t in prange(len(target_starts) - 1):
        total = 0.0
        for i in range(target_starts[t], target_starts[t + 1]):
            total += weights[target_records[i]]
        out[t] = total


@njit(cache=True, parallel=True)
def rake(offsets, targets, target_starts, target_records, value, importance, weights, rounds):
    """Generalised iterative scaling: each round multiplies every record's weight by the
    importance-weighted geometric mean, over its targets, of value / current count. Returns the
    counts of the final weights."""
    n_targets = len(value)
    counts = np.zeros(n_targets)
    step = np.zeros(n_targets)
    spread = np.zeros(len(weights))
    for r in prange(len(weights)):
        for i in range(offsets[r], offsets[r + 1]):
            spread[r] += importance[targets[i]]
    for _ in range(rounds):
        _totals(target_starts, target_records, weights, counts)
        for t in prange(n_targets):
            step[t] = importance[t] * np.log(value[t] / counts[t]) if counts[t] > 0 and value[t] > 0 else 0.0
        for r in prange(len(weights)):
            if spread[r] > 0:
                total = 0.0
                for i in range(offsets[r], offsets[r + 1]):
                    total += step[targets[i]]
                weights[r] *= np.exp(total / spread[r])
    _totals(target_starts, target_records, weights, counts)
    return counts


def systematic_rounding(weights, rng):
    """Whole copies whose sum is the weights' sum rounded, each record's count its weight rounded
    up or down: the cumulative weights, in a random order of the records, cut at a random offset
    and every whole step after it."""
    order = rng.permutation(len(weights))
    cut = np.floor(np.cumsum(weights[order]) + rng.random())
    copies = np.empty(len(weights), dtype=np.int64)
    copies[order] = np.diff(np.concatenate([[0.0], cut])).astype(np.int64)
    return copies
