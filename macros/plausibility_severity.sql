{#- The severity of the plausibility checks (var plausibility_severity), checked: a misspelt value
    must not quietly leave the checks at warn. -#}
{% macro plausibility_severity() -%}
    {%- set severity = var('plausibility_severity') | string | lower -%}
    {%- if severity not in ('warn', 'error') -%}
        {{ exceptions.raise_compiler_error(
            "plausibility_severity '" ~ var('plausibility_severity') ~ "': use warn or error") }}
    {%- endif -%}
    {{ return(severity) }}
{%- endmacro %}
