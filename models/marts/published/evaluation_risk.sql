{#- The sensitive data's own re-identification risk, per combination length: how many records
    hold a combination no other record holds (unique) or fewer than k records hold (rare). This
    is why the raw records cannot be published. Every count is rounded down to a multiple of k. -#}
{%- set k = var('k') | int -%}

with

records_at_risk as (
    {{ rare_combination_records(
        ref('cases'), codebook_columns(), codebook_binary_columns(), thresholds=[2, k]
    ) }}
),

total as (
    -- the rounded record total, as published (absent when fewer than k records)
    select coalesce(max(reported_count), 0) as records
    from {{ ref('reportable_aggregates') }}
    where combination_length = 0
)

select
    records_at_risk.combination_length,
    max(records_at_risk.n_records) filter (where records_at_risk.threshold = 2) // {{ k }} * {{ k }}
        as records_with_unique_combination,
    max(records_at_risk.n_records) filter (where records_at_risk.threshold = {{ k }}) // {{ k }} * {{ k }}
        as records_with_rare_combination,
    any_value(total.records) as records_total
from records_at_risk
cross join total
group by records_at_risk.combination_length
order by records_at_risk.combination_length
