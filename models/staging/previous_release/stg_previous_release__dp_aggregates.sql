{#- The previous DP release's aggregates (key, length, DP count), read from its published file;
    empty when the build has no previous release. -#}
-- depends_on: {{ ref('stg_previous_release__files') }}
{{ previous_release_table('dp_aggregates', [
    ['combination_key', 'varchar'], ['combination_length', 'integer'], ['dp_count', 'bigint']]) }}
