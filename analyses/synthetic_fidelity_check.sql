-- A researcher's own fidelity check: for records exploited in the USA, the number by year of
-- registration in the synthetic records against the reportable count. Every year that either
-- source has: the reportable count is empty where fewer than k records share the year (not
-- published), the synthetic count 0 where no synthetic record has it.
with

reported as (
    select
        yearOfRegistration,
        reported_count
    from {{ ref('reportable_aggregates') }}
    where
        combination_length = 2
        and CountryOfExploitation = 'USA'
        and yearOfRegistration is not null
),

synthetic as (
    select
        yearOfRegistration,
        count(*) as synthetic_records
    from {{ ref('synthetic_cases') }}
    where CountryOfExploitation = 'USA' and yearOfRegistration is not null
    group by yearOfRegistration
)

select
    coalesce(reported.yearOfRegistration, synthetic.yearOfRegistration) as yearOfRegistration,
    reported.reported_count,
    coalesce(synthetic.synthetic_records, 0) as synthetic_records
from reported
full outer join synthetic on reported.yearOfRegistration = synthetic.yearOfRegistration
order by yearOfRegistration
