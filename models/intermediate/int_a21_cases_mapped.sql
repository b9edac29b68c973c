{#- A21: ISO alpha-3 countries, an exact age, and flags where 0 also means "not recorded", so a
    0 maps to missing just like a blank. -#}
{%- set concepts = concepts_except([]) -%}
{%- set fields = ['registration_year', 'gender', 'age', 'minor_adult', 'nationality_iso3',
                  'exploitation_country_iso3', 'months'] + concepts -%}
{%- set checks = {
    'registration_year': impossible_number(field='registration_year', lowest=1900, highest=2100),
    'gender': unknown_code(field='gender', codes='gender'),
    'age': impossible_number(field='age', lowest=0, highest=120),
    'minor_adult': unknown_code(field='minor_adult', codes='majority'),
    'nationality_iso3': unknown_country(field='nationality_iso3'),
    'exploitation_country_iso3': unknown_country(field='exploitation_country_iso3'),
    'months': impossible_number(field='months', lowest=0, highest=1200),
} -%}

with

staged as (
    select * from {{ ref('stg_a21__cases') }}
),

partner_codes as (
    select * from {{ ref('partner_codes') }}
    where partner = 'a21'
),

country_names as (
    select * from {{ ref('country_names') }}
),

codes as (
    {{ partner_code_maps(partner_codes='partner_codes', fields=['gender', 'majority', 'flag']) }}
),

countries as (
    {{ country_names_map(country_names='country_names') }}
),

present as (
    select
        staged.partner,
        staged.source_row_number,
        staged.source_record_id,
        {{ without_missing_tokens(fields) }}
    from staged
    cross join codes
),

checked as (
    select
        present.*,
        {{ check_columns(checks) }},
        {{ unknown_flags(concepts) }} as flag_issues
    from present
    cross join codes
    cross join countries
)

select
    partner,
    source_row_number,
    source_record_id,
    {{ whole_number('registration_year') }} as yearOfRegistration,
    {{ decode(codes='gender', field='gender') }} as gender,
    {{ codebook_band('ageBroad', whole_number('age')) }} as ageBroad,
    {{ decode(codes='majority', field='minor_adult') }} as majorityStatusAtExploit,
    {{ country_iso3('nationality_iso3') }} as citizenship,
    {{ country_iso3('exploitation_country_iso3') }} as CountryOfExploitation,
    {{ codebook_band('traffickMonths', whole_number('months')) }} as traffickMonths,
    {{ binary_variables(concepts) }},
    {{ issues_of(checks, lists=['flag_issues']) }} as issues
from checked
cross join codes
cross join countries
