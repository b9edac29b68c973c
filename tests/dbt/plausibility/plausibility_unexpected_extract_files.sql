{{ config(severity=plausibility_severity()) }}
{#- Plausibility: every file under the extracts folder is a partner's declared extract. Any
    other file (a second part of an extract, a new partner's folder) was not read. -#}
select
    'File ' || extract_file || ' is not the extract of any partner, so it was not read: '
    || 'declare it (docs/adding_a_partner.md) or move it out of the extracts folder.' as warning
from {{ ref('stg_extract_files') }}
where partner is null
