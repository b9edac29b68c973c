{#- The release id (var release_id), checked: it names a folder and is written into SQL. -#}
{% macro release_id() -%}
    {%- set release_id = var('release_id') | string -%}
    {%- if not modules.re.match('^[A-Za-z0-9][A-Za-z0-9._-]*$', release_id) -%}
        {{ exceptions.raise_compiler_error("release_id '" ~ release_id ~ "': use letters, digits, '.', '_' or '-'") }}
    {%- endif -%}
    {{ return(release_id) }}
{%- endmacro %}
