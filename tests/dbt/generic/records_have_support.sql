{#- Guarantee 1: every distinct synthetic record, taken as a whole combination of whatever
    length, is held by at least k sensitive records. Checked exactly and independently of the
    synthesizer: each attribute value gets a bitstring over the sensitive records; a record's
    support is the popcount of the AND of its values' bitstrings. -#}
{% test records_have_support(model, sensitive_model, k) %}
{%- set n_sensitive = run_query('select count(*) from ' ~ sensitive_model).columns[0].values()[0]
    if execute else 1 -%}
with

sensitive as (
    select row_number() over () as record_number, * from {{ sensitive_model }}
),

holders as (
    select column_name, value, bitstring_agg(record_number, 1, {{ [n_sensitive, 1] | max }}) as records
    from ({{ attribute_cells('sensitive', 'record_number') }})
    group by column_name, value
),

synthetic as (
    select row_number() over () as synthetic_record, *
    from (select distinct {{ codebook_columns() | join(', ') }} from {{ model }})
),

supports as (
    select
        cells.synthetic_record,
        count(*) as n_values,
        count(holders.records) as n_known_values,
        bit_count(bit_and(holders.records)) as support
    from ({{ attribute_cells('synthetic', 'synthetic_record') }}) as cells
    left join holders on cells.column_name = holders.column_name and cells.value = holders.value
    group by cells.synthetic_record
)

select synthetic.*, supports.support
from supports
inner join synthetic on supports.synthetic_record = synthetic.synthetic_record
where supports.n_known_values < supports.n_values or supports.support < {{ k }}
{% endtest %}
