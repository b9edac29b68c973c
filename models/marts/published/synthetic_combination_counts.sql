{#- Counts of every attribute combination of length 1..reporting_length in the synthetic
    records (public data: the synthetic records are published themselves). -#}
with

counted as (
    {{ combination_counts(ref('synthetic_cases'), codebook_columns(), codebook_binary_columns()) }}
)

select
    combination_key,
    combination_length,
    n as synthetic_count
from counted
