"""Polaris's hotline extract (Parquet)."""

import datetime

from demo.renderer import Renderer, year_of


class Polaris(Renderer):
    """Hotline records: several citizenships in one field, multi-select lists, US definition."""

    file = "polaris/polaris_cases.parquet"
    GENDER = {"Female": "Female", "Male": "Male",
              "Transgender/NonConforming": ["Gender Non-Conforming", "Transgender Female",
                                            "Transgender Male"]}
    AGE = {"0--8": "0-8", "09--17": "9-17", "18--20": "18-20", "21--23": "21-23",
           "24--26": "24-26", "27--29": "27-29", "30--38": "30-38", "39--47": "39-47", "48+": "48+"}
    DURATION = {"0--12 (0-1 yr)": "Less than 1 year", "13--24 (1-2 yrs)": "1-2 years",
                "25--60 (2-5 yrs)": "2-5 years", "61+ (5+ yrs)": "More than 5 years"}
    TYPE = {(True, False): "Labor", (False, True): "Sex", (True, True): "Sex and Labor"}
    LISTS = {
        "control_methods": {
            "debt_bondage": "Debt Bondage", "takes_earnings": "Takes Earnings",
            "threats": "Threats", "psychological_abuse": "Emotional Abuse",
            "physical_abuse": "Physical Abuse", "sexual_abuse": "Sexual Abuse",
            "false_promises": "False Promises", "psychoactive_substances": "Induced Substance Abuse",
            "restricts_movement": "Isolation/Confinement",
            "restricts_medical_care": "Withholds Medical Care",
            "excessive_working_hours": "Excessive Working Hours",
            "threat_of_law_enforcement": "Threat of Law Enforcement/Deportation",
            "withholds_necessities": "Withholds Necessities",
            "withholds_documents": "Withholds Documents",
            "restricts_financial_access": "Restricts Financial Access",
            "uses_children": "Uses Children", "other_control": "Other"},
        "labor_industries": {
            "agriculture": "Agriculture", "construction": "Construction",
            "domestic_work": "Domestic Work", "hospitality": "Hospitality",
            "begging": "Begging", "peddling": "Peddling", "manufacturing": "Factories/Manufacturing",
            "illicit_activities": "Illicit Activities", "other_labour": "Other"},
        "sex_industries": {
            "prostitution": "Escort Services", "pornography": "Pornography",
            "remote_interactive": "Remote Interactive Sexual Acts",
            "private_sexual_services": "Personal Sexual Servitude"},
        "recruiter_relations": {
            "intimate_partner": "Intimate Partner", "friend": "Friend",
            "family_member": "Family Member", "employer": "Employer", "smuggler": "Smuggler"},
    }
    concepts = [c for items in LISTS.values() for c in items]
    STATES = ["TX", "CA", "FL", "NY", "OH", "GA", "NV", "IL", "MI", "WA"]

    def row(self, rec, number):
        flags = self.concept_flags(rec)
        year = year_of(rec)
        gender = self.GENDER.get(rec["gender"]) if rec["gender"] else None
        minor = {"Minor": True, "Adult": False}.get(rec["majorityStatusAtExploit"])
        labour, sex = bool(rec["isForcedLabour"]), bool(rec["isSexualExploit"])
        return {
            "record_id": 500000 + number,
            "date_first_reported": None if year is None else self.date(year),
            "gender": self.rng.choice(gender) if isinstance(gender, list) else gender,
            "age_range": self.AGE.get(rec["ageBroad"]),
            "minor_at_start": minor,
            "citizenships": self.citizenships(rec["citizenship"]),
            "situation_state": self.rng.choice(self.STATES + [None]),
            "trafficking_duration": self.DURATION.get(rec["traffickMonths"]),
            "trafficking_type": self.TYPE.get((labour, sex)),
            **{name: self.joined(items, flags) for name, items in self.LISTS.items()},
        }

    def flag(self, on):
        return on

    def date(self, year):
        return datetime.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))

    def citizenships(self, iso3):
        if iso3 is None:
            return None
        names = [self.country(iso3, "name")]
        if self.rng.random() < 0.15:
            names.append(self.country(self.rng.choice(["USA", "MEX", "CAN"]), "name"))
        return "; ".join(names)

    def joined(self, items, flags):
        chosen = [label for concept, label in items.items() if flags[concept]]
        return "|".join(chosen) if chosen else None
