{#- Country spellings (ISO3, ISO2, names; Kosovo and Tibet per the codebook) to ISO 3166-1
    alpha-3, through the pycountry-generated country_names seed. -#}

{# One row, one map (iso3_by_name) from a relation of the country_names seed. #}
{% macro country_names_map(country_names) -%}
    select map_from_entries(list((name_key, iso3))) as iso3_by_name
    from {{ country_names }}
{%- endmacro %}

{% macro country_iso3(expr) -%}
    {{ code_lookup('iso3_by_name', 'lower(' ~ expr ~ ')') }}
{%- endmacro %}

{# `expr` defaults to the field itself; Polaris checks the first of several citizenships. #}
{% macro unknown_country(field, expr=none) -%}
    {%- set expr = expr or field -%}
    case
        when {{ expr }} is not null and {{ country_iso3(expr) }} is null
            then '{{ field }}: unknown country ' || {{ quoted(expr) }}
    end
{%- endmacro %}
