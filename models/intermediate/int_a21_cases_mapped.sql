{#- A21: ISO alpha-3 countries, an exact age, and flags where 0 also means "not recorded", so a
    0 maps to missing just like a blank. -#}
{%- set concepts = concepts_except([]) -%}
{%- set checks = [
    impossible_number('registration_year', present('registration_year'), 1900, 2100),
    unknown_code('gender', 'gender', 'gender'),
    impossible_number('age', present('age'), 0, 120),
    unknown_code('minor_adult', 'majority', 'minor_adult'),
    unknown_country('nationality_iso3', 'nationality_iso3'),
    unknown_country('exploitation_country_iso3', 'exploitation_country_iso3'),
    impossible_number('months', present('months'), 0, 1200),
] -%}

with

{{ partner_inputs('a21', ['gender', 'majority', 'flag']) }}

select
    partner,
    source_row_number,
    source_record_id,
    {{ whole_number(present('registration_year')) }} as yearOfRegistration,
    {{ decode('gender', 'gender') }} as gender,
    {{ age_band(whole_number(present('age'))) }} as ageBroad,
    {{ decode('majority', 'minor_adult') }} as majorityStatusAtExploit,
    {{ country_iso3('nationality_iso3') }} as citizenship,
    {{ country_iso3('exploitation_country_iso3') }} as CountryOfExploitation,
    {{ months_band(whole_number(present('months'))) }} as traffickMonths,
    {{ binary_variables(concepts) }},
    {{ issue_list(checks + flag_issues(concepts)) }} as issues
from staged
cross join codes
cross join countries
