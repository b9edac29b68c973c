"""Synthetic case records built from the DP aggregates alone (post-processing: a public seed is
fine here): every value's synthetic count equals its DP count, and no record holds a combination
of up to L values that the aggregates do not publish."""

from ctdc_pipeline.dp import synthesize_from_table
from ctdc_pipeline.dp.models import domain, typed


def model(dbt, session):
    dbt.config(materialized="table")
    aggregates = dbt.ref("dp_aggregates").arrow().read_all()
    records = synthesize_from_table(aggregates, domain(dbt.config.get("dp_settings")),
                                    seed=int(dbt.config.get("synthesis_seed")))
    return typed(records)
