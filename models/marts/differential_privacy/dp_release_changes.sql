{#- Every single value (1-combination) the DP aggregates publish in this release or the previous
    one, and the record total (length 0): both DP counts, the change and the noise of the change
    (each release's noise is independent, so their variances add). Computed only from what the
    two releases publish. -#}
{%- set releases = {
    'previous_counts': (ref('stg_previous_release__dp_aggregates'), ref('stg_previous_release__dp_parameters')),
    'current_counts': (ref('dp_aggregates'), ref('dp_parameters')),
} %}
with
{% for name, (aggregates, noise) in releases.items() %}
    {{ name }} as (
        select
            aggregates.combination_key,
            aggregates.combination_length,
            aggregates.dp_count,
            noise.noise_sd
        from {{ aggregates }} as aggregates
        inner join {{ noise }} as noise on aggregates.combination_length = noise.combination_length
        where aggregates.combination_length <= 1
    ),
{% endfor %}
compared as (
    select
        coalesce(previous_counts.combination_key, current_counts.combination_key) as combination_key,
        coalesce(previous_counts.combination_length, current_counts.combination_length)
            as combination_length,
        previous_counts.dp_count as previous_dp_count,
        current_counts.dp_count,
        coalesce(current_counts.dp_count, 0) - coalesce(previous_counts.dp_count, 0) as count_change,
        sqrt(coalesce(previous_counts.noise_sd, 0) ^ 2 + coalesce(current_counts.noise_sd, 0) ^ 2)
            as change_noise_sd
    from previous_counts
    full outer join current_counts on previous_counts.combination_key = current_counts.combination_key
    -- without a previous release, nothing to compare
    where exists (select 1 from {{ ref('stg_previous_release__dp_aggregates') }})
)

select
    combination_key,
    combination_length,
    previous_dp_count,
    dp_count,
    count_change,
    round(change_noise_sd, 3) as change_noise_sd,
    case
        when previous_dp_count is null then 'newly published'
        when dp_count is null then 'no longer published'
        when count_change > 2 * change_noise_sd then 'increased'
        when count_change < -2 * change_noise_sd then 'decreased'
        else 'within noise'
    end as status
from compared
order by combination_length, combination_key
