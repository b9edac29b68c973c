{#- Reportable counts: every attribute combination of length 1..reporting_length that at least
    k records share, rounded down to a multiple of k, plus the record total (length 0, empty
    key) rounded the same way. No true count, no count below k, no record id. -#}
{%- set k = var('k') | int -%}

with

reportable as (
    select
        combination_key,
        combination_length,
        n
    from {{ ref('sensitive_combination_counts') }}
    where n >= {{ k }}
    union all
    select
        '' as combination_key,
        0 as combination_length,
        count(*) as n
    from {{ ref('cases') }}
    having count(*) >= {{ k }}
),

combinations as (
    select
        *,
        {{ combination_map('combination_key') }} as combination
    from reportable
)

select
    combination_key,
    combination_length,
    {%- for variable in codebook_variables() %}
    {{ combination_value(variable) }} as {{ variable.variable }},  -- noqa: LT02
    {%- endfor %}
    cast(floor(n / {{ k }}) * {{ k }} as bigint) as reported_count
from combinations
order by combination_length, combination_key
