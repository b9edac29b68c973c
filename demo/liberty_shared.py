"""Liberty Shared's VCMS export (semicolon-delimited gzipped CSV)."""

from demo.renderer import Renderer, pascal, year_of


class LibertyShared(Renderer):
    """VCMS export: country of origin for citizenship, detailed recruiter types, day-first dates."""

    true, false, missing = "Yes", "No", ["Unknown", ""]
    delimiter = ";"
    file = "liberty_shared/vcms_cases.csv.gz"
    GENDER = {"Female": "Female", "Male": "Male", "Transgender/NonConforming": "Third Gender"}
    AGE = {"0--8": "0 - 8", "09--17": "9 - 17", "18--20": "18 - 20", "21--23": "21 - 23",
           "24--26": "24 - 26", "27--29": "27 - 29", "30--38": "30 - 38", "39--47": "39 - 47",
           "48+": "48 and over"}

    def row(self, rec, number):
        year = year_of(rec)
        minor = {"Minor": "Yes", "Adult": "No"}
        out = {
            "VCMS_ID": f"LS{number:06d}",
            "EntryDate": "" if year is None else
            f"{self.rng.randint(1, 28):02d}/{self.rng.randint(1, 12):02d}/{year}",
            "Sex": self.label(rec["gender"], self.GENDER),
            "AgeBracket": self.label(rec["ageBroad"], self.AGE),
            "MinorAtExploitation": self.label(rec["majorityStatusAtExploit"], minor),
            "CountryOfOrigin": self.country(rec["citizenship"], "iso2"),
            "CountryOfExploitation": self.country(rec["CountryOfExploitation"], "name"),
            "DurationMonths": self.number(rec["traffickMonths"] and self.months_in(rec["traffickMonths"])),
        }
        out.update({pascal(c): v for c, v in self.concept_flags(rec).items()})
        return out
