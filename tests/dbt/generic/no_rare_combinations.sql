{#- No published combination is shared by fewer than k sensitive records (or by none). -#}
{% test no_rare_combinations(model, column_name, sensitive_model, sensitive_count, k) %}
select published.{{ column_name }}, sensitive.{{ sensitive_count }}
from {{ model }} as published
left join {{ sensitive_model }} as sensitive on published.{{ column_name }} = sensitive.{{ column_name }}
where published.{{ column_name }} <> '' and coalesce(sensitive.{{ sensitive_count }}, 0) < {{ k }}
{% endtest %}
