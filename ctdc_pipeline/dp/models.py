"""What the DP models of a build (models/marts/differential_privacy/) share: the mechanism's
parameters and the domain from the build's vars, and the codebook's column types for the
synthetic records. `settings` is the models' `dp_settings` config (the build's vars)."""

import json

import pyarrow as pa

from ctdc_pipeline import codebook

from .domain import Domain
from .mechanism import Measurements, Parameters

ARROW_TYPES = {"integer": pa.int32(), "varchar": pa.string()}


def parameters(settings):
    """The mechanism's parameters: the budget (epsilon, delta) and its split, the reporting length."""
    return Parameters(epsilon=float(settings["epsilon"]), delta=float(settings["delta"]),
                      reporting_length=int(settings["reporting_length"]),
                      total_share=float(settings["total_share"]),
                      percentile_share=float(settings["bound_share"]),
                      length_shares=tuple(float(share) for share in settings["length_shares"].split(",")),
                      column_weights=tuple((prefix, float(weight)) for prefix, weight
                                           in json.loads(settings["column_weights"]).items()),
                      size_weights=size_weights(json.loads(settings["size_weights"])))


def size_weights(setting):
    """The var dp_size_weights ({reference, exponent, floor}) as Parameters.size_weights."""
    try:
        return tuple(float(setting[name]) for name in ("reference", "exponent", "floor"))
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"var dp_size_weights must map reference, exponent and floor to numbers, not "
                         f"{setting!r}") from error


def domain(settings):
    return Domain.from_codebook(int(settings["first_registration_year"]),
                                int(settings["last_registration_year"]))


def measurements(table, settings):
    """The mechanism's output (dp_measurements) read back, and its domain."""
    values = domain(settings)
    return Measurements.from_table(table, parameters(settings), values.size), values


def typed(records):
    """Synthetic records (text values) in the codebook's column types, as the cases hold them."""
    schema = pa.schema([(row["variable"], ARROW_TYPES[row["data_type"]])
                        for row in codebook.read_seed("codebook_variables")])
    return records.select(schema.names).cast(schema)
