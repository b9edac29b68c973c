{#- Every value is present and holds more than spaces: a reason a steward can read. -#}
{% test not_blank(model, column_name) %}
select {{ column_name }}
from {{ model }}
where trim(coalesce({{ column_name }}, '')) = ''
{% endtest %}
