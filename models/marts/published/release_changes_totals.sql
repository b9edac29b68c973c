{#- The record total (rounded down to a multiple of k, as published) and the number of synthetic
    records, in the previous release and in this one. -#}
with

previous_total as (
    select max(reported_count) as n
    from {{ ref('stg_previous_release__reportable_aggregates') }}
    where combination_length = 0
),

current_total as (
    select max(reported_count) as n
    from {{ ref('reportable_aggregates') }}
    where combination_length = 0
),

previous_synthetic as (
    select max(row_count) as n
    from {{ ref('stg_previous_release__files') }}
    where resource_name = 'synthetic_cases' and resource_type = 'table'
),

current_synthetic as (
    select count(*) as n from {{ ref('synthetic_cases') }}
),

measures as (
    select
        'records_total' as measure,
        previous_total.n as previous_value,
        current_total.n as current_value
    from previous_total cross join current_total
    union all
    select
        'synthetic_records' as measure,
        previous_synthetic.n as previous_value,
        current_synthetic.n as current_value
    from previous_synthetic cross join current_synthetic
)

select
    measure,
    previous_value,
    current_value,
    current_value - previous_value as count_change
from measures
order by measure
