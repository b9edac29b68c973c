{#- The previous release's id and reporting parameters, read from its published file; empty when
    the build has no previous release. -#}
-- depends_on: {{ ref('stg_previous_release__files') }}
{{ previous_release_table('release_parameters', [
    ['release_id', 'varchar'], ['k', 'integer'], ['reporting_length', 'integer']]) }}
