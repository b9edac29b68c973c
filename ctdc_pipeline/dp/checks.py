"""The guarantees of synthetic records built from DP aggregates, checked from the records and
the published aggregates alone (what the DP-mode dbt tests will assert):

- every value's synthetic count equals its published DP count (count equality);
- no record holds a combination of up to L values that the aggregates do not publish;
- no empty record."""

import numpy as np

from .combinations import lookup, profile_combinations, true_counts, unpack


def synthetic_violations(records, aggregates, domain, limit=5):
    """Messages naming what breaks a guarantee (at most `limit` of each kind); [] when none."""
    profiles = domain.encode(records)
    bits = aggregates.bits
    problems = []
    if 0 in profiles.groups:
        problems.append(f"{len(profiles.groups[0][1])} distinct empty record(s)")
    keys, counts = true_counts(profiles, 1, bits)
    published_keys, published_counts = aggregates.counts_of(1)
    all_keys = np.union1d(keys, published_keys)
    mine = _aligned(all_keys, keys, counts)
    theirs = _aligned(all_keys, published_keys, published_counts)
    for key in all_keys[mine != theirs][:limit].tolist():
        problems.append(f"value {domain.key([key])}: synthetic count {mine[all_keys == key][0]} != published "
                        f"count {theirs[all_keys == key][0]}")
    for length in range(2, len(aggregates.lengths) + 1):
        published = aggregates.counts_of(length)[0]
        seen = []
        for group_keys, _ in profile_combinations(profiles, length, bits):
            absent = group_keys[lookup(published, group_keys) < 0]
            seen.extend(np.unique(absent).tolist())
        for key in sorted(set(seen))[:limit]:
            problems.append(f"combination {domain.key(unpack([key], length, bits)[0].tolist())} is held by a "
                            f"synthetic record but not published")
    return problems


def _aligned(all_keys, keys, counts):
    out = np.zeros(len(all_keys), dtype=np.int64)
    out[np.searchsorted(all_keys, keys)] = counts
    return out
