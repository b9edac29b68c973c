"""Write the codebook line of every variable's documentation (label · type · values) from the
codebook seeds into models/marts/_codebook__generated_docs.md, one docs block a variable.

Run it after changing seeds/codebook_variables.csv, seeds/codebook_values.csv or the
registration-year vars of dbt_project.yml; tests/python/test_codebook_docs.py fails until you do.
`--check` only reports whether the file is current (exit status 1 and the diff when it is not).
"""

import argparse
import sys

from ctdc_pipeline.codebook_docs import GENERATED_DOCS, differences, render


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, do not write")
    args = parser.parse_args()
    if args.check:
        diff = differences()
        print("\n".join(diff) if diff else f"{GENERATED_DOCS} is current")
        return 1 if diff else 0
    GENERATED_DOCS.write_text(render(), encoding="utf-8")
    print(f"wrote {GENERATED_DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
