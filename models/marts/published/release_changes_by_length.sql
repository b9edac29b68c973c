{#- Per combination length (0 = the record total): how many combinations each release reports,
    how many became reportable and how many stopped being reportable. -#}
with

previous_keys as (
    select
        combination_key,
        combination_length
    from {{ ref('stg_previous_release__reportable_aggregates') }}
),

current_keys as (
    select
        combination_key,
        combination_length
    from {{ ref('reportable_aggregates') }}
),

compared as (
    select
        coalesce(current_keys.combination_length, previous_keys.combination_length) as combination_length,
        previous_keys.combination_key is not null as in_previous,
        current_keys.combination_key is not null as in_current
    from previous_keys
    full outer join current_keys on previous_keys.combination_key = current_keys.combination_key
)

select
    combination_length,
    count(*) filter (where in_previous) as previous_reportable,
    count(*) filter (where in_current) as reportable,
    count(*) filter (where in_current and not in_previous) as became_reportable,
    count(*) filter (where in_previous and not in_current) as stopped_being_reportable
from compared
group by combination_length
order by combination_length
