{#- Every single value (1-combination) reportable in this release or the previous one: both
    reported counts and the change. Computed only from what the two releases publish. -#}
with

previous_counts as (
    select
        combination_key,
        reported_count
    from {{ ref('stg_previous_release__reportable_aggregates') }}
    where combination_length = 1
),

current_counts as (
    select
        combination_key,
        reported_count
    from {{ ref('reportable_aggregates') }}
    where combination_length = 1
),

compared as (
    select
        coalesce(previous_counts.combination_key, current_counts.combination_key) as combination_key,
        previous_counts.reported_count as previous_reported_count,
        current_counts.reported_count,
        coalesce(current_counts.reported_count, 0)
        - coalesce(previous_counts.reported_count, 0) as count_change
    from previous_counts
    full outer join current_counts on previous_counts.combination_key = current_counts.combination_key
)

select
    combination_key,
    split_part(combination_key, ':', 1) as variable_name,
    substr(combination_key, length(split_part(combination_key, ':', 1)) + 2) as variable_value,
    previous_reported_count,
    reported_count,
    count_change,
    case
        when previous_reported_count is null then 'became reportable'
        when reported_count is null then 'no longer reportable'
        when count_change > 0 then 'increased'
        when count_change < 0 then 'decreased'
        else 'unchanged'
    end as status
from compared
order by combination_key
