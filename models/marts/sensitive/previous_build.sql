{#- The build this one is checked against: the build of the previous release when one is given
    (var previous_release), otherwise the latest other release built in this DuckDB file; a
    draft (the default id, a build not yet named) is never the base. One row per partner; empty
    on a first build. Sensitive. -#}
with

history as (
    select * from {{ ref('build_history') }}
),

previous_release as (
    select release_id from {{ ref('stg_previous_release__release_parameters') }}
),

latest_other as (
    select release_id
    from history
    where release_id not in ('{{ release_id() }}', 'draft')
    order by built_at desc
    limit 1
),

chosen as (
    {%- if var('previous_release') %}
    select release_id from previous_release
    {%- else %}
    select release_id from latest_other
    {%- endif %}
)

select history.*
from history
inner join chosen on history.release_id = chosen.release_id
