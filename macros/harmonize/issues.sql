{#- What is wrong with a row, as a list of texts "field: reason", each naming the value it
    found. -#}

{# A row's issues as a list, null when there are none: the non-null of `checks` (expressions
   that each give one issue or null), then every issue of `lists` (columns of issue lists). #}
{% macro issue_list(checks, lists=[]) -%}
    nullif(
        list_concat(
            list_filter([{{ checks | join(', ') }}], lambda issue: issue is not null)
            {%- for column in lists %}, coalesce({{ column }}, []){% endfor %}
        ),
        []
    )
{%- endmacro %}

{# A value as a reason quotes it: in double quotes (a quote inside doubled), cut after 60
   characters with its length said, so a reason stays short and a value holding the
   punctuation of reasons cannot be mistaken for it. #}
{% macro quoted(expr) -%}
    '"' || replace(left({{ expr }}, 60), '"', '""')
    || case when length({{ expr }}) > 60 then '..." (' || length({{ expr }}) || ' characters)' else '"' end
{%- endmacro %}
