"""The fitting module on its own: a pool and targets in, multiplicities out; the fit stays in the
pool, meets the exact targets, never exceeds them, moves counts toward the targets, and is the
same for the same seed on any number of threads."""

import itertools
import random
from collections import Counter

import numba
import numpy as np
import pytest

from ctdc_pipeline.fitting import FitProblem, Records, Targets, fit

N_ATTRIBUTES = 12
COLUMN = [a // 3 for a in range(N_ATTRIBUTES)]  # four columns of three values


def random_records(n, seed):
    rng = random.Random(seed)
    records = []
    for _ in range(n):
        columns = rng.sample(range(4), rng.randint(1, 4))
        records.append(tuple(sorted(3 * c + rng.randrange(3) for c in columns)))
    return records


def combination_counts(records, longest):
    counts = Counter()
    for record in records:
        for size in range(1, longest + 1):
            counts.update(itertools.combinations(record, size))
    return counts


def targets_of(records, longest=2, k=5):
    """Targets as the k-synthesizer makes them: counts rounded down to k, singles exact, the
    total; combinations held fewer than k times are not published."""
    counts = combination_counts(records, longest)
    published = sorted(c for c, n in counts.items() if n >= k)
    rounded = np.array([counts[c] // k * k for c in published] + [len(records) // k * k], dtype=np.float64)
    lengths = np.array([len(c) for c in published] + [0])
    high = np.where(lengths == 1, rounded, rounded + k - 1)
    return Targets(Records.of([*published, ()]), rounded + (lengths > 1), rounded, high, lengths == 1)


def fitted_records(pool_sets, copies):
    return [pool_sets[i] for i in np.flatnonzero(copies) for _ in range(copies[i])]


@pytest.fixture(scope="module")
def case():
    truth = random_records(3000, seed=1)
    targets = targets_of(truth)
    candidates = sorted(set(random_records(400, seed=2)))
    singles = [(a,) for a in range(N_ATTRIBUTES)]
    return truth, targets, candidates + [s for s in singles if s not in candidates]


def test_fit_stays_in_the_pool_and_meets_the_single_values(case):
    _, targets, pool_sets = case
    copies = fit(Records.of(pool_sets), targets, N_ATTRIBUTES, seed=3)
    assert copies.shape == (len(pool_sets),) and copies.dtype == np.int64 and (copies >= 0).all()
    records = fitted_records(pool_sets, copies)
    assert set(records) <= set(pool_sets)
    singles = Counter(a for record in records for a in record)
    lengths = targets.combinations.lengths()
    for t in np.flatnonzero(lengths == 1):
        assert singles[targets.combinations[t][0]] == targets.value[t]


def test_fit_moves_counts_toward_the_targets(case):
    truth, targets, pool_sets = case
    copies = fit(Records.of(pool_sets), targets, N_ATTRIBUTES, seed=3)
    fitted = combination_counts(fitted_records(pool_sets, copies), 2)
    naive = combination_counts(random.Random(4).choices(pool_sets, k=len(truth)), 2)
    published = {tuple(targets.combinations[t]): targets.low[t] for t in range(len(targets.low) - 1)}

    def error(counts):
        return np.mean([abs(counts[c] - n) / n for c, n in published.items() if len(c) == 2])

    assert error(fitted) < 0.5 * error(naive)
    assert abs(copies.sum() / targets.low[-1] - 1) < 0.1


def test_exact_targets_are_never_exceeded_even_without_single_records(case):
    _, targets, pool_sets = case
    long_only = [r for r in pool_sets if len(r) >= 2]
    copies = fit(Records.of(long_only), targets, N_ATTRIBUTES, seed=3)
    singles = Counter(a for record in fitted_records(long_only, copies) for a in record)
    lengths = targets.combinations.lengths()
    for t in np.flatnonzero(lengths == 1):
        assert singles[targets.combinations[t][0]] <= targets.value[t]


def test_same_seed_same_fit_on_any_number_of_threads(case):
    _, targets, pool_sets = case
    pool = Records.of(pool_sets)
    first = fit(pool, targets, N_ATTRIBUTES, seed=3)
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        assert np.array_equal(fit(pool, targets, N_ATTRIBUTES, seed=3), first)
    finally:
        numba.set_num_threads(threads)
    assert not np.array_equal(fit(pool, targets, N_ATTRIBUTES, seed=4), first)


def test_repair_uses_records_added_after_solving(case):
    """A caller may add candidates between the two stages; the repair can replace a chosen
    record by the same record with one value more or less."""
    _, targets, pool_sets = case
    problem = FitProblem(Records.of([r for r in pool_sets if len(r) > 1]), targets, N_ATTRIBUTES)
    copies = problem.solve(seed=3)
    chosen = [tuple(problem.pool[i]) for i in np.flatnonzero(copies)]
    shorter = sorted({r[:i] + r[i + 1:] for r in chosen for i in range(len(r))} - set(pool_sets) - {()})
    problem.add(Records.of(shorter + [(a,) for a in range(N_ATTRIBUTES)]))
    repaired = problem.repair(copies)
    assert len(repaired) == len(problem.pool)
    pool_after = [tuple(problem.pool[i]) for i in range(len(problem.pool))]
    singles = Counter(a for record in fitted_records(pool_after, repaired) for a in record)
    lengths = targets.combinations.lengths()
    assert all(singles[targets.combinations[t][0]] == targets.value[t] for t in np.flatnonzero(lengths == 1))
    assert repaired[len(copies):].sum() > 0


def test_bad_targets_are_refused():
    twice = Targets(Records.of([(1,), (1,)]), np.ones(2), np.ones(2), np.ones(2), np.ones(2, bool))
    with pytest.raises(ValueError, match="appears twice"):
        FitProblem(Records.of([(1,)]), twice, 4)
    long = Targets(Records.of([tuple(range(8))]), np.ones(1), np.ones(1), np.ones(1), np.zeros(1, bool))
    with pytest.raises(ValueError, match="do not fit a 64-bit key"):
        FitProblem(Records.of([(1,)]), long, 1 << 12)
