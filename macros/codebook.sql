{#- The codebook, read from its seeds (seeds/codebook_*.csv) when a node is compiled: the 37
    variables in codebook order, their values and bands, and the roll-up of the partners' finer
    concepts. The CSV files are read directly (not the seed tables), so compiling never needs a
    built database. While dbt parses (`execute` is false) the lists are empty: no SQL is run. -#}

{% macro codebook_seed(seed_name, query) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set path = invocation_args_dict.project_dir ~ '/seeds/' ~ seed_name ~ '.csv' -%}
    {%- set rows = run_query(query | replace(
        '{seed}', "read_csv('" ~ path ~ "', header = true, all_varchar = true)")).rows -%}
    {{ return(rows) }}
{%- endmacro %}

{# The 37 variables as rows (variable, data_type, value_set), in codebook order. #}
{% macro codebook_variables() -%}
    {{ return(codebook_seed('codebook_variables',
        'select variable, data_type, value_set from {seed} order by cast(position as integer)')) }}
{%- endmacro %}

{% macro codebook_columns() -%}
    {{ return(codebook_variables() | map(attribute='variable') | list) }}
{%- endmacro %}

{% macro codebook_binary_columns() -%}
    {{ return(codebook_variables() | selectattr('value_set', 'eq', 'binary')
        | map(attribute='variable') | list) }}
{%- endmacro %}

{# A codebook variable's bands, in order: rows (value, lowest, highest), open ends as none. #}
{% macro codebook_bands(variable) -%}
    {{ return(codebook_seed('codebook_values',
        "select value, cast(lowest as integer) as lowest, cast(highest as integer) as highest"
        ~ " from {seed} where variable = '" ~ variable ~ "' order by cast(position as integer)")) }}
{%- endmacro %}

{# The finer partner concepts and the variable each rolls up to, as rows (concept, variable). #}
{% macro codebook_concepts() -%}
    {{ return(codebook_seed('codebook_concepts', 'select concept, variable from {seed}')) }}
{%- endmacro %}

{# A combination key ("column:value" pairs joined by ";", as combination_counts writes it) read
   back as a map column -> value (text); the empty key gives an empty map. #}
{% macro combination_map(key) -%}
    map(
        regexp_extract_all({{ key }}, '(?:^|;)([^:;]+):', 1),
        regexp_extract_all({{ key }}, '(?:^|;)[^:;]+:([^;]*)', 1)
    )
{%- endmacro %}

{# A codebook variable's value from a combination map (column -> text), in its SQL type. #}
{% macro combination_value(variable, map='combination') -%}
    cast(map_extract_value({{ map }}, '{{ variable.variable }}') as {{ variable.data_type }})
{%- endmacro %}
