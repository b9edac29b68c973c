{#- Country spellings (ISO3, ISO2, names; Kosovo and Tibet per the codebook) to ISO 3166-1
    alpha-3, through the pycountry-generated country_names seed. -#}

{% macro country_names_map() -%}
    select map_from_entries(list((name_key, iso3))) as iso3_by_name
    from {{ ref('country_names') }}
{%- endmacro %}

{% macro country_iso3(expr) -%}
    {{ code_lookup('iso3_by_name', 'lower(trim(' ~ present(expr) ~ '))') }}
{%- endmacro %}

{% macro unknown_country(name, expr) -%}
    case
        when {{ present(expr) }} is not null and {{ country_iso3(expr) }} is null
            then '{{ name }}: unknown country "' || {{ expr }} || '"'
    end
{%- endmacro %}
