"""Render harmonized CTDC records back into the five partners' own extract layouts.

This is the demo-data generator and the round-trip test's fixture: it plays the partners, so it
is written independently of the dbt harmonization rules that undo it. Each partner gets the
records it would plausibly hold and writes them in its own conventions (column names, codes,
missing-value tokens, finer sub-types, file format).
"""

import csv
import datetime
import gzip
import io
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pycountry

from ctdc_pipeline.codebook import COLUMNS

# Finer partner concepts and the codebook variable each one rolls up to.
CONCEPTS = {
    "debt_bondage": "meansOfControlDebtBondage",
    "takes_earnings": "meansOfControlTakesEarnings",
    "threats": "meansOfControlThreats",
    "psychological_abuse": "meansOfControlPsychologicalAbuse",
    "physical_abuse": "meansOfControlPhysicalAbuse",
    "sexual_abuse": "meansOfControlSexualAbuse",
    "false_promises": "meansOfControlFalsePromises",
    "psychoactive_substances": "meansOfControlPsychoactiveSubstances",
    "restricts_movement": "meansOfControlRestrictsMovement",
    "restricts_medical_care": "meansOfControlRestrictsMedicalCare",
    "excessive_working_hours": "meansOfControlExcessiveWorkingHours",
    "threat_of_law_enforcement": "meansOfControlThreatOfLawEnforce",
    "withholds_necessities": "meansOfControlWithholdsNecessities",
    "withholds_documents": "meansOfControlWithholdsDocuments",
    "restricts_financial_access": "meansOfControlOther",
    "uses_children": "meansOfControlOther",
    "other_control": "meansOfControlOther",
    "forced_labour": "isForcedLabour",
    "sexual_exploitation": "isSexualExploit",
    "forced_marriage": "isOtherExploit",
    "forced_military": "isOtherExploit",
    "organ_removal": "isOtherExploit",
    "other_exploitation": "isOtherExploit",
    "agriculture": "typeOfLabourAgriculture",
    "construction": "typeOfLabourConstruction",
    "domestic_work": "typeOfLabourDomesticWork",
    "hospitality": "typeOfLabourHospitality",
    "aquafarming": "typeOfLabourOther",
    "begging": "typeOfLabourOther",
    "illicit_activities": "typeOfLabourOther",
    "manufacturing": "typeOfLabourOther",
    "mining_drilling": "typeOfLabourOther",
    "peddling": "typeOfLabourOther",
    "transportation": "typeOfLabourOther",
    "other_labour": "typeOfLabourOther",
    "prostitution": "typeOfSexProstitution",
    "pornography": "typeOfSexPornography",
    "remote_interactive": "typeOfSexOther",
    "private_sexual_services": "typeOfSexOther",
    "other_sexual": "typeOfSexOther",
    "intimate_partner": "recruiterRelationIntimatePartner",
    "friend": "recruiterRelationFriend",
    "family_member": "recruiterRelationFamily",
    "broker": "recruiterRelationOther",
    "employer": "recruiterRelationOther",
    "contractor": "recruiterRelationOther",
    "smuggler": "recruiterRelationOther",
    "other_recruiter": "recruiterRelationOther",
}
ALL_CONCEPTS = list(CONCEPTS)
IOM_CONCEPTS = [c for c in ALL_CONCEPTS if c not in ("broker", "employer", "contractor", "smuggler")]

AGE_RANGES = {
    "0--8": (0, 8), "09--17": (9, 17), "18--20": (18, 20), "21--23": (21, 23),
    "24--26": (24, 26), "27--29": (27, 29), "30--38": (30, 38), "39--47": (39, 47),
    "48+": (48, 79),
}
MONTH_RANGES = {
    "0--12 (0-1 yr)": (0, 12), "13--24 (1-2 yrs)": (13, 24),
    "25--60 (2-5 yrs)": (25, 60), "61+ (5+ yrs)": (61, 180),
}
LIBERTY_COUNTRIES = {"IDN", "MYS", "PHL", "KHM", "THA", "MMR", "VNM", "LAO", "HKG", "SGP", "TWN", "IND",
                     "NPL", "BGD", "LKA"}
A21_COUNTRIES = {"GRC", "BGR", "ZAF", "AUS", "NZL"}


def _year(rec):
    return int(rec["yearOfRegistration"]) if rec["yearOfRegistration"] else None


def assign_partner(rec, index):
    """The partner that would hold this record: Polaris the US hotline cases from 2015 on, Liberty
    Shared and A21 their regions, OTSH a recent slice and what IOM's layout cannot express, IOM
    the long tail from 2002."""
    year, country = _year(rec), rec["CountryOfExploitation"]
    if country == "USA" and (year is None or year >= 2015) and not rec["isOtherExploit"]:
        return "polaris"
    if country in LIBERTY_COUNTRIES and (year is None or year >= 2014):
        return "liberty_shared"
    if country in A21_COUNTRIES:
        return "a21"
    iom_cannot_express = rec["gender"] == "Transgender/NonConforming" and (year is None or year < 2017)
    if iom_cannot_express or (year is not None and year >= 2018 and index % 9 == 0):
        return "otsh"
    return "iom"


class Renderer:
    """Shared helpers; one subclass a partner. `rng` is seeded once per partner."""

    true, false, missing = "1", "0", [""]
    concepts = ALL_CONCEPTS

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


class IOM(Renderer):
    """MiMOSA export: exact ages, sex before 2017 and gender from 2017, a country proxy chain."""

    true, false, missing = "Y", "N", ["", "-99"]
    concepts = IOM_CONCEPTS
    file = "iom/iom_cases.csv.gz"
    SEX = {"Female": "F", "Male": "M"}
    GENDER = {"Female": "female", "Male": "male", "Transgender/NonConforming": "transgender"}
    PROXY = ["last_country_of_exploitation", "screening_interview_location",
             "location_at_registration", "registering_mission"]

    def row(self, rec, number):
        year = _year(rec)
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
        year = _year(rec)
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


class LibertyShared(Renderer):
    """VCMS export: country of origin for citizenship, detailed recruiter types, day-first dates."""

    true, false, missing = "Yes", "No", ["Unknown", ""]
    file = "liberty_shared/vcms_cases.csv.gz"
    GENDER = {"Female": "Female", "Male": "Male", "Transgender/NonConforming": "Third Gender"}
    AGE = {"0--8": "0 - 8", "09--17": "9 - 17", "18--20": "18 - 20", "21--23": "21 - 23",
           "24--26": "24 - 26", "27--29": "27 - 29", "30--38": "30 - 38", "39--47": "39 - 47",
           "48+": "48 and over"}

    def row(self, rec, number):
        year = _year(rec)
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
        out.update({_pascal(c): v for c, v in self.concept_flags(rec).items()})
        return out


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


class OTSH(Renderer):
    """OTSH export (Parquet): codebook-like names, yes/no text flags, country names."""

    true, false, missing = "yes", "no", ["N/A", "Unknown", None]
    file = "otsh/otsh_cases.parquet"
    GENDER = {"Female": "woman", "Male": "man", "Transgender/NonConforming": "non-binary"}
    AGE = {"0--8": "0 to 8", "09--17": "9 to 17", "18--20": "18 to 20", "21--23": "21 to 23",
           "24--26": "24 to 26", "27--29": "27 to 29", "30--38": "30 to 38", "39--47": "39 to 47",
           "48+": "48 or older"}

    def row(self, rec, number):
        year = _year(rec)
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
        out.update({_camel(c): v for c, v in self.concept_flags(rec).items()})
        return out


def _pascal(snake):
    return "".join(part.capitalize() for part in snake.split("_"))


def _camel(snake):
    pascal = _pascal(snake)
    return pascal[0].lower() + pascal[1:]


RENDERERS = {"iom": IOM, "polaris": Polaris, "liberty_shared": LibertyShared, "a21": A21, "otsh": OTSH}


def split_and_render(records, seed=2021, registered_up_to=None):
    """Rows per partner, in input order, each partner with its own seeded generator. With
    registered_up_to, only the cases registered up to that year (an earlier snapshot: each case
    goes to the same partner as in the full set)."""
    renderers = {name: cls(f"{seed}:{name}") for name, cls in RENDERERS.items()}
    rows = {name: [] for name in RENDERERS}
    for index, rec in enumerate(records):
        if registered_up_to is not None and (_year(rec) is None or _year(rec) > registered_up_to):
            continue
        partner = assign_partner(rec, index)
        rows[partner].append(renderers[partner].row(rec, len(rows[partner]) + 1))
    return rows


def write_extracts(records, out_dir, seed=2021, registered_up_to=None):
    """Write each partner's extract under out_dir; returns {partner: row count}."""
    out_dir = Path(out_dir)
    counts = {}
    for partner, rows in split_and_render(records, seed, registered_up_to).items():
        path = out_dir / RENDERERS[partner].file
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".parquet":
            pq.write_table(pa.Table.from_pylist(rows), path, compression="zstd")
        else:
            _write_csv_gz(path, rows, delimiter=";" if partner == "liberty_shared" else ",")
        counts[partner] = len(rows)
    return counts


def _write_csv_gz(path, rows, delimiter):
    # mtime=0 keeps the gzip header, and so the file, byte-identical across runs.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        with io.TextIOWrapper(gz, encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=delimiter,
                                    lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def read_records(path):
    """CTDC records (dicts of the 37 codebook columns, None for missing) from the shipped Parquet."""
    table = pq.read_table(path, columns=COLUMNS)
    return table.to_pylist()
