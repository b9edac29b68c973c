{#- IOM (MiMOSA): exact ages to bands, sex before 2017 and gender from 2017, and the codebook's
    country-of-exploitation proxy: the first of last country of exploitation, screening-interview
    location, location at registration and registering mission. -#}
{%- set concepts = concepts_except(['broker', 'employer', 'contractor', 'smuggler']) -%}
{%- set proxy_order = ['last_country_of_exploitation', 'screening_interview_location',
                       'location_at_registration', 'registering_mission'] -%}
{%- set checks = [
    not_a_date('registration_date', 'registered_on'),
    unknown_code('sex', 'sex', 'sex'),
    unknown_code('gender', 'gender', 'gender'),
    impossible_number('age_at_registration', present('age_at_registration'), 0, 120),
    impossible_number('age_at_exploitation_start', present('age_at_exploitation_start'), 0, 120),
    "case when exploitation_age > registration_age"
        ~ " then 'age_at_exploitation_start: later than age_at_registration' end",
    unknown_country('nationality', 'nationality'),
    impossible_number('months_trafficked', present('months_trafficked'), 0, 1200),
] -%}
{%- for field in proxy_order -%}
    {%- do checks.append(unknown_country(field, field)) -%}
{%- endfor -%}

with

{{ partner_inputs('iom', ['sex', 'gender', 'flag']) }},

parsed as (
    select
        staged.*,
        try_strptime({{ present('registration_date') }}, '%Y-%m-%d') as registered_on,
        {{ whole_number(present('age_at_registration')) }} as registration_age,
        {{ whole_number(present('age_at_exploitation_start')) }} as exploitation_age,
        {{ whole_number(present('months_trafficked')) }} as months
    from staged
    cross join codes
)

select
    partner,
    source_row_number,
    source_record_id,
    cast(year(registered_on) as integer) as yearOfRegistration,
    case
        when year(registered_on) >= 2017 then {{ decode('gender', 'gender') }}
        else {{ decode('sex', 'sex') }}
    end as gender,
    {{ age_band('registration_age') }} as ageBroad,
    {{ majority_status('exploitation_age') }} as majorityStatusAtExploit,
    {{ country_iso3('nationality') }} as citizenship,
    coalesce(
        {%- for field in proxy_order %}
            {{ country_iso3(field) }}{{ "," if not loop.last }}
        {%- endfor %}
    ) as CountryOfExploitation,
    {{ months_band('months') }} as traffickMonths,
    {{ binary_variables(concepts) }},
    {{ issue_list(checks + flag_issues(concepts)) }} as issues
from parsed
cross join codes
cross join countries
