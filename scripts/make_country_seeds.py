"""Generate the ISO 3166 country seeds from pycountry (never hand-typed).

seeds/countries.csv      iso3, iso2, name  -- the accepted values of the two country columns
seeds/country_names.csv  name_key, iso3    -- every spelling a partner may use, lower-cased:
                         ISO3, ISO2, name, common and official names, plus the codebook's rules
                         (Serbia includes Kosovo, China includes Tibet).
"""

import csv
from pathlib import Path

import pycountry

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# The codebook's appendix folds these territories into their UN member state.
CODEBOOK_ALIASES = {"kosovo": "SRB", "xk": "SRB", "xkx": "SRB", "tibet": "CHN"}


def country_rows():
    return sorted(
        (c.alpha_3, c.alpha_2, getattr(c, "common_name", c.name)) for c in pycountry.countries
    )


def name_rows():
    keys = {}
    for c in pycountry.countries:
        for spelling in (c.alpha_3, c.alpha_2, c.name, getattr(c, "common_name", None),
                         getattr(c, "official_name", None)):
            if spelling:
                keys.setdefault(spelling.strip().lower(), c.alpha_3)
    for alias, iso3 in CODEBOOK_ALIASES.items():
        keys[alias] = iso3
    return sorted(keys.items())


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    write(SEEDS / "countries.csv", ["iso3", "iso2", "name"], country_rows())
    write(SEEDS / "country_names.csv", ["name_key", "iso3"], name_rows())
    print(f"wrote {SEEDS / 'countries.csv'} and {SEEDS / 'country_names.csv'}")
