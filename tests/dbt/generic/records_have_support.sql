{#- Guarantee 1: every distinct synthetic record, taken as a whole combination of whatever
    length, is held by at least k sensitive records. Checked exactly and independently of the
    synthesizer, with integer arithmetic: each column's values (sensitive and synthetic) get
    codes 1.. packed into one integer per record at the column's bit offset (missing = 0),
    plus a bitmask of the columns a record holds. A synthetic record's support is the weight
    of the distinct sensitive records that hold all its columns (mask containment) and whose
    code, masked to those columns' bit fields, equals its own code. -#}
{% test records_have_support(model, sensitive_model, k) %}
{%- set columns = codebook_columns() -%}
with

sensitive_records as (
    select row_number() over () as record_id, *
    from (
        select {{ columns | join(', ') }}, count(*) as n_records
        from {{ sensitive_model }}
        group by all
    )
),

synthetic_records as (
    select row_number() over () as record_id, *
    from (select distinct {{ columns | join(', ') }} from {{ model }})
),

cells as (
    select 'sensitive' as side, * from ({{ attribute_cells('sensitive_records', 'record_id') }})
    union all
    select 'synthetic' as side, * from ({{ attribute_cells('synthetic_records', 'record_id') }})
),

column_positions as (
    select unnest(
        [{% for column in columns %}'{{ column }}'{{ ", " if not loop.last }}{% endfor %}]
    ) as column_name,
    generate_subscripts(
        [{% for column in columns %}'{{ column }}'{{ ", " if not loop.last }}{% endfor %}], 1
    ) - 1 as position
),

value_codes as (
    select
        column_name,
        value,
        dense_rank() over (partition by column_name order by value) as code
    from (select distinct column_name, value from cells)
),

field_widths as (
    select
        column_positions.column_name,
        column_positions.position,
        coalesce(ceil(log2(max(value_codes.code) + 1)), 1)::integer as width
    from column_positions
    left join value_codes on column_positions.column_name = value_codes.column_name
    group by all
),

fields as (
    select
        column_name,
        position,
        coalesce(sum(width) over (order by position rows between unbounded preceding and 1 preceding), 0)::integer
            as bit_offset,
        ((1::hugeint << width) - 1) << coalesce(
            sum(width) over (order by position rows between unbounded preceding and 1 preceding), 0
        )::integer as field_mask
    from field_widths
),

encoded as (
    select
        cells.side,
        cells.record_id,
        sum(value_codes.code::hugeint << fields.bit_offset) as code,
        sum(1::bigint << fields.position) as held
    from cells
    inner join value_codes on cells.column_name = value_codes.column_name and cells.value = value_codes.value
    inner join fields on cells.column_name = fields.column_name
    group by all
),

profiles as (
    select encoded.code, encoded.held, sensitive_records.n_records
    from encoded
    inner join sensitive_records on encoded.record_id = sensitive_records.record_id
    where encoded.side = 'sensitive'
),

patterns as (
    select
        held,
        (select sum(field_mask) from fields where (held >> position) & 1 = 1) as field_mask
    from (select distinct held from encoded where side = 'synthetic')
),

held_sets as (
    select profile_sets.held as profile_held, patterns.held, patterns.field_mask
    from (select distinct held from profiles) as profile_sets
    inner join patterns on (profile_sets.held & patterns.held) = patterns.held
),

supports as (
    select held_sets.held, profiles.code & held_sets.field_mask as code, sum(profiles.n_records) as support
    from profiles
    inner join held_sets on profiles.held = held_sets.profile_held
    group by all
),

synthetic as (
    select synthetic_records.*, coalesce(supports.support, 0) as support
    from synthetic_records
    inner join encoded on synthetic_records.record_id = encoded.record_id and encoded.side = 'synthetic'
    left join supports on encoded.held = supports.held and encoded.code = supports.code
)

select {{ columns | join(', ') }}, support
from synthetic
where support < {{ k }}
{% endtest %}
