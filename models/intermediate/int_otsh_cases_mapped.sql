{#- OTSH: codebook-like fields with yes/no text flags, N/A or Unknown for missing, age groups
    written "18 to 20", countries by name. Year and months are whole numbers (integer columns,
    or text checked here). -#}
{%- set concepts = concepts_except([]) -%}
{%- set fields = ['registration_year', 'trafficking_months', 'gender', 'age_group',
                  'majority_status', 'citizenship_country', 'exploitation_country'] + concepts -%}
{%- set checks = {
    'registration_year': impossible_number(field='registration_year', lowest=1900, highest=2100),
    'gender': unknown_code(field='gender', codes='gender'),
    'age_group': unknown_code(field='age_group', codes='age_group'),
    'majority_status': unknown_code(field='majority_status', codes='majority'),
    'citizenship_country': unknown_country(field='citizenship_country'),
    'exploitation_country': unknown_country(field='exploitation_country'),
    'trafficking_months': impossible_number(field='trafficking_months', lowest=0, highest=1200),
} -%}

with

staged as (
    select * from {{ ref('stg_otsh__cases') }}
),

partner_codes as (
    select * from {{ ref('partner_codes') }}
    where partner = 'otsh'
),

country_names as (
    select * from {{ ref('country_names') }}
),

codes as (
    {{ partner_code_maps(partner_codes='partner_codes',
                         fields=['gender', 'age_group', 'majority', 'flag']) }}
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
        {{ whole_number('registration_year') }} as registered_in,
        {{ whole_number('trafficking_months') }} as months
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
    registered_in as yearOfRegistration,
    {{ decode(codes='gender', field='gender') }} as gender,
    {{ decode(codes='age_group', field='age_group') }} as ageBroad,
    {{ decode(codes='majority', field='majority_status') }} as majorityStatusAtExploit,
    {{ country_iso3('citizenship_country') }} as citizenship,
    {{ country_iso3('exploitation_country') }} as CountryOfExploitation,
    {{ codebook_band('traffickMonths', 'months') }} as traffickMonths,
    {{ binary_variables(concepts) }},
    {{ issues_of(checks, lists=['flag_issues']) }} as issues
from checked
cross join codes
cross join countries
