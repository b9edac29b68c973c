"""The public attribute domain of the DP release, and records encoded over it.

An attribute is `column:value`; a missing value is not an attribute and a binary column's only
attribute is its 1. The domain comes from the codebook (its value lists, the countries seed and
the registration-year range), never from the data: which values occur is itself something the
data would reveal. Attribute ids are in codebook column order, then codebook value order, so a
record's ids sorted ascending read in column order."""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ctdc_pipeline import codebook

KEY_SEPARATOR = ";"


class Domain:
    """Attribute ids for (column, value) pairs. `values[i]` is attribute i's (column, value)."""

    def __init__(self, columns_values):
        """columns_values: [(column, [value text, ...]), ...] in the order ids are given."""
        self.columns = [column for column, _ in columns_values]
        self.values, column_of = [], []
        for position, (column, values) in enumerate(columns_values):
            if len(set(values)) != len(values):
                raise ValueError(f"domain: column {column} lists a value twice")
            self.values.extend((column, str(v)) for v in values)
            column_of.extend([position] * len(values))
        self.column_of = np.array(column_of, dtype=np.int32)
        self.ids = {pair: i for i, pair in enumerate(self.values)}
        self.size = len(self.values)

    @classmethod
    def from_codebook(cls, first_year=2002, last_year=2021, seeds=None):
        """The codebook's 37 variables: registration years first_year..last_year, the enumerated
        values, ISO 3166 alpha-3 codes for the two country variables, "1" for the binary ones."""
        where = {"seeds": seeds} if seeds else {}
        countries = [row["iso3"] for row in codebook.read_seed("countries", **where)]
        variables = codebook.read_seed("codebook_variables", **where)
        values = {
            "registration_years": [str(y) for y in range(int(first_year), int(last_year) + 1)],
            "countries": countries,
            "binary": ["1"],
        }
        return cls([(row["variable"], values.get(row["value_set"]) or codebook.CATEGORICAL[row["variable"]])
                    for row in variables])

    def label(self, attribute):
        column, value = self.values[attribute]
        return f"{column}:{value}"

    def key(self, attributes):
        """The project's combination key: `column:value` pairs in column order joined by ";"."""
        return KEY_SEPARATOR.join(self.label(a) for a in sorted(attributes))

    def encode(self, table):
        """Records (an Arrow table holding the domain's columns; any type, compared as text)
        -> Profiles. A value outside the domain is an error naming column, row and value."""
        missing = [c for c in self.columns if c not in table.column_names]
        if missing:
            raise ValueError(f"records lack the column(s) {', '.join(missing)}")
        blocks = []
        for position, column in enumerate(self.columns):
            blocks.append(self._encode_column(table.column(column), column, position))
        matrix = np.stack(blocks, axis=1) if blocks else np.zeros((table.num_rows, 0), np.int32)
        return Profiles.from_matrix(matrix, self.size)

    def _encode_column(self, column, name, position):
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks()
        text = pc.cast(column, pa.string())
        encoded = pc.dictionary_encode(text)
        ids = np.full(len(encoded.dictionary), -1, dtype=np.int32)
        for i, value in enumerate(encoded.dictionary.to_pylist()):
            attribute = self.ids.get((name, value))
            if attribute is None:
                row = int(np.flatnonzero(np.asarray(encoded.indices.fill_null(-1)) == i)[0])
                raise ValueError(f"records: row {row + 1}, column {name}: value {value!r} is not in the "
                                 f"codebook's domain")
            ids[i] = attribute
        indices = encoded.indices
        valid = ~np.asarray(indices.is_null(), dtype=bool)
        out = np.full(len(text), -1, dtype=np.int32)
        out[valid] = ids[np.asarray(indices.fill_null(0))[valid]]
        return out


class Profiles:
    """Distinct records as sorted attribute-id rows, with how many records hold each.
    Grouped by length: `groups[n]` = (ids: int32 matrix (profiles x n), copies: int64)."""

    def __init__(self, groups, n_attributes, n_records):
        self.groups, self.n_attributes, self.n_records = groups, n_attributes, n_records

    @classmethod
    def from_matrix(cls, matrix, n_attributes):
        n_records = len(matrix)
        if n_records == 0:
            return cls({}, n_attributes, 0)
        # missing (-1) sorts last after replacing it with a sentinel above every id
        filled = np.where(matrix < 0, n_attributes, matrix)
        filled.sort(axis=1)
        ordered = filled[np.lexsort(filled.T[::-1])]
        first = np.ones(len(ordered), dtype=bool)
        first[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
        starts = np.flatnonzero(first)
        rows, copies = ordered[starts], np.diff(np.append(starts, len(ordered))).astype(np.int64)
        lengths = (rows < n_attributes).sum(axis=1)
        groups = {}
        for n in np.unique(lengths):
            mine = lengths == n
            groups[int(n)] = (np.ascontiguousarray(rows[mine, :n], dtype=np.int32), copies[mine])
        return cls(groups, n_attributes, n_records)

    def lengths(self):
        """Each profile's number of attributes and copies, as two flat arrays."""
        sizes = [np.full(len(c), n, dtype=np.int64) for n, (_, c) in sorted(self.groups.items())]
        copies = [c for _, (_, c) in sorted(self.groups.items())]
        return (np.concatenate(sizes), np.concatenate(copies)) if sizes else (np.zeros(0, np.int64),) * 2
