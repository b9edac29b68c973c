{#- The previous release's reportable counts, read from its published file; empty when the build
    has no previous release. -#}
-- depends_on: {{ ref('stg_previous_release__files') }}
{%- if var('previous_release') %}
select
    cast(combination_key as varchar) as combination_key,
    cast(combination_length as integer) as combination_length,
    cast(reported_count as bigint) as reported_count
from {{ source('previous_release', 'reportable_aggregates') }}
{%- else %}
    select
        cast(null as varchar) as combination_key,
        cast(null as integer) as combination_length,
        cast(null as bigint) as reported_count
    where false
{%- endif %}
