{#- The codebook's binary columns hold 1 or nothing: a 0 would read as a recorded "no". -#}
{% test binary_flag(model, column_name) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null and {{ column_name }} <> 1
{% endtest %}
