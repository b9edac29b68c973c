"""The DP release's parameters and the noise of its figures: one row per part of the budget (the
record total, then each combination length), with its zCDP rho, noise standard deviation and
contribution bound, and the release's epsilon and delta. Computed from dp_measurements alone."""

from ctdc_pipeline.dp import DPRelease
from ctdc_pipeline.dp.models import measurements


def model(dbt, session):
    dbt.config(materialized="table")
    mechanism_output = dbt.ref("dp_measurements").arrow().read_all()
    measured, values = measurements(mechanism_output, dbt.config.get("dp_settings"))
    return DPRelease(values, measured, None).parameters_table()
