{#- A relation's attributes in long form: one row per non-missing value of each given column,
    as (row key, column_name, value), values cast to text. Binary columns contribute their 1. -#}
{% macro attribute_cells(relation, row_key, columns=none) -%}
    {%- set columns = columns or codebook_columns() -%}
    {%- for column in columns %}
    select {{ row_key }}, '{{ column }}' as column_name, cast({{ column }} as varchar) as value
    from {{ relation }}
    where {{ column }} is not null
    {{- "\n    union all" if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{# Per (column_name, value) counts of a relation's attributes. #}
{% macro attribute_value_counts(relation, columns=none) -%}
    select column_name, value, count(*) as n
    from ({{ attribute_cells(relation, '1 as one', columns) }})
    group by column_name, value
{%- endmacro %}
