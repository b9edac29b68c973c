{#- Nothing is lost: for every partner, rows in the extract (read as rows, or unreadable lines)
    = cases + rejects. -#}
{%- set partners = var('partners') -%}

with

raw_rows as (
    {%- for partner in partners %}
        select
            '{{ partner }}' as partner,
            count(*) as n_raw
        from {{ ref('stg_' ~ partner ~ '__cases') }}
        union all
    {%- endfor %}
    select
        partner,
        count(*) as n_raw
    from {{ ref('stg_extract_malformed_lines') }}
    group by partner
),

raw_totals as (
    select
        partner,
        sum(n_raw) as n_raw
    from raw_rows
    group by partner
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
    raw_totals.partner,
    raw_totals.n_raw,
    coalesce(accounted.n_accounted, 0) as n_accounted
from raw_totals
left join accounted on raw_totals.partner = accounted.partner
where raw_totals.n_raw <> coalesce(accounted.n_accounted, 0)
