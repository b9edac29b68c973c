{{ config(severity=plausibility_severity()) }}
{#- Plausibility: counts compare only between releases built with the same k and reporting
    length. -#}
select
    'The previous release ' || previous_release.release_id || ' used k = ' || previous_release.k
    || ' and reporting length ' || previous_release.reporting_length || '; this one k = '
    || current_release.k || ' and ' || current_release.reporting_length
    || ': its counts are not comparable.' as warning
from {{ ref('stg_previous_release__release_parameters') }} as previous_release
cross join {{ ref('release_parameters') }} as current_release
where
    previous_release.k <> current_release.k
    or previous_release.reporting_length <> current_release.reporting_length
