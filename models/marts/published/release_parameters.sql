{#- The parameters this release was built with, one row: published with the data so that a
    reader knows the reporting resolution k. -#}
select
    cast({{ var('k') }} as integer) as k,
    cast({{ var('reporting_length') }} as integer) as reporting_length,
    cast({{ var('synthesis_seed') }} as bigint) as synthesis_seed,
    '{{ var("synthesis_mode") }}' as synthesis_mode
