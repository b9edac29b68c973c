{#- The previous DP release's aggregates (key, length, DP count), read from its published file;
    empty when the build has no previous release. -#}
-- depends_on: {{ ref('stg_previous_release__files') }}
{%- if var('previous_release') %}
select
    cast(combination_key as varchar) as combination_key,
    cast(combination_length as integer) as combination_length,
    cast(dp_count as bigint) as dp_count
from {{ source('previous_release', 'dp_aggregates') }}
{%- else %}
    select
        cast(null as varchar) as combination_key,
        cast(null as integer) as combination_length,
        cast(null as bigint) as dp_count
    where false
{%- endif %}
