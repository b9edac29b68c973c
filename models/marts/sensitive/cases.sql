{#- The harmonized case records: the codebook's 37 variables, plus lineage. Sensitive. -#}
select
    {%- for column in codebook_columns() %}
        {{ column }},
    {%- endfor %}
    partner,
    source_record_id
from {{ ref('int_cases_validated') }}
where issues is null
order by partner, source_row_number
