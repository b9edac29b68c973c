{#- Every raw row that did not become a case, with the first problem found split into field and
    reason, and all problems listed. Sensitive: it names partner record ids. -#}
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
)

select
    partner,
    source_row_number,
    source_record_id,
    split_part(first_issue, ': ', 1) as field,
    substr(first_issue, length(split_part(first_issue, ': ', 1)) + 3) as reason,
    issues as all_issues
from rejected
order by partner, source_row_number
