{{ config(severity=plausibility_severity()) }}
{#- Plausibility: a partner should not contribute fewer raw or harmonized rows than in the
    previous build (per-partner figures stay in the sensitive schema). -#}
select
    'Partner ' || partner || ' has fewer rows than in release ' || previous_release_id
    || ': raw ' || previous_raw_rows || ' -> ' || raw_rows
    || ', harmonized ' || previous_harmonized_rows || ' -> ' || harmonized_rows || '.' as warning
from {{ ref('partner_build_changes') }}
where raw_rows < previous_raw_rows or harmonized_rows < previous_harmonized_rows
