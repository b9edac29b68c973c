{#- Exact numbers (ages, months) into the codebook's bands, and their plausibility checks. -#}

{% macro whole_number(expr) -%}
    try_cast({{ expr }} as integer)
{%- endmacro %}

{% macro impossible_number(field, lowest, highest) -%}
    case
        when {{ field }} is not null
            and coalesce({{ whole_number(field) }} not between {{ lowest }} and {{ highest }}, true)
            then '{{ field }}: impossible value ' || {{ quoted(field) }}
    end
{%- endmacro %}

{# The codebook value whose band (codebook_values seed: lowest, highest) holds a whole number. #}
{% macro codebook_band(variable, number) -%}
    case
        {%- for band in codebook_bands(variable) %}
            {%- if band.lowest is none %}
        when {{ number }} <= {{ band.highest }} then '{{ band.value }}'
            {%- elif band.highest is none %}
        when {{ number }} >= {{ band.lowest }} then '{{ band.value }}'
            {%- else %}
        when {{ number }} between {{ band.lowest }} and {{ band.highest }} then '{{ band.value }}'
            {%- endif %}
        {%- endfor %}
    end
{%- endmacro %}

{# A date field whose text did not parse (`parsed` is the parsed column). #}
{% macro not_a_date(field, parsed) -%}
    case
        when {{ field }} is not null and {{ parsed }} is null
            then '{{ field }}: not a date ' || {{ quoted(field) }}
    end
{%- endmacro %}
