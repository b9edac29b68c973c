{#- Polaris (US hotline): the first of several citizenships, multi-select lists decoded item by
    item, every case exploited in the USA, and the US federal definition of trafficking (sex or
    labor), so isOtherExploit is never set. -#}
{%- set lists = ['control_methods', 'labor_industries', 'sex_industries', 'recruiter_relations'] -%}
{%- set purposes = ['forced_labour', 'sexual_exploitation'] -%}
{%- set list_concepts = concepts_except(purposes + [
    'forced_marriage', 'forced_military', 'organ_removal', 'other_exploitation']) -%}
{%- set first_citizenship = "trim(split_part(citizenships, ';', 1))" -%}
{%- set checks = [
    unknown_code('gender', 'gender', 'gender'),
    unknown_code('age_range', 'age_range', 'age_range'),
    unknown_code('trafficking_duration', 'duration', 'trafficking_duration'),
    unknown_code('trafficking_type', 'trafficking_type', 'trafficking_type'),
    unknown_country('citizenships', first_citizenship),
    'list_issues',
] -%}

with

{{ partner_inputs('polaris', ['gender', 'age_range', 'duration', 'trafficking_type']) }},

list_items as (
    {%- for field in lists %}
        select
            source_row_number,
            '{{ field }}' as field,
            trim(unnest(string_split({{ field }}, '|'))) as item
        from staged
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
    left join {{ ref('partner_codes') }} as partner_codes
        on
            partner_codes.partner = 'polaris'
            and list_items.field = partner_codes.field
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
        staged.*,
        {%- for concept in list_concepts %}
            concept_flags.{{ concept }},
        {%- endfor %}
        concept_flags.list_issues,
        {{ decode('trafficking_type', 'staged.trafficking_type') }} as purposes,
        case when contains(purposes, 'forced_labour') then '1' end as forced_labour,
        case when contains(purposes, 'sexual_exploitation') then '1' end as sexual_exploitation
    from staged
    cross join codes
    left join concept_flags on staged.source_row_number = concept_flags.source_row_number
)

select
    partner,
    source_row_number,
    source_record_id,
    cast(year(date_first_reported) as integer) as yearOfRegistration,
    {{ decode('gender', 'gender') }} as gender,
    {{ decode('age_range', 'age_range') }} as ageBroad,
    case when minor_at_start then 'Minor' when not minor_at_start then 'Adult' end
        as majorityStatusAtExploit,
    {{ country_iso3(first_citizenship) }} as citizenship,
    'USA' as CountryOfExploitation,
    {{ decode('duration', 'trafficking_duration') }} as traffickMonths,
    {{ binary_variables(list_concepts + purposes, decoded=false) }},
    {{ issue_list(checks) }} as issues
from parsed
cross join codes
cross join countries
