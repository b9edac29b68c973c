"""The 37 variables of the CTDC codebook, in codebook order, and their value sets."""

CATEGORICAL = {
    "gender": ["Female", "Male", "Transgender/NonConforming"],
    "ageBroad": ["0--8", "09--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+"],
    "majorityStatusAtExploit": ["Minor", "Adult"],
    "traffickMonths": ["0--12 (0-1 yr)", "13--24 (1-2 yrs)", "25--60 (2-5 yrs)", "61+ (5+ yrs)"],
}

MEANS_OF_CONTROL = [
    "meansOfControlDebtBondage",
    "meansOfControlTakesEarnings",
    "meansOfControlThreats",
    "meansOfControlPsychologicalAbuse",
    "meansOfControlPhysicalAbuse",
    "meansOfControlSexualAbuse",
    "meansOfControlFalsePromises",
    "meansOfControlPsychoactiveSubstances",
    "meansOfControlRestrictsMovement",
    "meansOfControlRestrictsMedicalCare",
    "meansOfControlExcessiveWorkingHours",
    "meansOfControlThreatOfLawEnforce",
    "meansOfControlWithholdsNecessities",
    "meansOfControlWithholdsDocuments",
    "meansOfControlOther",
]
EXPLOITATION = ["isForcedLabour", "isSexualExploit", "isOtherExploit"]
TYPE_OF_LABOUR = [
    "typeOfLabourAgriculture",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfLabourOther",
]
TYPE_OF_SEX = ["typeOfSexProstitution", "typeOfSexPornography", "typeOfSexOther"]
RECRUITER = [
    "recruiterRelationIntimatePartner",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "recruiterRelationOther",
]

BINARY = MEANS_OF_CONTROL + EXPLOITATION + TYPE_OF_LABOUR + TYPE_OF_SEX + RECRUITER
COLUMNS = [
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatusAtExploit",
    "citizenship",
    "CountryOfExploitation",
    "traffickMonths",
    *BINARY,
]
assert len(COLUMNS) == 37
