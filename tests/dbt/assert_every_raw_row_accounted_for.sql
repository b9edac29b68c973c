{#- Nothing is lost: for every partner, rows in the extract = cases + rejects. -#}
select
    partner,
    raw_rows,
    harmonized_rows,
    rejected_rows
from {{ ref('int_partner_rows_counted') }}
where raw_rows <> harmonized_rows + rejected_rows
