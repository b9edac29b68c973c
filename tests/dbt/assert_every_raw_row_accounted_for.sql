{#- Nothing is lost: for every partner, rows in the extract (read as rows, or unreadable
    lines) = cases + rejects. -#}
select
    partner,
    raw_rows,
    harmonized_rows,
    rejected_rows
from {{ ref('int_partner_rows_counted') }}
where raw_rows <> harmonized_rows + rejected_rows
