{#- Every reported count equals floor(true count / k) * k for the same combination key in the
    sensitive counts (a key missing there fails too). -#}
{% test rounded_down_from(model, column_name, key, sensitive_model, sensitive_count, k) %}
select reported.{{ key }}, reported.{{ column_name }}, sensitive.{{ sensitive_count }}
from {{ model }} as reported
left join {{ sensitive_model }} as sensitive on reported.{{ key }} = sensitive.{{ key }}
where
    reported.{{ key }} <> ''
    and (
        sensitive.{{ sensitive_count }} is null
        or reported.{{ column_name }} <> sensitive.{{ sensitive_count }} // {{ k }} * {{ k }}
    )
{% endtest %}
