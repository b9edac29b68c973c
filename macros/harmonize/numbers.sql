{#- Exact numbers (ages, months) into the codebook's bands, and their plausibility checks. -#}

{% macro whole_number(expr) -%}
    try_cast({{ expr }} as integer)
{%- endmacro %}

{% macro impossible_number(name, expr, lowest, highest) -%}
    case
        when {{ expr }} is not null
            and coalesce({{ whole_number(expr) }} not between {{ lowest }} and {{ highest }}, true)
            then '{{ name }}: impossible value "' || {{ expr }} || '"'
    end
{%- endmacro %}

{# ageBroad from an age in whole years. #}
{% macro age_band(age) -%}
    case
        when {{ age }} between 0 and 8 then '0--8'
        when {{ age }} between 9 and 17 then '09--17'
        when {{ age }} between 18 and 20 then '18--20'
        when {{ age }} between 21 and 23 then '21--23'
        when {{ age }} between 24 and 26 then '24--26'
        when {{ age }} between 27 and 29 then '27--29'
        when {{ age }} between 30 and 38 then '30--38'
        when {{ age }} between 39 and 47 then '39--47'
        when {{ age }} >= 48 then '48+'
    end
{%- endmacro %}

{# majorityStatusAtExploit from the age when exploitation began. #}
{% macro majority_status(age) -%}
    case when {{ age }} < 18 then 'Minor' when {{ age }} >= 18 then 'Adult' end
{%- endmacro %}

{# traffickMonths from a duration in whole months. #}
{% macro months_band(months) -%}
    case
        when {{ months }} between 0 and 12 then '0--12 (0-1 yr)'
        when {{ months }} between 13 and 24 then '13--24 (1-2 yrs)'
        when {{ months }} between 25 and 60 then '25--60 (2-5 yrs)'
        when {{ months }} >= 61 then '61+ (5+ yrs)'
    end
{%- endmacro %}

{# A date field whose text did not parse (`parsed` is the parsed column). #}
{% macro not_a_date(name, parsed) -%}
    case
        when {{ present(name) }} is not null and {{ parsed }} is null
            then '{{ name }}: not a date "' || {{ name }} || '"'
    end
{%- endmacro %}
