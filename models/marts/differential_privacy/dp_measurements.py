"""The DP mechanism's output (privacy model differential_privacy): every candidate combination's
noisy count and estimate, and the noisy record total. The only node of a DP build that reads the
cases; everything published is computed from this table alone. It stays in `sensitive`: the
candidates the mechanism dropped are not for publication."""

from ctdc_pipeline.codebook import COLUMNS
from ctdc_pipeline.dp import release
from ctdc_pipeline.dp.models import domain, parameters


def model(dbt, session):
    dbt.config(materialized="table", schema="sensitive")
    settings = dbt.config.get("dp_settings")
    records = dbt.ref("cases").arrow().read_all().select(COLUMNS)
    journal = dbt.config.get("dp_noise_journal") or None
    return release(records, parameters(settings), domain(settings), journal).measurements.to_table()
