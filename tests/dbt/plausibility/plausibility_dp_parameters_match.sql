{{ config(severity=plausibility_severity()) }}
{#- Plausibility (DP release): counts compare only between DP releases of the same reporting
    length; a different epsilon changes the noise, which the comparison accounts for. -#}
select
    'The previous release ' || previous_release.release_id || ' used reporting length '
    || previous_release.reporting_length || '; this one ' || current_release.reporting_length
    || ': its counts are not comparable.' as warning
from {{ ref('stg_previous_release__release_parameters') }} as previous_release
cross join {{ ref('release_parameters') }} as current_release
where previous_release.reporting_length <> current_release.reporting_length
