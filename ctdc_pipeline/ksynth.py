"""k-synthetic microdata: every synthetic record, taken as a whole combination of attribute
values, is shared by at least k sensitive records, and every attribute value's synthetic count
equals its sensitive count rounded down to a multiple of k.

The algorithm (the CTDC codebook's, made precise in the project's design brief):

1. Redact (mode "row_seeded" only). Each sensitive record keeps a random subset of its values,
   grown one value at a time, each pick weighted by support(kept + value) among the values that
   keep support >= k.
2. Synthesize. While some value is below its target t_a = floor(n_a / k) * k, start a new record
   from such a value (weighted by its support) and keep adding below-target values from unused
   columns while support stays >= k (weighted by support).
3. Suppress. Values above target lose their excess occurrences from randomly chosen records;
   records left empty are dropped.

It works on any categorical columns of an Arrow table. A multi-value column holds several values
in one cell, joined by a delimiter (e.g. "Female;Male"): each value is its own attribute and
several may share a record. Support counting is the hot path: identical records are collapsed
into weighted profiles, combinations are integer bitmasks over attribute ids, and supports are
memoised, computed in batches on the profiles that hold the parent combination.
"""

import time
from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

MODES = ("row_seeded", "unseeded")


class _Uniforms:
    """A deterministic stream of U(0, 1) draws, fetched from the generator in blocks."""

    def __init__(self, rng, block=1 << 16):
        self.rng, self.block, self.buffer, self.at = rng, block, [], 0

    def next(self):
        if self.at == len(self.buffer):
            self.buffer, self.at = self.rng.random(self.block).tolist(), 0
        self.at += 1
        return self.buffer[self.at - 1]


def _weighted_choice(candidates, weights, u):
    """One of the candidate ids (numpy arrays), with probability proportional to its weight."""
    cumulative = np.cumsum(weights)
    return int(candidates[np.searchsorted(cumulative, u * cumulative[-1], side="right")])


def _weighted_pick(weights, u):
    """Index i with probability weights[i] / sum(weights), from one uniform draw u."""
    threshold, running = u * sum(weights), 0.0
    for i, w in enumerate(weights):
        running += w
        if running > threshold:
            return i
    return len(weights) - 1


class _Encoding:
    """Attribute ids for the (column, value) pairs of a table, ordered by column then value,
    and the table's records as weighted distinct profiles (sorted tuples of attribute ids)."""

    def __init__(self, table, multi_value):
        self.names = table.column_names
        self.multi_value = multi_value
        self.values, self.column_of = [], []
        blocks = []
        for position, name in enumerate(self.names):
            column = table.column(name)
            if name in multi_value:
                column = pc.split_pattern(column.cast(pa.string()), multi_value[name])
                block = self._encode_lists(column, position)
            else:
                block = self._encode_values(column, position)
            blocks.append(block)
        matrix = np.hstack(blocks) if blocks else np.zeros((table.num_rows, 0), np.int32)
        rows, counts = np.unique(matrix, axis=0, return_counts=True)
        self.profiles = Counter()
        for row, count in zip(rows.tolist(), counts.tolist(), strict=True):
            self.profiles[tuple(sorted({a for a in row if a >= 0}))] += count
        self.column_of = np.array(self.column_of, dtype=np.int64)
        self.is_multi = np.array([self.names[c] in multi_value for c in self.column_of], dtype=bool)

    def _new_attributes(self, position, values):
        first = len(self.values)
        self.values.extend(values)
        self.column_of.extend([position] * len(values))
        return first

    def _encode_values(self, column, position):
        encoded = pc.dictionary_encode(column.combine_chunks())
        dictionary = encoded.dictionary.to_pylist()
        order = sorted(range(len(dictionary)), key=lambda i: (str(dictionary[i]), i))
        rank = np.empty(len(dictionary), dtype=np.int32)
        rank[order] = np.arange(len(dictionary), dtype=np.int32)
        first = self._new_attributes(position, [dictionary[i] for i in order])
        indices = encoded.indices.to_numpy(zero_copy_only=False)
        valid = ~np.asarray(encoded.indices.is_null())
        ids = np.full(len(column), -1, dtype=np.int32)
        ids[valid] = first + rank[indices[valid].astype(np.int64)]
        return ids[:, None]

    def _encode_lists(self, column, position):
        cells = [sorted({v.strip() for v in cell if v and v.strip()}) if cell else []
                 for cell in column.to_pylist()]
        distinct = sorted({v for cell in cells for v in cell})
        first = self._new_attributes(position, distinct)
        index = {v: first + i for i, v in enumerate(distinct)}
        width = max((len(cell) for cell in cells), default=0)
        ids = np.full((len(cells), max(width, 1)), -1, dtype=np.int32)
        for row, cell in enumerate(cells):
            ids[row, : len(cell)] = [index[v] for v in cell]
        return ids


class _Supports:
    """support(S): the number of sensitive records holding every attribute of S. Combinations
    are int bitmasks over attribute ids. The supports of every extension S + a are computed at
    once (one weighted bincount over the profiles holding S) and memoised per combination."""

    def __init__(self, encoding):
        combos = list(encoding.profiles)
        n_attributes = len(encoding.values)
        self.weights = np.array([encoding.profiles[c] for c in combos], dtype=np.float64)
        # CSR view (profile -> its attribute ids): a combination's extension vector is a
        # weighted bincount over the attributes of the profiles holding it.
        self.lengths = np.array([len(c) for c in combos], dtype=np.int64)
        self.indptr = np.concatenate([[0], np.cumsum(self.lengths)])
        self.items = np.fromiter((a for c in combos for a in c), dtype=np.int64,
                                 count=int(self.lengths.sum()))
        self.item_weights = np.repeat(self.weights, self.lengths)
        self.n_attributes = n_attributes
        self.singles = np.bincount(self.items, weights=self.item_weights, minlength=n_attributes)
        # attribute-major membership: narrowing gathers one contiguous row
        self.held_by = np.zeros((n_attributes, len(combos)), dtype=bool)
        self.held_by[self.items, np.repeat(np.arange(len(combos)), self.lengths)] = True
        self.bits = [1 << a for a in range(n_attributes)]
        self.vectors = {0: self.singles}
        self.rows_memo = {}
        self.all_rows = np.arange(len(combos), dtype=np.int64)

    def narrow(self, rows, attribute):
        return rows[self.held_by[attribute][rows]]

    def rows_after(self, parent_combo, parent_rows, attribute, depth):
        """Profiles holding parent + attribute. Those of shallow combinations are kept: they
        are large and recur across profiles."""
        if depth > 2:
            return self.narrow(parent_rows, attribute)
        combo = parent_combo | self.bits[attribute]
        rows = self.rows_memo.get(combo)
        if rows is None:
            rows = self.rows_memo[combo] = self.narrow(parent_rows, attribute)
        return rows

    def rows_of(self, attributes):
        """Profiles holding every given attribute, narrowed from the rarest one's."""
        rarest, *others = sorted(attributes, key=lambda a: self.singles[a])
        rows = self.rows_after(0, self.all_rows, rarest, 1)
        for a in others:
            rows = self.narrow(rows, a)
        return rows

    def children(self, combo, rows, options):
        """Supports of combo + a for each a in options. `rows` (profiles holding combo) is a
        zero-argument function, called only the first time combo is met."""
        vector = self.vectors.get(combo)
        if vector is None:
            vector = self._vector(combo, rows())
        return vector[options].tolist()

    def extensions(self, combo, attributes):
        """support(combo + a) for every attribute a, as one vector (memoised by combo)."""
        vector = self.vectors.get(combo)
        return vector if vector is not None else self._vector(combo, self.rows_of(attributes))

    def _vector(self, combo, rows):
        # float32 holds every count exactly (< 2**24) at half the memory
        vector = self.vectors[combo] = self._counts(rows).astype(np.float32)
        return vector

    def _counts(self, rows):
        """Weighted attribute counts over the given profiles: one bincount over their
        attribute ids."""
        starts, lengths = self.indptr[rows], self.lengths[rows]
        ends = np.cumsum(lengths)
        positions = np.repeat(starts - ends + lengths, lengths) + np.arange(ends[-1])
        return np.bincount(self.items[positions], weights=self.item_weights[positions],
                           minlength=self.n_attributes)


class KSynthesizer:
    """`sample(table)` returns k-synthetic records with the table's columns."""

    def __init__(self, k=10, seed=0, mode="row_seeded", progress=None, progress_every=50000):
        if mode not in MODES:
            raise ValueError(f"unknown synthesis mode {mode!r}; expected one of {', '.join(MODES)}")
        if int(k) < 1:
            raise ValueError(f"k must be a positive whole number, not {k!r}")
        self.k, self.seed, self.mode = int(k), int(seed), mode
        self.progress, self.progress_every = progress, progress_every

    def sample(self, table, multi_value_columns=None):
        """table: a pyarrow Table of categorical columns (null = missing). multi_value_columns:
        {column: delimiter}. Returns a Table with the same columns and types; multi-value cells
        hold their values sorted and joined by the delimiter. Rows are ordered by their
        attribute values as text, column by column (missing last), never by generation order."""
        self.started = time.perf_counter()
        self.encoding = _Encoding(table, multi_value_columns or {})
        self.supports = _Supports(self.encoding)
        self.targets = (self.supports.singles.astype(np.int64) // self.k) * self.k
        self.n_sensitive = table.num_rows
        rng = np.random.Generator(np.random.PCG64(self.seed))
        uniforms = _Uniforms(rng)

        seeded = self._redact(rng, uniforms) if self.mode == "row_seeded" else []
        created = self._synthesize(seeded, uniforms)
        records = self._suppress(seeded + created, rng)
        self._report("done", len(records), len(records))
        return self._decode(sorted(records, key=self._order_key), table.schema)

    def _redact(self, rng, uniforms):
        """Step 1. The copies of one distinct profile walk down a tree of kept subsets together:
        at each node they split over the allowed picks (one draw for a single copy, a
        multinomial split for several)."""
        k, supports, kept, done = self.k, self.supports, [], 0

        def resolve(ref):
            # ref = [parent ref, attribute added, rows or None, parent combo, depth]: a
            # combination's profiles, narrowed from its parent's only when first needed.
            if ref[2] is None:
                ref[2] = supports.rows_after(ref[3], resolve(ref[0]), ref[1], ref[4])
            return ref[2]

        root = [None, None, supports.all_rows, 0, 0]
        for profile in sorted(self.encoding.profiles):
            weight = self.encoding.profiles[profile]
            done += weight
            if done // self.progress_every != (done - weight) // self.progress_every:
                self._report("redact", done, self.n_sensitive)
            if weight >= k:
                # every subset of a profile held k times is held >= k times: the walk would
                # keep every value, whatever the draws
                kept.append((profile, weight))
                continue
            stack = [(0, (), weight, root)]
            while stack:
                combo, members, copies, ref = stack.pop()
                options = [a for a in profile if a not in members]
                found = supports.children(combo, lambda ref=ref: resolve(ref), options)
                weights = [s if s >= k else 0 for s in found]
                if not any(weights):
                    if members:
                        kept.append((members, copies))
                    continue
                if copies == 1:
                    picks = [(_weighted_pick(weights, uniforms.next()), 1)]
                else:
                    split = rng.multinomial(copies, np.array(weights) / sum(weights))
                    picks = [(int(i), int(split[i])) for i in np.flatnonzero(split)]
                for i, n in picks:
                    a = options[i]
                    child = combo | supports.bits[a]
                    stack.append((child, members + (a,), n, [ref, a, None, combo, len(members) + 1]))
        return [tuple(sorted(members)) for members, copies in kept for _ in range(copies)]

    def _synthesize(self, seeded, uniforms):
        """Step 2: new records from the values still below their target."""
        k, supports, encoding = self.k, self.supports, self.encoding
        deficit = self.targets.copy()
        for record in seeded:
            deficit[list(record)] -= 1
        is_open = deficit > 0
        column_attributes = {}
        for a, c in enumerate(encoding.column_of):
            column_attributes.setdefault(int(c), []).append(a)
        created = []
        while is_open.any():
            starts = np.flatnonzero(is_open)
            first = _weighted_choice(starts, supports.singles[starts], uniforms.next())
            record, combo = [first], supports.bits[first]
            allowed = np.ones(len(deficit), dtype=bool)
            while True:
                deficit[record[-1]] -= 1
                is_open[record[-1]] = deficit[record[-1]] > 0
                if not encoding.is_multi[record[-1]]:
                    allowed[column_attributes[int(encoding.column_of[record[-1]])]] = False
                else:
                    allowed[record[-1]] = False
                extensions = supports.extensions(combo, record)
                candidates = np.flatnonzero(is_open & allowed & (extensions >= k))
                if candidates.size == 0:
                    break
                pick = _weighted_choice(candidates, extensions[candidates], uniforms.next())
                record.append(pick)
                combo |= supports.bits[pick]
            created.append(tuple(sorted(record)))
            if len(created) % self.progress_every == 0:
                self._report("synthesize", len(created), len(created) + int(deficit[is_open].sum()))
        return created

    def _suppress(self, records, rng):
        """Step 3: remove each value's excess occurrences from random records holding it."""
        records = [list(r) for r in records]
        holders = {}
        for i, record in enumerate(records):
            for a in record:
                holders.setdefault(a, []).append(i)
        for a in sorted(holders):
            excess = len(holders[a]) - int(self.targets[a])
            if excess > 0:
                for i in rng.choice(np.array(holders[a]), size=excess, replace=False).tolist():
                    records[i].remove(a)
        return [tuple(r) for r in records if r]

    def _order_key(self, record):
        """Column by column, by value (values ordered as in encoding), missing last."""
        missing = (len(self.encoding.values),)
        key = [missing] * len(self.encoding.names)
        for a in record:
            column = self.encoding.column_of[a]
            key[column] = (a,) if key[column] is missing else key[column] + (a,)
        return key

    def _decode(self, records, schema):
        encoding = self.encoding
        cells = {name: [None] * len(records) for name in encoding.names}
        for row, record in enumerate(records):
            for a in record:
                name = encoding.names[encoding.column_of[a]]
                value = encoding.values[a]
                if name in encoding.multi_value:
                    previous = cells[name][row]
                    value = value if previous is None else previous + encoding.multi_value[name] + value
                cells[name][row] = value
        return pa.table({name: pa.array(cells[name], type=schema.field(name).type)
                         for name in encoding.names})

    def _report(self, stage, done, total):
        if self.progress is not None:
            self.progress(f"k-synthesis {stage}: {done:,} of {total:,} records, "
                          f"{time.perf_counter() - self.started:.1f}s elapsed")


def synthesize(table, k=10, seed=0, mode="row_seeded", multi_value_columns=None, progress=None):
    """k-synthetic records for an Arrow table (see KSynthesizer.sample)."""
    return KSynthesizer(k, seed, mode, progress).sample(table, multi_value_columns)
