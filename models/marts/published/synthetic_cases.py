"""k-synthetic case records: the published microdata. In mode "fitted" (the default), the
synthesizer's records and other records with support >= k, fitted to the published reportable
aggregates (ctdc_pipeline.ksynth.fitted); in the other modes, the synthesizer's records as they
are."""

from dbt_common.events.functions import fire_event
from dbt_common.events.types import Note

from ctdc_pipeline.aggregate_keys import aggregates_from_rows
from ctdc_pipeline.codebook import COLUMNS
from ctdc_pipeline.ksynth import fit_to_aggregates


def log_progress(message):
    fire_event(Note(msg=message))


def model(dbt, session):
    dbt.config(materialized="table")
    unfitted = dbt.ref("synthetic_cases_unfitted")
    if dbt.config.get("synthesis_mode") != "fitted":
        return unfitted
    aggregates = dbt.ref("reportable_aggregates").project("combination_key, reported_count").fetchall()
    return fit_to_aggregates(
        dbt.ref("cases").arrow().read_all().select(COLUMNS),
        unfitted.arrow().read_all(),
        aggregates_from_rows(aggregates),
        k=int(dbt.config.get("k")),
        seed=int(dbt.config.get("synthesis_seed")),
        progress=log_progress,
    )
