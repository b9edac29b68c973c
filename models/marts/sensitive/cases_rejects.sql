{#- Every raw row that did not become a case: the first problem found split into field and
    reason, and all its problems; and every line of a CSV extract that could not be read as a
    row (field `line`). Each names its extract file and its place there (source_row_number: the
    line of a CSV file, the row of a Parquet file). Sensitive: it names partner record ids. -#}
with

extract_files as (
    select
        partner,
        extract_file
    from {{ ref('stg_extract_files') }}
    where partner is not null
),

rejected as (
    select
        partner,
        source_row_number,
        source_record_id,
        issues,
        issues[1] as first_issue
    from {{ ref('int_cases_validated') }}
    where issues is not null
),

rows_rejected as (
    select
        rejected.partner,
        extract_files.extract_file,
        rejected.source_row_number,
        rejected.source_record_id,
        split_part(rejected.first_issue, ': ', 1) as field,
        substr(rejected.first_issue, length(split_part(rejected.first_issue, ': ', 1)) + 3) as reason,
        rejected.issues as all_issues
    from rejected
    inner join extract_files on rejected.partner = extract_files.partner
),

lines_unreadable as (
    select
        partner,
        extract_file,
        line_number as source_row_number,
        null as source_record_id,
        'line' as field,
        problem as reason,
        [problem] as all_issues
    from {{ ref('stg_extract_malformed_lines') }}
)

select * from rows_rejected
union all
select * from lines_unreadable
order by partner, source_row_number, field
