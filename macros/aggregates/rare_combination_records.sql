{#- The re-identification risk of a relation's records: for each combination length 1..max_length
    and each threshold t, how many records hold at least one combination of that length shared
    by fewer than t records (t = 2: a unique combination). Long form: combination_length,
    threshold, n_records. Same integer encoding as combination_counts; the combinations are
    enumerated once for all thresholds. -#}
{% macro rare_combination_records(relation, columns, binary_columns=[], max_length=none, thresholds=[2]) -%}
    {{ return(adapter.dispatch('rare_combination_records', 'ctdc_release')(
        relation, columns, binary_columns,
        max_length if max_length is not none else var('reporting_length'), thresholds)) }}
{%- endmacro %}

{% macro duckdb__rare_combination_records(relation, columns, binary_columns, max_length, thresholds) -%}
    {%- set max_length = max_length | int -%}
    {%- set thresholds = thresholds | map('int') | list -%}
    with

    {{ attribute_items(relation, columns, binary_columns) }},

    {{ attribute_combinations(max_length) }},
    {%- for length in range(1, max_length + 1) %}
    {%- set attributes %}{% for i in range(1, length + 1) %}a{{ i }}{{ ", " if not loop.last }}{% endfor %}{% endset %}

    rare_{{ length }} as (
        select {{ attributes }}, sum(weight) as n
        from combinations_{{ length }}
        group by all
        having sum(weight) < {{ thresholds | max }}
    ),

    rarest_{{ length }} as (
        -- each profile's rarest combination of this length, among the rare ones
        select held.profile_id, any_value(held.weight) as weight, min(rare_{{ length }}.n) as n
        from combinations_{{ length }} as held
        inner join rare_{{ length }} using ({{ attributes }})
        group by held.profile_id
    ),
    {%- endfor %}

    by_length as (
        {%- for length in range(1, max_length + 1) %}
        {%- set outer_loop = loop %}
        {%- for threshold in thresholds %}
        select
            {{ length }} as combination_length,
            {{ threshold }} as threshold,
            coalesce(sum(weight) filter (where n < {{ threshold }}), 0) as n_records
        from rarest_{{ length }}
        {{- "\n        union all" if not (loop.last and outer_loop.last) }}
        {%- endfor %}
        {%- endfor %}
    )

    select combination_length, threshold, cast(n_records as bigint) as n_records
    from by_length
{%- endmacro %}
