"""The synthesizer's entry point: one run object holds the state of one `sample` call and runs
the steps in batches, reporting progress (with an estimate of the time left) between them."""

import time

import numpy as np

from .draws import new_stream
from .encoding import Encoding
from .redact import redact_capacity, redact_profiles
from .supports import build_index, new_memo
from .suppress import suppress
from .synthesize import synthesize_records

MODES = ("row_seeded", "unseeded")
# Records between two progress lines.
PROGRESS_EVERY = 50_000


class KSynthesizer:
    """`sample(table)` returns k-synthetic records with the table's columns."""

    def __init__(self, k=10, seed=0, mode="row_seeded", progress=None, progress_every=PROGRESS_EVERY):
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
        return _Run(self, table, multi_value_columns or {}).result()


class _Run:
    """The state of one synthesis: encoding, support index and cache, random streams, output."""

    def __init__(self, synthesizer, table, multi_value):
        self.k, self.report_to, self.every = synthesizer.k, synthesizer.progress, synthesizer.progress_every
        self.started = time.perf_counter()
        self.schema = table.schema
        self.encoding = Encoding(table, multi_value)
        self.index = build_index(self.encoding)
        width = int(np.diff(self.encoding.profile_starts).max(initial=0))
        self.memo = new_memo(self.encoding.n_attributes, width)
        self.targets = (self.index.singles.astype(np.int64) // self.k) * self.k
        self.rng = np.random.Generator(np.random.PCG64(synthesizer.seed))
        self.stream = new_stream(int(self.rng.integers(0, 2**63)))
        self.row_seeded = synthesizer.mode == "row_seeded"

    def result(self):
        seeded = self._redact() if self.row_seeded else _empty_output(0, 0)
        created = self._synthesize(seeded)
        starts, items = _expand(seeded, created)
        starts, items = suppress(starts, items, self.targets, self.rng)
        n = len(starts) - 1
        self._report("done", n, n)
        return self.encoding.decode(starts, items, self.schema)

    def _redact(self):
        """Step 1, a batch of profiles (about `every` records) at a time."""
        out = _empty_output(*redact_capacity(self.index, self.k))
        weights = self.index.weights
        done, total, first = 0, self.encoding.n_records, 0
        batch_ends = np.searchsorted(np.cumsum(weights), np.arange(self.every, total, self.every), "right")
        for last in [*batch_ends.tolist(), len(weights)]:
            if last > first:
                redact_profiles(self.index, self.memo, self.k, self.stream, first, last, out)
                done += int(weights[first:last].sum())
                first = last
                self._report("redact", done, total)
        return out

    def _synthesize(self, seeded):
        """Step 2, `every` new records at a time."""
        starts, items, copies, counts = seeded
        held = np.repeat(copies[:counts[0]], np.diff(starts[:counts[0] + 1]))
        deficit = self.targets - np.bincount(items[:counts[1]], weights=held,
                                             minlength=len(self.targets)).astype(np.int64)
        open_values = int(deficit[deficit > 0].sum())
        out = _empty_output(open_values, open_values)
        e = self.encoding
        while synthesize_records(self.index, self.memo, self.k, self.stream, deficit, e.column_of,
                                 e.column_start, e.column_end, e.is_multi, self.every, out) == self.every:
            left = int(deficit[deficit > 0].sum())
            self._report("synthesize", int(out[3][0]), None, 1 - left / open_values)
        return out

    def _report(self, stage, done, total, fraction=None):
        if self.report_to is None:
            return
        elapsed = time.perf_counter() - self.started
        fraction = done / total if fraction is None else fraction
        of = f" of {total:,}" if total is not None else ""
        left = ""
        if 0 < fraction < 1:
            left = f", about {elapsed / fraction * (1 - fraction):.0f}s left in this step"
        self.report_to(f"k-synthesis {stage}: {done:,}{of} records, {elapsed:.1f}s elapsed{left}")


def _empty_output(n_records, n_items):
    """(starts, items, copies, counts): a CSR buffer the compiled steps append records to."""
    return (np.zeros(n_records + 1, dtype=np.int64), np.empty(n_items, dtype=np.int32),
            np.empty(n_records, dtype=np.int64), np.zeros(2, dtype=np.int64))


def _expand(*outputs):
    """The records of several outputs, each repeated by its copies, as one CSR."""
    lengths, items = [], []
    for starts, record_items, copies, counts in outputs:
        n, size = int(counts[0]), int(counts[1])
        own = np.diff(starts[:n + 1])
        which = np.repeat(np.arange(n), copies[:n])
        lengths.append(own[which])
        offsets = np.repeat(starts[:n][which], own[which])
        within = np.arange(int(own[which].sum())) - np.repeat(np.cumsum(own[which]) - own[which], own[which])
        items.append(record_items[:size][offsets + within] if size else record_items[:0])
    lengths = np.concatenate(lengths)
    return np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64), np.concatenate(items)
