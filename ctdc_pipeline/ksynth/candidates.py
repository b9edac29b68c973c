"""Candidate records for mode "fitted" (see ctdc_pipeline.fitting): every one has support >= k,
checked against the sensitive records like every record the synthesizer makes.

- `walks_from`: from each combination (the reportable ones), a walk that keeps adding a value
  from an unused column, picked with weight support(record + value) among those that keep
  support >= k, until none does: a typical record holding the combination, so every reportable
  combination has a record that can carry it.
- `repair_candidates`: for the fit's repair, the chosen records without a value that is over
  its target (sub-records: their support is at least the record's), the chosen records with a
  value that is under its target where support stays >= k, and records built from the values
  under target alone (step 2 of the synthesizer)."""

import numpy as np
from numba import njit

from .draws import new_stream, restart, weighted_pick
from .redact import new_records
from .supports import extension_supports, insert_sorted
from .synthesize import synthesize_records

# Extension candidates are written in batches of (at most) this many.
EXTENSIONS_PER_BATCH = 1 << 20


@njit(cache=True)
def _close(record, length, a, column_of, column_start, column_end, is_multi, allowed):
    """Mark what a record holding `a` can no longer take: a itself, or a's whole column."""
    if is_multi[a]:
        allowed[a] = False
    else:
        c = column_of[a]
        allowed[column_start[c]:column_end[c]] = False


@njit(cache=True)
def walks_from(index, memo, k, seed, seeds_starts, seeds_items, column_of, column_start, column_end, is_multi,
               out_starts, out_items):
    """One walk from each seed combination (CSR of sorted ids, each with support >= k), written as
    a record to out_starts/out_items. Returns how many ids were written."""
    n_attributes = len(index.singles)
    weights = np.empty(n_attributes, dtype=np.float64)
    candidates = np.empty(n_attributes, dtype=np.int32)
    allowed = np.empty(n_attributes, dtype=np.bool_)
    record = np.empty(len(column_start) + n_attributes, dtype=np.int32)
    state = np.zeros(1, dtype=np.uint64)
    at = 0
    for s in range(len(seeds_starts) - 1):
        restart(state, seed, s)
        allowed[:] = True
        length, record_hash = 0, 0
        for i in range(seeds_starts[s], seeds_starts[s + 1]):
            a = seeds_items[i]
            insert_sorted(record, length, a)
            length += 1
            record_hash ^= index.hashes[a]
            _close(record, length, a, column_of, column_start, column_end, is_multi, allowed)
        rows = (-1, 0)
        while length > 0:
            supports, own_rows = extension_supports(index, memo, record, length, record_hash, rows)
            if own_rows[0] >= 0:
                rows = own_rows
            n = 0
            for a in range(n_attributes):
                if allowed[a] and supports[a] >= k:
                    candidates[n] = a
                    weights[n] = supports[a]
                    n += 1
            if n == 0:
                break
            a = candidates[weighted_pick(weights, n, state)]
            insert_sorted(record, length, a)
            length += 1
            record_hash ^= index.hashes[a]
            _close(record, length, a, column_of, column_start, column_end, is_multi, allowed)
        out_items[at:at + length] = record[:length]
        at += length
        out_starts[s + 1] = at
    return at


@njit(cache=True)
def _extensions(index, memo, k, starts, items, copies, under, column_of, column_start, column_end, is_multi,
                first, out_starts, out_items):
    """Each chosen record (copies > 0) from record `first` on, plus each value under target
    (under > 0) it can take with support >= k, as records, until the output is full. Returns
    (records, ids) written and the record to go on from (len(starts) - 1 when done)."""
    n_attributes = len(index.singles)
    allowed = np.empty(n_attributes, dtype=np.bool_)
    record = np.empty(len(column_start) + n_attributes, dtype=np.int32)
    n_out, at = 0, 0
    width = len(column_start) + n_attributes
    for r in range(first, len(starts) - 1):
        if n_out + width >= len(out_starts) or at + width * (width + 1) >= len(out_items):
            return n_out, at, r
        if copies[r] == 0:
            continue
        allowed[:] = True
        length, record_hash = 0, 0
        for i in range(starts[r], starts[r + 1]):
            record[length] = items[i]
            length += 1
            record_hash ^= index.hashes[items[i]]
            _close(record, length, items[i], column_of, column_start, column_end, is_multi, allowed)
        takes_one = False
        for a in range(n_attributes):
            if under[a] > 0 and allowed[a]:
                takes_one = True
                break
        if not takes_one:
            continue
        supports, _ = extension_supports(index, memo, record, length, record_hash, (-1, 0))
        for a in range(n_attributes):
            if under[a] > 0 and allowed[a] and supports[a] >= k:
                out_items[at:at + length] = record[:length]
                insert_sorted(out_items[at:], length, a)
                at += length + 1
                n_out += 1
                out_starts[n_out] = at
    return n_out, at, len(starts) - 1


@njit(cache=True)
def _without(starts, items, copies, over, out_starts, out_items):
    """Each chosen record without each of its values over target (over > 0), non-empty ones."""
    n_out, at = 0, 0
    for r in range(len(starts) - 1):
        if copies[r] == 0 or starts[r + 1] - starts[r] < 2:
            continue
        for i in range(starts[r], starts[r + 1]):
            if over[items[i]] <= 0:
                continue
            for j in range(starts[r], starts[r + 1]):
                if j != i:
                    out_items[at] = items[j]
                    at += 1
            n_out += 1
            out_starts[n_out] = at
    return n_out, at


def repair_candidates(index, memo, k, encoding, pool, copies, over, under, seed):
    """(starts, items) of the candidates the fit's repair may use (see the module docstring):
    over/under[a] is how far value a's count is above/below its target."""
    chosen = copies > 0
    lengths = np.diff(pool.starts)
    room = int((lengths[chosen] - 1).clip(0).sum()) + 1
    starts, items = np.zeros(room + 1, np.int64), np.empty(int((lengths[chosen] ** 2).sum()) + 1, np.int32)
    n, at = _without(pool.starts, pool.items, copies, over, starts, items)
    parts = [(starts[:n + 1], items[:at])]
    e = encoding
    if under.sum() > 0:
        first, width = 0, len(e.column_start) + e.n_attributes
        while first < len(pool):
            starts = np.zeros(EXTENSIONS_PER_BATCH + width + 1, np.int64)
            items = np.empty(EXTENSIONS_PER_BATCH * 16 + 2 * width * (width + 1), np.int32)
            n, at, first = _extensions(index, memo, k, pool.starts, pool.items, copies, under,
                                       e.column_of, e.column_start, e.column_end, e.is_multi, first, starts,
                                       items)
            parts.append((starts[:n + 1], items[:at]))
        deficit = under.astype(np.int64).copy()
        out = new_records(int(deficit.sum()), int(deficit.sum()))
        synthesize_records(index, memo, k, new_stream(seed), deficit, e.column_of, e.column_start,
                           e.column_end, e.is_multi, int(deficit.sum()), out)
        _, own, _, ids, used = out
        # appended records lie one after the other from the start of ids
        starts = np.concatenate([[0], np.cumsum(own[:int(used[0])])]).astype(np.int64)
        parts.append((starts, ids[:int(used[1])].astype(np.int32)))
    return parts
