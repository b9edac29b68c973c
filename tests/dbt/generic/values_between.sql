{% test values_between(model, column_name, lowest, highest) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} not between {{ lowest }} and {{ highest }}
{% endtest %}
