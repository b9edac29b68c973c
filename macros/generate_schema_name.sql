{# Use the configured schema name as-is (sensitive, published, reference), not <target>_<name>,
   so the privacy boundary is visible in every relation name. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name else target.schema }}
{%- endmacro %}
