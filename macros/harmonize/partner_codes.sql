{#- Decoding partner codes through the partner_codes seed.
    A mapping model cross-joins one row of lookup maps, `codes`, built here; every field map
    also holds the partner's missing-value tokens (decoded to ''), so a missing token and a known
    "no" both become null while an unknown code stays detectable. -#}

{% macro partner_code_maps(partner, fields) -%}
    {{ return(adapter.dispatch('partner_code_maps', 'ctdc_release')(partner, fields)) }}
{%- endmacro %}

{% macro duckdb__partner_code_maps(partner, fields) -%}
    select
        {%- for field in ['missing'] + fields %}
        map_from_entries(
            list((code, coalesce(value, ''))) filter (where field in ('{{ field }}', 'missing'))
        ) as {{ field }}_codes{{ "," if not loop.last }}
        {%- endfor %}
    from {{ ref('partner_codes') }}
    where partner = '{{ partner }}'
{%- endmacro %}

{% macro code_lookup(map, expr) -%}
    {{ return(adapter.dispatch('code_lookup', 'ctdc_release')(map, expr)) }}
{%- endmacro %}

{% macro duckdb__code_lookup(map, expr) -%}
    {{ map }}[{{ expr }}]
{%- endmacro %}

{# The partner value with its missing-value tokens turned into null. #}
{% macro present(expr) -%}
    (case when {{ code_lookup('missing_codes', expr) }} is null then {{ expr }} end)
{%- endmacro %}

{# The codebook value for a partner code; null for missing tokens, "no" flags and unknown codes. #}
{% macro decode(field, expr) -%}
    nullif({{ code_lookup(field ~ '_codes', expr) }}, '')
{%- endmacro %}

{% macro unknown_code(name, field, expr) -%}
    case
        when {{ expr }} is not null and {{ code_lookup(field ~ '_codes', expr) }} is null
            then '{{ name }}: unknown code "' || {{ expr }} || '"'
    end
{%- endmacro %}

{# The three inputs every mapping model starts from: `staged` (the partner's staging model),
   `codes` (its lookup maps) and `countries` (the country spelling map), as CTEs. #}
{% macro partner_inputs(partner, fields) -%}
    staged as (
        select * from {{ ref('stg_' ~ partner ~ '__cases') }}
    ),

    codes as (
        {{ partner_code_maps(partner, fields) }}
    ),

    countries as (
        {{ country_names_map() }}
    )
{%- endmacro %}
