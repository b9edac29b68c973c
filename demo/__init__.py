"""The demo data: CTDC records rendered back into the five partners' own extract layouts.

It plays the partners, so it is written independently of the dbt harmonization rules that undo
it (the round-trip test's fixture). It is not part of the runtime package `ctdc_pipeline`.
One module a partner; `demo.write` splits records across partners and writes the files.
"""
