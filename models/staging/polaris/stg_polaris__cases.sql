with

extract as (
    {{ extract_rows('polaris', source('polaris', 'cases')) }}
)

select
    'polaris' as partner,
    source_row_number,
    record_id as source_record_id,
    date_first_reported,
    gender,
    age_range,
    minor_at_start,
    citizenships,
    situation_state,
    trafficking_duration,
    trafficking_type,
    control_methods,
    labor_industries,
    sex_industries,
    recruiter_relations
from extract
