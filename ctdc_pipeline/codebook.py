"""The 37 variables of the CTDC codebook, in codebook order, read from the codebook seeds
(seeds/codebook_*.csv), the project's one home for them; and a reader of records in them."""

import csv
from pathlib import Path

import pyarrow.parquet as pq

from ctdc_pipeline.paths import SEEDS


def read_seed(name, seeds=SEEDS):
    """A codebook seed's rows as dicts of text, in codebook order where it has a position."""
    with open(Path(seeds) / f"{name}.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return sorted(rows, key=lambda row: int(row["position"])) if rows and "position" in rows[0] else rows


_VARIABLES = read_seed("codebook_variables")
_VALUES = read_seed("codebook_values")

COLUMNS = [row["variable"] for row in _VARIABLES]
BINARY = [row["variable"] for row in _VARIABLES if row["value_set"] == "binary"]
# The variables whose values are ISO 3166 alpha-3 codes (seeds/countries.csv).
COUNTRY_COLUMNS = [row["variable"] for row in _VARIABLES if row["value_set"] == "countries"]
# The enumerated text variables and their values, in codebook order.
CATEGORICAL = {}
for _row in _VALUES:
    CATEGORICAL.setdefault(_row["variable"], []).append(_row["value"])
# The banded variables: value -> (lowest, highest) whole number, None where open-ended.
BANDS = {}
for _row in _VALUES:
    if _row["lowest"] or _row["highest"]:
        BANDS.setdefault(_row["variable"], {})[_row["value"]] = tuple(
            int(_row[end]) if _row[end] else None for end in ("lowest", "highest"))
# The partners' finer concepts and the binary variable each one rolls up to.
CONCEPTS = {row["concept"]: row["variable"] for row in read_seed("codebook_concepts")}


def read_records(path, every=1):
    """Records (dicts of the 37 codebook columns, None for missing) from a Parquet file in the
    codebook's layout, such as the shipped CTDC 2021 release; every n-th one."""
    return pq.read_table(path, columns=COLUMNS).to_pylist()[::every]
