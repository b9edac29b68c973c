{#- OTSH: codebook-like fields with yes/no text flags, N/A or Unknown for missing, age groups
    written "18 to 20", countries by name. -#}
{%- set concepts = concepts_except([]) -%}
{%- set checks = [
    unknown_code('gender', 'gender', 'gender'),
    unknown_code('age_group', 'age_group', 'age_group'),
    unknown_code('majority_status', 'majority', 'majority_status'),
    unknown_country('citizenship_country', 'citizenship_country'),
    unknown_country('exploitation_country', 'exploitation_country'),
    impossible_number('trafficking_months', 'trafficking_months', 0, 1200),
] -%}

with

{{ partner_inputs('otsh', ['gender', 'age_group', 'majority', 'flag']) }}

select
    partner,
    source_row_number,
    source_record_id,
    registration_year as yearOfRegistration,
    {{ decode('gender', 'gender') }} as gender,
    {{ decode('age_group', 'age_group') }} as ageBroad,
    {{ decode('majority', 'majority_status') }} as majorityStatusAtExploit,
    {{ country_iso3('citizenship_country') }} as citizenship,
    {{ country_iso3('exploitation_country') }} as CountryOfExploitation,
    {{ months_band('trafficking_months') }} as traffickMonths,
    {{ binary_variables(concepts) }},
    {{ issue_list(checks + flag_issues(concepts)) }} as issues
from staged
cross join codes
cross join countries
