"""Synthetic records from the DP aggregates alone (post-processing: the sensitive records are
never read, so a public seed is fine here).

Records are built one value at a time, as SDS's aggregate-seeded synthesis does, from what the
published counts leave: a record starts from a value with some published count left, and grows
by values of unused columns while every combination (up to length 3) the new value makes with
the record's values is published and has some of its count left, each candidate weighted by
the least count left among those combinations. Longer records use up pairs and triples faster;
a record stops when no value can join it. Given a record total, the issue-21 fit
(`ctdc_pipeline.fitting`) then chooses how many copies of each record to publish, among the
distinct records of this build and of one more, so that the counts of every published
combination and the record total come as near their published figures as it can; its repair,
which meets the single values, may also take a value out of a chosen record or add one to it
where every pair and triple the record then holds is published. So

- every value's synthetic count equals its published count exactly (the fit meets the single
  values exactly: each is in its pool as a record of its own);
- no record holds a combination of up to L values that the aggregates do not publish (every
  record in the pool was built from published combinations only).
"""

import numpy as np
import pyarrow as pa
from numba import njit

from ..fitting import FitProblem, Records, Targets
from ..ksynth.fitted import distinct_records, expand_records, off_target
from .combinations import unpack

MAX_LENGTH = 3
BIG = np.iinfo(np.int64).max
# builds from further seeds whose records join the fit's pool
EXTRA_BUILDS = 1
# extensions of the chosen records the repair may use, per value under its count
PER_VALUE = 2000
# Raking weights (see ctdc_pipeline.fitting). The published pairs and triples hold fewer values than
# the true ones (small ones are suppressed), so records that keep to them are short and many; a
# heavier record total and single values (met exactly anyway) trade some pair accuracy for a
# record total near the published one (scripts/bench_dp.py).
TOTAL_WEIGHT = 30.0
EXACT_WEIGHT = 3.0


def synthesize(aggregates, domain, seed=0, target_records=None):
    """aggregates: consistency.Aggregates (lengths 1..L, L <= 3). Returns an Arrow table with the
    domain's columns (text values, null for missing), rows ordered by their values column by
    column (codebook value order, missing last)."""
    if len(aggregates.lengths) > MAX_LENGTH:
        raise ValueError(f"DP synthesis builds records from combinations of up to {MAX_LENGTH} values, "
                         f"not {len(aggregates.lengths)}")
    n = domain.size
    singles = np.zeros(n, dtype=np.int64)
    keys, counts = aggregates.counts_of(1)
    singles[unpack(keys, 1, aggregates.bits)[:, 0]] = counts
    pairs = np.zeros((n, n), dtype=np.int64)
    if len(aggregates.lengths) >= 2:
        keys, counts = aggregates.counts_of(2)
        ids = unpack(keys, 2, aggregates.bits)
        pairs[ids[:, 0], ids[:, 1]] = counts
        pairs[ids[:, 1], ids[:, 0]] = counts
    use_triples = len(aggregates.lengths) >= 3
    if use_triples:
        keys, counts = aggregates.counts_of(3)
        triples = unpack(keys, 3, aggregates.bits)
    else:
        triples, counts = np.zeros((0, 3), np.int32), np.zeros(0, np.int64)
    counts = counts.astype(np.int64)
    starts, thirds, triple_of = _triple_index(triples, n)
    column_of = domain.column_of.astype(np.int64)

    def build(build_seed):
        return Records(*_build(singles, pairs, use_triples, starts, thirds, triple_of, counts, column_of,
                               len(domain.columns), build_seed))

    built = build(int(seed))
    record_starts, items = built.starts, built.items
    if target_records is not None:
        for k in range(EXTRA_BUILDS):  # builds from other seeds give the fit more candidates to choose among
            built = built.concat(build(int(seed) + 3 + k))
        published = (pairs, len(aggregates.lengths) >= 2, use_triples, starts, thirds, column_of)
        record_starts, items = fit_to_aggregates(built, aggregates, n, int(target_records), int(seed) + 2,
                                                 published)
    return decode(record_starts, items, domain)


def fit_to_aggregates(built, aggregates, n, total, seed, published_index):
    """Refit the built records to the published aggregates with the issue-21 fit: the pool is the
    distinct built records (each holds published combinations only) and every published value as a
    record of its own (so the single values are met exactly); targets are every published
    combination's count and the record total. Post-processing of the aggregates only.
    published_index: synthesize's (pair counts, whether pairs and triples are published, the
    triple index, column_of), for the repair's neighbours. Returns the records (CSR starts, items)."""
    published, counts = [], [np.array([total])]
    for length in range(1, len(aggregates.lengths) + 1):
        keys, length_counts = aggregates.counts_of(length)
        published.append(unpack(keys, length, aggregates.bits))
        counts.append(length_counts)
    built = Records(built.starts, _sorted_within(built.starts, built.items))
    pool = distinct_records(built.concat(_of_rows(published[0])))
    combinations = Records(np.zeros(2, np.int64), np.zeros(0, np.int32))  # the record total
    for ids in published:
        combinations = combinations.concat(_of_rows(ids))
    value = np.concatenate(counts).astype(float)
    # the single values are met exactly; the record total and the longer combinations as near as may be
    exact = np.repeat([False, True, *[False] * (len(published) - 1)], [1, *map(len, published)])
    problem = FitProblem(pool, Targets(combinations, value, value.copy(), value.copy(), exact), n,
                         total_weight=TOTAL_WEIGHT, exact_weight=EXACT_WEIGHT)
    copies = problem.solve(seed)
    over, under = off_target(problem, copies, n)
    chosen = np.flatnonzero(copies > 0)
    most_copied_first = chosen[np.argsort(-copies[chosen], kind="stable")]
    problem.add(Records(*_neighbours(problem.pool.starts, problem.pool.items, most_copied_first, over > 0,
                                     under > 0, *published_index, PER_VALUE)))
    return expand_records(problem.pool, problem.repair(copies))


@njit(cache=True)
def _neighbours(starts, items, chosen, over, under, pairs, use_pairs, use_triples, triple_starts, thirds,
                column_of, per_value):
    """Records the repair can move to instead of adding or removing whole records: each chosen
    record (most copied first) without a value over its count, and with a value under its count
    (up to per_value records a value) where every pair and triple it then holds is published, so
    the record still holds published combinations only."""
    out_items = []
    out_starts = [0]
    n = len(under)
    made = np.zeros(n, np.int64)
    used = np.zeros(column_of.max() + 1, np.bool_)
    for r in chosen:
        record = items[starts[r]:starts[r + 1]]
        for v in record:
            if over[v]:
                for u in record:
                    if u != v:
                        out_items.append(u)
                out_starts.append(len(out_items))
        used[:] = False
        for u in record:
            used[column_of[u]] = True
        for v in range(n):
            if not under[v] or made[v] >= per_value or used[column_of[v]]:
                continue
            ok = True
            for i in range(len(record)):
                if use_pairs and pairs[v, record[i]] <= 0:
                    ok = False
                    break
                if use_triples:
                    for j in range(i + 1, len(record)):
                        if not _triple_published(triple_starts, thirds, n, record[i], record[j], v):
                            ok = False
                            break
                    if not ok:
                        break
            if ok:
                made[v] += 1
                inserted = False
                for u in record:
                    if not inserted and v < u:
                        out_items.append(v)
                        inserted = True
                    out_items.append(u)
                if not inserted:
                    out_items.append(v)
                out_starts.append(len(out_items))
    return np.array(out_starts, np.int64), np.array(out_items, np.int32)


@njit(cache=True)
def _triple_published(triple_starts, thirds, n, a, b, c):
    """Whether the triple of values a, b and c is published (_triple_index's CSR, a != b)."""
    if a > b:
        a, b = b, a
    for e in range(triple_starts[a * n + b], triple_starts[a * n + b + 1]):
        if thirds[e] == c:
            return True
    return False


def _of_rows(ids):
    """Records of a matrix's rows (combinations of one length)."""
    return Records(np.arange(len(ids) + 1, dtype=np.int64) * ids.shape[1], ids.ravel().astype(np.int32))


def _sorted_within(starts, items):
    """Each record's items in ascending order (the fit's records are sorted sets)."""
    record = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    return items[np.lexsort((items, record))]


def _triple_index(triples, n):
    """For every pair of values, the published triples holding it: CSR over the pair's dense
    index a * n + b (a < b): the third value and the triple's row."""
    if len(triples) == 0:
        return np.zeros(n * n + 1, np.int64), np.zeros(0, np.int32), np.zeros(0, np.int64)
    rows = np.arange(len(triples), dtype=np.int64)
    x, y, z = (triples[:, i].astype(np.int64) for i in range(3))
    pair = np.concatenate([x * n + y, x * n + z, y * n + z])
    third = np.concatenate([z, y, x]).astype(np.int32)
    row = np.concatenate([rows, rows, rows])
    order = np.argsort(pair, kind="stable")
    starts = np.searchsorted(pair[order], np.arange(n * n + 1, dtype=np.int64))
    return starts.astype(np.int64), third[order], row[order]


@njit(cache=True)
def _build(singles, published_pairs, use_triples, starts, thirds, triple_of, published_triples, column_of,
           n_columns, seed):
    np.random.seed(seed)
    n = len(singles)
    singles = singles.copy()
    pairs = published_pairs.copy()
    triples_left = published_triples.copy()
    left_total = singles.sum()
    items = np.empty(left_total, dtype=np.int32)
    record_starts = [0]
    used = 0
    record = np.empty(n_columns, dtype=np.int64)
    weight = np.empty(n, dtype=np.float64)
    candidates = np.empty(n, dtype=np.int64)
    hits = np.zeros(n, dtype=np.int64)
    least = np.full(n, BIG, dtype=np.int64)
    m = 0
    column_used = np.zeros(n_columns, dtype=np.bool_)
    while left_total > 0:
        # the first value: weighted by its count left
        pick = _weighted(singles.astype(np.float64))
        length = 0
        column_used[:] = False
        while pick >= 0:
            # take the value: its count and every new pair and triple's count go down
            for i in range(length):
                s = record[i]
                pairs[s, pick] -= 1
                pairs[pick, s] -= 1
                if use_triples:
                    for j in range(i + 1, length):
                        t = record[j]
                        a, b = (s, t) if s < t else (t, s)
                        for e in range(starts[a * n + b], starts[a * n + b + 1]):
                            if thirds[e] == pick:
                                triples_left[triple_of[e]] -= 1
                                break
            singles[pick] -= 1
            left_total -= 1
            record[length] = pick
            length += 1
            column_used[column_of[pick]] = True
            items[used] = pick
            used += 1
            # the next value: every pair (and triple) it would make is published with count left.
            # The candidates only shrink as the record grows, and only the combinations with the
            # value just taken are new, so the list is filtered rather than rebuilt.
            if length == 1:
                m = 0
                for c in range(n):
                    if singles[c] > 0 and not column_used[column_of[c]] and pairs[pick, c] > 0:
                        candidates[m] = c
                        weight[m] = min(singles[c], pairs[pick, c])
                        m += 1
            else:
                if use_triples:
                    for i in range(length - 1):
                        s = record[i]
                        a, b = (s, pick) if s < pick else (pick, s)
                        for e in range(starts[a * n + b], starts[a * n + b + 1]):
                            if triples_left[triple_of[e]] > 0:
                                hits[thirds[e]] += 1
                                least[thirds[e]] = min(least[thirds[e]], triples_left[triple_of[e]])
                kept = 0
                for i in range(m):
                    c = candidates[i]
                    ok = not column_used[column_of[c]] and pairs[pick, c] > 0
                    w = min(weight[i], pairs[pick, c]) if ok else 0
                    if use_triples:
                        ok = ok and hits[c] == length - 1
                        w = min(w, least[c])
                        hits[c] = 0
                        least[c] = BIG
                    if ok and w > 0:
                        candidates[kept] = c
                        weight[kept] = w
                        kept += 1
                if use_triples:
                    # clear the marks of values that were not candidates
                    for i in range(length - 1):
                        s = record[i]
                        a, b = (s, pick) if s < pick else (pick, s)
                        for e in range(starts[a * n + b], starts[a * n + b + 1]):
                            hits[thirds[e]] = 0
                            least[thirds[e]] = BIG
                m = kept
            choice = _weighted(weight[:m])
            pick = candidates[choice] if choice >= 0 else -1
        record_starts.append(used)
    return np.array(record_starts, dtype=np.int64), items


@njit(cache=True)
def _weighted(weights):
    """An index drawn with probability proportional to its weight, -1 if all are 0."""
    total = weights.sum()
    if total <= 0:
        return -1
    target = np.random.random() * total
    acc = 0.0
    last = -1
    for i in range(len(weights)):
        if weights[i] > 0:
            acc += weights[i]
            last = i
            if acc > target:
                return i
    return last


def decode(record_starts, items, domain):
    """Records (CSR of attribute ids) -> an Arrow table of the domain's columns, rows ordered
    by their values column by column (missing last)."""
    n_records = len(record_starts) - 1
    record_of = np.repeat(np.arange(n_records), np.diff(record_starts))
    matrix = np.full((n_records, len(domain.columns)), domain.size, dtype=np.int64)
    matrix[record_of, domain.column_of[items]] = items
    order = np.lexsort(matrix.T[::-1]) if n_records else np.arange(0)
    matrix = matrix[order]
    labels = pa.array([value for _, value in domain.values], pa.string())
    columns = {}
    for position, column in enumerate(domain.columns):
        ids = matrix[:, position]
        missing = ids == domain.size
        columns[column] = labels.take(pa.array(np.where(missing, 0, ids), mask=missing))
    return pa.table(columns)
