{#- Partners record means of control, exploitation and recruiters at a finer grain than the
    codebook. Each finer concept rolls up to one codebook variable (the codebook_concepts seed;
    the codebook's "Other" variables gather the rare ones). -#}

{# Every concept except those named: the concepts one partner records. #}
{% macro concepts_except(excluded) -%}
    {{ return(codebook_concepts() | map(attribute='concept') | reject('in', excluded) | list) }}
{%- endmacro %}

{# The codebook's binary variables in codebook order, each 1 when any of its concepts is '1'.
   With decoded=true a concept column holds the partner's flag code, decoded here; with
   decoded=false it already holds '1' or null. #}
{% macro binary_variables(concepts, decoded=true) -%}
    {%- set by_variable = {} -%}
    {%- for row in codebook_concepts() if row.concept in concepts -%}
        {%- do by_variable.setdefault(row.variable, []).append(
            decode(codes='flag', field=row.concept) if decoded else row.concept) -%}
    {%- endfor -%}
    {%- for variable in codebook_binary_columns() %}
        {%- set parts = by_variable.get(variable, ['null']) %}
        case when '1' in ({{ parts | join(', ') }}) then 1 end as {{ variable }}
        {{- "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{# The flag concepts' unknown codes as one list of issues, in the order of `concepts`: one
   lambda over (field, value) pairs instead of a check per concept keeps the SQL short. #}
{% macro unknown_flags(concepts) -%}
    list_transform(
        list_filter(
            [{%- for concept in concepts %}{'field': '{{ concept }}', 'value': {{ concept }}}
            {{- ", " if not loop.last }}{% endfor %}],
            lambda flag: flag.value is not null and {{ code_lookup('flag_codes', 'flag.value') }} is null
        ),
        lambda flag: flag.field || ': unknown code ' || {{ quoted('flag.value') }}
    )
{%- endmacro %}
