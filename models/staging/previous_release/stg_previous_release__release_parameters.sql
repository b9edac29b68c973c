{#- The previous release's id and reporting parameters, read from its published file; empty when
    the build has no previous release. -#}
-- depends_on: {{ ref('stg_previous_release__files') }}
{%- if var('previous_release') %}
select
    cast(release_id as varchar) as release_id,
    cast(k as integer) as k,
    cast(reporting_length as integer) as reporting_length
from {{ source('previous_release', 'release_parameters') }}
{%- else %}
    select
        cast(null as varchar) as release_id,
        cast(null as integer) as k,
        cast(null as integer) as reporting_length
    where false
{%- endif %}
