{{ config(materialized='table') }}
{#- One row per line of a partner's CSV extract that cannot be read as a row: a blank line, a
    stray or unbalanced quote, or the wrong number of fields (a ragged or truncated line). Each
    is only that line: the lines around it are read as they are. cases_rejects lists them; the
    raw-row test counts them. -#}

{%- for partner in var('partners') %}
    {%- set relation = source(partner, 'cases') %}
    -- depends_on: {{ ref('stg_' ~ partner ~ '__cases') }}
    {%- if execute and extract_format(partner) == 'csv' %}
        select
            '{{ partner }}' as partner,
            {{ sql_string(extract_path(partner)) }} as extract_file,
            line_number,
            problem
        from ({{ csv_parsed_lines(partner, relation) }})
        where problem is not null
        union all
    {%- endif %}
{%- endfor %}
select
    cast(null as varchar) as partner,
    cast(null as varchar) as extract_file,
    cast(null as bigint) as line_number,
    cast(null as varchar) as problem
where false
