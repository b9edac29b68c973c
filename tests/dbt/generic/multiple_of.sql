{#- Every value is a multiple of k (zero allowed): a published figure about people that is
    rounded down to the reporting resolution. -#}
{% test multiple_of(model, column_name, k) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is null or {{ column_name }} % {{ k }} <> 0
{% endtest %}
