{{ config(severity=plausibility_severity()) }}
{#- Plausibility: a value's reported count should not fall by more than a share AND more than a
    number of records since the previous release (thresholds are vars). -#}
{%- set max_share = var('plausibility_max_value_drop_share') -%}
{%- set max_records = var('plausibility_max_value_drop_records') -%}
select
    combination_key || ' fell from ' || previous_reported_count || ' to '
    || coalesce(reported_count, 0) || ' records (more than '
    || round({{ max_share }} * 100) || ' % and more than {{ max_records }} records).' as warning
from {{ ref('release_changes_by_value') }}
where
    -count_change > {{ max_share }} * previous_reported_count
    and -count_change > {{ max_records }}
