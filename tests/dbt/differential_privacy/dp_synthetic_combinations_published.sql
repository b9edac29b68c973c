{#- The DP synthetic records hold no combination of up to reporting_length values that the DP
    aggregates do not publish (with a count above 0): what they show was measured under DP. -#}
with

synthetic as (
    {{ combination_counts(ref('dp_synthetic_cases'), codebook_columns(), codebook_binary_columns()) }}
),

published as (
    select combination_key
    from {{ ref('dp_aggregates') }}
    where dp_count > 0
)

select
    synthetic.combination_key,
    synthetic.n
from synthetic
anti join published on synthetic.combination_key = published.combination_key
