{{ config(materialized='view') }}
{#- Each partner's rows in this build beside those in the build it is checked against: the build
    of the previous release when one is given (var previous_release), otherwise the latest other
    release built in this DuckDB file; a draft (the default id, a build not yet named) is never
    the base. Empty on a first build. Sensitive: per-partner figures. -#}
with

history as (
    select * from {{ ref('build_history') }}
),

base as (
    {%- if var('previous_release') %}
    select release_id from {{ ref('stg_previous_release__release_parameters') }}
    {%- else %}
        select release_id
        from history
        where release_id not in ('{{ release_id() }}', 'draft')
        order by built_at desc
        limit 1
    {%- endif %}
),

previous_build as (
    select history.*
    from history
    inner join base on history.release_id = base.release_id
),

current_build as (
    select * from history
    where release_id = '{{ release_id() }}'
)

select
    previous_build.partner,
    previous_build.release_id as previous_release_id,
    previous_build.raw_rows as previous_raw_rows,
    previous_build.harmonized_rows as previous_harmonized_rows,
    previous_build.rejected_rows / greatest(previous_build.raw_rows, 1) as previous_reject_share,
    coalesce(current_build.raw_rows, 0) as raw_rows,
    coalesce(current_build.harmonized_rows, 0) as harmonized_rows,
    coalesce(current_build.rejected_rows, 0) / greatest(current_build.raw_rows, 1) as reject_share
from previous_build
left join current_build on previous_build.partner = current_build.partner
