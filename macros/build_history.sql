{#- The build history: an append-only log of every release build run in this DuckDB file, one
    row per partner (one row with no partner when a build failed before its figures existed).
    Only the release runner (ctdc_pipeline/runner.py) writes to it, once the build's outcome is
    known; dbt creates it empty when a DuckDB file has none (on-run-start) and reads it as the
    source build_log.build_history. -#}
{% macro create_build_history() -%}
    create schema if not exists sensitive;
    create table if not exists sensitive.build_history (
        build_id varchar not null,
        release_id varchar not null,
        status varchar not null check (status in ('published', 'refused', 'failed')),
        built_at timestamp not null,
        detail varchar,
        parameters map(varchar, varchar),
        partner varchar,
        raw_rows bigint,
        harmonized_rows bigint,
        rejected_rows bigint,
        missing_shares map(varchar, double)
    )
{%- endmacro %}
