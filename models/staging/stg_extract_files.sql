{{ config(materialized='table') }}
{#- Every file under the extracts folder and every declared extract: whose extract it is (null
    for a file no partner declares: it was not read) and how many records it holds, counted
    without parsing fields (a CSV file's lines, its header excepted; a Parquet file's row
    count). The raw-row test compares these counts with cases + rejects. -#}

with

found as (
    select file as extract_file
    from glob({{ sql_string(var('extracts_dir') ~ '/**') }})
),

declared as (
    {%- for partner in var('partners') %}
        {%- set relation = source(partner, 'cases') %}
        -- depends_on: {{ ref('stg_' ~ partner ~ '__cases') }}
        select
            '{{ partner }}' as partner,
            {{ sql_string(extract_path(partner) if execute else '') }} as extract_file,
            ({{ extract_record_count(partner, relation) }}) as records
        union all
    {%- endfor %}
    select
        cast(null as varchar) as partner,
        cast(null as varchar) as extract_file,
        cast(null as bigint) as records
    where false
)

select
    coalesce(declared.extract_file, found.extract_file) as extract_file,
    declared.partner,
    declared.records
from found
full outer join declared
    on
        regexp_replace(found.extract_file, '/+', '/', 'g')
        = regexp_replace(declared.extract_file, '/+', '/', 'g')
order by extract_file
