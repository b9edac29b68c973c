{#- Nothing is lost: for every partner, rows in the extract = cases + rejects. -#}
{%- set partners = var('partners') -%}

with

raw_rows as (
    {%- for partner in partners %}
        select
            '{{ partner }}' as partner,
            count(*) as n_raw
        from {{ ref('stg_' ~ partner ~ '__cases') }}
        {{- "\n    union all" if not loop.last }}
    {%- endfor %}
),

outcomes as (
    select
        partner,
        count(*) as n_out
    from {{ ref('cases') }}
    group by partner
    union all
    select
        partner,
        count(*) as n_out
    from {{ ref('cases_rejects') }}
    group by partner
),

accounted as (
    select
        partner,
        sum(n_out) as n_accounted
    from outcomes
    group by partner
)

select
    raw_rows.partner,
    raw_rows.n_raw,
    coalesce(accounted.n_accounted, 0) as n_accounted
from raw_rows
left join accounted on raw_rows.partner = accounted.partner
where raw_rows.n_raw <> coalesce(accounted.n_accounted, 0)
