"""Attribute combinations as integer keys: packing, each profile's combinations of a length,
true counts (for the steward's evaluation only) and the candidates of the next length.

A combination of length k is k attribute ids ascending, packed into one int64 key, `bits` bits
an id, the first id highest. Keys of one length sort as their id tuples do."""

from itertools import combinations as index_combinations

import numpy as np


def key_bits(n_attributes, max_length):
    bits = max(1, int(n_attributes).bit_length())
    if bits * max_length > 63:
        raise ValueError(f"{n_attributes} attributes do not fit combinations of length {max_length} "
                         f"in a 63-bit key")
    return bits


def pack(ids, bits):
    """ids: (..., k) ascending attribute ids -> int64 keys (...)."""
    ids = np.asarray(ids, dtype=np.int64)
    keys = np.zeros(ids.shape[:-1], dtype=np.int64)
    for i in range(ids.shape[-1]):
        keys = (keys << bits) | ids[..., i]
    return keys


def unpack(keys, length, bits):
    """int64 keys -> (n, length) ascending attribute ids."""
    keys = np.asarray(keys, dtype=np.int64)
    mask = (1 << bits) - 1
    columns = [(keys >> (bits * (length - 1 - i))) & mask for i in range(length)]
    return np.stack(columns, axis=-1).astype(np.int32)


def profile_combinations(profiles, length, bits):
    """Yields (keys, copies) per profile group: keys (profiles x C(n, length)) of every
    combination of `length` attributes each profile holds."""
    for n, (ids, copies) in sorted(profiles.groups.items()):
        if n < length:
            continue
        choose = np.array(list(index_combinations(range(n), length)), dtype=np.int64)
        yield pack(ids[:, choose], bits), copies


def true_counts(profiles, length, bits):
    """Sorted keys of every combination of `length` held by some record, and how many records
    hold each. Sensitive: for the steward's evaluation, never for publication."""
    keys, weights = [], []
    for group_keys, copies in profile_combinations(profiles, length, bits):
        keys.append(group_keys.ravel())
        weights.append(np.repeat(copies, group_keys.shape[1]))
    if not keys:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    distinct, inverse = np.unique(np.concatenate(keys), return_inverse=True)
    return distinct, np.bincount(inverse, weights=np.concatenate(weights)).astype(np.int64)


def extend(survivors, length, bits, column_of):
    """The combinations of `length` + 1 attributes from distinct columns whose every
    sub-combination of `length` is in `survivors` (sorted keys): the candidates of the next
    length, a function of the previous length's published output only."""
    survivors = np.unique(np.asarray(survivors, dtype=np.int64))
    if len(survivors) < 2:
        return np.zeros(0, np.int64)
    ids = unpack(survivors, length, bits)
    prefix = survivors >> bits  # the first length - 1 ids
    starts = np.flatnonzero(np.r_[True, prefix[1:] != prefix[:-1]])
    ends = np.r_[starts[1:], len(survivors)]
    out = []
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        if end - start < 2:
            continue
        i, j = np.triu_indices(end - start, 1)
        last_i, last_j = ids[start + i, -1], ids[start + j, -1]
        keep = column_of[last_i] != column_of[last_j]
        rows = np.concatenate([ids[start + i[keep]], last_j[keep, None]], axis=1)
        out.append(rows)
    if not out:
        return np.zeros(0, np.int64)
    rows = np.concatenate(out)
    # every other sub-combination (dropping one of the first `length` - 1 ids) must survive too
    keep = np.ones(len(rows), dtype=bool)
    for drop in range(length - 1):
        sub = pack(np.delete(rows, drop, axis=1), bits)
        at = np.searchsorted(survivors, sub)
        keep &= (at < len(survivors)) & (survivors[np.minimum(at, len(survivors) - 1)] == sub)
    return np.sort(pack(rows[keep], bits))


def lookup(sorted_keys, keys):
    """Positions of keys in sorted_keys, -1 where absent."""
    if len(sorted_keys) == 0:
        return np.full(np.shape(keys), -1, dtype=np.int64)
    at = np.searchsorted(sorted_keys, keys)
    found = sorted_keys[np.minimum(at, len(sorted_keys) - 1)] == keys
    return np.where(found & (at < len(sorted_keys)), at, -1)
