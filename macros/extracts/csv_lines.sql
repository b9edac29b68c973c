{#- A CSV extract read one physical line at a time, then each line split into fields by the
    partner's declared dialect. The line reader interprets neither quotes nor delimiters, so a
    stray quote can only spoil its own line (a reject naming it), never run on across the lines
    after it, and the count of lines does not depend on parsing. A record is one line. -#}

{# Lines longer than this stop the build (naming the line): no case record is that long. #}
{% macro csv_max_line_bytes() -%}
    {{ return(4 * 1024 * 1024) }}
{%- endmacro %}

{# The read_csv(...) call that yields one row a physical line (column `line`, null when the
   line is blank). Lines end at \n; a \r before it is dropped. #}
{% macro csv_line_reader(relation, options='') -%}
    read_csv(
        {{ relation }}, columns = {'line': 'varchar'}, header = false, auto_detect = false,
        delim = '\0', quote = '', escape = '', new_line = '\r\n', strict_mode = false,
        max_line_size = {{ csv_max_line_bytes() }}{{ options }}
    )
{%- endmacro %}

{# A dialect character as a regular-expression literal. #}
{% macro regex_literal(character) -%}
    {{ return('\\' ~ character if character in '\\^$.|?*+()[]{}-/' else character) }}
{%- endmacro %}

{# The dialect's regular expressions: a whole well-formed line, and one field with the
   delimiter before it (for regexp_extract_all, group 1). A quoted field may hold the delimiter
   and escaped quotes; an unquoted field holds no quote at all. #}
{% macro csv_patterns(dialect) -%}
    {%- set q = regex_literal(dialect.quote) -%}
    {%- set d = regex_literal(dialect.delimiter) -%}
    {%- set e = regex_literal(dialect.escape) -%}
    {%- if dialect.escape == dialect.quote -%}
        {%- set quoted = q ~ '(?:[^' ~ q ~ ']|' ~ q ~ q ~ ')*' ~ q -%}
    {%- else -%}
        {%- set quoted = q ~ '(?:[^' ~ q ~ e ~ ']|' ~ e ~ '.)*' ~ q -%}
    {%- endif -%}
    {%- set field = '(?:' ~ quoted ~ '|[^' ~ q ~ d ~ ']*)' -%}
    {{ return({'line': field ~ '(?:' ~ d ~ field ~ ')*', 'field': '(?:^|' ~ d ~ ')(' ~ field ~ ')'}) }}
{%- endmacro %}

{# A line's fields as a list, quoted fields still quoted (see csv_unquoted). Lines without a
   quote character, most of them, are split directly. #}
{% macro csv_fields(line, dialect) -%}
    case
        when contains({{ line }}, {{ sql_string(dialect.quote) }})
            then regexp_extract_all({{ line }}, {{ sql_string(csv_patterns(dialect).field) }}, 1)
        else string_split({{ line }}, {{ sql_string(dialect.delimiter) }})
    end
{%- endmacro %}

{# A field's text: a quoted field without its quotes, escaped quotes unescaped. #}
{% macro csv_unquoted(field, dialect) -%}
    {%- set q = sql_string(dialect.quote) -%}
    case
        when starts_with({{ field }}, {{ q }})
            then replace({{ field }}[2:-2], {{ sql_string(dialect.escape ~ dialect.quote) }}, {{ q }})
        else {{ field }}
    end
{%- endmacro %}

{# Why a line cannot be a row (null when it can). #}
{% macro csv_line_problem(line, fields, dialect, n_fields) -%}
    {%- set q = sql_string(dialect.quote) -%}
    case
        when {{ line }} is null then 'blank line'
        when contains({{ line }}, {{ q }})
            and not regexp_full_match({{ line }}, {{ sql_string(csv_patterns(dialect).line) }})
            then
                case
                    when (length({{ line }}) - length(replace({{ line }}, {{ q }}, ''))) % 2 = 1
                        then 'unbalanced quote: the line holds an odd number of '
                        || {{ q }} || ' characters, so a quoted field does not end on it'
                    else 'misplaced quote: a ' || {{ q }} || ' inside a field that is not quoted'
                end
        when len({{ fields }}) <> {{ n_fields }}
            then 'expected {{ n_fields }} fields, found ' || len({{ fields }})
    end
{%- endmacro %}

{# Every line of a CSV extract: line_number, fields, problem (null for a good row). The header
   line (line 1 when the dialect has one) is not included. #}
{% macro csv_parsed_lines(partner, relation) -%}
    {%- set dialect = csv_dialect(partner) -%}
    {%- set header = csv_header(partner, relation) -%}
    select
        line_number,
        fields,
        {{ csv_line_problem('line', 'fields', dialect, header | length) }} as problem
    from (
        select
            line_number,
            line,
            {{ csv_fields('line', dialect) }} as fields
        from (
            select
                row_number() over () as line_number,
                line
            from {{ csv_line_reader(relation) }}
        )
    )
    where line_number > {{ 1 if dialect.header else 0 }}
{%- endmacro %}

{# The extract's column names in file order, lower-cased: its header line parsed with the
   dialect, or the source's declared columns when the dialect says there is no header. #}
{% macro csv_header(partner, relation) -%}
    {%- set dialect = csv_dialect(partner) -%}
    {%- if not dialect.header -%}
        {{ return(extract_node(partner).columns.keys() | map('lower') | list) }}
    {%- endif -%}
    {%- set query -%}
        with first_line as (select line from {{ csv_line_reader(relation) }} limit 1),
        names as (select unnest({{ csv_fields('line', dialect) }}) as field from first_line where line is not null)
        select lower(trim({{ csv_unquoted('field', dialect) }})) from names
    {%- endset -%}
    {{ return(run_query(query).columns[0].values() | list) }}
{%- endmacro %}
