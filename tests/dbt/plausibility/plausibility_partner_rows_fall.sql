{#- Plausibility: a partner should not contribute fewer raw or harmonized rows than in the
    previous build (per-partner figures stay in the sensitive schema). -#}
with

current_build as (
    select * from {{ ref('build_history') }}
    where release_id = '{{ release_id() }}'
),

previous_build as (
    select * from {{ ref('previous_build') }}
)

select
    'Partner ' || previous_build.partner || ' has fewer rows than in release '
    || previous_build.release_id || ': raw ' || previous_build.raw_rows || ' -> '
    || coalesce(current_build.raw_rows, 0) || ', harmonized ' || previous_build.harmonized_rows
    || ' -> ' || coalesce(current_build.harmonized_rows, 0) || '.' as warning
from previous_build
left join current_build on previous_build.partner = current_build.partner
where
    coalesce(current_build.raw_rows, 0) < previous_build.raw_rows
    or coalesce(current_build.harmonized_rows, 0) < previous_build.harmonized_rows
