{#- Guarantee 1: every distinct synthetic record, taken as a whole combination of whatever
    length, is held by at least k sensitive records. Checked exactly and independently of the
    synthesizer, with integer arithmetic: each column's values (sensitive and synthetic) get
    codes 1.. packed into one integer per record at the column's bit offset (missing = 0),
    plus a bitmask of the columns a record holds.

    Supports are summed over supersets, one column at a time (the subset-sum transform): a
    state is a (held, code) pair with the weight of the sensitive records that reduce to it;
    each step lets every state that holds the step's column also drop it. After the last step
    a state's weight is the number of sensitive records holding all of its values. A state is
    kept only while some synthetic record agrees with it on every column already stepped over
    and holds no column it lacks, so the states stay few. Columns the synthetic records keep
    least often, relative to the sensitive ones, go first: dropping them merges states early. -#}
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
        sum(1::bigint << fields.position)::bigint as held
    from cells
    inner join value_codes on cells.column_name = value_codes.column_name and cells.value = value_codes.value
    inner join fields on cells.column_name = fields.column_name
    group by all
),

profiles as (
    select encoded.held, encoded.code, sensitive_records.n_records as support
    from encoded
    inner join sensitive_records on encoded.record_id = sensitive_records.record_id
    where encoded.side = 'sensitive'
),

synthetic as (
    select held, code from encoded where side = 'synthetic'
),

steps as (
    select
        position,
        field_mask,
        sum(1::bigint << position) over (order by step)::bigint as stepped_held,
        sum(field_mask) over (order by step) as stepped_code,
        step
    from (
        select
            fields.position,
            fields.field_mask,
            row_number() over (
                order by
                    (select count(*) from synthetic where (synthetic.held >> fields.position) & 1 = 1)
                    / (select count(*) + 1 from profiles where (profiles.held >> fields.position) & 1 = 1),
                    fields.position
            ) as step
        from fields
    )
),

states_0 as (
    select held, code, support from profiles
),
{%- for step in range(1, columns | length + 1) %}

step_{{ step }} as (
    select * from steps where step = {{ step }}
),

targets_{{ step }} as (
    select
        synthetic.held & step.stepped_held as stepped_held,
        synthetic.code & step.stepped_code as stepped_code,
        bit_and(synthetic.held) as held_by_all
    from synthetic
    cross join step_{{ step }} as step
    group by all
),

states_{{ step }} as (
    select reduced.held, reduced.code, reduced.support
    from (
        select held, code, sum(support) as support
        from (
            select states.held, states.code, states.support
            from states_{{ step - 1 }} as states
            union all
            select
                states.held & ~(1::bigint << step.position),
                states.code & ~step.field_mask,
                states.support
            from states_{{ step - 1 }} as states
            cross join step_{{ step }} as step
            where (states.held >> step.position) & 1 = 1
        )
        group by all
    ) as reduced
    cross join step_{{ step }} as step
    inner join targets_{{ step }} as targets
        on
            reduced.held & step.stepped_held = targets.stepped_held
            and reduced.code & step.stepped_code = targets.stepped_code
            and reduced.held & targets.held_by_all = targets.held_by_all
),
{%- endfor %}

synthetic_supports as (
    select synthetic_records.*, coalesce(states.support, 0) as support
    from synthetic_records
    inner join encoded on synthetic_records.record_id = encoded.record_id and encoded.side = 'synthetic'
    left join states_{{ columns | length }} as states on encoded.held = states.held and encoded.code = states.code
)

select {{ columns | join(', ') }}, support
from synthetic_supports
where support < {{ k }}
{% endtest %}
