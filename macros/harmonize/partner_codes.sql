{#- Decoding partner codes through the partner_codes seed. A mapping model cross-joins one row of
    lookup maps, `codes`, built here from its own import CTE of the seed. -#}

{% macro partner_code_maps(partner_codes, fields) -%}
    {{ return(adapter.dispatch('partner_code_maps', 'ctdc_release')(partner_codes, fields)) }}
{%- endmacro %}

{# One map a field (code -> codebook value, '' for "no"), plus `missing_codes`: the partner's
   missing-value tokens, trimmed and lower-cased. #}
{% macro duckdb__partner_code_maps(partner_codes, fields) -%}
    select
        map_from_entries(
            list((lower(trim(code)), '')) filter (where field = 'missing')
        ) as missing_codes
        {%- for field in fields %},
        map_from_entries(
            list((code, coalesce(value, ''))) filter (where field = '{{ field }}')
        ) as {{ field }}_codes
        {%- endfor %}
    from {{ partner_codes }}
{%- endmacro %}

{% macro code_lookup(map, expr) -%}
    {{ return(adapter.dispatch('code_lookup', 'ctdc_release')(map, expr)) }}
{%- endmacro %}

{% macro duckdb__code_lookup(map, expr) -%}
    {{ map }}[{{ expr }}]
{%- endmacro %}

{# The rule for missing values, applied once to each field: the value trimmed, and null when it
   is blank or one of the partner's missing tokens (compared trimmed and case-folded). #}
{% macro without_missing_tokens(fields) -%}
    {%- for field in fields %}
        case when {{ code_lookup('missing_codes', 'lower(trim(' ~ field ~ '))') }} is null
            then nullif(trim({{ field }}), '') end as {{ field }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{# The codebook value for a partner code; null for missing, "no" flags and unknown codes. #}
{% macro decode(codes, field) -%}
    nullif({{ code_lookup(codes ~ '_codes', field) }}, '')
{%- endmacro %}

{% macro unknown_code(field, codes) -%}
    case
        when {{ field }} is not null and {{ code_lookup(codes ~ '_codes', field) }} is null
            then '{{ field }}: unknown code ' || {{ quoted(field) }}
    end
{%- endmacro %}

{# The checks of a mapping model as named columns, <name>_issue, from a dict name -> check. #}
{% macro check_columns(checks) -%}
    {%- for name, check in checks.items() %}
        {{ check }} as {{ name }}_issue{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{# The issues of a row: its non-null <name>_issue columns in check order, then the issues of
   `lists` (columns that each hold a list of issues). #}
{% macro issues_of(checks, lists=[]) -%}
    {%- set columns = [] -%}
    {%- for name in checks -%}
        {%- do columns.append(name ~ '_issue') -%}
    {%- endfor -%}
    {{ issue_list(columns, lists) }}
{%- endmacro %}
