{#- This build's figures per partner, as the build history keeps them once the build is
    published: records in the extract, cases, rejects, and each codebook variable's share of
    the partner's cases with no value (a partner blanking a column shows here). Sensitive. -#}
with

missing as (
    select
        partner,
        map_from_entries([
            {%- for column in codebook_columns() %}
                ('{{ column }}', avg(({{ column }} is null)::integer)){{ "," if not loop.last }}
            {%- endfor %}
        ]) as missing_shares
    from {{ ref('cases') }}
    group by partner
)

select
    counted.partner,
    counted.raw_rows,
    counted.harmonized_rows,
    counted.rejected_rows,
    missing.missing_shares
from {{ ref('int_partner_rows_counted') }} as counted
left join missing on counted.partner = missing.partner
order by counted.partner
