"""The DP aggregates: the mechanism's kept combinations of length 1..L and the record total
(length 0), made consistent: whole, non-negative, never above a sub-combination. Computed from
dp_measurements alone (post-processing)."""

from ctdc_pipeline.dp import make_consistent
from ctdc_pipeline.dp.models import measurements


def model(dbt, session):
    dbt.config(materialized="table")
    mechanism_output = dbt.ref("dp_measurements").arrow().read_all()
    measured, values = measurements(mechanism_output, dbt.config.get("dp_settings"))
    return make_consistent(measured, values.column_of).to_table(values)
