"""The steward's evaluation of a DP release against the sensitive records (never published:
it reads true counts). Per combination length, over the reportable combinations (true count
>= k, as in the k-synthetic release's evaluation):

- mean absolute error of published (or synthetic) counts, a combination not published counting 0;
- mean preserved share: min(published / true, 1), averaged;
- fabricated: published (or present in the synthetic records) but held by fewer than k records;
- suppressed: reportable but not published (or absent from the synthetic records)."""

import numpy as np

from .combinations import lookup, true_counts


def compare(true_keys, true_n, keys, counts, k=10):
    """Figures for one length: true (keys, counts) against published or synthetic ones."""
    reportable = true_n >= k
    at = lookup(keys, true_keys[reportable])
    estimate = np.where(at >= 0, counts[np.maximum(at, 0)], 0).astype(np.float64)
    truth = true_n[reportable].astype(np.float64)
    rare_or_absent = lookup(true_keys[reportable], keys) < 0
    return {
        "reportable": int(reportable.sum()),
        "mean_absolute_error": float(np.abs(estimate - truth).mean()) if len(truth) else 0.0,
        "mean_preserved_share": float(np.minimum(estimate / truth, 1).mean()) if len(truth) else 1.0,
        "fabricated": int(rare_or_absent.sum()),
        "suppressed": int((at < 0).sum()),
        "published": int(len(keys)),
    }


class Truth:
    """True combination counts of the sensitive records, per length (sensitive)."""

    def __init__(self, profiles, reporting_length, bits):
        self.n_records = profiles.n_records
        self.lengths = [true_counts(profiles, length, bits) for length in range(1, reporting_length + 1)]

    def evaluate(self, per_length, k=10):
        """per_length: [(keys, counts), ...] for lengths 1..L -> one dict of figures per length."""
        return [dict(length=length, **compare(*self.lengths[length - 1], keys, counts, k))
                for length, (keys, counts) in enumerate(per_length, start=1)]


def evaluate_records(truth, records, domain, bits, k=10):
    """Synthetic records against the truth: the per-length figures, plus the record count."""
    from .combinations import true_counts as counts_of
    profiles = domain.encode(records)
    lengths = [counts_of(profiles, length, bits) for length in range(1, len(truth.lengths) + 1)]
    return truth.evaluate(lengths, k), records.num_rows


def support_risk(real_profiles, synthetic_profiles, k=10):
    """Disclosure risk measured on whole records: the share of synthetic records whose whole
    combination of values is held by fewer than k real records (its support, as the k-synthetic
    guarantee counts it: real records holding every one of its values), and by exactly one (a
    synthetic record that points at a single real person)."""
    real_ids = [(ids, copies) for n, (ids, copies) in sorted(real_profiles.groups.items())]
    n_real = sum(len(c) for _, c in real_ids)
    copies = np.concatenate([c for _, c in real_ids]).astype(np.int64) if real_ids else np.zeros(0, np.int64)
    # one bitset per attribute over the real distinct profiles
    bits = np.zeros((real_profiles.n_attributes, n_real), dtype=bool)
    row = 0
    for ids, c in real_ids:
        rows = np.arange(row, row + len(c))
        for j in range(ids.shape[1]):
            bits[ids[:, j], rows] = True
        row += len(c)
    holders = np.packbits(bits, axis=1)
    del bits
    rare = unique = total = 0
    for _, (ids, c) in synthetic_profiles.groups.items():
        for values, n in zip(ids.tolist(), c.tolist(), strict=True):
            total += n
            if not values:
                continue
            common = holders[values[0]].copy()
            for a in values[1:]:
                common &= holders[a]
            support = int(np.unpackbits(common)[:n_real] @ copies)
            rare += n if support < k else 0
            unique += n if support == 1 else 0
    total = max(total, 1)
    return {"rare_support_share": rare / total, "unique_support_share": unique / total}
