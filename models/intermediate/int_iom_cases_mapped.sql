{#- IOM (MiMOSA): exact ages to bands, sex before 2017 and gender from 2017, and the codebook's
    country-of-exploitation proxy: the first of last country of exploitation, screening-interview
    location, location at registration and registering mission. -#}
{%- set concepts = concepts_except(['broker', 'employer', 'contractor', 'smuggler']) -%}
{%- set proxy_order = ['last_country_of_exploitation', 'screening_interview_location',
                       'location_at_registration', 'registering_mission'] -%}
{%- set fields = ['registration_date', 'sex', 'gender', 'age_at_registration',
                  'age_at_exploitation_start', 'nationality', 'months_trafficked']
                 + proxy_order + concepts -%}
{%- set checks = {
    'registration_date': not_a_date(field='registration_date', parsed='registered_on'),
    'sex': unknown_code(field='sex', codes='sex'),
    'gender': unknown_code(field='gender', codes='gender'),
    'age_at_registration': impossible_number(field='age_at_registration', lowest=0, highest=120),
    'age_at_exploitation_start': impossible_number(
        field='age_at_exploitation_start', lowest=0, highest=120),
    'ages_in_order': "case when exploitation_age > registration_age"
        ~ " then 'age_at_exploitation_start: later than age_at_registration' end",
    'nationality': unknown_country(field='nationality'),
    'months_trafficked': impossible_number(field='months_trafficked', lowest=0, highest=1200),
} -%}
{%- for field in proxy_order -%}
    {%- do checks.update({field: unknown_country(field=field)}) -%}
{%- endfor -%}

with

staged as (
    select * from {{ ref('stg_iom__cases') }}
),

partner_codes as (
    select * from {{ ref('partner_codes') }}
    where partner = 'iom'
),

country_names as (
    select * from {{ ref('country_names') }}
),

codes as (
    {{ partner_code_maps(partner_codes='partner_codes', fields=['sex', 'gender', 'flag']) }}
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
        try_strptime(registration_date, '%Y-%m-%d') as registered_on,
        {{ whole_number('age_at_registration') }} as registration_age,
        {{ whole_number('age_at_exploitation_start') }} as exploitation_age,
        {{ whole_number('months_trafficked') }} as months
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
    cast(year(registered_on) as integer) as yearOfRegistration,
    case
        when year(registered_on) >= 2017 then {{ decode(codes='gender', field='gender') }}
        else {{ decode(codes='sex', field='sex') }}
    end as gender,
    {{ codebook_band('ageBroad', 'registration_age') }} as ageBroad,
    {{ codebook_band('majorityStatusAtExploit', 'exploitation_age') }} as majorityStatusAtExploit,
    {{ country_iso3('nationality') }} as citizenship,
    coalesce(
        {%- for field in proxy_order %}
            {{ country_iso3(field) }}{{ "," if not loop.last }}
        {%- endfor %}
    ) as CountryOfExploitation,
    {{ codebook_band('traffickMonths', 'months') }} as traffickMonths,
    {{ binary_variables(concepts) }},
    {{ issues_of(checks, lists=['flag_issues']) }} as issues
from checked
cross join codes
cross join countries
