{#- Liberty Shared (VCMS): country of origin stands in for citizenship, day-first entry dates,
    and detailed recruiter types (broker, employer, contractor, smuggler) that roll up to
    recruiterRelationOther. -#}
{%- set concepts = concepts_except([]) -%}
{%- set checks = [
    not_a_date('entry_date', 'entered_on'),
    unknown_code('sex', 'gender', 'sex'),
    unknown_code('age_bracket', 'age_bracket', 'age_bracket'),
    unknown_code('minor_at_exploitation', 'minor', 'minor_at_exploitation'),
    unknown_country('country_of_origin', 'country_of_origin'),
    unknown_country('country_of_exploitation', 'country_of_exploitation'),
    impossible_number('duration_months', present('duration_months'), 0, 1200),
] -%}

with

{{ partner_inputs('liberty_shared', ['gender', 'age_bracket', 'minor', 'flag']) }},

parsed as (
    select
        staged.*,
        try_strptime({{ present('entry_date') }}, '%d/%m/%Y') as entered_on,
        {{ whole_number(present('duration_months')) }} as months
    from staged
    cross join codes
)

select
    partner,
    source_row_number,
    source_record_id,
    cast(year(entered_on) as integer) as yearOfRegistration,
    {{ decode('gender', 'sex') }} as gender,
    {{ decode('age_bracket', 'age_bracket') }} as ageBroad,
    {{ decode('minor', 'minor_at_exploitation') }} as majorityStatusAtExploit,
    {{ country_iso3('country_of_origin') }} as citizenship,
    {{ country_iso3('country_of_exploitation') }} as CountryOfExploitation,
    {{ months_band('months') }} as traffickMonths,
    {{ binary_variables(concepts) }},
    {{ issue_list(checks + flag_issues(concepts)) }} as issues
from parsed
cross join codes
cross join countries
