-- Share of forced labour by gender and age band: from the reportable aggregates (exact up to
-- rounding, but groups under k are absent: the share is then empty, not 0) and from the synthetic
-- records (every group present, approximate). Run on the release DuckDB file, e.g. with
-- `dbt compile` then duckdb.
with

from_aggregates as (
    select
        all_cases.gender,
        all_cases.ageBroad,
        forced.reported_count as forced_labour,
        all_cases.reported_count as all_records
    from {{ ref('reportable_aggregates') }} as all_cases
    left join {{ ref('reportable_aggregates') }} as forced
        on
            all_cases.gender = forced.gender
            and all_cases.ageBroad = forced.ageBroad
            and forced.isForcedLabour = 1
            and forced.combination_length = 3
    where all_cases.combination_length = 2 and all_cases.gender is not null and all_cases.ageBroad is not null
),

from_synthetic as (
    select
        gender,
        ageBroad,
        count(*) filter (where isForcedLabour = 1) as forced_labour,
        count(*) as all_records
    from {{ ref('synthetic_cases') }}
    where gender is not null and ageBroad is not null
    group by gender, ageBroad
)

select
    from_aggregates.gender,
    from_aggregates.ageBroad,
    round(from_aggregates.forced_labour / from_aggregates.all_records, 3) as share_aggregates,
    round(from_synthetic.forced_labour / from_synthetic.all_records, 3) as share_synthetic
from from_aggregates
left join from_synthetic
    on from_aggregates.gender = from_synthetic.gender and from_aggregates.ageBroad = from_synthetic.ageBroad
order by from_aggregates.gender, from_aggregates.ageBroad
