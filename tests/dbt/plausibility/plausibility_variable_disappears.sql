{{ config(severity=plausibility_severity()) }}
{#- Plausibility: a variable with reportable values in the previous release should not become
    entirely missing. -#}
select
    'Variable ' || variable_name || ' had reportable values in the previous release and has none now.'
        as warning
from {{ ref('release_changes_by_value') }}
group by variable_name
having count(previous_reported_count) > 0 and count(reported_count) = 0
