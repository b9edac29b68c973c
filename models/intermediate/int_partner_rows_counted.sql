{#- Per partner: rows in the extract, rows that became cases, rows rejected. Sensitive: it tells
    how many records each partner holds. -#}
{%- set partners = ['iom', 'polaris', 'liberty_shared', 'a21', 'otsh'] -%}

with

raw_rows as (
    {%- for partner in partners %}
        select
            '{{ partner }}' as partner,
            count(*) as raw_rows
        from {{ ref('stg_' ~ partner ~ '__cases') }}
        {{- "\n    union all" if not loop.last }}
    {%- endfor %}
),

harmonized as (
    select
        partner,
        count(*) as harmonized_rows
    from {{ ref('cases') }}
    group by partner
),

rejected as (
    select
        partner,
        count(*) as rejected_rows
    from {{ ref('cases_rejects') }}
    group by partner
)

select
    raw_rows.partner,
    raw_rows.raw_rows,
    coalesce(harmonized.harmonized_rows, 0) as harmonized_rows,
    coalesce(rejected.rejected_rows, 0) as rejected_rows
from raw_rows
left join harmonized on raw_rows.partner = harmonized.partner
left join rejected on raw_rows.partner = rejected.partner
