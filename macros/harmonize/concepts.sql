{#- Partners record means of control, exploitation and recruiters at a finer grain than the
    codebook. Each finer concept rolls up to one codebook variable (the codebook's "Other"
    variables gather the rare ones). -#}

{% macro concept_variables() -%}
    {{ return({
        'debt_bondage': 'meansOfControlDebtBondage',
        'takes_earnings': 'meansOfControlTakesEarnings',
        'threats': 'meansOfControlThreats',
        'psychological_abuse': 'meansOfControlPsychologicalAbuse',
        'physical_abuse': 'meansOfControlPhysicalAbuse',
        'sexual_abuse': 'meansOfControlSexualAbuse',
        'false_promises': 'meansOfControlFalsePromises',
        'psychoactive_substances': 'meansOfControlPsychoactiveSubstances',
        'restricts_movement': 'meansOfControlRestrictsMovement',
        'restricts_medical_care': 'meansOfControlRestrictsMedicalCare',
        'excessive_working_hours': 'meansOfControlExcessiveWorkingHours',
        'threat_of_law_enforcement': 'meansOfControlThreatOfLawEnforce',
        'withholds_necessities': 'meansOfControlWithholdsNecessities',
        'withholds_documents': 'meansOfControlWithholdsDocuments',
        'restricts_financial_access': 'meansOfControlOther',
        'uses_children': 'meansOfControlOther',
        'other_control': 'meansOfControlOther',
        'forced_labour': 'isForcedLabour',
        'sexual_exploitation': 'isSexualExploit',
        'forced_marriage': 'isOtherExploit',
        'forced_military': 'isOtherExploit',
        'organ_removal': 'isOtherExploit',
        'other_exploitation': 'isOtherExploit',
        'agriculture': 'typeOfLabourAgriculture',
        'construction': 'typeOfLabourConstruction',
        'domestic_work': 'typeOfLabourDomesticWork',
        'hospitality': 'typeOfLabourHospitality',
        'aquafarming': 'typeOfLabourOther',
        'begging': 'typeOfLabourOther',
        'illicit_activities': 'typeOfLabourOther',
        'manufacturing': 'typeOfLabourOther',
        'mining_drilling': 'typeOfLabourOther',
        'peddling': 'typeOfLabourOther',
        'transportation': 'typeOfLabourOther',
        'other_labour': 'typeOfLabourOther',
        'prostitution': 'typeOfSexProstitution',
        'pornography': 'typeOfSexPornography',
        'remote_interactive': 'typeOfSexOther',
        'private_sexual_services': 'typeOfSexOther',
        'other_sexual': 'typeOfSexOther',
        'intimate_partner': 'recruiterRelationIntimatePartner',
        'friend': 'recruiterRelationFriend',
        'family_member': 'recruiterRelationFamily',
        'broker': 'recruiterRelationOther',
        'employer': 'recruiterRelationOther',
        'contractor': 'recruiterRelationOther',
        'smuggler': 'recruiterRelationOther',
        'other_recruiter': 'recruiterRelationOther',
    }) }}
{%- endmacro %}

{# Every concept except those named: the concepts one partner records. #}
{% macro concepts_except(excluded) -%}
    {{ return(concept_variables().keys() | reject('in', excluded) | list) }}
{%- endmacro %}

{# The codebook's binary variables in codebook order, each 1 when any of its concepts is '1'.
   With decoded=true a concept column holds the partner's flag code, decoded here; with
   decoded=false it already holds '1' or null. #}
{% macro binary_variables(concepts, decoded=true) -%}
    {%- set by_variable = {} -%}
    {%- for concept, variable in concept_variables().items() if concept in concepts -%}
        {%- do by_variable.setdefault(variable, []).append(
            decode('flag', concept) if decoded else concept) -%}
    {%- endfor -%}
    {%- for variable in codebook_binary_columns() %}
        {%- set parts = by_variable.get(variable, ['null']) %}
        case when '1' in ({{ parts | join(', ') }}) then 1 end as {{ variable }}
        {{- "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{# One "unknown code" check a flag concept, as a list for issue_list(). #}
{% macro flag_issues(concepts) -%}
    {%- set checks = [] -%}
    {%- for concept in concepts -%}
        {%- do checks.append(unknown_code(concept, 'flag', concept)) -%}
    {%- endfor -%}
    {{ return(checks) }}
{%- endmacro %}
