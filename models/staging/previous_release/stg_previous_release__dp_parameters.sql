{#- The noise of the previous DP release's figures (standard deviation per combination length),
    read from its published file; empty when the build has no previous release. -#}
-- depends_on: {{ ref('stg_previous_release__files') }}
{%- if var('previous_release') %}
select
    cast(combination_length as integer) as combination_length,
    cast(noise_sd as double) as noise_sd
from {{ source('previous_release', 'dp_parameters') }}
{%- else %}
    select
        cast(null as integer) as combination_length,
        cast(null as double) as noise_sd
    where false
{%- endif %}
