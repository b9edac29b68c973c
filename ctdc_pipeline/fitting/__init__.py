"""Fit synthetic records to published aggregate counts: choose how many copies of each candidate
record to publish so that the counts of every published combination agree with the published
figures.

The interface (`fit`, or `FitProblem` for a caller that adds candidates between the two stages):

- **pool** (`Records`): candidate records, each a set of attribute ids (sorted, CSR: `items[
  starts[i]:starts[i + 1]]`). The fit never emits a record that is not in the pool; how the pool
  was made, and why each record may be published (k-anonymous support, or every sub-combination
  in a DP release), is the caller's business.
- **targets** (`Targets`): per combination of attribute ids (CSR again; the empty combination is
  the record total), the published figure to aim at (`value`) and the interval of counts
  consistent with it (`low`, `high`: a count rounded down to a multiple of k, c, says [c, c + k - 1];
  a noisy DP count may say [c, c]). `exact` marks targets that must be met exactly (the single
  values: count equality): they are never exceeded, and are met whenever the pool holds each of
  them as a record of its own. Combinations of pool records that are not targets are free.
- **result**: an int64 multiplicity for every pool record (0 for most), the same for the same
  inputs and seed.

How (`FitProblem.solve`, then `FitProblem.repair`):

1. `incidence`: every pool record's sub-combinations that are targets (one sorted-key lookup
   each), and the transpose.
2. `start`: a lazy greedy adds the record whose copy most reduces the error while no exact target
   is exceeded (the error of a target: its count's distance from [low, high], relative to the
   figure).
3. `rake`: raking (generalised iterative scaling) of the greedy counts, as real weights, toward
   the values: each round multiplies a record's weight by the weighted geometric mean of
   value / count over its targets. Each combination length weighs as much in total as any other,
   so the many long combinations do not drown the few short ones, and the record total weighs as
   a length of its own.
4. `rounding`: systematic rounding of the weights (their sum kept to within one).
5. `repair`: moves that meet the exact targets, best first: for a value over its target, drop it
   from a record (replace a copy by the pool record without it) or remove a copy; for a value
   under it, add it to a record (replace a copy by the pool record with it) or add a record that
   keeps every exact target within bounds. Callers that can vouch for more records (the
   k-synthesizer: sub-records, and extensions whose support it checks) add them between `solve`
   and `repair` with `FitProblem.add`.

All inner loops are compiled with numba; the raking runs on every core and gives the same result
on any number of them (each sum is taken by one thread in a fixed order).
"""

import hashlib
from pathlib import Path

import numba

# numba's on-disk cache does not notice when a compiled function's callees change, so the cache
# folder is keyed by the source of every module here (as in ctdc_pipeline.ksynth).
_HERE = Path(__file__).parent
_SOURCES = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(_HERE.glob("*.py")))).hexdigest()[:16]
_previous, numba.config.CACHE_DIR = numba.config.CACHE_DIR, str(_HERE / "__pycache__" / f"numba-{_SOURCES}")
try:
    from .problem import FitProblem, Records, Targets, fit
finally:
    numba.config.CACHE_DIR = _previous

__all__ = ["FitProblem", "Records", "Targets", "fit"]
