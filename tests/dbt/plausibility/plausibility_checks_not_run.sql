{{ config(severity='warn') }}
{#- Plausibility: say which checks could not run, so that silence never reads as "checked and
    fine": without a previous release nothing compares the releases; without a published build
    of it (or of another release) in this DuckDB file's build history the partner checks have
    nothing to compare with. Always a warning, whatever the checks' own severity. -#}
select
    'No previous release was given (PREVIOUS_RELEASE, var previous_release): the checks that '
    || 'compare two releases (record total, value counts, variables, parameters) did not run.'
        as warning
where '{{ var("previous_release") }}' = ''
union all
select
    'The build history of this DuckDB file holds no published build of '
    || {{ "coalesce((select max(release_id) from " ~ ref('stg_previous_release__release_parameters')
        ~ "), 'the previous release')" if var('previous_release') else "'an earlier release'" }}
    || ': the partner checks (rows, rejects, missing values per variable) did not run.' as warning
where not exists (select 1 from {{ ref('partner_build_changes') }})
