"""Mode "fitted": the synthesizer's records, and other records with support >= k, fitted to the
reportable aggregates, the published figures (ctdc_pipeline.fitting does the fitting).

A reported count c says the true count lies in [c, c + k - 1]. The fit aims a little above c
(AIM of the way up: the true counts crowd at the bottom of the interval, since smaller counts
are more common, and researchers compare with c itself) and counts anything up to the middle of
the interval as agreeing with the figure; single values must equal c exactly (count equality),
and the record total is aimed at c. Nothing but the published figures is fitted to: the sensitive
records serve only, as in every mode, to check that each candidate record has support >= k."""

import time

import numpy as np
from numba import njit

from ctdc_pipeline.fitting import FitProblem, Records, Targets
from ctdc_pipeline.fitting.repair import attribute_hashes, record_hashes

from .candidates import repair_candidates, walks_from
from .encoding import Encoding, _distinct_rows
from .supports import build_index, new_memo

AIM = 0.1


def aggregate_targets(encoding, aggregates, k):
    """Targets from reportable aggregates: (combination, reported count) pairs, a combination
    being (column, value as text) pairs (none for the record total)."""
    ids = {}
    for a, value in enumerate(encoding.values):
        ids[(encoding.names[encoding.column_of[a]], str(value))] = a
    sets, counts = [], []
    for combination, count in aggregates:
        try:
            sets.append(sorted(ids[(column, str(value))] for column, value in combination))
        except KeyError as missing:
            raise ValueError(f"a reportable aggregate names a value the records do not hold: {missing}") \
                from None
        counts.append(float(count))
    counts = np.array(counts)
    lengths = np.array([len(s) for s in sets])
    if (counts < k).any() or (counts % k != 0).any():
        raise ValueError("reportable counts must be positive multiples of k")
    value = np.where(lengths >= 2, counts + AIM * (k - 1), counts)
    high = np.select([lengths == 0, lengths == 1], [counts + k - 1, counts], counts + (k - 1) // 2)
    return Targets(Records.of(sets), value, counts.copy(), high.astype(np.float64), lengths == 1)


def fit_to_aggregates(table, seeded, aggregates, k=10, seed=0, multi_value=None, progress=None):
    """Records with the table's columns: `seeded` (records the synthesizer made from `table`) and
    walks from the reportable combinations, as many copies of each as fit `aggregates` (see
    aggregate_targets). Every record has support >= k in `table`; every single value's count is
    its reported count."""
    encoding = Encoding(table, multi_value or {})
    starts, items = fit_records(encoding, list(encoding.encode(seeded)), aggregates, k, seed, progress)
    return encoding.decode(starts, items, table.schema)


def fit_records(encoding, seeded, aggregates, k, seed, progress=None):
    """fit_to_aggregates on encoded records: (starts, items) of the fitted records. `seeded` is
    the list [starts, items] of the synthesizer's records; it is emptied once the candidates hold
    them (at 100x they are a gigabyte the caller would otherwise keep through the fit)."""
    started = time.perf_counter()

    def report(message):
        if progress is not None:
            progress(f"k-synthesis fit: {message}, {time.perf_counter() - started:.1f}s elapsed")

    index = build_index(encoding)
    width = int(np.diff(encoding.profile_starts).max(initial=0))
    memo = new_memo(encoding.n_attributes, width, len(encoding.profile_weights))
    targets = aggregate_targets(encoding, aggregates, k)
    rng = np.random.Generator(np.random.PCG64(seed))
    pool = _pool(encoding, index, memo, k, Records(*seeded), targets, int(rng.integers(0, 2**63)))
    seeded.clear()
    report(f"{len(pool):,} candidate records for {len(targets.value):,} reportable figures")
    problem = FitProblem(pool, targets, encoding.n_attributes)
    del pool
    copies = problem.solve(int(rng.integers(0, 2**63)))
    report(f"raked and rounded to {int(copies.sum()):,} records")
    over, under = off_target(problem, copies, encoding.n_attributes)
    parts = repair_candidates(index, memo, k, encoding, problem.pool, copies, over, under,
                              int(rng.integers(0, 2**63)))
    # the support index and cache go before the incidence grows: together they make the peak
    del index, memo
    added = Records(np.zeros(1, np.int64), np.zeros(0, np.int32))
    for starts, items in parts:
        added = added.concat(Records(starts, items))
    del parts
    problem.add(added)
    copies = problem.repair(copies)
    over, under = off_target(problem, copies, encoding.n_attributes)
    if over.any() or under.any():
        raise AssertionError("the fit left a value's count unequal to its reported count")
    report(f"repaired: {int(copies.sum()):,} records")
    return expand_records(problem.pool, copies)


def _pool(encoding, index, memo, k, seeded, targets, seed):
    """The distinct candidate records: the seeded ones, a walk from every reportable combination,
    and every reportable value alone."""
    combinations = targets.combinations
    lengths = combinations.lengths()
    e = encoding
    longest_record = len(e.column_start) + int(e.is_multi.sum())
    walk_starts = np.zeros(len(lengths) + 1, np.int64)
    walk_items = np.empty(len(lengths) * longest_record + 1, np.int32)
    at = walks_from(index, memo, k, seed, combinations.starts, combinations.items, e.column_of,
                    e.column_start, e.column_end, e.is_multi, walk_starts, walk_items)
    singles = np.flatnonzero(lengths == 1)
    parts = [seeded, Records(walk_starts, walk_items[:at]),
             Records(np.arange(len(singles) + 1, dtype=np.int64),
                     combinations.items[combinations.starts[singles]].astype(np.int32))]
    records = parts[0].concat(parts[1]).concat(parts[2])
    return distinct_records(records)


def distinct_records(records):
    """The distinct non-empty records, in lexicographic order of their ids. Duplicates go first,
    by hash (most of the synthesizer's records repeat others), so that only the distinct ones are
    laid out as a matrix and sorted: at 100x the matrix of every record would be gigabytes."""
    nonempty = np.flatnonzero(records.lengths() > 0)
    hashes = record_hashes(records.starts, records.items,
                           attribute_hashes(int(records.items.max(initial=-1)) + 1))
    by_hash = nonempty[np.argsort(hashes[nonempty], kind="stable")]
    firsts = _first_of_each(records.starts, records.items, by_hash, hashes)
    lengths = records.lengths()[firsts]
    matrix = _padded(records.starts, records.items, firsts, max(int(lengths.max(initial=0)), 1))
    distinct, _ = _distinct_rows(matrix)
    held = distinct != PAD
    return Records(np.concatenate([[0], np.cumsum(held.sum(axis=1))]).astype(np.int64), distinct[held])


PAD = np.iinfo(np.int32).max


@njit(cache=True)
def _same(starts, items, a, b):
    if starts[a + 1] - starts[a] != starts[b + 1] - starts[b]:
        return False
    for i in range(starts[a + 1] - starts[a]):
        if items[starts[a] + i] != items[starts[b] + i]:
            return False
    return True


@njit(cache=True)
def _first_of_each(starts, items, order, hashes):
    """The first record of each distinct one, `order` holding the records by hash."""
    firsts = np.empty(len(order), np.int64)
    n = group = 0  # firsts[group:n]: the distinct records of the current hash
    for j in range(len(order)):
        r = order[j]
        if j == 0 or hashes[r] != hashes[order[j - 1]]:
            group = n
        new = True
        for q in range(group, n):
            if _same(starts, items, r, firsts[q]):
                new = False
                break
        if new:
            firsts[n] = r
            n += 1
    return firsts[:n]


@njit(cache=True)
def _padded(starts, items, rows, width):
    """The records `rows` as a matrix, one a row, padded with PAD."""
    matrix = np.full((len(rows), width), PAD, np.int32)
    for j in range(len(rows)):
        r = rows[j]
        for i in range(starts[r + 1] - starts[r]):
            matrix[j, i] = items[starts[r] + i]
    return matrix


def off_target(problem, copies, n_attributes):
    """How far each value's count is above and below its (exact) target."""
    counts = problem.counts(copies)
    over, under = np.zeros(n_attributes), np.zeros(n_attributes)
    held = problem.single_target_of >= 0
    t = problem.single_target_of[held]
    over[held] = np.maximum(counts[t] - problem.targets.high[t], 0)
    under[held] = np.maximum(problem.targets.low[t] - counts[t], 0)
    return over, under


def expand_records(pool, copies):
    """The records, each as many times as its copies (CSR)."""
    lengths = pool.lengths()
    starts = np.zeros(int(copies.sum()) + 1, np.int64)
    starts[1:] = np.cumsum(np.repeat(lengths, copies))
    return starts, _copied(pool.starts, pool.items, copies, starts)


@njit(cache=True)
def _copied(pool_starts, pool_items, copies, starts):
    """The items of the records, record r copies[r] times, laid out as `starts` says."""
    items = np.empty(starts[-1], np.int32)
    out = 0
    for r in range(len(copies)):
        for _ in range(copies[r]):
            for i in range(pool_starts[r], pool_starts[r + 1]):
                items[starts[out] + i - pool_starts[r]] = pool_items[i]
            out += 1
    return items
