{{ config(materialized='table', pre_hook="{{ scan_for_malformed_lines() }}") }}
{#- One row per line of a partner's CSV extract that could not be read as a row (ragged or
    truncated): the file, the line number and what is wrong (the reader's first error on that
    line). cases_rejects lists them; the raw-row test counts them. Invalid UTF-8 stops the build
    instead, naming file and line: a wrongly encoded file is not a row to reject. -#}

{%- set extracts = csv_extracts() %}

{%- for partner in extracts %}
    select
        '{{ partner }}' as partner,
        scans.file_path as extract_file,
        errors.line as line_number,
        min_by(
            case
                when errors.error_type = 'INVALID ENCODING'
                    then error(
                        'Partner ''{{ partner }}'': extract file ' || scans.file_path || ', line '
                        || errors.line || ': invalid UTF-8; re-export the file as UTF-8'
                    )
                else errors.error_message
            end,
            errors.column_idx
        ) as error
    from temp.malformed_{{ partner }} as errors
    inner join temp.malformed_{{ partner }}_scans as scans on errors.scan_id = scans.scan_id
    group by all
    union all
{%- endfor %}
select
    cast(null as varchar) as partner,
    cast(null as varchar) as extract_file,
    cast(null as bigint) as line_number,
    cast(null as varchar) as error
where false
