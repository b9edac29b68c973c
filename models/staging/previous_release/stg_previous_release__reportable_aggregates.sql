{#- The previous release's reportable counts, read from its published file; empty when the build
    has no previous release. -#}
-- depends_on: {{ ref('stg_previous_release__files') }}
{{ previous_release_table('reportable_aggregates', [
    ['combination_key', 'varchar'], ['combination_length', 'integer'], ['reported_count', 'bigint']]) }}
