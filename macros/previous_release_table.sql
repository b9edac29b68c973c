{% macro previous_release_table(table, columns) -%}
{#- The previous release's published `table`, its `columns` ([[name, type], ...]) cast to their
    types; the same columns, empty, when the build has no previous release. -#}
{%- if var('previous_release') %}
select
{%- for name, type in columns %}
    cast({{ name }} as {{ type }}) as {{ name }}{{ "," if not loop.last }}
{%- endfor %}
from {{ source('previous_release', table) }}
{%- else %}
    select
{%- for name, type in columns %}
        cast(null as {{ type }}) as {{ name }}{{ "," if not loop.last }}
{%- endfor %}
    where false
{%- endif %}
{%- endmacro %}
