{#- The sensitive data's own re-identification risk, per combination length: how many records
    hold a combination no other record holds (unique) or fewer than k records hold (rare). This
    is why the raw records cannot be published. Every count is rounded down to a multiple of k. -#}
{%- set k = var('k') | int -%}

with

unique_records as (
    {{ rare_combination_records(ref('cases'), codebook_columns(), codebook_binary_columns(), threshold=2) }}
),

rare_records as (
    {{ rare_combination_records(ref('cases'), codebook_columns(), codebook_binary_columns(), threshold=k) }}
),

total as (
    -- the rounded record total, as published (absent when fewer than k records)
    select coalesce(max(reported_count), 0) as records
    from {{ ref('reportable_aggregates') }}
    where combination_length = 0
)

select
    unique_records.combination_length,
    unique_records.n_records // {{ k }} * {{ k }} as records_with_unique_combination,
    rare_records.n_records // {{ k }} * {{ k }} as records_with_rare_combination,
    total.records as records_total
from unique_records
inner join rare_records on unique_records.combination_length = rare_records.combination_length
cross join total
order by unique_records.combination_length
