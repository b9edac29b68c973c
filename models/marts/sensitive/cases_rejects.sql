{#- Every raw row that did not become a case, with the first problem found split into field and
    reason, and all problems listed; and every line of a CSV extract that could not be read as a
    row, with its file, line number and what is wrong. Sensitive: it names partner record ids. -#}
with

rejected as (
    select
        partner,
        source_row_number,
        source_record_id,
        issues,
        split_part(issues, '; ', 1) as first_issue
    from {{ ref('int_cases_validated') }}
    where issues is not null
),

malformed_lines as (
    select * from {{ ref('stg_extract_malformed_lines') }}
),

rows_rejected as (
    select
        partner,
        source_row_number,
        source_record_id,
        split_part(first_issue, ': ', 1) as field,
        substr(first_issue, length(split_part(first_issue, ': ', 1)) + 3) as reason,
        issues as all_issues
    from rejected
),

lines_unreadable as (
    select
        partner,
        null as source_row_number,
        null as source_record_id,
        'line ' || line_number || ' of ' || extract_file as field,
        error as reason,
        error as all_issues
    from malformed_lines
)

select * from rows_rejected
union all
select * from lines_unreadable
order by partner, source_row_number, field
