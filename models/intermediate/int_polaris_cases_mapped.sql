{#- Polaris (US hotline): the first of several citizenships, multi-select lists decoded item by
    item, every case exploited in the USA, and the US federal definition of trafficking (sex or
    labor), so isOtherExploit is never set. -#}
{%- set lists = ['control_methods', 'labor_industries', 'sex_industries', 'recruiter_relations'] -%}
{%- set purposes = ['forced_labour', 'sexual_exploitation'] -%}
{%- set list_concepts = concepts_except(purposes + [
    'forced_marriage', 'forced_military', 'organ_removal', 'other_exploitation']) -%}
{%- set fields = ['date_first_reported', 'minor_at_start', 'gender', 'age_range', 'citizenships',
                  'trafficking_duration', 'trafficking_type'] + lists -%}
{%- set first_citizenship = "trim(split_part(citizenships, ';', 1))" -%}
{%- set checks = {
    'date_first_reported': not_a_date(field='date_first_reported', parsed='reported_on'),
    'minor_at_start': unknown_code(field='minor_at_start', codes='minor'),
    'gender': unknown_code(field='gender', codes='gender'),
    'age_range': unknown_code(field='age_range', codes='age_range'),
    'trafficking_duration': unknown_code(field='trafficking_duration', codes='duration'),
    'trafficking_type': unknown_code(field='trafficking_type', codes='trafficking_type'),
    'citizenships': unknown_country(field='citizenships', expr=first_citizenship),
} -%}

with

staged as (
    select * from {{ ref('stg_polaris__cases') }}
),

partner_codes as (
    select * from {{ ref('partner_codes') }}
    where partner = 'polaris'
),

country_names as (
    select * from {{ ref('country_names') }}
),

codes as (
    {{ partner_code_maps(partner_codes='partner_codes',
                         fields=['gender', 'age_range', 'minor', 'duration', 'trafficking_type']) }}
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

list_items as (
    {%- for field in lists %}
        select
            source_row_number,
            '{{ field }}' as field,
            trim(unnest(string_split({{ field }}, '|'))) as item
        from present
        {{- "\n    union all" if not loop.last }}
    {%- endfor %}
),

items_decoded as (
    select
        list_items.source_row_number,
        list_items.field,
        list_items.item,
        partner_codes.value as concept
    from list_items
    left join partner_codes
        on
            list_items.field = partner_codes.field
            and list_items.item = partner_codes.code
),

concept_flags as (
    select
        source_row_number,
        {%- for concept in list_concepts %}
            max(case when concept = '{{ concept }}' then '1' end) as {{ concept }},
        {%- endfor %}
        list(
            field || ': unknown code ' || {{ quoted('item') }}
            order by field, item
        ) filter (where concept is null) as list_issues
    from items_decoded
    group by source_row_number
),

parsed as (
    select
        present.*,
        cast(try_cast(present.date_first_reported as timestamp) as date) as reported_on,
        {%- for concept in list_concepts %}
            concept_flags.{{ concept }},
        {%- endfor %}
        concept_flags.list_issues,
        {{ decode(codes='trafficking_type', field='present.trafficking_type') }} as purposes,
        case when contains(purposes, 'forced_labour') then '1' end as forced_labour,
        case when contains(purposes, 'sexual_exploitation') then '1' end as sexual_exploitation
    from present
    cross join codes
    left join concept_flags on present.source_row_number = concept_flags.source_row_number
),

checked as (
    select
        parsed.*,
        {{ check_columns(checks) }}
    from parsed
    cross join codes
    cross join countries
)

select
    partner,
    source_row_number,
    source_record_id,
    cast(year(reported_on) as integer) as yearOfRegistration,
    {{ decode(codes='gender', field='gender') }} as gender,
    {{ decode(codes='age_range', field='age_range') }} as ageBroad,
    {{ decode(codes='minor', field='minor_at_start') }} as majorityStatusAtExploit,
    {{ country_iso3(first_citizenship) }} as citizenship,
    'USA' as CountryOfExploitation,
    {{ decode(codes='duration', field='trafficking_duration') }} as traffickMonths,
    {{ binary_variables(list_concepts + purposes, decoded=false) }},
    {{ issues_of(checks, lists=['list_issues']) }} as issues
from checked
cross join codes
cross join countries
