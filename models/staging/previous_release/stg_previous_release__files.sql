{#- The previous release's files as listed in its manifest; empty when the build has no previous
    release. -#}
{%- if var('previous_release') %}
select
    cast(listed.file as varchar) as file_name,
    cast(listed.model as varchar) as model_name,
    cast(listed.format as varchar) as file_format,
    cast(listed['rows'] as bigint) as row_count
from {{ source('previous_release', 'manifest') }}, unnest(files) as files (listed)
{%- else %}
    select
        cast(null as varchar) as file_name,
        cast(null as varchar) as model_name,
        cast(null as varchar) as file_format,
        cast(null as bigint) as row_count
    where false
{%- endif %}
