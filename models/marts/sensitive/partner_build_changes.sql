{{ config(materialized='view') }}
{#- Each partner's figures in this build beside those of the build it is checked against: the
    last published build of the previous release (var previous_release), or, without one, the
    last published build of any other named release (a draft is never the base). Empty when the
    build history holds no such build: the partner checks then say they could not run.
    Sensitive: per-partner figures. -#}
with

published_builds as (
    select * from {{ ref('stg_build_log__builds') }}
    where status = 'published'
),

base as (
    select build_id
    from published_builds
    where
        {%- if var('previous_release') %}
            release_id in (select release_id from {{ ref('stg_previous_release__release_parameters') }})
        {%- else %}
            release_id not in ('{{ release_id() }}', 'draft')
        {%- endif %}
    order by built_at desc
    limit 1
),

previous_build as (
    select published_builds.*
    from published_builds
    inner join base on published_builds.build_id = base.build_id
    where published_builds.partner is not null
),

current_build as (
    select * from {{ ref('partner_figures') }}
)

select
    previous_build.partner,
    previous_build.release_id as previous_release_id,
    previous_build.raw_rows as previous_raw_rows,
    previous_build.harmonized_rows as previous_harmonized_rows,
    previous_build.rejected_rows / greatest(previous_build.raw_rows, 1) as previous_reject_share,
    previous_build.missing_shares as previous_missing_shares,
    coalesce(current_build.raw_rows, 0) as raw_rows,
    coalesce(current_build.harmonized_rows, 0) as harmonized_rows,
    coalesce(current_build.rejected_rows, 0) / greatest(current_build.raw_rows, 1) as reject_share,
    current_build.missing_shares
from previous_build
left join current_build on previous_build.partner = current_build.partner
