# CMS-HCC from R: people and codes data frames in, scores and explanations
# out.  Expected scores are sums of CMS's published relative factors
# (lib/risk/data/hcc_v28_coef.csv = V28hcccoefn.csv, hcc_v24_coef.csv),
# worked by hand in the comments; the payment scores use the Rate
# Announcements' factors (lib/programs/data/cms_ma.txt).
library(libvalue)
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)
tol <- 1e-12
v28 <- hcc_model("V28")
v24 <- hcc_model("V24")
stopifnot(nrow(hcc_hccs(v28)) == 115, nrow(hcc_hccs(v24)) == 86, hcc_hccs(v24)$hcc[1:3] == c("HCC1", "HCC2", "HCC6"),
          grepl("Heart Failure", hcc_hccs(v28)$label[hcc_hccs(v28)$hcc == "HCC226"]))
stopifnot(abs(hcc_factor(v28, "CNA", c("F70_74", "HCC37", "DIABETES_HF_V28")) - c(0.395, 0.166, 0.112)) < tol)

# A 72-year-old community non-dual aged woman with E11.9 and I50.9.
# V28: E119 -> CC38, I509 -> CC226; no hierarchy between them.
#   CNA_F70_74 0.395 + CNA_HCC38 0.166 + CNA_HCC226 0.360 + CNA_DIABETES_HF 0.112 + CNA_D2 0 = 1.033
# V24: E119 -> HCC19, I509 -> HCC85.
#   CNA_F70_74 0.386 + CNA_HCC19 0.105 + CNA_HCC85 0.331 + CNA_DIABETES_CHF 0.121 + CNA_D2 0 = 0.943
# Person "m80", a man of 80 with five conditions under V28 (E119 CC38, I509 CC226, I4891 CC238,
# J449 CC280, N184 CC327): CNA_M80_84 0.571 + HCCs 0.166 + 0.360 + 0.299 + 0.319 + 0.514
#   + interactions DIABETES_HF 0.112, HF_CHR_LUNG 0.078, HF_KIDNEY 0.176, HF_HCC238 0.077
#   + CNA_D5 0.050 = 2.722
# Person "nc", a woman of 72 with OREC 1 (originally disabled) and no codes:
#   CNA_F70_74 0.395 + CNA_OriginallyDisabled_Female 0.228 = 0.623
people <- data.frame(person = c("f72", "m80", "nc"), segment = "CNA", age = c(72, 80, 72), sex = c("F", "M", "F"),
                     orec = c(0, 0, 1))
codes <- data.frame(person = c("f72", "m80", "m80", "f72", "m80", "m80", "m80"),
                    code = c("E11.9", "E11.9", "I50.9", "I50.9", "I48.91", "J44.9", "N18.4"))
s28 <- hcc_score(v28, people, codes)
stopifnot(identical(names(s28), c("person", "score")), identical(s28$person, people$person),
          abs(s28$score - c(1.033, 2.722, 0.623)) < tol, length(attr(s28, "invalid_codes")) == 0)
s24 <- hcc_score(v24, people[1, ], codes[codes$person == "f72", ])
stopifnot(abs(s24$score - 0.943) < tol)

# Hierarchies.  V28 heart failure: I50.84 (end-stage, CC222) drops CC226 (I50.9):
#   CNA_F70_74 0.395 + CNA_HCC222 2.505 + CNA_D1 0 = 2.900 (with HCC226 it would be 3.260, D2)
# V24 diabetes: E11.22 (HCC18) drops E11.9's HCC19:
#   CNA_F70_74 0.386 + CNA_HCC18 0.302 + CNA_D1 0 = 0.688 (not 0.793)
h <- hcc_explain(v28, "CNA", 72, "F", 0, c("I50.9", "I50.84"))
stopifnot(identical(names(h), c("step", "item", "code", "text", "factor")),
          abs(h$factor[h$step == "score"] - 2.900) < tol, h$item[h$step == "hierarchy"] == "HCC226",
          identical(h$item[h$step == "hcc"], "HCC222"), h$item[h$step == "count"] == "D1")
h24 <- hcc_explain(v24, "CNA", 72, "F", 0, c("E11.22", "E11.9"))
stopifnot(abs(h24$factor[h24$step == "score"] - 0.688) < tol, h24$item[h24$step == "hierarchy"] == "HCC19")

# The explanation of the first woman: her lines, adding up to her score.
e <- hcc_explain(v28, "CNA", 72, "F", 0, c("E11.9", "I50.9"))
stopifnot(identical(e$step, c("code", "code", "demographic", "hcc", "hcc", "interaction", "count", "score")),
          identical(e$item[3:7], c("F70_74", "HCC38", "HCC226", "DIABETES_HF_V28", "D2")),
          identical(e$code[1:2], c("E11.9", "I50.9")),
          abs(e$factor[3:7] - c(0.395, 0.166, 0.360, 0.112, 0)) < tol,
          abs(e$factor[8] - 1.033) < tol, abs(sum(e$factor[1:7]) - e$factor[8]) < tol)

# The Python test's cases (bindings/python/tests/risk/test_hcc.py): ids of any type, in any order.
# Person 20 (CND, female 50, OREC 1): CND_F45_54 0.340 + CND_HCC37 0.191 (E1122) = 0.531;
# person 10 (CNA, male 82): CNA_M80_84 0.571.  "NOT A CODE" is row 2 of the codes (0 in Python).
py <- hcc_score(v28, data.frame(person = c(20, 10), segment = c("CND", "cna"), age = c(50, 82), sex = c("F", "M"),
                                orec = c(1, 0)),
                data.frame(person = c("20", "20"), code = c("e11.22", "NOT A CODE")))
stopifnot(identical(py$person, c(20, 10)), abs(py$score - c(0.531, 0.571)) < tol,
          identical(attr(py, "invalid_codes"), 2L))
# CNA woman of 72 with E1122 (HCC37 0.166) and I5022 (HCC226 0.360): 0.395 + 0.166 + 0.360 + 0.112 = 1.033
stopifnot(abs(hcc_score(v28, people[1, ], data.frame(person = "f72", code = c("E1122", "I5022")))$score - 1.033) < tol)

# Sex as 1/2, a factor id column, custom column names, and Medicaid in the institutional
# segment: INS_F70_74 1.119 + INS_LTIMCAID 0.130 = 1.249; without Medicaid 1.119.
ins <- data.frame(id = factor(c("x", "y")), segment = "INS", age = 72, sex = c(2, 2), orec = 0, ltimcaid = c(1, 0))
si <- hcc_score(v28, ins, data.frame(id = character(), dx = character()), person = "id", code = "dx",
                medicaid = "ltimcaid")
stopifnot(identical(names(si), c("id", "score")), abs(si$score - c(1.249, 1.119)) < tol)
stopifnot(abs(hcc_score(v28, ins[, -6], data.frame(id = character(), dx = character()), "id", "dx")$score - 1.119) < tol)

# Invalid codes are skipped and reported by their row of the codes table, counted from 1.
bad <- hcc_score(v28, people, data.frame(person = c("nc", "f72", "nc", "m80"), code = c("bad!", "E119", "", "XYZ")))
stopifnot(identical(attr(bad, "invalid_codes"), c(1L, 3L, 4L)), abs(bad$score - c(0.395 + 0.166, 0.571, 0.623)) < tol)

# MA payment scores, by hand from cms_ma.txt (coding adjustment 5.9% every year):
# 2025: 0.941 x (0.33 x V24 / 1.153 + 0.67 x V28 / 1.045); 2026: 0.941 x V28 / 1.067;
# 2024: 0.941 x (0.67 x V24 / 1.146 + 0.33 x V28 / 1.015), which is 0.941 for V24 1.146 and V28 1.015.
stopifnot(abs(ma_risk_score(2025, 1.033, 0.943) - 0.941 * (0.33 * 0.943 / 1.153 + 0.67 * 1.033 / 1.045)) < tol,
          abs(ma_risk_score(2026, c(1.033, 2.722)) - 0.941 * c(1.033, 2.722) / 1.067) < tol,
          abs(ma_risk_score(2024, 1.015, 1.146) - 0.941) < tol)

# Bad input: messages name the row or element counted from 1.
none <- data.frame(person = character(), code = character())
stopifnot(grepl("codes row 2: person 'zz' is not in people",
                err(hcc_score(v28, people, data.frame(person = c("f72", "zz"), code = "E119")))),
          grepl("people row 2: unknown segment 'XYZ' \\(known: CNA, CND, CFA, CFD, CPA, CPD, INS, NE, SNPNE\\)",
                err(hcc_score(v28, transform(people, segment = c("CNA", "XYZ", "CNA")), none))),
          grepl("unknown segment 'QQ' \\(known: CNA, ", err(hcc_explain(v28, "QQ", 70, "F", 0))),
          grepl("people row 3: sex 'X' is not M/F \\(or 1/2\\)",
                err(hcc_score(v28, transform(people, sex = c("F", "M", "X")), none))),
          grepl("sex '3' is not M/F", err(hcc_explain(v28, "CNA", 70, 3, 0))),
          grepl("age\\[2\\] is 140, must be in \\[0, 130\\]", err(hcc_score(v28, transform(people, age = c(72, 140, 72)), none))),
          grepl("age\\[3\\] is -1, must be in \\[0, 130\\]", err(hcc_score(v28, transform(people, age = c(72, 80, -1)), none))),
          grepl("age is 131, must be in \\[0, 130\\]", err(hcc_explain(v28, "CNA", 131, "F", 0))),
          grepl("age\\[1\\] is 50, an aged segment needs age >= 65", err(hcc_score(v28, transform(people, age = c(50, 80, 72)), none))),
          grepl("orec\\[2\\] is 7", err(hcc_score(v28, transform(people, orec = c(0, 7, 0)), none))),
          grepl("people row 2 repeats row 1 \\(person 'f72'\\)", err(hcc_score(v28, transform(people, person = c("f72", "f72", "nc")), none))),
          grepl("people has no column 'orec'", err(hcc_score(v28, people[, -5], none))),
          grepl("codes row 2: code is NA", err(hcc_score(v28, people, data.frame(person = "f72", code = c("E119", NA))))),
          grepl("people row 2: age is NA", err(hcc_score(v28, transform(people, age = c(72, NA, 72)), none))),
          grepl("people has no rows", err(hcc_score(v28, people[0, ], none))),
          grepl("unknown CMS-HCC version 'V99'", err(hcc_model("V99"))),
          grepl("unknown V28 CNA variable 'HCC999'", err(hcc_factor(v28, "CNA", "HCC999"))),
          grepl("payment year 2030 \\(known: 2024-2026\\)", err(ma_risk_score(2030, 1))),
          grepl("raw_v24 is NULL, but payment year 2025 weighs V24", err(ma_risk_score(2025, 1))),
          grepl("raw_v28\\[2\\] is -1", err(ma_risk_score(2026, c(1, -1)))))
e <- tryCatch(hcc_score(v28, people, data.frame(person = "zz", code = "E119")), error = identity)
stopifnot(inherits(e, "value_einval"), identical(deparse(conditionCall(e)[[1]]), "hcc_score"))
cat("ok: risk hcc\n")
