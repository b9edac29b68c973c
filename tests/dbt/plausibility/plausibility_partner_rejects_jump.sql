{{ config(severity=plausibility_severity()) }}
{#- Plausibility: a partner's share of rejected rows should not jump (by more than var
    plausibility_max_reject_share_rise) since the previous build. -#}
select
    'Partner ' || partner || ' rejects ' || round(reject_share * 100, 1) || ' % of its rows, '
    || round(previous_reject_share * 100, 1) || ' % in release ' || previous_release_id || '.'
        as warning
from {{ ref('partner_build_changes') }}
where reject_share - previous_reject_share > {{ var('plausibility_max_reject_share_rise') }}
