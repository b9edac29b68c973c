{#- The re-identification risk of a relation's records: for each combination length 1..max_length,
    how many records hold at least one combination of that length shared by fewer than
    `threshold` records (threshold 2: a unique combination). Long form: combination_length,
    n_records. Same integer encoding as combination_counts. -#}
{% macro rare_combination_records(relation, columns, binary_columns=[], max_length=none, threshold=2) -%}
    {{ return(adapter.dispatch('rare_combination_records', 'ctdc_release')(
        relation, columns, binary_columns,
        max_length if max_length is not none else var('reporting_length'), threshold)) }}
{%- endmacro %}

{% macro duckdb__rare_combination_records(relation, columns, binary_columns, max_length, threshold) -%}
    {%- set max_length = max_length | int -%}
    with

    {{ attribute_items(relation, columns, binary_columns) }},

    {{ attribute_combinations(max_length) }},
    {%- for length in range(1, max_length + 1) %}

    rare_{{ length }} as (
        select {% for i in range(1, length + 1) %}a{{ i }}{{ ", " if not loop.last }}{% endfor %}
        from combinations_{{ length }}
        group by all
        having sum(weight) < {{ threshold }}
    ),

    at_risk_{{ length }} as (
        select distinct combinations_{{ length }}.profile_id, combinations_{{ length }}.weight
        from combinations_{{ length }}
        inner join rare_{{ length }} using (
            {%- for i in range(1, length + 1) %}a{{ i }}{{ ", " if not loop.last }}{% endfor -%}
        )
    ),
    {%- endfor %}

    by_length as (
        {%- for length in range(1, max_length + 1) %}
        select {{ length }} as combination_length, coalesce(sum(weight), 0) as n_records
        from at_risk_{{ length }}
        {{- "\n        union all" if not loop.last }}
        {%- endfor %}
    )

    select combination_length, cast(n_records as bigint) as n_records
    from by_length
{%- endmacro %}
