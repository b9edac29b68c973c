{{ check_extract('polaris') }}

select
    'polaris' as partner,
    row_number() over () as source_row_number,
    cast(record_id as varchar) as source_record_id,
    cast(date_first_reported as date) as date_first_reported,
    cast(gender as varchar) as gender,
    cast(age_range as varchar) as age_range,
    cast(minor_at_start as boolean) as minor_at_start,
    cast(citizenships as varchar) as citizenships,
    cast(situation_state as varchar) as situation_state,
    cast(trafficking_duration as varchar) as trafficking_duration,
    cast(trafficking_type as varchar) as trafficking_type,
    cast(control_methods as varchar) as control_methods,
    cast(labor_industries as varchar) as labor_industries,
    cast(sex_industries as varchar) as sex_industries,
    cast(recruiter_relations as varchar) as recruiter_relations
from {{ source('polaris', 'cases') }}
