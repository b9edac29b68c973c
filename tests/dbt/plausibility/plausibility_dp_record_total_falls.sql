{{ config(severity=plausibility_severity()) }}
{#- Plausibility (DP release): the DP record total should not fall from one release to the next
    by more than plausibility_dp_noise_sds standard deviations of the change's noise. -#}
{%- set noise_sds = var('plausibility_dp_noise_sds') -%}
select
    'The DP record total fell from ' || previous_dp_count || ' to ' || dp_count
    || ' since the previous release (more than {{ noise_sds }} times the noise, sd '
    || change_noise_sd || ').' as warning
from {{ ref('dp_release_changes') }}
where combination_length = 0 and -count_change > {{ noise_sds }} * change_noise_sd
