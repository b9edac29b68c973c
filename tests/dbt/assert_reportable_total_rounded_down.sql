{#- The record total (the empty combination) is floor(records / k) * k, reported exactly once. -#}
{%- set k = var('k') | int -%}
with

totals as (
    select
        count(*) as n_rows,
        max(reported_count) as reported_count
    from {{ ref('reportable_aggregates') }}
    where combination_length = 0
),

records as (
    select count(*) as n from {{ ref('cases') }}
)

select
    totals.n_rows,
    totals.reported_count,
    records.n
from totals cross join records
where
    (records.n >= {{ k }} and (totals.n_rows <> 1 or totals.reported_count <> records.n // {{ k }} * {{ k }}))
    or (records.n < {{ k }} and totals.n_rows <> 0)
