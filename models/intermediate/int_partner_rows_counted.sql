{#- Per partner: records in the extract (counted without parsing its fields: see
    stg_extract_files), rows that became cases, rows rejected (unreadable lines included). A
    view, not a table: the raw-row test must count the cases and rejects as they are when it
    runs. Sensitive: it tells how many records each partner holds. -#}
with

raw_rows as (
    select
        partner,
        records as raw_rows
    from {{ ref('stg_extract_files') }}
    where partner is not null
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
