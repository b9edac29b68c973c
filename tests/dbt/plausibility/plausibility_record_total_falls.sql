{{ config(severity=plausibility_severity()) }}
{#- Plausibility: the published record total should not fall from one release to the next. -#}
select
    'The record total fell from ' || previous_value || ' to ' || current_value
    || ' since the previous release.' as warning
from {{ ref('release_changes_totals') }}
where measure = 'records_total' and count_change < 0
