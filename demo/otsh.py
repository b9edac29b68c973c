"""OTSH's export (Parquet)."""

from demo.renderer import Renderer, camel, year_of


class OTSH(Renderer):
    """OTSH export (Parquet): codebook-like names, yes/no text flags, country names."""

    true, false, missing = "yes", "no", ["N/A", "Unknown", None]
    file = "otsh/otsh_cases.parquet"
    GENDER = {"Female": "woman", "Male": "man", "Transgender/NonConforming": "non-binary"}
    AGE = {"0--8": "0 to 8", "09--17": "9 to 17", "18--20": "18 to 20", "21--23": "21 to 23",
           "24--26": "24 to 26", "27--29": "27 to 29", "30--38": "30 to 38", "39--47": "39 to 47",
           "48+": "48 or older"}

    def row(self, rec, number):
        year = year_of(rec)
        months = rec["traffickMonths"] and self.months_in(rec["traffickMonths"])
        out = {
            "otsh_case_no": f"OTSH-{number:06d}",
            "registration_year": year,
            "gender": self.label(rec["gender"], self.GENDER),
            "age_group": self.label(rec["ageBroad"], self.AGE),
            "majority_status": rec["majorityStatusAtExploit"] or self.miss(),
            "citizenship_country": self.country(rec["citizenship"], "name"),
            "exploitation_country": self.country(rec["CountryOfExploitation"], "name"),
            "trafficking_months": months,
        }
        out.update({camel(c): v for c, v in self.concept_flags(rec).items()})
        return out
