"""The synthesizer's records before fitting (see ctdc_pipeline.ksynth): the candidates that mode
"fitted" starts from, and the records themselves in the other modes."""

from dbt_common.events.functions import fire_event
from dbt_common.events.types import Note

from ctdc_pipeline.codebook import COLUMNS
from ctdc_pipeline.ksynth import synthesize


def log_progress(message):
    fire_event(Note(msg=message))


def model(dbt, session):
    dbt.config(materialized="table")
    mode = dbt.config.get("synthesis_mode")
    cases = dbt.ref("cases").arrow().read_all().select(COLUMNS)
    return synthesize(
        cases,
        k=int(dbt.config.get("k")),
        seed=int(dbt.config.get("synthesis_seed")),
        # fitted records start from the row-seeded ones
        mode="row_seeded" if mode == "fitted" else mode,
        progress=log_progress,
    )
