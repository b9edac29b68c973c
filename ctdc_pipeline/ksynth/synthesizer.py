"""The synthesizer's entry point: one run object holds the state of one `sample` call and runs
the steps in batches, reporting progress (with an estimate of the time left) between them."""

import os
import time

import numpy as np
from numba import njit

from .draws import new_stream
from .encoding import Encoding
from .fitted import fit_records
from .redact import new_records, redact
from .supports import build_index, new_memo
from .suppress import suppress
from .synthesize import synthesize_records

MODES = ("fitted", "row_seeded", "unseeded")
# Profiles are redacted in this many lanes, a thread each (the result does not depend on it).
LANES = os.cpu_count() or 1
# Records between two progress lines.
PROGRESS_EVERY = 50_000
# A step's time left is estimated from its elapsed time and the share done once this share is
# done: before, the share is too small (and too unrepresentative) to extrapolate.
ESTIMATE_FROM = 0.05


class KSynthesizer:
    """`sample(table)` returns k-synthetic records with the table's columns."""

    def __init__(self, k=10, seed=0, mode="row_seeded", progress=None, progress_every=PROGRESS_EVERY):
        if mode not in MODES:
            raise ValueError(f"unknown synthesis mode {mode!r}; expected one of {', '.join(MODES)}")
        if int(k) < 1:
            raise ValueError(f"k must be a positive whole number, not {k!r}")
        self.k, self.seed, self.mode = int(k), int(seed), mode
        self.progress, self.progress_every = progress, progress_every

    def sample(self, table, multi_value_columns=None, aggregates=None):
        """table: a pyarrow Table of categorical columns (null = missing). multi_value_columns:
        {column: delimiter}. aggregates (mode "fitted" only, and required there): the published
        reportable counts, (combination, count) pairs, a combination being (column, value as
        text) pairs, none for the record total (see fitted.aggregate_targets). Returns a Table
        with the same columns and types; multi-value cells hold their values sorted and joined
        by the delimiter. Rows are ordered by their attribute values as text, column by column
        (missing last), never by generation order."""
        if (self.mode == "fitted") != (aggregates is not None):
            raise ValueError('the reportable aggregates are needed in mode "fitted", and only there')
        return _Run(self, table, multi_value_columns or {}, aggregates).result()


class _Run:
    """The state of one synthesis: encoding, support index and cache, random streams, output."""

    def __init__(self, synthesizer, table, multi_value, aggregates=None):
        self.k, self.report_to, self.every = synthesizer.k, synthesizer.progress, synthesizer.progress_every
        self.started = self.step_started = time.perf_counter()
        self.schema = table.schema
        self.encoding = Encoding(table, multi_value)
        self.index = build_index(self.encoding)
        self._report(f"index: {self.encoding.n_records:,} records as "
                     f"{len(self.encoding.profile_weights):,} distinct profiles")
        width = int(np.diff(self.encoding.profile_starts).max(initial=0))
        self.memo = new_memo(self.encoding.n_attributes, width, len(self.encoding.profile_weights))
        self.targets = (self.index.singles.astype(np.int64) // self.k) * self.k
        self.rng = np.random.Generator(np.random.PCG64(synthesizer.seed))
        self.redact_seed = int(self.rng.integers(0, 2**63))
        self.stream = new_stream(int(self.rng.integers(0, 2**63)))
        self.row_seeded = synthesizer.mode != "unseeded"
        self.aggregates, self.seed = aggregates, synthesizer.seed

    def result(self):
        seeded = self._redact() if self.row_seeded else new_records(0, 0)
        synthesized = self._synthesize(seeded)
        # only the encoding is needed from here on: the index and the cache go before the
        # largest arrays of the run are made
        self.index = self.memo = None
        starts, items = _expand(seeded, synthesized)
        del seeded, synthesized
        self._report(f"suppress: trimming values over their target from {len(starts) - 1:,} records")
        starts, items = suppress(starts, items, self.targets, self.rng)
        if self.aggregates is not None:
            seeded = [starts, items]
            del starts, items
            starts, items = fit_records(self.encoding, seeded, self.aggregates, self.k, self.seed,
                                        self.report_to)
        records = self.encoding.decode(starts, items, self.schema)
        self._report(f"done: {records.num_rows:,} records")
        return records

    def _redact(self):
        """Step 1, reporting the walks (records held fewer than k times) that have ended every
        `every` walk nodes."""
        self.step_started = time.perf_counter()

        def report(done, walks):
            whole = self.encoding.n_records - walks
            self._report(f"redact: {done:,} of {walks:,} rare records ({whole:,} kept whole)", done / walks)
        return redact(self.index, self.memo, self.k, self.redact_seed, LANES, self.every, report)

    def _synthesize(self, seeded):
        """Step 2, `every` new records at a time, for the values the redacted records leave
        below target."""
        self.step_started = time.perf_counter()
        deficit = self.targets - _value_counts(*seeded[:4], len(self.targets))
        open_values = int(deficit[deficit > 0].sum())
        out = new_records(open_values, open_values)
        e = self.encoding
        while synthesize_records(self.index, self.memo, self.k, self.stream, deficit, e.column_of,
                                 e.column_start, e.column_end, e.is_multi, self.every, out) == self.every:
            left = int(deficit[deficit > 0].sum())
            self._report(f"synthesize: {int(out[4][0]):,} records", 1 - left / open_values)
        return out

    def _report(self, message, fraction=None):
        """A progress line: the whole run's elapsed time and, once a step has done enough to
        extrapolate, that step's time left."""
        if self.report_to is None:
            return
        now = time.perf_counter()
        left = ""
        if fraction is not None and ESTIMATE_FROM <= fraction < 1:
            left = f", about {(now - self.step_started) / fraction * (1 - fraction):.0f}s left in this step"
        self.report_to(f"k-synthesis {message}, {now - self.started:.1f}s elapsed{left}")


def _expand(*record_sets):
    """Record sets (see redact.new_records), each record repeated by its copies, as one CSR,
    set after set."""
    lengths = np.concatenate([np.repeat(own, copies) for _, own, copies, _, _ in record_sets])
    starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    items, at = np.empty(int(starts[-1]), dtype=np.int32), 0
    for firsts, own, copies, ids, _ in record_sets:
        at = _write_copies(firsts, own, copies, ids, items, at)
    return starts, items


@njit(cache=True)
def _write_copies(firsts, own, copies, ids, out, at):
    """Write each record's ids copies times to out from `at`; returns where they end."""
    for r in range(len(copies)):
        for _ in range(copies[r]):
            out[at:at + own[r]] = ids[firsts[r]:firsts[r] + own[r]]
            at += own[r]
    return at


@njit(cache=True)
def _value_counts(firsts, own, copies, ids, n_values):
    """How many times the records (see redact.new_records) hold each value."""
    counts = np.zeros(n_values, dtype=np.int64)
    for r in range(len(copies)):
        for i in range(firsts[r], firsts[r] + own[r]):
            counts[ids[i]] += copies[r]
    return counts
