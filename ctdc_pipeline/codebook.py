"""The 37 variables of the CTDC codebook, in codebook order, read from the codebook seeds
(seeds/codebook_*.csv), the project's one home for them; and a reader of records in them."""

import csv

import pyarrow.parquet as pq

from ctdc_pipeline.paths import SEEDS


def _seed(name):
    with open(SEEDS / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


_VARIABLES = sorted(_seed("codebook_variables"), key=lambda row: int(row["position"]))
_VALUES = sorted(_seed("codebook_values"), key=lambda row: int(row["position"]))

COLUMNS = [row["variable"] for row in _VARIABLES]
BINARY = [row["variable"] for row in _VARIABLES if row["value_set"] == "binary"]
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
CONCEPTS = {row["concept"]: row["variable"] for row in _seed("codebook_concepts")}


def read_records(path, every=1):
    """Records (dicts of the 37 codebook columns, None for missing) from a Parquet file in the
    codebook's layout, such as the shipped CTDC 2021 release; every n-th one."""
    return pq.read_table(path, columns=COLUMNS).to_pylist()[::every]
