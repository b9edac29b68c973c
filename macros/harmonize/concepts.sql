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

{# One "unknown code" check a flag concept, named after the concept, for check_columns(). #}
{% macro flag_checks(concepts) -%}
    {%- set checks = {} -%}
    {%- for concept in concepts -%}
        {%- do checks.update({concept: unknown_code(field=concept, codes='flag')}) -%}
    {%- endfor -%}
    {{ return(checks) }}
{%- endmacro %}
