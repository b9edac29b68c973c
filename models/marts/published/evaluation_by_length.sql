{#- How faithful the synthetic records are, per combination length: synthetic counts against
    the sensitive counts of the combinations that are reportable (held by at least k records),
    and against the published (reported) counts. Only averages and counts of combinations are
    published, never a combination's true count. -#}
{%- set k = var('k') | int -%}

with

sensitive as (
    select
        combination_key,
        combination_length,
        n
    from {{ ref('sensitive_combination_counts') }}
),

synthetic as (
    select
        combination_key,
        combination_length,
        synthetic_count as n
    from {{ ref('synthetic_combination_counts') }}
),

reported as (
    select
        combination_key,
        reported_count
    from {{ ref('reportable_aggregates') }}
    where combination_length > 0
),

compared as (
    select
        coalesce(sensitive.combination_length, synthetic.combination_length) as combination_length,
        sensitive.n as sensitive_count,
        reported.reported_count,
        synthetic.n as synthetic_count,
        abs(coalesce(synthetic.n, 0) - sensitive.n) <= 0.2 * sensitive.n as within_20_percent
    from sensitive
    full outer join synthetic on sensitive.combination_key = synthetic.combination_key
    left join reported on sensitive.combination_key = reported.combination_key
),

record_totals as (
    select
        (select count(*) from {{ ref('synthetic_cases') }}) as synthetic_records,
        (
            select max(reported_count) from {{ ref('reportable_aggregates') }}
            where combination_length = 0
        ) as sensitive_records_rounded
)

select
    compared.combination_length,
    count(*) filter (where compared.sensitive_count >= {{ k }}) as reportable_combinations,
    -- summed as fixed-point decimals: a float sum depends on the threads' order, and the
    -- release files must be byte-identical from build to build
    cast(
        avg(
            cast(
                least(coalesce(compared.synthetic_count, 0) / compared.sensitive_count, 1) as decimal(18, 15)
            )
        )
        filter (where compared.sensitive_count >= {{ k }}) as double
    ) as mean_preserved_share,
    avg(abs(coalesce(compared.synthetic_count, 0) - compared.sensitive_count))
    filter (where compared.sensitive_count >= {{ k }}) as mean_absolute_error,
    cast(
        avg(
            cast(
                abs(coalesce(compared.synthetic_count, 0) - compared.reported_count) / compared.reported_count
                as decimal(18, 12)
            )
        )
        filter (where compared.sensitive_count >= {{ k }}) as double
    ) as mean_proportional_error,
    count(*) filter (
        where compared.sensitive_count >= {{ k }} and compared.within_20_percent
    ) / count(*) filter (where compared.sensitive_count >= {{ k }}) as share_within_20_percent,
    count(*) filter (
        where compared.synthetic_count is not null and coalesce(compared.sensitive_count, 0) < {{ k }}
    ) as fabricated_combinations,
    count(*) filter (
        where compared.sensitive_count >= {{ k }} and compared.synthetic_count is null
    ) as suppressed_combinations,
    any_value(record_totals.synthetic_records / record_totals.sensitive_records_rounded) as record_expansion,
    any_value(record_totals.synthetic_records) as synthetic_records,
    any_value(record_totals.sensitive_records_rounded) as reported_records
from compared
cross join record_totals
group by compared.combination_length
order by compared.combination_length
