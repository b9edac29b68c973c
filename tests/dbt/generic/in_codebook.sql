{#- The codebook's value tests for a whole model at once: a relationships test from every
    (variable, value) of the model's codebook columns to the values the codebook seeds allow
    (codebook_values, the countries seed for the two country variables, 1 for the binary
    variables, so a 0 never reads as a recorded "no"). yearOfRegistration is a range: values_between. -#}
{% test in_codebook(model) %}
{%- set columns = [] -%}
{%- for variable in codebook_variables() if variable.value_set != 'registration_years' -%}
    {%- do columns.append(variable.variable) -%}
{%- endfor %}

with

cells as (
    {{ attribute_cells(model, '1 as one', columns) }}
),

variables as (
    select * from {{ ref('codebook_variables') }}
),

allowed as (
    select
        variable,
        value
    from {{ ref('codebook_values') }}
    union all
    select
        variables.variable,
        countries.iso3 as value
    from variables
    cross join {{ ref('countries') }} as countries
    where variables.value_set = 'countries'
    union all
    select
        variable,
        '1' as value
    from variables
    where value_set = 'binary'
)

select
    cells.column_name,
    cells.value
from cells
left join allowed
    on cells.column_name = allowed.variable and cells.value = allowed.value
where allowed.value is null
{% endtest %}
