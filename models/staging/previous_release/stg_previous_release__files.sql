{#- The previous release's files as its datapackage.json lists them, each checked against its
    SHA-256 hash first (check_previous_release); empty when the build has no previous release. -#}
{{ check_previous_release() }}
{%- if var('previous_release') %}
select
    cast(listed.path as varchar) as file_path,
    cast(listed.name as varchar) as resource_name,
    cast(listed.type as varchar) as resource_type,
    cast(listed.format as varchar) as file_format,
    cast(listed['rows'] as bigint) as row_count
from {{ source('previous_release', 'datapackage') }}, unnest(resources) as resources (listed)
{%- else %}
    select
        cast(null as varchar) as file_path,
        cast(null as varchar) as resource_name,
        cast(null as varchar) as resource_type,
        cast(null as varchar) as file_format,
        cast(null as bigint) as row_count
    where false
{%- endif %}
