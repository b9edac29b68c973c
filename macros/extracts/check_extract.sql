{#- Fail fast, naming the partner and file (and the line or column), when an extract cannot be
    read as its source declares it: the file is absent; a CSV file is not valid UTF-8, has a
    line too long to be a record, or a header without the declared columns or with a column
    twice; a Parquet file lacks a column or holds one of the wrong type. A bad value is never a
    file problem: it becomes a reject downstream. Returns the CSV header (column names in file
    order), or the Parquet column names. -#}
{% macro check_extract(partner, relation) -%}
    {%- set path = extract_path(partner) -%}
    {%- set found = run_query("select count(*) from glob(" ~ sql_string(path) ~ ")").columns[0].values()[0] -%}
    {%- if found == 0 -%}
        {{ exceptions.raise_compiler_error("Partner '" ~ partner ~ "': extract file not found: " ~ path) }}
    {%- endif -%}
    {%- if extract_format(partner) == 'csv' -%}
        {{ return(check_csv_extract(partner, relation)) }}
    {%- endif -%}
    {{ return(check_parquet_extract(partner, relation)) }}
{%- endmacro %}

{% macro check_csv_extract(partner, relation) -%}
    {%- set where = "Partner '" ~ partner ~ "': extract file " ~ extract_path(partner) -%}
    {%- set rejects = 'extract_errors_' ~ partner -%}
    {%- do run_query("drop table if exists temp." ~ rejects ~ "; drop table if exists temp." ~ rejects ~ "_scans") -%}
    {%- do run_query("select count(*) from " ~ csv_line_reader(relation,
        ", ignore_errors = true, store_rejects = true, rejects_table = '" ~ rejects
        ~ "', rejects_scan = '" ~ rejects ~ "_scans'")) -%}
    {%- set errors = run_query("select line, error_type from temp." ~ rejects ~ " order by line limit 1") -%}
    {%- for line, error_type in errors.rows -%}
        {%- if error_type == 'INVALID ENCODING' -%}
            {{ exceptions.raise_compiler_error(where ~ ", line " ~ line ~ ": invalid UTF-8; re-export the file as UTF-8") }}
        {%- elif error_type == 'LINE SIZE OVER MAXIMUM' -%}
            {{ exceptions.raise_compiler_error(where ~ ", line " ~ line ~ ": longer than "
                ~ csv_max_line_bytes() ~ " bytes, which no case record is; is the file a CSV extract?") }}
        {%- else -%}
            {{ exceptions.raise_compiler_error(where ~ ", line " ~ line ~ ": unreadable (" ~ error_type ~ ")") }}
        {%- endif -%}
    {%- endfor -%}
    {%- set header = csv_header(partner, relation) -%}
    {%- set repeated = [] -%}
    {%- for name in header if header.count(name) > 1 and name not in repeated -%}
        {%- do repeated.append(name) -%}
    {%- endfor -%}
    {%- if repeated -%}
        {{ exceptions.raise_compiler_error(where ~ ": its header (line 1) names "
            ~ repeated | join(', ') ~ " more than once; which column holds the data is ambiguous") }}
    {%- endif -%}
    {%- do check_columns_present(partner, header, " (its header, line 1, reads: " ~ header | join(', ') ~ ")") -%}
    {{ return(header) }}
{%- endmacro %}

{# A Parquet column's type must suit what its source declares (data_type): integer, date and
   boolean columns may also arrive as text (each value is then checked downstream); a text
   column may be of any flat type. #}
{% macro check_parquet_extract(partner, relation) -%}
    {%- set where = "Partner '" ~ partner ~ "': extract file " ~ extract_path(partner) -%}
    {%- set described = run_query("describe select * from read_parquet(" ~ relation ~ ")") -%}
    {%- set types = {} -%}
    {%- for row in described.rows -%}
        {%- do types.update({row[0] | lower: row[1] | upper}) -%}
    {%- endfor -%}
    {%- do check_columns_present(partner, types.keys() | list, "") -%}
    {%- set families = {
        'integer': ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT',
                    'UINTEGER', 'UBIGINT', 'UHUGEINT', 'VARCHAR'],
        'date': ['DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP_S', 'TIMESTAMP_MS',
                 'TIMESTAMP_NS', 'VARCHAR'],
        'boolean': ['BOOLEAN', 'VARCHAR'],
    } -%}
    {%- for name, column in extract_node(partner).columns.items() -%}
        {%- set declared = (column.data_type or 'varchar') | lower -%}
        {%- set found = types[name | lower] -%}
        {%- set nested = '[' in found or found.startswith(('STRUCT', 'MAP', 'UNION', 'BLOB')) -%}
        {%- if (declared in families and found not in families[declared]) or nested -%}
            {{ exceptions.raise_compiler_error(where ~ ": column " ~ name ~ " is " ~ found
                ~ ", expected " ~ declared ~ (" (or text)" if declared in families else "")) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(types.keys() | list) }}
{%- endmacro %}

{% macro check_columns_present(partner, present, header_note) -%}
    {%- set where = "Partner '" ~ partner ~ "': extract file " ~ extract_path(partner) -%}
    {%- set declared = extract_node(partner).columns.keys() | list -%}
    {%- set missing = [] -%}
    {%- for column in declared if column | lower not in present -%}
        {%- do missing.append(column) -%}
    {%- endfor -%}
    {%- if missing and missing | length == declared | length -%}
        {{ exceptions.raise_compiler_error(where ~ ": unreadable header, none of the expected columns found" ~ header_note) }}
    {%- elif missing -%}
        {{ exceptions.raise_compiler_error(where ~ " is missing column(s): " ~ missing | join(', ') ~ header_note) }}
    {%- endif -%}
{%- endmacro %}
