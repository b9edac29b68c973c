"""Step 0 and its inverse: attribute ids for the (column, value) pairs of an Arrow table, the
table's records as weighted distinct profiles, and synthetic records decoded back to a table."""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

MISSING = -1


class Encoding:
    """Attribute ids ordered by column, then by value as text, so a profile's ids are sorted
    when read in column order. Profiles are in CSR form: `profile_items[profile_starts[p]:
    profile_starts[p + 1]]` are the sorted attribute ids of distinct profile p, held by
    `profile_weights[p]` records."""

    def __init__(self, table, multi_value):
        self.names = table.column_names
        self.multi_value = multi_value
        self.values, column_of, blocks = [], [], []
        for position, name in enumerate(self.names):
            column = table.column(name)
            if name in multi_value:
                cells = pc.split_pattern(column.cast(pa.string()), multi_value[name]).to_pylist()
                block, values = _encode_lists(cells, len(self.values))
            else:
                block, values = _encode_values(column, len(self.values))
            self.values.extend(values)
            column_of.extend([position] * len(values))
            blocks.append(block)
        self.column_of = np.array(column_of, dtype=np.int64)
        self.n_attributes = len(self.values)
        bounds = np.searchsorted(self.column_of, np.arange(len(self.names) + 1))
        self.column_start, self.column_end = bounds[:-1], bounds[1:]
        self.is_multi = np.array([self.names[c] in multi_value for c in self.column_of], dtype=np.bool_)
        matrix = np.hstack(blocks) if blocks else np.zeros((table.num_rows, 0), np.int32)
        rows, counts = _distinct_rows(matrix)
        held = rows >= 0
        self.profile_items = rows[held].astype(np.int32)
        self.profile_starts = np.concatenate([[0], np.cumsum(held.sum(axis=1))]).astype(np.int64)
        self.profile_weights = counts.astype(np.int64)
        self.n_records = table.num_rows

    def encode(self, table):
        """Records of a table with the same columns (values the encoding knows; an error names any
        other) as sorted attribute ids in CSR form (starts, items)."""
        blocks = []
        for position, name in enumerate(self.names):
            first, end = int(self.column_start[position]), int(self.column_end[position])
            known = self.values[first:end]
            column = table.column(name)
            if name in self.multi_value:
                cells = pc.split_pattern(column.cast(pa.string()), self.multi_value[name]).to_pylist()
                index = {v: first + i for i, v in enumerate(known)}
                cells = [sorted({v.strip() for v in cell if v and v.strip()}) if cell else []
                         for cell in cells]
                width = max((len(cell) for cell in cells), default=0)
                block = np.full((len(cells), max(width, 1)), MISSING, dtype=np.int32)
                for row, cell in enumerate(cells):
                    if any(v not in index for v in cell):
                        raise ValueError(f"{name}: a value the sensitive records do not hold: {cell}")
                    block[row, :len(cell)] = [index[v] for v in cell]
            else:
                found = pc.index_in(column, value_set=pa.array(known, type=column.type))
                unknown = pc.and_(pc.is_null(found), pc.is_valid(column))
                if pc.any(unknown).as_py():
                    raise ValueError(f"{name}: a value the sensitive records do not hold: "
                                     f"{pc.filter(column, unknown)[0]}")
                block = pc.fill_null(pc.add(found, first), MISSING).to_numpy(zero_copy_only=False)
                block = block.astype(np.int32)[:, None]
            blocks.append(block)
        matrix = np.hstack(blocks) if blocks else np.zeros((table.num_rows, 0), np.int32)
        matrix.sort(axis=1)
        held = matrix >= 0
        starts = np.concatenate([[0], np.cumsum(held.sum(axis=1))]).astype(np.int64)
        return starts, matrix[held].astype(np.int32)

    def decode(self, starts, items, schema):
        """Records in CSR form -> a table with the encoded columns, rows ordered by their
        values column by column (values in id order, missing last)."""
        n = len(starts) - 1
        record_of = np.repeat(np.arange(n, dtype=np.int32), np.diff(starts))
        column = self.column_of.astype(np.int32)[items]
        # one key block per column, as wide as its fullest cell; a shorter cell sorts first
        # (padded with -1) and a missing cell last (the id after every value)
        keys, cells = [], {}
        for position, name in enumerate(self.names):
            mine = column == position
            rows, ids = record_of[mine], items[mine]
            rank = (np.arange(len(ids)) - np.searchsorted(rows, rows)).astype(np.int32)
            width = int(rank.max()) + 1 if len(ids) else 1
            block = np.full((n, width), MISSING, dtype=np.int32)
            block[:, 0] = self.n_attributes
            block[rows, rank] = ids
            keys.extend(block.T)
            cells[name] = block
        order = np.lexsort(keys[::-1]) if n else np.arange(0)
        return pa.table({name: self._column(name, cells[name][order], schema.field(name).type)
                         for name in self.names})

    def _column(self, name, block, type_):
        position = self.names.index(name)
        first = int(self.column_start[position])
        values = pa.array(self.values[first:self.column_end[position]], type=type_ if name not in
                          self.multi_value else pa.string())
        present = block[:, 0] < self.n_attributes
        if name not in self.multi_value:
            index = pa.array(np.where(present, block[:, 0] - first, 0), mask=~present)
            return values.take(index).cast(type_)
        delimiter, texts = self.multi_value[name], values.to_pylist()
        joined = [delimiter.join(texts[a - first] for a in row if a >= 0) if ok else None
                  for row, ok in zip(block.tolist(), present.tolist(), strict=True)]
        return pa.array(joined, type=pa.string()).cast(type_)


def _distinct_rows(matrix):
    """The distinct rows of an id matrix in lexicographic order, with their counts (a lexsort:
    several times faster than np.unique(axis=0))."""
    if len(matrix) == 0:
        return matrix, np.zeros(0, dtype=np.int64)
    ordered = matrix[np.lexsort(matrix.T[::-1])]
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    starts = np.flatnonzero(first)
    return ordered[starts], np.diff(np.append(starts, len(ordered)))


def _encode_values(column, first):
    """One id column: ids first.. for the column's distinct values ordered as text."""
    encoded = pc.dictionary_encode(column.combine_chunks())
    dictionary = encoded.dictionary.to_pylist()
    order = sorted(range(len(dictionary)), key=lambda i: (str(dictionary[i]), i))
    rank = np.empty(len(dictionary), dtype=np.int32)
    rank[order] = np.arange(len(dictionary), dtype=np.int32)
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    valid = ~np.asarray(encoded.indices.is_null())
    ids = np.full(len(column), MISSING, dtype=np.int32)
    ids[valid] = first + rank[indices[valid].astype(np.int64)]
    return ids[:, None], [dictionary[i] for i in order]


def _encode_lists(cells, first):
    """Several id columns for a multi-value column: a cell's distinct values, sorted."""
    cells = [sorted({v.strip() for v in cell if v and v.strip()}) if cell else [] for cell in cells]
    distinct = sorted({v for cell in cells for v in cell})
    index = {v: first + i for i, v in enumerate(distinct)}
    width = max((len(cell) for cell in cells), default=0)
    ids = np.full((len(cells), max(width, 1)), MISSING, dtype=np.int32)
    for row, cell in enumerate(cells):
        ids[row, : len(cell)] = [index[v] for v in cell]
    return ids, distinct
