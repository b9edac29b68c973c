{#- Plausibility: a partner's share of rejected rows should not jump (by more than var
    plausibility_max_reject_share_rise) since the previous build. -#}
{%- set max_rise = var('plausibility_max_reject_share_rise') -%}
with

current_build as (
    select * from {{ ref('build_history') }}
    where release_id = '{{ release_id() }}'
),

previous_build as (
    select * from {{ ref('previous_build') }}
),

shares as (
    select
        current_build.partner,
        previous_build.release_id as previous_release_id,
        previous_build.rejected_rows / greatest(previous_build.raw_rows, 1) as previous_share,
        current_build.rejected_rows / greatest(current_build.raw_rows, 1) as current_share
    from current_build
    inner join previous_build on current_build.partner = previous_build.partner
)

select
    'Partner ' || partner || ' rejects ' || round(current_share * 100, 1) || ' % of its rows, '
    || round(previous_share * 100, 1) || ' % in release ' || previous_release_id || '.' as warning
from shares
where current_share - previous_share > {{ max_rise }}
