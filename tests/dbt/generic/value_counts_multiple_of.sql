{#- Guarantee 3: every attribute value appears a multiple of k times. -#}
{% test value_counts_multiple_of(model, k) %}
select column_name, value, n
from ({{ attribute_value_counts(model) }})
where n % {{ k }} <> 0
{% endtest %}
