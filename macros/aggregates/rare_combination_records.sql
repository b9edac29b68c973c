{#- The re-identification risk of a relation's records: for each combination length 1..max_length
    and each threshold t, how many records hold at least one combination of that length shared
    by fewer than t records (t = 2: a unique combination). Long form: combination_length,
    threshold, n_records. Same integer encoding as combination_counts; each length's
    combinations are enumerated per profile under one integer key (attribute ids packed 16 bits
    each), counted, and enumerated again to find the profiles holding a rare one (for every
    threshold at once): streaming twice costs less than keeping every profile's combinations. -#}
{% macro rare_combination_records(relation, columns, binary_columns=[], max_length=none, thresholds=[2]) -%}
    {{ return(adapter.dispatch('rare_combination_records', 'ctdc_release')(
        relation, columns, binary_columns,
        max_length if max_length is not none else var('reporting_length'), thresholds)) }}
{%- endmacro %}

{% macro duckdb__rare_combination_records(relation, columns, binary_columns, max_length, thresholds) -%}
    {%- set max_length = max_length | int -%}
    {%- set thresholds = thresholds | map('int') | list -%}
    {%- set key_type = combination_key_type(max_length) -%}
    with

    {{ attribute_items(relation, columns, binary_columns) }},

    profile_attributes as (
        select
            profile_id,
            any_value(weight) as weight,
            list_sort(list(attribute_id)) as ids
        from items
        group by profile_id
    ),

    prefixes_1 as not materialized (
        -- prefixes_L: each profile's combinations of length L (key) that have larger ids after
        -- them (rest), streamed to the next length rather than kept
        select
            profile_id,
            weight,
            cast(ids[i] as {{ key_type }}) as key,
            ids[i + 1:] as rest
        from (select profile_id, weight, ids, unnest(range(1, len(ids))) as i from profile_attributes)
    ),
    {%- for length in range(2, max_length) %}

    prefixes_{{ length }} as not materialized (
        select
            profile_id,
            weight,
            key << 16 | rest[i] as key,
            rest[i + 1:] as rest
        from (select profile_id, weight, key, rest, unnest(range(1, len(rest))) as i from prefixes_{{ length - 1 }})
    ),
    {%- endfor %}
    {%- for length in range(1, max_length + 1) %}

    held_{{ length }} as not materialized (
        -- every profile's combinations of this length
        {%- if length == 1 %}
        select profile_id, weight, cast(attribute_id as {{ key_type }}) as key
        from items
        {%- else %}
        select profile_id, weight, key << 16 | unnest(rest) as key
        from prefixes_{{ length - 1 }}
        {%- endif %}
    ),

    rare_{{ length }} as (
        select key, sum(weight) as n
        from held_{{ length }}
        group by key
        having sum(weight) < {{ thresholds | max }}
    ),

    rarest_{{ length }} as (
        -- each profile's rarest combination of this length, among the rare ones
        select held.profile_id, any_value(held.weight) as weight, min(rare_{{ length }}.n) as n
        from held_{{ length }} as held
        inner join rare_{{ length }} on held.key = rare_{{ length }}.key
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
