{#- Every reportable combination's published count beside its count in the synthetic records,
    before fitting (the synthesizer's records) and after (the published ones): what the report's
    scatters draw. Only published figures and counts of k-synthetic records; no true count. -#}
with

reported as (
    select
        combination_key,
        combination_length,
        reported_count
    from {{ ref('reportable_aggregates') }}
    where combination_length > 0
),

unfitted as (
    {{ combination_counts(ref('synthetic_cases_unfitted'), codebook_columns(), codebook_binary_columns()) }}
),

fitted as (
    select
        combination_key,
        synthetic_count
    from {{ ref('synthetic_combination_counts') }}
)

select
    reported.combination_key,
    reported.combination_length,
    reported.reported_count,
    coalesce(unfitted.n, 0) as unfitted_synthetic_count,
    coalesce(fitted.synthetic_count, 0) as synthetic_count
from reported
left join unfitted on reported.combination_key = unfitted.combination_key
left join fitted on reported.combination_key = fitted.combination_key
order by reported.combination_length, reported.combination_key
