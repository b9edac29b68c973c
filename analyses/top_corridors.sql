-- The most reported trafficking corridors (citizenship -> country of exploitation) with at
-- least k victims, from the reportable aggregates.
select
    citizenship,
    CountryOfExploitation,
    reported_count
from {{ ref('reportable_aggregates') }}
where
    combination_length = 2
    and citizenship is not null
    and CountryOfExploitation is not null
    and citizenship <> CountryOfExploitation
order by reported_count desc, citizenship asc, CountryOfExploitation asc
limit 20
