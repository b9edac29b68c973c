{#- Polaris (US hotline): the first of several citizenships, multi-select lists decoded item by
    item, every case exploited in the USA, and the US federal definition of trafficking (sex or
    labor), so isOtherExploit is never set. -#}
{%- set lists = ['control_methods', 'labor_industries', 'sex_industries', 'recruiter_relations'] -%}
{%- set purposes = ['forced_labour', 'sexual_exploitation'] -%}
{%- set list_concepts = concepts_except(purposes + [
    'forced_marriage', 'forced_military', 'organ_removal', 'other_exploitation']) -%}
{%- set fields = ['gender', 'age_range', 'citizenships', 'trafficking_duration',
                  'trafficking_type'] + lists -%}
{%- set first_citizenship = "trim(split_part(citizenships, ';', 1))" -%}
{%- set checks = {
    'gender': unknown_code(field='gender', codes='gender'),
    'age_range': unknown_code(field='age_range', codes='age_range'),
    'trafficking_duration': unknown_code(field='trafficking_duration', codes='duration'),
    'trafficking_type': unknown_code(field='trafficking_type', codes='trafficking_type'),
    'citizenships': unknown_country(field='citizenships', expr=first_citizenship),
    'list_items': 'list_issues',
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
                         fields=['gender', 'age_range', 'duration', 'trafficking_type']) }}
),

countries as (
    {{ country_names_map(country_names='country_names') }}
),

present as (
    select
        staged.partner,
        staged.source_row_number,
        staged.source_record_id,
        staged.date_first_reported,
        staged.minor_at_start,
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
        string_agg(
            case when concept is null then field || ': unknown code "' || item || '"' end,
            '; ' order by field, item
        ) as list_issues
    from items_decoded
    group by source_row_number
),

parsed as (
    select
        present.*,
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
    cast(year(date_first_reported) as integer) as yearOfRegistration,
    {{ decode(codes='gender', field='gender') }} as gender,
    {{ decode(codes='age_range', field='age_range') }} as ageBroad,
    case when minor_at_start then 'Minor' when not minor_at_start then 'Adult' end
        as majorityStatusAtExploit,
    {{ country_iso3(first_citizenship) }} as citizenship,
    'USA' as CountryOfExploitation,
    {{ decode(codes='duration', field='trafficking_duration') }} as traffickMonths,
    {{ binary_variables(list_concepts + purposes, decoded=false) }},
    {{ issues_of(checks) }} as issues
from checked
cross join codes
cross join countries
