-- A researcher's own fidelity check: for records exploited in the USA, the number by year of
-- registration in the synthetic records against the reportable count.
select
    aggregates.yearOfRegistration,
    aggregates.reported_count,
    count(synthetic.yearOfRegistration) as synthetic_records
from {{ ref('reportable_aggregates') }} as aggregates
left join {{ ref('synthetic_cases') }} as synthetic
    on
        aggregates.yearOfRegistration = synthetic.yearOfRegistration
        and synthetic.CountryOfExploitation = 'USA'
where aggregates.combination_length = 2 and aggregates.CountryOfExploitation = 'USA'
group by aggregates.yearOfRegistration, aggregates.reported_count
order by aggregates.yearOfRegistration
