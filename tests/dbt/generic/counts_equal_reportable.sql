{#- Guarantee 2 (count equality): every attribute value's synthetic count equals its reportable
    count (the length-1 reportable aggregate, in `count_column`: reported_count, or the DP
    release's dp_count); values not reportable (or counted 0) do not appear. -#}
{% test counts_equal_reportable(model, reportable_model, count_column='reported_count') %}
with

synthetic as (
    {{ attribute_value_counts(model) }}
),

reportable as (
    select
        split_part(combination_key, ':', 1) as column_name,
        substr(combination_key, length(split_part(combination_key, ':', 1)) + 2) as value,
        {{ count_column }} as reported_count
    from {{ reportable_model }}
    where combination_length = 1 and {{ count_column }} > 0
)

select
    coalesce(synthetic.column_name, reportable.column_name) as column_name,
    coalesce(synthetic.value, reportable.value) as value,
    synthetic.n as synthetic_count,
    reportable.reported_count
from synthetic
full outer join reportable
    on synthetic.column_name = reportable.column_name and synthetic.value = reportable.value
where synthetic.n is distinct from reportable.reported_count
{% endtest %}
