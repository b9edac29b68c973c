{#- True counts of every attribute combination of length 1..reporting_length in `cases`.
    SENSITIVE: it holds counts below k and exact counts. -#}
{{ combination_counts(ref('cases'), codebook_columns(), codebook_binary_columns()) }}
