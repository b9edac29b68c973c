"""A21's case sheet (gzipped CSV)."""

from demo.renderer import Renderer


class A21(Renderer):
    """A21 case sheet: ISO3 codes, exact age, flags as 1/0 where 0 also means not recorded."""

    missing = ["", "N/A"]
    file = "a21/a21_cases.csv.gz"
    GENDER = {"Female": "F", "Male": "M", "Transgender/NonConforming": "X"}

    def row(self, rec, number):
        out = {
            "a21_ref": f"A21/{number:05d}",
            "year": self.number(rec["yearOfRegistration"]),
            "gender": self.label(rec["gender"], self.GENDER),
            "age": self.number(rec["ageBroad"] and self.age_in(rec["ageBroad"])),
            "minor_adult": self.label(rec["majorityStatusAtExploit"], {"Minor": "minor", "Adult": "adult"}),
            "nationality_iso3": self.country(rec["citizenship"], "iso3"),
            "exploitation_country_iso3": self.country(rec["CountryOfExploitation"], "iso3"),
            "months": self.number(rec["traffickMonths"] and self.months_in(rec["traffickMonths"])),
        }
        out.update({c.upper(): v for c, v in self.concept_flags(rec).items()})
        return out

    def flag(self, on):
        return "1" if on else self.rng.choice(["0", "0", ""])
