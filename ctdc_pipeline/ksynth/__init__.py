"""k-synthetic microdata: every synthetic record, taken as a whole combination of attribute
values, is shared by at least k sensitive records, and every attribute value's synthetic count
equals its sensitive count rounded down to a multiple of k.

The algorithm (the CTDC codebook's, made precise in the project's design brief), one module a
step:

0. `encoding`: (column, value) pairs become attribute ids; identical records collapse into
   weighted distinct profiles. `supports`: support(S + a) for every a at once, with a cache
   of bounded size.
1. `redact` (mode "row_seeded" only): each sensitive record keeps a random subset of its
   values, grown one value at a time, each pick weighted by support(kept + value) among the
   values that keep support >= k.
2. `synthesize`: while some value is below its target t_a = floor(n_a / k) * k, start a new
   record from such a value and keep adding below-target values from unused columns while
   support stays >= k.
3. `suppress`: values above target lose their excess occurrences from randomly chosen
   records; records left empty are dropped.

It works on any categorical columns of an Arrow table. A multi-value column holds several values
in one cell, joined by a delimiter (e.g. "Female;Male"): each value is its own attribute and
several may share a record. The inner loops are compiled with numba.
"""

import hashlib
from pathlib import Path

import numba

# numba's on-disk cache does not notice when a compiled function's callees change (callers
# would keep stale code), so the cache folder is keyed by the source of every module here.
_HERE = Path(__file__).parent
_SOURCES = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(_HERE.glob("*.py")))).hexdigest()[:16]
_previous, numba.config.CACHE_DIR = numba.config.CACHE_DIR, str(_HERE / "__pycache__" / f"numba-{_SOURCES}")
try:
    from .fitted import fit_to_aggregates
    from .synthesizer import MODES, KSynthesizer
finally:
    numba.config.CACHE_DIR = _previous


def synthesize(table, k=10, seed=0, mode="row_seeded", multi_value_columns=None, progress=None,
               aggregates=None):
    """k-synthetic records for an Arrow table (see KSynthesizer.sample)."""
    return KSynthesizer(k, seed, mode, progress).sample(table, multi_value_columns, aggregates)


__all__ = ["MODES", "KSynthesizer", "fit_to_aggregates", "synthesize"]
