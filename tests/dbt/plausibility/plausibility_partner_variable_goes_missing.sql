{{ config(severity=plausibility_severity()) }}
{#- Plausibility: a partner should not stop filling a variable: its share of cases missing the
    variable should not rise by more than var plausibility_max_missing_share_rise since the
    build compared with (a partner blanking a column in its export). -#}
with

shares as (
    select
        partner,
        previous_release_id,
        unnest(map_keys(missing_shares)) as variable_name,
        unnest(map_values(missing_shares)) as missing_share,
        previous_missing_shares
    from {{ ref('partner_build_changes') }}
    where missing_shares is not null and previous_missing_shares is not null
)

select
    'Partner ' || partner || ' leaves ' || variable_name || ' empty in '
    || round(missing_share * 100, 1) || ' % of its cases, '
    || round(previous_missing_shares[variable_name] * 100, 1) || ' % in release '
    || previous_release_id || '.' as warning
from shares
where
    missing_share - previous_missing_shares[variable_name]
    > {{ var('plausibility_max_missing_share_rise') }}
