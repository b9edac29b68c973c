"""What every partner renderer shares: seeded randomness, flags, countries, numbers in bands."""

import random

import pycountry

from ctdc_pipeline.codebook import BANDS, CONCEPTS

# Where the demo draws an exact number for an open-ended band (48+ years, 61+ months).
OPEN_BAND_TOP = {"ageBroad": 79, "traffickMonths": 180}


def band_ranges(variable):
    return {value: (lowest, OPEN_BAND_TOP[variable] if highest is None else highest)
            for value, (lowest, highest) in BANDS[variable].items()}


AGE_RANGES = band_ranges("ageBroad")
MONTH_RANGES = band_ranges("traffickMonths")


def year_of(rec):
    return int(rec["yearOfRegistration"]) if rec["yearOfRegistration"] else None


def pascal(snake):
    return "".join(part.capitalize() for part in snake.split("_"))


def camel(snake):
    pascal_case = pascal(snake)
    return pascal_case[0].lower() + pascal_case[1:]


class Renderer:
    """Shared helpers; one subclass a partner. `rng` is seeded once per partner."""

    true, false, missing = "1", "0", [""]
    concepts = list(CONCEPTS)
    delimiter = ","  # of a CSV extract

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def miss(self):
        return self.rng.choice(self.missing)

    def flag(self, on):
        if on:
            return self.true
        return self.false if self.rng.random() < 0.7 else self.miss()

    def concept_flags(self, rec):
        """Codebook flags spread over the partner's finer concepts: a rolled-up variable that is
        set lights one or two of its concepts."""
        on = set()
        for variable in dict.fromkeys(CONCEPTS[c] for c in self.concepts):
            if rec[variable]:
                options = [c for c in self.concepts if CONCEPTS[c] == variable]
                on.update(self.rng.sample(options, min(len(options), self.rng.choice((1, 1, 2)))))
        return {c: self.flag(c in on) for c in self.concepts}

    def country(self, iso3, style):
        if iso3 is None:
            return self.miss()
        if iso3 == "SRB" and self.rng.random() < 0.1:
            return self.rng.choice(["Kosovo", "XK"]) if style != "iso3" else "XKX"
        if iso3 == "CHN" and self.rng.random() < 0.1 and style == "name":
            return "Tibet"
        c = pycountry.countries.get(alpha_3=iso3)
        if style == "iso3":
            return iso3
        if style == "iso2":
            return c.alpha_2
        return self.rng.choice([n for n in (c.name, getattr(c, "common_name", None)) if n])

    def age_in(self, band):
        lo, hi = AGE_RANGES[band]
        return self.rng.randint(lo, hi)

    def months_in(self, band):
        lo, hi = MONTH_RANGES[band]
        return self.rng.randint(lo, hi)

    def number(self, value):
        return self.miss() if value is None else str(value)

    def label(self, value, labels):
        return self.miss() if value is None else labels[value]
