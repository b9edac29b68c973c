{#- Guarantee 4: no record without any attribute value. -#}
{% test no_empty_records(model) %}
select *
from {{ model }}
where {{ codebook_columns() | join(' is null and ') }} is null
{% endtest %}
