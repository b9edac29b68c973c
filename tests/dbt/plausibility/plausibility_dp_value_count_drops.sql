{{ config(severity=plausibility_severity()) }}
{#- Plausibility (DP release): a value's DP count should not fall by more than a share AND more
    than a number of records since the previous release, as in the k-synthetic release, AND by
    more than plausibility_dp_noise_sds standard deviations of the change's noise, so that noise
    alone does not fire it. A value no longer published had a count too small to tell from this
    release's noise, not none: up to plausibility_dp_noise_sds standard deviations of it. -#}
{%- set max_share = var('plausibility_max_value_drop_share') -%}
{%- set max_records = var('plausibility_max_value_drop_records') -%}
{%- set noise_sds = var('plausibility_dp_noise_sds') -%}
with

unpublished as (
    select {{ noise_sds }} * noise_sd as dp_count
    from {{ ref('dp_parameters') }}
    where combination_length = 1
),

drops as (
    select
        changes.combination_key,
        changes.previous_dp_count,
        changes.dp_count,
        changes.change_noise_sd,
        changes.previous_dp_count - coalesce(changes.dp_count, unpublished.dp_count) as fall
    from {{ ref('dp_release_changes') }} as changes
    cross join unpublished
    where changes.combination_length = 1
)

select
    combination_key || ' fell from ' || previous_dp_count || ' to '
    || coalesce(cast(dp_count as varchar), 'not published') || ' (more than '
    || round({{ max_share }} * 100) || ' %, more than {{ max_records }} records and more than '
    || '{{ noise_sds }} times the noise, sd ' || change_noise_sd || ').' as warning
from drops
where
    fall > {{ max_share }} * previous_dp_count
    and fall > {{ max_records }}
    and fall > {{ noise_sds }} * change_noise_sd
