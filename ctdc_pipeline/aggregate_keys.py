"""The reportable aggregates' combination keys ("column:value" pairs joined by ";", the
combination_counts macro's form) read back as (column, value) pairs: what the fitted synthesis
takes as its targets."""


def combination_pairs(key):
    """[(column, value as text), ...] of a combination key; [] for the empty key (the total)."""
    return [tuple(pair.split(":", 1)) for pair in key.split(";")] if key else []


def aggregates_from_rows(rows):
    """(combination, reported count) pairs from (combination_key, reported_count) rows."""
    return [(combination_pairs(key), int(count)) for key, count in rows]
