{#- The codebook's 37 variables in codebook order. -#}

{% macro codebook_binary_columns() -%}
    {{ return([
        'meansOfControlDebtBondage', 'meansOfControlTakesEarnings', 'meansOfControlThreats',
        'meansOfControlPsychologicalAbuse', 'meansOfControlPhysicalAbuse',
        'meansOfControlSexualAbuse', 'meansOfControlFalsePromises',
        'meansOfControlPsychoactiveSubstances', 'meansOfControlRestrictsMovement',
        'meansOfControlRestrictsMedicalCare', 'meansOfControlExcessiveWorkingHours',
        'meansOfControlThreatOfLawEnforce', 'meansOfControlWithholdsNecessities',
        'meansOfControlWithholdsDocuments', 'meansOfControlOther',
        'isForcedLabour', 'isSexualExploit', 'isOtherExploit',
        'typeOfLabourAgriculture', 'typeOfLabourConstruction', 'typeOfLabourDomesticWork',
        'typeOfLabourHospitality', 'typeOfLabourOther',
        'typeOfSexProstitution', 'typeOfSexPornography', 'typeOfSexOther',
        'recruiterRelationIntimatePartner', 'recruiterRelationFriend',
        'recruiterRelationFamily', 'recruiterRelationOther',
    ]) }}
{%- endmacro %}

{% macro codebook_categorical_columns() -%}
    {{ return(['gender', 'ageBroad', 'majorityStatusAtExploit', 'citizenship',
               'CountryOfExploitation', 'traffickMonths']) }}
{%- endmacro %}

{% macro codebook_columns() -%}
    {{ return(['yearOfRegistration'] + codebook_categorical_columns() + codebook_binary_columns()) }}
{%- endmacro %}

{# The SQL type of a codebook variable in `cases` and the published models. #}
{% macro codebook_type(column) -%}
    {{ return('varchar' if column in codebook_categorical_columns() else 'integer') }}
{%- endmacro %}

{# Issue texts "field: reason" joined by "; ", null when there are none. #}
{% macro issue_list(checks) -%}
    nullif(concat_ws('; ', {{ checks | join(', ') }}), '')
{%- endmacro %}

{# A codebook variable's value from a combination map (column -> text), in its codebook type. #}
{% macro combination_value(column, map='combination') -%}
    cast(map_extract_value({{ map }}, '{{ column }}') as {{ codebook_type(column) }})
{%- endmacro %}
