{#- The noise of the previous DP release's figures (standard deviation per combination length),
    read from its published file; empty when the build has no previous release. -#}
-- depends_on: {{ ref('stg_previous_release__files') }}
{{ previous_release_table('dp_parameters', [['combination_length', 'integer'], ['noise_sd', 'double']]) }}
