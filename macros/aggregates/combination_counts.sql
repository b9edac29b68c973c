{#- Counts of every attribute combination of length 1..max_length in a relation, in long form:
    combination_key ("column:value" pairs in the given column order, joined by ";"),
    combination_length, combination (a map column -> value) and n (records holding it all).

    An attribute is a non-missing value of one column; binary columns contribute only their 1.
    The hot path works on integers: identical records are collapsed into weighted profiles,
    attribute values are numbered in column order, and each length's combinations extend the
    previous length's by a larger attribute number of the same profile, so each set is seen
    once, already in canonical order. Strings are built only once per distinct combination,
    after counting. -#}
{% macro combination_counts(relation, columns, binary_columns=[], max_length=none, min_count=1) -%}
    {{ return(adapter.dispatch('combination_counts', 'ctdc_release')(
        relation, columns, binary_columns,
        max_length if max_length is not none else var('reporting_length'), min_count)) }}
{%- endmacro %}

{#- CTEs `profiles` (distinct records with their weight), `attribute_values` (attribute ids
    numbered in column order, then value) and `items` (profile_id, weight, attribute_id): the
    integer encoding shared by the combination macros. -#}
{% macro attribute_items(relation, columns, binary_columns) -%}
    profiles as (
        select
            row_number() over () as profile_id,
            *
        from (
            select
                {%- for column in columns %}
                {{ adapter.quote(column) }},
                {%- endfor %}
                count(*) as weight
            from {{ relation }}
            group by all
        )
    ),

    cells as (
        {%- for column in columns %}
        select
            profile_id,
            weight,
            {{ loop.index }} as column_position,
            cast({{ adapter.quote(column) }} as varchar) as value
        from profiles
        where
            {{ adapter.quote(column) }} is not null
            {%- if column in binary_columns %} and {{ adapter.quote(column) }} = 1{% endif %}
        {{- "\n        union all" if not loop.last }}
        {%- endfor %}
    ),

    attribute_values as (
        select
            column_position,
            value,
            row_number() over (order by column_position, value) as attribute_id,
            [
                {%- for column in columns %}
                '{{ column }}'{{ "," if not loop.last }}
                {%- endfor %}
            ][column_position] as column_name
        from (select distinct column_position, value from cells)
    ),

    items as (
        select
            cells.profile_id,
            cells.weight,
            attribute_values.attribute_id
        from cells
        inner join attribute_values
            on
                cells.column_position = attribute_values.column_position
                and cells.value = attribute_values.value
    )
{%- endmacro %}

{#- CTEs `combinations_1` .. `combinations_<max_length>`: (profile_id, weight, a1 .. aL), every
    set of L attribute ids of a profile in ascending order, each length built from the one
    before (a hash join per length rather than L-way self-joins repeated for every length). -#}
{% macro attribute_combinations(max_length) -%}
    combinations_1 as (
        select profile_id, weight, attribute_id as a1
        from items
    )
    {%- for length in range(2, max_length + 1) %},

    combinations_{{ length }} as (
        select
            shorter.*,
            items.attribute_id as a{{ length }}
        from combinations_{{ length - 1 }} as shorter
        inner join items
            on shorter.profile_id = items.profile_id and shorter.a{{ length - 1 }} < items.attribute_id
    )
    {%- endfor %}
{%- endmacro %}

{% macro duckdb__combination_counts(relation, columns, binary_columns, max_length, min_count) -%}
    {%- set max_length = max_length | int -%}
    with

    {{ attribute_items(relation, columns, binary_columns) }},

    {{ attribute_combinations(max_length) }},

    counted as (
        {%- for length in range(1, max_length + 1) %}
        select
            {{ length }} as combination_length,
            {%- for i in range(1, max_length + 1) %}
            {{ 'a' ~ i if i <= length else 'null' }} as a{{ i }},
            {%- endfor %}
            sum(weight) as n
        from combinations_{{ length }}
        group by all
        having sum(weight) >= {{ min_count }}
        {{- "\n        union all" if not loop.last }}
        {%- endfor %}
    )

    select
        concat_ws(';'
            {%- for i in range(1, max_length + 1) %},
            v{{ i }}.column_name || ':' || v{{ i }}.value
            {%- endfor %}
        ) as combination_key,
        counted.combination_length,
        map(
            [{% for i in range(1, max_length + 1) %}v{{ i }}.column_name{{ ", " if not loop.last }}{% endfor %}]
            [1:counted.combination_length],
            [{% for i in range(1, max_length + 1) %}v{{ i }}.value{{ ", " if not loop.last }}{% endfor %}]
            [1:counted.combination_length]
        ) as combination,
        cast(counted.n as bigint) as n
    from counted
    {%- for i in range(1, max_length + 1) %}
    left join attribute_values as v{{ i }} on counted.a{{ i }} = v{{ i }}.attribute_id
    {%- endfor %}
{%- endmacro %}
