"""k-synthetic case records: the published microdata (see ctdc_pipeline.ksynth)."""

from dbt_common.events.functions import fire_event
from dbt_common.events.types import Note

from ctdc_pipeline.codebook import COLUMNS
from ctdc_pipeline.ksynth import synthesize


def log_progress(message):
    fire_event(Note(msg=message))


def model(dbt, session):
    dbt.config(materialized="table")
    cases = dbt.ref("cases").arrow().read_all().select(COLUMNS)
    return synthesize(
        cases,
        k=int(dbt.config.get("k")),
        seed=int(dbt.config.get("synthesis_seed")),
        mode=dbt.config.get("synthesis_mode"),
        progress=log_progress,
    )
