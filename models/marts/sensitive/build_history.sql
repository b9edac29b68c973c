{{ config(
    materialized='incremental',
    unique_key='release_id',
    incremental_strategy='delete+insert',
    full_refresh=false
) }}
{#- One row per partner per release built in this DuckDB file, kept across builds: rebuilding a
    release id replaces its rows, other releases stay. The plausibility checks compare this build
    with the previous one. Sensitive: per-partner figures never leave the DuckDB file. -#}
select
    cast('{{ release_id() }}' as varchar) as release_id,
    partner,
    raw_rows,
    harmonized_rows,
    rejected_rows,
    cast({{ var('k') }} as integer) as k,
    cast({{ var('reporting_length') }} as integer) as reporting_length,
    cast({{ var('synthesis_seed') }} as bigint) as synthesis_seed,
    cast('{{ var("synthesis_mode") }}' as varchar) as synthesis_mode,
    cast(nullif('{{ var("previous_release") }}', '') as varchar)
        as previous_release,
    cast(current_timestamp as timestamp) as built_at
from {{ ref('int_partner_rows_counted') }}
