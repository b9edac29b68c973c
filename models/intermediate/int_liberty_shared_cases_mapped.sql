{#- Liberty Shared (VCMS): country of origin stands in for citizenship, day-first entry dates,
    and detailed recruiter types (broker, employer, contractor, smuggler) that roll up to
    recruiterRelationOther. -#}
{%- set concepts = concepts_except([]) -%}
{%- set fields = ['entry_date', 'sex', 'age_bracket', 'minor_at_exploitation', 'country_of_origin',
                  'country_of_exploitation', 'duration_months'] + concepts -%}
{%- set checks = {
    'entry_date': not_a_date(field='entry_date', parsed='entered_on'),
    'sex': unknown_code(field='sex', codes='gender'),
    'age_bracket': unknown_code(field='age_bracket', codes='age_bracket'),
    'minor_at_exploitation': unknown_code(field='minor_at_exploitation', codes='minor'),
    'country_of_origin': unknown_country(field='country_of_origin'),
    'country_of_exploitation': unknown_country(field='country_of_exploitation'),
    'duration_months': impossible_number(field='duration_months', lowest=0, highest=1200),
} -%}

with

staged as (
    select * from {{ ref('stg_liberty_shared__cases') }}
),

partner_codes as (
    select * from {{ ref('partner_codes') }}
    where partner = 'liberty_shared'
),

country_names as (
    select * from {{ ref('country_names') }}
),

codes as (
    {{ partner_code_maps(partner_codes='partner_codes',
                         fields=['gender', 'age_bracket', 'minor', 'flag']) }}
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

parsed as (
    select
        present.*,
        try_strptime(entry_date, '%d/%m/%Y') as entered_on,
        {{ whole_number('duration_months') }} as months
    from present
),

checked as (
    select
        parsed.*,
        {{ check_columns(checks) }},
        {{ unknown_flags(concepts) }} as flag_issues
    from parsed
    cross join codes
    cross join countries
)

select
    partner,
    source_row_number,
    source_record_id,
    cast(year(entered_on) as integer) as yearOfRegistration,
    {{ decode(codes='gender', field='sex') }} as gender,
    {{ decode(codes='age_bracket', field='age_bracket') }} as ageBroad,
    {{ decode(codes='minor', field='minor_at_exploitation') }} as majorityStatusAtExploit,
    {{ country_iso3('country_of_origin') }} as citizenship,
    {{ country_iso3('country_of_exploitation') }} as CountryOfExploitation,
    {{ codebook_band('traffickMonths', 'months') }} as traffickMonths,
    {{ binary_variables(concepts) }},
    {{ issues_of(checks, lists=['flag_issues']) }} as issues
from checked
cross join codes
cross join countries
