{#- The parameters this release was built with, one row: published with the data so that a
    reader knows which release a file belongs to, its privacy model and budget (k, or epsilon and
    delta) and which release it was compared with. Built in both privacy models. -#}
{%- set dp = var('privacy_model') == 'differential_privacy' -%}
{#- the budget the DP mechanism spent, from its published parameters -#}
{%- set zcdp_rho = "(select sum(rho + coalesce(bound_rho, 0)) from " ~ ref('dp_parameters') ~ ")"
    if dp else "null" -%}
with

previous_release as (
    select release_id from {{ ref('stg_previous_release__release_parameters') }}
)

select
    cast('{{ release_id() }}' as varchar) as release_id,
    '{{ var("privacy_model") }}' as privacy_model,
    cast({{ 'null' if dp else var('k') }} as integer) as k,
    cast({{ var('epsilon') if dp else 'null' }} as double) as epsilon,
    cast({{ var('delta') if dp else 'null' }} as double) as delta,
    cast({{ zcdp_rho }} as double) as zcdp_rho,
    cast({{ var('reporting_length') }} as integer) as reporting_length,
    cast({{ var('synthesis_seed') }} as bigint) as synthesis_seed,
    cast({{ 'null' if dp else "'" ~ var('synthesis_mode') ~ "'" }} as varchar) as synthesis_mode,
    cast({{ var('first_registration_year') }} as integer) as first_registration_year,
    cast({{ var('last_registration_year') }} as integer) as last_registration_year,
    (select max(release_id) from previous_release) as previous_release_id
