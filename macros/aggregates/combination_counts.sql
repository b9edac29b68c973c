{#- Counts of every attribute combination of length 1..max_length in a relation, in long form:
    combination_key ("column:value" pairs in the given column order, joined by ";"),
    combination_length and n (records holding it all). The key is the combination's only form:
    combination_map() reads it back where values are needed by column.

    An attribute is a non-missing value of one column; binary columns contribute only their 1.
    The hot path works on integers: identical records are collapsed into weighted profiles and
    attribute values are ranked, rarest first. A combination is a prefix of a profile's sorted
    ranks extended by one rank after it; profiles sharing a prefix and all the ranks after it
    are merged (up to length 2) before they are extended, and each combination is counted under
    one integer key (its ranks packed). Strings are built only once per distinct combination,
    after counting. -#}
{% macro combination_counts(relation, columns, binary_columns=[], max_length=none, min_count=1) -%}
    {{ return(adapter.dispatch('combination_counts', 'ctdc_release')(
        relation, columns, binary_columns,
        max_length if max_length is not none else var('reporting_length'), min_count)) }}
{%- endmacro %}

{#- CTEs `profiles` (distinct records with their weight), `attribute_values` (attribute ids
    numbered in column order, then value; more than 65535 is an error) and `items` (profile_id,
    weight, attribute_id): the integer encoding shared by the combination macros. -#}
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
        -- the combination macros pack attribute ids (or ranks) 16 bits each into integer keys
        select
            column_position,
            value,
            case
                when attribute_id < 65536 then attribute_id
                else error('combination macros: more than 65535 attribute values do not fit a key')
            end as attribute_id,
            [
                {%- for column in columns %}
                '{{ column }}'{{ "," if not loop.last }}
                {%- endfor %}
            ][column_position] as column_name
        from (
            select
                column_position,
                value,
                row_number() over (order by column_position, value) as attribute_id
            from (select distinct column_position, value from cells)
        )
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

{#- The integer type holding a combination of up to max_length attributes as one key, their
    ranks or ids packed 16 bits each (the first in the highest bits): a ubigint holds 4, a
    uhugeint 8. -#}
{% macro combination_key_type(max_length) -%}
    {%- if max_length > 8 -%}
        {{ exceptions.raise_compiler_error(
            "a combination key packs at most 8 attributes; max_length is " ~ max_length) }}
    {%- endif -%}
    {{ return('ubigint' if max_length <= 4 else 'uhugeint') }}
{%- endmacro %}

{% macro duckdb__combination_counts(relation, columns, binary_columns, max_length, min_count) -%}
    {%- set max_length = max_length | int -%}
    {%- set key_type = combination_key_type(max_length) -%}
    with

    {{ attribute_items(relation, columns, binary_columns) }},

    attribute_ranks as (
        -- rarest attribute first: the ranks after a rare prefix are common ones, shared by more
        -- profiles, so fewer distinct prefixes below; n: the records holding the attribute
        select
            attribute_id,
            cast(attribute_rank as usmallint) as attribute_rank,  -- at most 65535 (attribute_values)
            n
        from (
            select
                attribute_id,
                row_number() over (order by count(*), attribute_id) as attribute_rank,
                sum(weight) as n
            from items
            group by attribute_id
        )
    ),

    profile_ranks as (
        select
            any_value(items.weight) as weight,
            list_sort(list(attribute_ranks.attribute_rank)) as ranks
        from items
        inner join attribute_ranks on items.attribute_id = attribute_ranks.attribute_id
        group by items.profile_id
    ),

    labels as (
        -- strings by attribute id, looked up (not joined) for each distinct combination
        select
            list(
                column_name || ':' || case
                    when contains(value, ';') then error(
                        'combination_counts: a value of ' || column_name || ' holds ";", the key separator: '
                        || value
                    )
                    else value
                end
                order by attribute_id
            ) as pairs,
            (select list(attribute_id order by attribute_rank) from attribute_ranks) as rank_ids
        from attribute_values
    ),

    prefixes_1 as (
        -- prefixes_L: L ranks of a profile (key) and the profile's ranks after them (rest), for
        -- the prefixes that have a rest (the others extend to nothing; single attributes are
        -- counted in attribute_ranks). Profiles alike in both are merged up to L = 2; beyond
        -- that a list key costs more than the rows it saves, and the rows stream.
        select
            cast(ranks[i] as {{ key_type }}) as key,
            ranks[i + 1:] as rest,
            sum(weight) as weight
        from (select weight, ranks, unnest(range(1, len(ranks))) as i from profile_ranks)
        group by all
    )
    {%- for length in range(2, max_length) %},

    prefixes_{{ length }} as (
        select
            key << 16 | rest[i] as key,
            rest[i + 1:] as rest,
            {{ 'sum(weight)' if length <= 2 else 'weight' }} as weight
        from (select key, rest, weight, unnest(range(1, len(rest))) as i from prefixes_{{ length - 1 }})
        {%- if length <= 2 %}
        group by all
        {%- endif %}
    )
    {%- endfor %},

    counted as (
        -- each combination once (a prefix extended by one rank of its rest), as its attribute ids
        -- in column order
        {%- for length in range(1, max_length + 1) %}
        select
            list_sort([
                {%- for i in range(1, length + 1) %}
                {%- set shift = 16 * (length - i) %}
                labels.rank_ids[cast((key >> {{ shift }}) & 65535 as integer)]{{ "," if not loop.last }}
                {%- endfor %}
            ]) as ids,
            n
        from (
            select
                key,
                sum(weight) as n
            {%- if length == 1 %}
            from (select cast(attribute_rank as {{ key_type }}) as key, n as weight from attribute_ranks)
            {%- else %}
            from (select key << 16 | unnest(rest) as key, weight from prefixes_{{ length - 1 }})
            {%- endif %}
            group by key
            having sum(weight) >= {{ min_count }}
        )
        cross join labels
        {{- "\n        union all" if not loop.last }}
        {%- endfor %}
    )

    select
        array_to_string(list_select(labels.pairs, counted.ids), ';') as combination_key,
        cast(len(counted.ids) as integer) as combination_length,
        cast(counted.n as bigint) as n
    from counted
    cross join labels
{%- endmacro %}
