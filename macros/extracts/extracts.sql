{#- A partner's extract as its source declares it (models/staging/<partner>/_<partner>__sources.yml):
    the file (meta.external_location, a plain path), its format (meta.format: csv or parquet)
    and, for CSV, its dialect (meta.csv_dialect). Nothing about a file is guessed from its
    content. -#}

{% macro extract_node(partner) -%}
    {%- set node = graph.sources.get('source.' ~ project_name ~ '.' ~ partner ~ '.cases') -%}
    {%- if node is none -%}
        {{ exceptions.raise_compiler_error("Partner '" ~ partner ~ "' has no source table 'cases'") }}
    {%- endif -%}
    {{ return(node) }}
{%- endmacro %}

{% macro extract_path(partner) -%}
    {{ return(extract_node(partner).meta.external_location) }}
{%- endmacro %}

{% macro extract_format(partner) -%}
    {%- set node = extract_node(partner) -%}
    {%- set format = node.meta.get('format') -%}
    {%- if format not in ('csv', 'parquet') -%}
        {{ exceptions.raise_compiler_error(
            "Partner '" ~ partner ~ "': its source must declare meta.format: csv or parquet") }}
    {%- endif -%}
    {{ return(format) }}
{%- endmacro %}

{# The declared CSV dialect: delimiter and quote are required; escape defaults to the quote
   (a quote doubled inside a quoted field, RFC 4180) and header to true. One record a line. #}
{% macro csv_dialect(partner) -%}
    {%- set declared = extract_node(partner).meta.get('csv_dialect') or {} -%}
    {%- if 'delimiter' not in declared or 'quote' not in declared -%}
        {{ exceptions.raise_compiler_error(
            "Partner '" ~ partner ~ "': a CSV source must declare meta.csv_dialect with its"
            ~ " delimiter and quote (and escape, header when not the defaults)") }}
    {%- endif -%}
    {{ return({
        'delimiter': declared.delimiter,
        'quote': declared.quote,
        'escape': declared.get('escape', declared.quote),
        'header': declared.get('header', true),
    }) }}
{%- endmacro %}

{# A SQL string literal holding `text`. #}
{% macro sql_string(text) -%}
    '{{ text | replace("'", "''") }}'
{%- endmacro %}
