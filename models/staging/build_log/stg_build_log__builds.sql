{#- The build history as logged: one row per partner per build. -#}
select
    build_id,
    release_id,
    status,
    built_at,
    detail,
    parameters,
    partner,
    raw_rows,
    harmonized_rows,
    rejected_rows,
    missing_shares
from {{ source('build_log', 'build_history') }}
