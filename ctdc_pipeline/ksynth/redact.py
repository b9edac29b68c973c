"""Step 1 (mode "row_seeded"): each sensitive record keeps a random subset of its values, grown
one value at a time, each pick weighted by support(kept + value) among the values that keep
support >= k. The copies of one distinct profile walk down a tree of kept subsets together:
at each node every copy draws its pick, and copies that drew the same value go on together.

Profiles are redacted in parallel lanes, each with its own cache; a profile draws from its own
random stream and writes to its own slots of the output, so the result is the same whatever the
number of threads or lanes."""

import numpy as np
from numba import njit

from .draws import restart, weighted_pick
from .supports import supports_and_holders, trailing_zeros

# Local tables are built from scans at this combination length and deeper (shallower
# combinations are shared by many profiles and stay in the cache), and only from scans of at
# most this many profiles.
LOCAL_TABLE_FROM_LENGTH = 3
LOCAL_TABLE_SIZE = 1 << 16
# A node is a bitmask over a profile's positions.
MAX_PROFILE_VALUES = 64


def redact_slots(index, k):
    """Where each profile's records go: profile p owns record slots first_record[p] ..
    first_record[p + 1] - 1 and ids from first_item[p]. A profile held k times or more is kept
    whole, once with its weight; a rarer one leaves at most one record per copy."""
    lengths = np.diff(index.starts)
    if lengths.max(initial=0) > MAX_PROFILE_VALUES:
        raise ValueError(f"a record holds {lengths.max()} values; the synthesizer handles at most "
                         f"{MAX_PROFILE_VALUES}")
    copies = np.where(index.weights >= k, 1, index.weights)
    return (np.concatenate([[0], np.cumsum(copies)]).astype(np.int64),
            np.concatenate([[0], np.cumsum(copies * lengths)]).astype(np.int64))


def new_records(n_records, n_items):
    """Records as (first id, length, copies) in slots over one id array, plus the counts of
    slots and ids used when appended: a slot left with 0 copies holds no record."""
    return (np.zeros(n_records, dtype=np.int64), np.zeros(n_records, dtype=np.int64),
            np.zeros(n_records, dtype=np.int64), np.empty(n_items, dtype=np.int32),
            np.zeros(2, dtype=np.int64))


def redact_profiles(index, memos, k, seed, first, last, slots, out, pool):
    """Redact profiles first..last-1 into their slots of `out`: lane i (a thread of `pool`; the
    compiled loop runs without the GIL) takes every len(memos)-th profile from first + i, with
    cache memos[i]."""
    lanes = len(memos)
    done = [pool.submit(redact_lane, index, memos[lane], k, seed, first + lane, last, lanes, slots, out,
                        LOCAL_TABLE_FROM_LENGTH)
            for lane in range(lanes)]
    for lane in done:
        lane.result()


@njit(cache=True, nogil=True)
def redact_lane(index, memo, k, seed, first, last, step, slots, out, table_from_length):
    """Redact profiles first, first + step, ... < last. A node of a profile's walk is the set
    of its positions kept so far, as a bitmask. Supports come from the shared cache while it
    has them; the first scan past the shallow levels also keeps the profiles it found as
    bitmasks over the profile's own positions (its local table), and the nodes below it sum
    that table instead of scanning again."""
    width = 1
    for p in range(first, last, step):
        width = max(width, index.starts[p + 1] - index.starts[p])
    depth = width * k + 1
    stack_kept = np.empty(depth, dtype=np.uint64)
    stack_copies = np.empty(depth, dtype=np.int64)
    stack_hash = np.empty(depth, dtype=np.int64)
    # where the ring holds the profiles of the node's nearest ancestor that has them
    stack_rows = np.empty((depth, 2), dtype=np.int64)
    combo = np.empty(width, dtype=np.int32)
    support = np.empty(width, dtype=np.int64)
    weights = np.empty(width, dtype=np.float64)
    drawn = np.empty(width, dtype=np.int64)
    table_masks = np.empty(LOCAL_TABLE_SIZE, dtype=np.uint64)
    table_weights = np.empty(LOCAL_TABLE_SIZE, dtype=np.int64)
    state = np.zeros(1, dtype=np.uint64)
    first_record, first_item = slots
    for p in range(first, last, step):
        start, end, weight = index.starts[p], index.starts[p + 1], index.weights[p]
        own, m = index.items[start:end], end - start
        record, item_at = first_record[p], first_item[p]
        if weight >= k:
            # every subset of a profile held k times is held >= k times: all values stay
            emit(out, record, item_at, own, weight)
            continue
        restart(state, seed, p)
        table_root, table_size = np.uint64(0), -1
        top = 0
        stack_kept[0], stack_copies[0], stack_hash[0] = 0, weight, 0
        stack_rows[0, 0], stack_rows[0, 1] = -1, 0
        while top >= 0:
            kept, n_copies, combo_hash = stack_kept[top], stack_copies[top], stack_hash[top]
            rows = (stack_rows[top, 0], stack_rows[top, 1])
            top -= 1
            length = 0
            for i in range(m):
                if (kept >> np.uint64(i)) & np.uint64(1):
                    combo[length] = own[i]
                    length += 1
            if table_size >= 0 and kept & table_root == table_root:
                _table_supports(table_masks, table_weights, table_size, kept, m, support)
            else:
                room = table_masks if length >= table_from_length else table_masks[:0]
                vector, own_rows, found = supports_and_holders(index, memo, combo, length, combo_hash, rows,
                                                               own, room, table_weights)
                if own_rows[0] >= 0:
                    rows = own_rows
                for i in range(m):
                    support[i] = vector[own[i]]
                if found >= 0:
                    table_root, table_size = kept, found
            for i in range(m):
                taken = (kept >> np.uint64(i)) & np.uint64(1)
                weights[i] = support[i] if not taken and support[i] >= k else 0.0
                drawn[i] = 0
            picked = 0
            for _ in range(n_copies):
                pick = weighted_pick(weights, m, state)
                if pick < 0:
                    break
                drawn[pick] += 1
                picked += 1
            if picked == 0:
                if length > 0:
                    emit(out, record, item_at, combo[:length], n_copies)
                    record, item_at = record + 1, item_at + length
                continue
            for i in range(m):
                if drawn[i] > 0:
                    top += 1
                    stack_kept[top] = kept | (np.uint64(1) << np.uint64(i))
                    stack_copies[top] = drawn[i]
                    stack_hash[top] = combo_hash ^ index.hashes[own[i]]
                    stack_rows[top, 0], stack_rows[top, 1] = rows


@njit(cache=True, inline="always")
def _table_supports(masks, weights, size, kept, m, support):
    """support[i] = support(kept + position i) from a local table whose root kept contains."""
    support[:m] = 0
    for j in range(size):
        mask = masks[j]
        if mask & kept == kept:
            rest = mask & ~kept
            while rest:
                support[trailing_zeros(rest)] += weights[j]
                rest &= rest - np.uint64(1)


@njit(cache=True)
def emit(out, slot, at, record, n_copies):
    """Write a record held `n_copies` times to slot `slot` of `out`, its ids from `at`."""
    firsts, lengths, copies, items, _ = out
    items[at:at + len(record)] = record
    firsts[slot], lengths[slot], copies[slot] = at, len(record), n_copies


@njit(cache=True)
def append(out, record, n_copies):
    """Write a record to the next free slot of `out`."""
    counts = out[4]
    emit(out, counts[0], counts[1], record, n_copies)
    counts[0], counts[1] = counts[0] + 1, counts[1] + len(record)
