{#- Fail fast, and name the partner, file and columns, when an extract is absent or lacks a
    column its source declares, instead of a bare database error further down. -#}
{% macro check_extract(partner, table_name='cases') -%}
    {%- if execute -%}
        {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ partner ~ '.' ~ table_name] -%}
        {%- set path = node.meta.extract_file -%}
        {%- set found = run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] -%}
        {%- if found == 0 -%}
            {{ exceptions.raise_compiler_error(
                "Partner '" ~ partner ~ "': extract file not found: " ~ path) }}
        {%- endif -%}
        {%- set described = run_query("describe select * from " ~ node.meta.external_location) -%}
        {%- set present = described.columns[0].values() | map('lower') | list -%}
        {%- set missing = [] -%}
        {%- for column in node.columns.keys() if column | lower not in present -%}
            {%- do missing.append(column) -%}
        {%- endfor -%}
        {%- set header = " (its header, line 1, reads: " ~ present | join(', ') ~ ")"
            if node.meta.external_location.startswith('read_csv(') else "" -%}
        {%- if missing and missing | length == node.columns | length -%}
            {{ exceptions.raise_compiler_error(
                "Partner '" ~ partner ~ "': extract file " ~ path ~ ": unreadable header, none"
                ~ " of the expected columns found" ~ header) }}
        {%- elif missing -%}
            {{ exceptions.raise_compiler_error(
                "Partner '" ~ partner ~ "': extract file " ~ path ~ " is missing column(s): "
                ~ missing | join(', ') ~ header) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
