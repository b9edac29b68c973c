{#- The privacy model of a build (var privacy_model) and its DP budget, checked before anything
    runs (on-run-start): a misspelt model or an impossible budget must stop the build, not
    quietly publish under another model. -#}
{% macro check_privacy_model() -%}
    {%- set model = var('privacy_model') -%}
    {%- if model not in ('k_synthetic', 'differential_privacy') -%}
        {{ exceptions.raise_compiler_error(
            "privacy_model '" ~ model ~ "': use k_synthetic or differential_privacy") }}
    {%- endif -%}
    {%- if model == 'differential_privacy' -%}
        {%- set epsilon, delta = var('epsilon') | float, var('delta') | float -%}
        {%- if not epsilon > 0 -%}
            {{ exceptions.raise_compiler_error("epsilon " ~ var('epsilon') ~ ": must be above 0") }}
        {%- endif -%}
        {%- if not (0 < delta < 1) -%}
            {{ exceptions.raise_compiler_error("delta " ~ var('delta') ~ ": must be between 0 and 1") }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
