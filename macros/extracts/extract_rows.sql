{#- A partner's extract as rows of text, one a record, each with its place in the file
    (source_row_number: the line number in a CSV file, the row number in a Parquet file) and
    every column its source declares, its name in lower case. Only the rows that can be read
    as rows: a CSV line that cannot is in stg_extract_malformed_lines. Values stay text, so a
    bad value becomes a reject in the mapping model, never a failed cast. -#}
{% macro extract_rows(partner, relation) -%}
    {%- if not execute -%}
        select 1 as source_row_number
    {%- elif extract_format(partner) == 'csv' -%}
        {%- set header = check_extract(partner, relation) -%}
        {%- set dialect = csv_dialect(partner) -%}
        select
            line_number as source_row_number,
            {%- for column in extract_node(partner).columns %}
            {{ csv_unquoted('fields[' ~ (header.index(column | lower) + 1) ~ ']', dialect) }}
                as {{ column | lower }}{{ "," if not loop.last }}
            {%- endfor %}
        from ({{ csv_parsed_lines(partner, relation) }})
        where problem is null
    {%- else -%}
        {%- do check_extract(partner, relation) -%}
        select
            file_row_number + 1 as source_row_number,
            {%- for column in extract_node(partner).columns %}
            cast("{{ column }}" as varchar) as {{ column | lower }}{{ "," if not loop.last }}
            {%- endfor %}
        from read_parquet({{ relation }}, file_row_number = true)
    {%- endif -%}
{%- endmacro %}

{# How many records the extract holds, counted without reading its fields: the lines of a CSV
   file (its header excepted), the rows in a Parquet file's metadata. #}
{% macro extract_record_count(partner, relation) -%}
    {%- if not execute -%}
        select 0
    {%- elif extract_format(partner) == 'csv' -%}
        select count(*) - {{ 1 if csv_dialect(partner).header else 0 }} from {{ csv_line_reader(relation) }}
    {%- else -%}
        select sum(num_rows) from parquet_file_metadata({{ relation }})
    {%- endif -%}
{%- endmacro %}
