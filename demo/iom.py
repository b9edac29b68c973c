"""IOM's MiMOSA export (gzipped CSV)."""

from ctdc_pipeline.codebook import CONCEPTS
from demo.renderer import Renderer, year_of


class IOM(Renderer):
    """MiMOSA export: exact ages, sex before 2017 and gender from 2017, a country proxy chain."""

    true, false, missing = "Y", "N", ["", "-99"]
    concepts = [c for c in CONCEPTS if c not in ("broker", "employer", "contractor", "smuggler")]
    file = "iom/iom_cases.csv.gz"
    SEX = {"Female": "F", "Male": "M"}
    GENDER = {"Female": "female", "Male": "male", "Transgender/NonConforming": "transgender"}
    PROXY = ["last_country_of_exploitation", "screening_interview_location",
             "location_at_registration", "registering_mission"]

    def row(self, rec, number):
        year = year_of(rec)
        ages = self.ages(rec)
        gender_from_2017 = year is not None and year >= 2017
        out = {
            "case_id": f"IOM-{number:07d}",
            "registration_date": self.date(year),
            "sex": self.miss() if gender_from_2017 else self.label(rec["gender"], self.SEX),
            "gender": self.label(rec["gender"], self.GENDER) if gender_from_2017 else "",
            "age_at_registration": self.number(ages[0]),
            "age_at_exploitation_start": self.number(ages[1]),
            "nationality": self.country(rec["citizenship"], self.rng.choice(["name", "iso2"])),
            **self.proxy_chain(rec),
            "months_trafficked": self.number(
                rec["traffickMonths"] and self.months_in(rec["traffickMonths"])),
        }
        out.update(self.concept_flags(rec))
        return out

    def date(self, year):
        if year is None:
            return ""
        return f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def ages(self, rec):
        """Age at registration within the band; age when exploitation began consistent with it."""
        at_registration = rec["ageBroad"] and self.age_in(rec["ageBroad"])
        status = rec["majorityStatusAtExploit"]
        cap = 17 if at_registration is None else min(at_registration, 17)
        if status == "Minor":
            at_start = self.rng.randint(max(0, cap - 6), cap)
        elif status == "Adult":
            at_start = self.rng.randint(18, at_registration or 45)
        else:
            at_start = None
        return at_registration, at_start

    def proxy_chain(self, rec):
        """The country of exploitation sits in the first filled field of the proxy order; later
        fields may name other countries (the registering mission, the home country...)."""
        chain = {field: self.miss() for field in self.PROXY}
        country = rec["CountryOfExploitation"]
        if country is None:
            return chain
        first = self.rng.choices(range(4), weights=(4, 2, 2, 2))[0]
        chain[self.PROXY[first]] = self.country(country, self.rng.choice(["name", "iso2"]))
        for field in self.PROXY[first + 1:]:
            other = self.rng.choice([country, rec["citizenship"] or country, "CHE"])
            chain[field] = self.country(other, self.rng.choice(["name", "iso2"]))
        return chain
