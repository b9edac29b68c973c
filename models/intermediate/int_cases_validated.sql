{{ config(materialized='table') }}
{#- Every partner's mapped rows in one table, with the checks that need all rows of a partner
    (duplicate ids) or a project setting (the registration-year range). `issues` is null for a
    row that becomes a case and lists every problem of a row that is rejected. -#}
{%- set partners = var('partners') -%}
{%- set first_year = var('first_registration_year') -%}
{%- set last_year = var('last_registration_year') -%}

with

unioned as (
    {%- for partner in partners %}
        select * from {{ ref('int_' ~ partner ~ '_cases_mapped') }}
        {{- "\n    union all" if not loop.last }}
    {%- endfor %}
),

counted as (
    select
        *,
        count(*) over (partition by partner, source_record_id) as rows_with_this_id
    from unioned
)

select
    {%- for column in codebook_columns() %}
        {{ column }},
    {%- endfor %}
    partner,
    source_row_number,
    source_record_id,
    {{ issue_list([
        "case when source_record_id is null then 'source_record_id: missing' end",
        "case when source_record_id is not null and rows_with_this_id > 1"
            ~ " then 'source_record_id: duplicate id in ' || rows_with_this_id || ' rows' end",
        "case when yearOfRegistration not between " ~ first_year ~ " and " ~ last_year
            ~ " then 'yearOfRegistration: " ~ "' || yearOfRegistration || ' is outside "
            ~ first_year ~ "-" ~ last_year ~ "' end",
    ], lists=['issues']) }} as issues
from counted
