-- Which means of control are recorded most often for people exploited as minors, compared with
-- adults (shares of the records that have a majority status), from the reportable aggregates.
with

status_totals as (
    select
        majorityStatusAtExploit,
        reported_count as records
    from {{ ref('reportable_aggregates') }}
    where combination_length = 1 and majorityStatusAtExploit is not null
),

control as (
    select
        majorityStatusAtExploit,
        split_part(split_part(combination_key, ';', 2), ':', 1) as means_of_control,
        reported_count
    from {{ ref('reportable_aggregates') }}
    where
        combination_length = 2
        and majorityStatusAtExploit is not null
        and combination_key like 'majorityStatusAtExploit:%;meansOfControl%'
)

select
    control.means_of_control,
    control.majorityStatusAtExploit,
    control.reported_count,
    round(control.reported_count / status_totals.records, 3) as share_of_status
from control
inner join status_totals on control.majorityStatusAtExploit = status_totals.majorityStatusAtExploit
order by control.means_of_control, control.majorityStatusAtExploit
