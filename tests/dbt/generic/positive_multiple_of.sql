{#- Every value is a positive multiple of k: no empty group and no precise count is reported. -#}
{% test positive_multiple_of(model, column_name, k) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is null or {{ column_name }} < {{ k }} or {{ column_name }} % {{ k }} <> 0
{% endtest %}
