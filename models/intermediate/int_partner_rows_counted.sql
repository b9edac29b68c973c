{#- Per partner: rows in the extract (read as rows, or unreadable lines), rows that became
    cases, rows rejected. A view, not a table: the raw-row test must count the cases and rejects
    as they are when it runs. Sensitive: it tells how many records each partner holds. -#}
with

raw_rows as (
    select
        partner,
        sum(n) as raw_rows
    from (
        {%- for partner in var('partners') %}
            select
                '{{ partner }}' as partner,
                count(*) as n
            from {{ ref('stg_' ~ partner ~ '__cases') }}
            union all
        {%- endfor %}
        select
            partner,
            count(*) as n
        from {{ ref('stg_extract_malformed_lines') }}
        group by partner
    )
    group by partner
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
