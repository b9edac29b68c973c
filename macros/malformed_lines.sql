{#- Malformed lines of the partners' CSV extracts (ragged or truncated lines, invalid UTF-8):
    DuckDB's CSV reader skips them and, with store_rejects, records each in temporary tables of
    the connection. The pre-hook of stg_extract_malformed_lines scans every CSV extract that
    way; the model then reads those tables. -#}

{# The partners whose extract is a CSV file, with the source's read_csv(...) location. #}
{% macro csv_extracts() -%}
    {%- set found = {} -%}
    {%- if not execute -%}
        {{ return(found) }}
    {%- endif -%}
    {%- for partner in var('partners') -%}
        {%- set node = graph.sources.get('source.' ~ project_name ~ '.' ~ partner ~ '.cases') -%}
        {%- if node and node.meta.external_location.startswith('read_csv(') -%}
            {%- do found.update({partner: node.meta.external_location}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(found) }}
{%- endmacro %}

{% macro scan_for_malformed_lines() -%}
    {%- for partner, location in csv_extracts().items() %}
        drop table if exists temp.malformed_{{ partner }};
        drop table if exists temp.malformed_{{ partner }}_scans;
        -- every column is hashed, so every field is read (and checked for valid UTF-8)
        select max(hash(extract)) from {{ location[:-1] }}, store_rejects = true,
            rejects_table = 'malformed_{{ partner }}', rejects_scan = 'malformed_{{ partner }}_scans') as extract;
    {%- endfor %}
{%- endmacro %}
