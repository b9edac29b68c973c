"""Step 2: while some value is below its target t_a = floor(n_a / k) * k, start a new record
from such a value (weighted by its support) and keep adding below-target values from unused
columns while support stays >= k (weighted by support(record + value))."""

import numpy as np
from numba import njit

from .draws import weighted_pick
from .redact import append
from .supports import extension_supports, insert_sorted


@njit(cache=True, nogil=True)
def synthesize_records(index, memo, k, state, deficit, column_of, column_start, column_end, is_multi,
                       max_records, out):
    """Create up to max_records records from the values with deficit > 0 (updating `deficit`),
    appending them to `out` (see redact.new_records). Returns the number created."""
    n_attributes = len(deficit)
    weights = np.empty(n_attributes, dtype=np.float64)
    candidates = np.empty(n_attributes, dtype=np.int32)
    allowed = np.empty(n_attributes, dtype=np.bool_)
    record = np.empty(max(len(column_start), 1) + n_attributes, dtype=np.int32)
    created = 0
    while created < max_records:
        n = 0
        for a in range(n_attributes):
            if deficit[a] > 0:
                candidates[n] = a
                weights[n] = index.singles[a]
                n += 1
        if n == 0:
            break
        pick = candidates[weighted_pick(weights, n, state)]
        allowed[:] = True
        length, record_hash = 0, 0
        rows = (-1, 0)
        while pick >= 0:
            insert_sorted(record, length, pick)
            length += 1
            record_hash ^= index.hashes[pick]
            deficit[pick] -= 1
            if is_multi[pick]:
                allowed[pick] = False
            else:
                c = column_of[pick]
                allowed[column_start[c]:column_end[c]] = False
            supports, own_rows = extension_supports(index, memo, record, length, record_hash, rows)
            if own_rows[0] >= 0:
                rows = own_rows
            n = 0
            for a in range(n_attributes):
                if deficit[a] > 0 and allowed[a] and supports[a] >= k:
                    candidates[n] = a
                    weights[n] = supports[a]
                    n += 1
            pick = candidates[weighted_pick(weights, n, state)] if n > 0 else -1
        append(out, record[:length], 1)
        created += 1
    return created
