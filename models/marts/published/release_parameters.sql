{#- The parameters this release was built with, one row: published with the data so that a
    reader knows which release a file belongs to, the reporting resolution k and which release
    it was compared with. -#}
with

previous_release as (
    select release_id from {{ ref('stg_previous_release__release_parameters') }}
)

select
    cast('{{ release_id() }}' as varchar) as release_id,
    cast({{ var('k') }} as integer) as k,
    cast({{ var('reporting_length') }} as integer) as reporting_length,
    cast({{ var('synthesis_seed') }} as bigint) as synthesis_seed,
    '{{ var("synthesis_mode") }}' as synthesis_mode,
    cast({{ var('first_registration_year') }} as integer) as first_registration_year,
    cast({{ var('last_registration_year') }} as integer) as last_registration_year,
    (select max(release_id) from previous_release) as previous_release_id
