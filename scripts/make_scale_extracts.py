"""Render N times the partner extracts from the shipped CTDC 2021 records, with new combinations
rather than copies: copy 0 is the shipped data; in every further copy each block of related
variables (demographics, citizenship, duration, exploitation types, means of control,
recruiter) is re-drawn from another record of the same partner and registration year, so each
block stays internally consistent (age band with majority status, labour types with forced
labour), every row still harmonizes, and each value's count is exactly N times its count.
Also writes the scaled records themselves (OUT_DIR/records.parquet, 37 codebook columns) for
benchmarks that start from records. Deterministic for a given seed.

Usage: python scripts/make_scale_extracts.py --factor 10 /tmp/scale10 [--seed 9] [--records-only]
(--records-only writes just records.parquet, the same records, without rendering the extracts:
enough for the synthesis benchmark, and minutes faster at 100x)
"""

import argparse
import csv
import gzip
import io
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ctdc_pipeline.codebook import BINARY, COLUMNS
from ctdc_pipeline.paths import DEMO_EXTRACTS, RELEASE_2021
from demo.write import RENDERERS, assign_partner


def binary_starting(*prefixes):
    return [column for column in BINARY if column.startswith(prefixes)]


# Variables re-drawn together; yearOfRegistration and CountryOfExploitation stay with the
# record (they decide its partner).
BLOCKS = [
    ["gender", "ageBroad", "majorityStatusAtExploit"],
    ["citizenship"],
    ["traffickMonths"],
    binary_starting("is", "typeOfLabour", "typeOfSex"),
    binary_starting("meansOfControl"),
    binary_starting("recruiterRelation"),
]
CHUNK_ROWS = 200_000


def scaled_records(records, factor, seed):
    """The records, then factor - 1 re-drawn copies (Arrow tables, one a copy)."""
    rng = np.random.Generator(np.random.PCG64(seed))
    partners = [assign_partner(r, i) for i, r in enumerate(records.to_pylist())]
    years = records.column("yearOfRegistration").to_pylist()
    _, group = np.unique(np.array([f"{p}|{y}" for p, y in zip(partners, years, strict=True)]),
                         return_inverse=True)
    by_group = np.lexsort((np.arange(len(group)), group))
    yield records
    for _ in range(1, factor):
        columns = {name: records.column(name) for name in COLUMNS}
        for block in BLOCKS:
            donor = np.empty(len(group), dtype=np.int64)
            donor[by_group] = np.lexsort((rng.random(len(group)), group))
            for name in block:
                columns[name] = records.column(name).take(donor)
        yield pa.table(columns)


class ExtractWriters:
    """One streaming writer a partner, in the layout and file its renderer declares."""

    def __init__(self, out_dir, seed):
        self.out_dir, self.renderers = Path(out_dir), {n: cls(f"{seed}:{n}") for n, cls in RENDERERS.items()}
        self.counts = dict.fromkeys(RENDERERS, 0)
        self.files, self.writers = {}, {}

    def write(self, records, first_index):
        rows = {name: [] for name in RENDERERS}
        for offset, rec in enumerate(records):
            partner = assign_partner(rec, first_index + offset)
            self.counts[partner] += 1
            rows[partner].append(self.renderers[partner].row(rec, self.counts[partner]))
        for partner, partner_rows in rows.items():
            if partner_rows:
                self._append(partner, partner_rows)

    def _append(self, partner, rows):
        path = self.out_dir / RENDERERS[partner].file
        if path.suffix == ".parquet":
            demo_schema = pq.read_schema(DEMO_EXTRACTS / RENDERERS[partner].file)
            table = pa.Table.from_pylist(rows, schema=demo_schema)
            if partner not in self.writers:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.writers[partner] = pq.ParquetWriter(path, demo_schema, compression="zstd")
            self.writers[partner].write_table(table)
            return
        if partner not in self.writers:
            path.parent.mkdir(parents=True, exist_ok=True)
            raw = open(path, "wb")  # noqa: SIM115 (closed in close())
            gz = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0)
            text = io.TextIOWrapper(gz, encoding="utf-8", newline="")
            writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\n",
                                    delimiter=RENDERERS[partner].delimiter)
            writer.writeheader()
            self.files[partner], self.writers[partner] = (raw, gz, text), writer
        self.writers[partner].writerows(rows)

    def close(self):
        for partner, writer in self.writers.items():
            if partner in self.files:
                for handle in reversed(self.files[partner]):
                    handle.close()
            else:
                writer.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--factor", type=int, required=True)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--records-only", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    base = pq.read_table(RELEASE_2021, columns=COLUMNS)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    writers = ExtractWriters(args.out_dir, args.seed)
    with pq.ParquetWriter(args.out_dir / "records.parquet", base.schema, compression="zstd") as records_out:
        done = 0
        for copy_number, copy in enumerate(scaled_records(base, args.factor, args.seed)):
            records_out.write_table(copy)
            for batch in copy.to_batches(CHUNK_ROWS):
                if not args.records_only:
                    writers.write(batch.to_pylist(), done)
                done += batch.num_rows
            print(f"copy {copy_number + 1} of {args.factor}: {done:,} records, "
                  f"{time.perf_counter() - started:.0f}s", flush=True)
    writers.close()
    for partner, n in [] if args.records_only else writers.counts.items():
        print(f"{partner:15s} {n:9,d} rows")
    print(f"{'total':15s} {done:9,d} rows -> {args.out_dir}")
