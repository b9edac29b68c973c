{#- Fail fast, naming the file, when the previous release (var previous_release) is not as it was
    published: a file its datapackage.json lists is missing or its SHA-256 hash differs. The
    comparison then never reads a damaged or edited release. Nor one of another privacy model:
    k-rounded counts and DP counts do not compare (a release without the parameter predates DP
    releases: k-synthetic). -#}
{% macro check_previous_release() -%}
    {%- if execute and var('previous_release') -%}
        {%- set folder = var('previous_release') | string -%}
        {%- set model_query -%}
            select coalesce(json_extract_string(content, '$.parameters.privacy_model'), 'k_synthetic')
            from read_text({{ sql_string(folder ~ '/datapackage.json') }})
        {%- endset -%}
        {%- set previous_model = run_query(model_query).columns[0].values()[0] -%}
        {%- if previous_model != var('privacy_model') -%}
            {{ exceptions.raise_compiler_error(
                "The previous release " ~ folder ~ " is a " ~ previous_model ~ " release (its datapackage.json); "
                ~ "this build is " ~ var('privacy_model') ~ ". Compare with a release of the same privacy model.") }}
        {%- endif -%}
        {%- set query -%}
            with listed as (
                select unnest(resources) as resource
                from read_json({{ sql_string(folder ~ '/datapackage.json') }})
            ),

            found as (
                select filename, 'sha256:' || sha256(content) as hash
                from read_blob({{ sql_string(folder ~ '/**') }})
            )

            select listed.resource.path, found.hash is null as missing
            from listed
            left join found on found.filename = {{ sql_string(folder ~ '/') }} || listed.resource.path
            where found.hash is distinct from listed.resource.hash
            order by listed.resource.path
        {%- endset -%}
        {%- for file, missing in run_query(query).rows -%}
            {{ exceptions.raise_compiler_error(
                "The previous release " ~ folder ~ " is not as it was published: " ~ file
                ~ (" is missing" if missing else " differs from the SHA-256 hash in its datapackage.json")
                ~ ". Compare with an intact copy of that release.") }}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
